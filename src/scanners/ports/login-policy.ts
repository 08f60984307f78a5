import net from 'node:net';
import { firstLine, printable } from './read-bounded.js';
import type { CleartextLogin, ServiceName } from '../../observations/ports/index.js';

/**
 * Whether a mail or file-transfer service would take a password before TLS, read from the
 * server's own replies (docs/ports.md lists what is sent; no password is ever sent):
 * - FTP: `FEAT`, then `USER attt-probe` (a user name only). vsftpd and others answer
 *   `530 … must use encryption` when AUTH TLS is required; `331` means a password would follow
 *   in cleartext.
 * - IMAP: `CAPABILITY`; `LOGINDISABLED` (RFC 3501 §6.2.3) means no plaintext login.
 * - POP3: `CAPA`, then `USER attt-probe`; Dovecot answers `-ERR [AUTH] Plaintext authentication
 *   disallowed …` when a password may not be sent before STLS.
 * Returns undefined when the dialogue gave no clear answer (the old judgement stands).
 */
export async function probeCleartextLogin(service: ServiceName, o: { address: string; port: number; timeoutMs: number; signal?: AbortSignal }): Promise<CleartextLogin | undefined> {
  if (service !== 'ftp' && service !== 'imap' && service !== 'pop3') return undefined;
  const steps = STEPS[service];
  const socket = net.connect({ host: o.address, port: o.port });
  let text = '';
  let ended = false;
  let wake: (() => void) | undefined;
  socket.on('data', (d: Buffer) => {
    text = (text + d.toString('latin1')).slice(0, 16384);
    wake?.();
  });
  socket.on('error', () => ((ended = true), wake?.()));
  socket.on('close', () => ((ended = true), wake?.()));
  const deadline = Date.now() + o.timeoutMs;
  const waitFor = async (done: (t: string) => boolean): Promise<string | undefined> => {
    while (!done(text)) {
      if (ended || o.signal?.aborted || Date.now() >= deadline) return undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    const got = text;
    text = '';
    return got;
  };
  try {
    const greeting = await waitFor(steps.greetingDone);
    if (!greeting) return undefined;
    const transcript: string[] = [firstLine(Buffer.from(greeting, 'latin1'), 160)];
    for (const step of steps.dialogue) {
      socket.write(step.send);
      const reply = await waitFor(step.done);
      if (reply === undefined) return undefined;
      transcript.push(`${step.send.trim()} → ${printable(Buffer.from(reply.trim(), 'latin1'), 200)}`);
      const verdict = step.judge(reply, greeting);
      if (verdict !== undefined) {
        socket.write(steps.quit);
        return { accepted: verdict, probe: steps.dialogue.map((s) => s.send.trim()).join(', '), evidence: transcript.join(' | ').slice(0, 400) };
      }
    }
    return undefined;
  } finally {
    socket.destroy();
  }
}

interface Step {
  send: string;
  done: (t: string) => boolean;
  /** true: a cleartext login would be accepted; false: refused; undefined: go on. */
  judge: (reply: string, greeting: string) => boolean | undefined;
}

/** An FTP reply is complete when a line starts with the code and a space (RFC 959 §4.2). */
const ftpDone = (t: string) => /(^|\r?\n)\d{3} [^\n]*\r?\n/.test(t);
const lineDone = (t: string) => t.includes('\n');
const REQUIRES_TLS = /encrypt|TLS|SSL|secure/i;

const STEPS: Record<'ftp' | 'imap' | 'pop3', { greetingDone: (t: string) => boolean; dialogue: Step[]; quit: string }> = {
  ftp: {
    greetingDone: ftpDone,
    quit: 'QUIT\r\n',
    dialogue: [
      { send: 'FEAT\r\n', done: ftpDone, judge: () => undefined },
      {
        send: 'USER attt-probe\r\n',
        done: ftpDone,
        judge: (r) => {
          if (/^331/m.test(r) || /^230/m.test(r)) return true;
          if (/^530/m.test(r) && REQUIRES_TLS.test(r)) return false;
          return undefined;
        },
      },
    ],
  },
  imap: {
    greetingDone: lineDone,
    quit: 'a2 LOGOUT\r\n',
    dialogue: [
      {
        send: 'a1 CAPABILITY\r\n',
        done: (t) => /(^|\n)a1 /.test(t) && t.endsWith('\n'),
        judge: (r) => {
          const caps = /^\* CAPABILITY ([^\r\n]*)/im.exec(r)?.[1] ?? '';
          if (!caps) return undefined;
          return !/\bLOGINDISABLED\b/i.test(caps);
        },
      },
    ],
  },
  pop3: {
    greetingDone: lineDone,
    quit: 'QUIT\r\n',
    dialogue: [
      { send: 'CAPA\r\n', done: (t) => /^-ERR/.test(t) || /\r?\n\.\r?\n$/.test(t), judge: () => undefined },
      {
        send: 'USER attt-probe\r\n',
        done: lineDone,
        judge: (r) => {
          if (/^\+OK/.test(r)) return true;
          if (/^-ERR/.test(r) && (REQUIRES_TLS.test(r) || /plaintext/i.test(r))) return false;
          return undefined;
        },
      },
    ],
  },
};
