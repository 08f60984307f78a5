import { z } from 'zod';
import { isValidCidr } from './scope.js';
import { parseIpv4Range } from './ranges.js';
import { parsePortSpec } from './port-spec.js';

/**
 * The inventory format of README.md ("Inventory example"). Every object is strict: an unknown key (a typo such as
 * `expectedopen`) is an error, because a silently ignored key can drop a target from an audit.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase id of letters, digits and dashes (e.g. van-phong)');
const person = z.object({ name: z.string().min(1), title: z.string().min(1) }).strict();
/** Who remediates a system's findings (the tracker's default owner). */
const owner = z.object({ name: z.string().min(1), email: z.string().email().optional() }).strict();
/** Decree 30/2020 Phụ lục I, II.7b: KT. (for the head), TM. (for a body), Q. (acting head), TL. (by order), TUQ. (by authorisation). */
export const SIGNING_AUTHORITIES = ['KT.', 'TM.', 'Q.', 'TL.', 'TUQ.'] as const;
const signer = z
  .object({
    name: z.string().min(1),
    title: z.string().min(1).describe("the signer's own position, e.g. Phó Giám đốc"),
    authority: z.enum(SIGNING_AUTHORITIES).optional().describe('how the signer signs: KT. | TM. | Q. | TL. | TUQ.'),
    authorityFor: z.string().min(1).optional().describe('what the authority stands before: the head\'s position (Giám đốc) or, for TM., the body'),
  })
  .strict();
const preparer = z.object({ name: z.string().min(1), title: z.string().min(1), initials: z.string().min(1).optional() }).strict();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
/** Report settings shared by the organisation's `report:` and a unit's own `report:`. */
const reportCommon = {
  number: z.string().optional(),
  symbol: z.string().optional(),
  place: z.string().optional(),
  recipients: z.array(z.string()).optional(),
  kinhGui: z.array(z.string()).optional(),
  preparer: preparer.optional(),
  signer: signer.optional(),
  draftingOffice: z.string().min(1).optional().describe('abbreviation of the drafting office for "Lưu: VT, <office>"'),
  copies: z.number().int().min(1).max(99).optional().describe('copies kept by the drafting office'),
  plan: z.object({ number: z.string().min(1), date: isoDate.optional(), title: z.string().optional(), issuer: z.string().optional() }).strict().optional().describe('the plan the assessment carries out (căn cứ)'),
  assessor: z.object({ name: z.string().min(1), unit: z.string().optional(), relation: z.string().optional() }).strict().optional().describe('who assessed, and their relation to the systems'),
};

const portSpec = z.union([
  z.string().superRefine((value, ctx) => {
    try {
      parsePortSpec(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  z.array(z.number().int().min(1).max(65535)).min(1),
]);

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+):\d{1,5}$/, 'host:port, e.g. 10.10.1.6:465 or [2001:db8::1]:443');
const address = z.string().min(1).describe('an IP address to connect to instead of resolving the host name');

export const urlTargetSchema = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// URL'),
    address: address.optional(),
    /** Extra headers to send (e.g. a cookie for an authenticated page). */
    name: z.string().optional(),
  })
  .strict();

export const hostTargetSchema = z
  .object({
    host: z.string().min(1),
    ports: portSpec.optional(),
    expectedOpen: z.array(z.number().int().min(1).max(65535)).optional(),
    name: z.string().optional(),
  })
  .strict();

const ipv4Range = z.string().refine((v) => parseIpv4Range(v) !== null, 'an IPv4 address or CIDR range such as 10.10.1.0/24');

/**
 * A network range: every live host in it (found by TCP connects to common ports, or to
 * `discoveryPorts`) is port-scanned as a host target of the system. `hostsFile` lists
 * addresses, ranges or names one per line, like nmap's -iL.
 */
const rangeFields = {
  ports: portSpec.optional(),
  expectedOpen: z.array(z.number().int().min(1).max(65535)).optional(),
  discoveryPorts: z.array(z.number().int().min(1).max(65535)).min(1).max(64).optional(),
  name: z.string().optional(),
};
const hostsList = z.union([ipv4Range, z.array(ipv4Range).min(1)]);
// Two shapes, each with its own required key, so a target with neither is not mistaken for a
// range (and a typo in a host target is reported against the host target).
export const rangeTargetSchema = z.union([
  z.object({ hosts: hostsList, hostsFile: z.string().min(1).optional(), ...rangeFields }).strict(),
  z.object({ hostsFile: z.string().min(1), ...rangeFields }).strict(),
]);

export const tlsTargetSchema = z
  .object({
    tls: hostPort,
    sni: z.string().optional(),
    starttls: z.enum(['smtp', 'imap', 'pop3', 'ftp', 'postgres', 'mysql', 'ldap']).optional(),
    address: address.optional(),
    name: z.string().optional(),
  })
  .strict();

