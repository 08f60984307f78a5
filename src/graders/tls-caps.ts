import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import type { Localized } from '../i18n.js';
import type { ProtocolName, SuiteFacts, TlsFacts } from '../observations/tls/index.js';
import { packagePath } from '../paths.js';
import type { Verdict } from './verdict.js';

/**
 * The grade caps of checks/data/tls-grade-caps.yaml (the file's header explains the format):
 * each cap names the checks whose failure applies it, or, for rating-guide rules that no check
 * judges, a named fact computed here from the observation.
 */
const FACTS = [
  'best-protocol-sslv3', 'cipher-under-112-bits', 'key-under-1024-bits', 'key-1024-to-2047-bits', 'no-aead',
  'no-tls1.2', 'rc4-with-tls1.1-or-later', '64-bit-block-with-tls1.1-or-later', 'no-certificate',
] as const;
type CapFact = (typeof FACTS)[number];

const localized = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
const checkCondition = z.object({ check: z.string().min(1), messageId: z.string().optional(), evidence: z.record(z.string(), z.string()).optional() }).strict();
const factCondition = z.object({ fact: z.enum(FACTS) }).strict();
const capsFile = z
  .object({
    caps: z.array(
      z.object({ rule: z.string().min(1), cap: z.enum(['A-', 'B', 'C', 'D', 'E', 'F', 'T', 'M']), when: z.array(z.union([checkCondition, factCondition])).min(1), text: localized, fix: localized }).strict(),
    ),
  })
  .strict();
export type GradeCapRule = z.infer<typeof capsFile>['caps'][number];

export const GRADE_CAPS_FILE = packagePath('checks', 'data', 'tls-grade-caps.yaml');
let bundled: GradeCapRule[] | undefined;

/** Read and validate a caps file (the bundled one once); a broken file names its problem. */
export function loadGradeCaps(file: string = GRADE_CAPS_FILE): GradeCapRule[] {
  if (file === GRADE_CAPS_FILE && bundled) return bundled;
  const parsed = capsFile.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (file === GRADE_CAPS_FILE) bundled = parsed.data.caps;
  return parsed.data.caps;
}

/** Every check id the caps name (the catalogue test checks they exist). */
export function checkIdsOfCaps(caps: readonly GradeCapRule[]): string[] {
  return [...new Set(caps.flatMap((c) => c.when.flatMap((w) => ('check' in w ? [w.check] : []))))];
}

export interface AppliedCapRule {
  rule: string;
  cap: string;
  applies: boolean;
  text: Localized;
  fix: Localized;
}

interface AcceptedSuite {
  protocol: ProtocolName;
  suite: SuiteFacts;
}

const isModern = (p: ProtocolName) => p === 'TLSv1.1' || p === 'TLSv1.2' || p === 'TLSv1.3';

function factHolds(fact: CapFact, o: TlsFacts, accepted: AcceptedSuite[]): boolean {
  const leaf = o.certificate[0];
  const smallestKey = Math.min(leaf && leaf.keyType === 'RSA' ? leaf.keyBits : Infinity, o.dhBits ?? Infinity);
  switch (fact) {
    case 'best-protocol-sslv3':
      return (Object.keys(o.protocols) as ProtocolName[]).filter((p) => o.protocols[p] && p !== 'SSLv2').at(-1) === 'SSLv3';
    case 'cipher-under-112-bits':
      return accepted.some(({ suite }) => suite.enc === 'None' || suite.bits < 112);
    case 'key-under-1024-bits':
      return smallestKey < 1024;
    case 'key-1024-to-2047-bits':
      return smallestKey >= 1024 && smallestKey < 2048;
    case 'no-aead':
      return accepted.length > 0 && !accepted.some(({ suite }) => suite.aead);
    case 'no-tls1.2':
      return !o.protocols['TLSv1.2'] && !o.protocols['TLSv1.3'];
    case 'rc4-with-tls1.1-or-later':
      return accepted.some(({ protocol, suite }) => isModern(protocol) && suite.enc === 'RC4');
    case '64-bit-block-with-tls1.1-or-later':
      return accepted.some(({ protocol, suite }) => isModern(protocol) && ['3DES', 'DES', 'IDEA', 'RC2'].includes(suite.enc));
    case 'no-certificate':
      return o.certificate.length === 0;
  }
}

function checkFailed(verdicts: readonly Verdict[], c: z.infer<typeof checkCondition>): boolean {
  return verdicts.some(
    (v) =>
      v.checkId === c.check &&
      v.outcome === 'fail' &&
      (c.messageId === undefined || v.messageId === c.messageId) &&
      Object.entries(c.evidence ?? {}).every(([field, pattern]) => new RegExp(pattern, 'i').test(String(v.evidence?.[field] ?? ''))),
  );
}

/** Each cap with whether it applies to this endpoint, in the file's order. */
export function capsThatApply(caps: readonly GradeCapRule[], o: TlsFacts, verdicts: readonly Verdict[]): AppliedCapRule[] {
  const spoken = (Object.keys(o.protocols) as ProtocolName[]).filter((p) => o.protocols[p]);
  const accepted = spoken.flatMap((protocol) => (o.ciphers[protocol] ?? []).map((name) => ({ protocol, suite: o.suites[name] }))).filter((x) => x.suite);
  return caps.map((c) => ({
    rule: c.rule,
    cap: c.cap,
    text: c.text,
    fix: c.fix,
    applies: c.when.some((w) => ('fact' in w ? factHolds(w.fact, o, accepted) : checkFailed(verdicts, w))),
  }));
}
