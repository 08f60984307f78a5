import { z } from 'zod';
import { InputError, type ErrorCodeWithStatus } from '../errors.js';
import type { Localized } from '../i18n.js';

/**
 * The result bundle format (docs/bundles.md): a gzip-compressed POSIX tar holding a manifest
 * (`attt-bundle.json`), its detached CMS signature (`attt-bundle.json.p7s`) and the files the
 * manifest lists with their SHA-256. Only regular files (and directories that are parents of
 * listed files); names are relative, `/`-separated, without `.` or `..` segments.
 */
export const BUNDLE_FORMAT = 'attt.bundle/1';
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'attt-bundle.json';
export const SIGNATURE_NAME = 'attt-bundle.json.p7s';
export const RESULTS_NAME = 'results.json';
export const INVENTORY_NAME = 'inventory.yaml';

const MiB = 1024 * 1024;

/** How much a bundle may hold once unpacked; checked while reading, before anything is kept. */
export interface BundleLimits {
  /** Entries in the archive (files and directories). */
  maxEntries: number;
  /** Bytes of one entry. */
  maxEntryBytes: number;
  /** Bytes of all entries together, and of the uncompressed tar stream. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size, judged once the tar passes `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 128 * MiB,
  maxTotalBytes: 512 * MiB,
  maxRatio: 200,
  ratioFloorBytes: 1 * MiB,
};

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');
const bundlePath = z.string().min(1).max(255);

export const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    tool: z.object({ name: z.literal('attt'), version: z.string().min(1) }).strict(),
    unit: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    cycle: z.string().min(1),
    organization: z.object({ name: z.string(), code: z.string().optional() }).strict(),
    createdAt: z.string().datetime(),
    /** The data files that judged the results (EOL table, cipher suites, frameworks, questionnaires). */
    data: z.array(z.object({ file: z.string().min(1), sha256: sha256Hex, bytes: z.number().int().min(0), version: z.string().optional() }).strict()),
    /** Every other entry of the archive, with its hash. */
    files: z.array(z.object({ path: bundlePath, sha256: sha256Hex, bytes: z.number().int().min(0) }).strict()).min(1),
  })
  .strict();

export type BundleManifest = z.infer<typeof manifestSchema>;

/**
 * A safe entry name: relative, `/`-separated segments of letters, digits, `.`, `_`, `-`, never
 * `.` or `..`, no backslash, no control character. Returns why not, or null.
 */
export function unsafeName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > 255) return 'a name longer than 255 characters';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('\\')) return 'a backslash (a Windows path)';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment (a path outside the archive)';
  if (segments.some((s) => s === '.' || s === '')) return 'an empty or "." segment';
  if (!segments.every((s) => /^[A-Za-z0-9._-]+$/.test(s))) return 'characters other than letters, digits, ".", "_", "-" and "/"';
  return null;
}

/** A refusal: exit 2, the bundle file and the place inside it in the message. */
export function bundleError(code: ErrorCodeWithStatus<2>, file: string, text: Localized, details?: string[]): InputError {
  return new InputError(code, { vi: `${file}: ${text.vi}`, en: `${file}: ${text.en}` }, { details });
}

/** `1.2.3` < `1.10.0`: numeric comparison of the dotted release numbers (pre-release tags ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