export const sshTargetSchema = z
  .object({
    ssh: hostPort,
    address: address.optional(),
    name: z.string().optional(),
  })
  .strict();

export const targetSchema = z.union([urlTargetSchema, hostTargetSchema, tlsTargetSchema, sshTargetSchema, ...rangeTargetSchema.options]);

export const systemSchema = z
  .object({
    id,
    name: z.string().min(1),
    level: z.number().int().min(1).max(5).optional().describe('security level 1..5 (Decree 85/2016)'),
    description: z.string().optional(),
    approval: z.object({ decision: z.string().min(1), date: isoDate.optional() }).strict().optional().describe('the decision approving the security level'),
    questionnaires: z.array(z.string()).default([]),
    owner: owner.optional(),
    targets: z.array(targetSchema).default([]),
    /** Printers on this system may be sent banner/identification/TLS/HTTP probes (default: never; see docs/hardening.md). */
    probePrinterPorts: z.boolean().optional(),
    probeDefaultCredentials: z
      .boolean()
      .optional()
      .describe('false: never try the default-credential logins (MySQL root with an empty password, PostgreSQL postgres without one) on this system'),
  })
  .strict();

/**
 * A person allowed to sign this unit's result bundles (central inventory; docs/bundles.md): their
 * certificate file (PEM/DER, relative to the inventory) or its SHA-256 fingerprint. `attt bundle
 * merge` refuses a bundle of the unit signed by anyone else.
 */
const bundleSigner = z
  .object({
    name: z.string().min(1).optional().describe('who this is (shown in messages)'),
    certificate: z.string().min(1).optional().describe("the signer's certificate file (PEM or DER), relative to the inventory"),
    sha256: z
      .string()
      .trim()
      .regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'a SHA-256 fingerprint: 64 hex digits, colons allowed')
      .optional()
      .describe("SHA-256 of the signer's certificate (DER), instead of the file"),
  })
  .strict();

export const unitSchema = z
  .object({
    id,
    name: z.string().min(1),
    head: person.optional(),
    owner: owner.optional(),
    bundleSigners: z.array(bundleSigner).optional().describe("central inventory: who may sign this unit's result bundles (attt bundle merge)"),
    report: z.object(reportCommon).strict().optional().describe("the unit's own report settings (its symbol, addressees, preparer)"),
    systems: z.array(systemSchema).default([]),
  })
  .strict();

export const SPEEDS = ['polite', 'normal', 'fast'] as const;
export type Speed = (typeof SPEEDS)[number];

export const inventorySchema = z
  .object({
    organization: z
      .object({ name: z.string().min(1), code: z.string().optional(), parent: z.string().optional(), place: z.string().optional() })
      .strict(),
    scope: z
      .object({
        allow: z.array(
          z.string().trim().refine(isValidCidr, 'a CIDR such as 10.10.0.0/16 or 203.0.113.10/32 (IPv4 or IPv6)'),
        ),
      })
      .strict(),
    defaults: z
      .object({
        timeoutMs: z.number().int().min(100).max(600000).optional(),
        concurrency: z.number().int().min(1).max(4096).optional(),
        ports: portSpec.optional(),
        speed: z.enum(SPEEDS).optional(),
        expiringDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict()
      .default({}),
    trust: z.object({ caFiles: z.array(z.string()).default([]) }).strict().default({ caFiles: [] }),
    frameworks: z.array(z.string()).default([]),
    /** Report header data (document number and symbol, place, recipients, preparer). */
    report: z.object(reportCommon).strict().optional(),
    units: z.array(unitSchema).min(1),
  })
  .strict();

export type Inventory = z.infer<typeof inventorySchema> & {
  /** Absolute path of the file it was loaded from (set by the loader). */
  sourceFile?: string;
};
export type InventoryUnit = z.infer<typeof unitSchema>;
export type BundleSigner = z.infer<typeof bundleSigner>;
export type InventorySystem = z.infer<typeof systemSchema>;
export type InventoryTarget = z.infer<typeof targetSchema>;
export type UrlTarget = z.infer<typeof urlTargetSchema>;
export type HostTarget = z.infer<typeof hostTargetSchema>;
export type TlsTarget = z.infer<typeof tlsTargetSchema>;
export type RangeTarget = z.infer<typeof rangeTargetSchema>;

export function isUrlTarget(t: InventoryTarget): t is UrlTarget {
  return 'url' in t;
}
export function isHostTarget(t: InventoryTarget): t is HostTarget {
  return 'host' in t;
}
export function isTlsTarget(t: InventoryTarget): t is TlsTarget {
  return 'tls' in t;
}
export function isRangeTarget(t: InventoryTarget): t is RangeTarget {
  return 'hosts' in t || 'hostsFile' in t;
}

export type SshTarget = z.infer<typeof sshTargetSchema>;
export function isSshTarget(t: InventoryTarget): t is SshTarget {
  return 'ssh' in t;
}
