/**
 * Strings taken from certificates and signatures are attacker-controlled: a name can hold
 * newlines that fake extra output lines ("VALID: …"), bidi overrides that reorder what the
 * reader sees, or terminal escapes. Everything shown is put on one line with such characters
 * made visible as escapes, so what is printed is exactly what the certificate says.
 */
// C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates and marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

export function oneLine(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}
