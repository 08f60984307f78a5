/** Above this many characters a piece is handed on: a province's Markdown or CSV is 100s of MB, never one string. */
const PIECE_CHARS = 1 << 20;

/** Text gathered into pieces of about 1 MiB, each handed to `write`; `end()` hands on the rest. */
export function inPieces(write: (text: string) => void): { add(text: string): void; end(): void } {
  let piece = '';
  return {
    add(text) {
      piece += text;
      if (piece.length > PIECE_CHARS) {
        write(piece);
        piece = '';
      }
    },
    end() {
      write(piece);
      piece = '';
    },
  };
}
