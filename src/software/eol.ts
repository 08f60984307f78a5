import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeYamlIssues, readInputText } from '../files/index.js';
import { InputError } from '../errors.js';
import { dataGeneration, readDataFile } from '../paths.js';
import { compareVersions, inBranch, versionParts } from './version.js';

/**
 * End-of-life data for banner-based "outdated software" findings: one row per product branch
 * (end-of-life date or `false` while supported, latest known release, source), plus known
 * vulnerable ranges for products without branch EOL (OpenSSH). The bundled file is
 * checks/data/eol.yaml; `--eol-data FILE` replaces it. Every finding states the data's date.
 */
const isoDate = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'), z.date().transform((d) => d.toISOString().slice(0, 10))]);
const version = z.union([z.string().min(1), z.number().transform(String)]);

const rowSchema = z
  .object({
    product: z.string().min(1),
    /** `2.4`, `7`, or `<1.12` for "every release before 1.12". */
    branch: version,
    eol: z.union([isoDate, z.literal(false)]),
    latest: version.optional(),
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

const advisorySchema = z
  .object({
    product: z.string().min(1),
    id: z.string().min(1),
    name: z.string().optional(),
    /** First affected release (inclusive); absent: every release before `fixed`. */
    introduced: version.optional(),
    fixed: version,
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();

const distroFixSchema = z
  .object({
    distro: z.string().min(1),
    release: version,
    product: z.string().min(1),
    advisory: z.string().min(1),
    /** The build suffix that carries the fix, e.g. `deb12u3` (builds with a higher update number have it too). */
    fixedBuild: z.string().regex(/^deb\d+u\d+$/, 'a Debian build suffix such as deb12u3'),
    package: z.string().optional(),
    source: z.string().min(1),
  })
  .strict();

const distroSupportSchema = z
  .object({
    distro: z.string().min(1),
    release: version,
    codename: z.string().optional(),
    /** End of regular security support, and of long-term support (LTS) where there is one. */
    securityEnd: isoDate,
    ltsEnd: isoDate.optional(),
    source: z.string().min(1),
  })
  .strict();

export const eolTableSchema = z
  .object({
    /** The day the data was taken from its source; reports print it. */
    dataDate: isoDate,
    source: z.string().min(1),
    rows: z.array(rowSchema),
    advisories: z.array(advisorySchema).default([]),
    /** Distribution builds that fixed an advisory without changing the upstream version. */
    distroFixes: z.array(distroFixSchema).default([]),
    /** Support periods of distribution releases (their packages are patched by the distribution). */
    distroSupport: z.array(distroSupportSchema).default([]),
  })
  .strict();

export type EolTable = z.infer<typeof eolTableSchema> & {
  /** SHA-256 of the file's bytes as read, and where it came from: results cite both. */
  sha256?: string;
  origin?: 'bundled' | 'updated' | 'file';
};
export type EolRow = EolTable['rows'][number];
export type Advisory = EolTable['advisories'][number];
export type DistroFix = EolTable['distroFixes'][number];
export type DistroSupport = EolTable['distroSupport'][number];

/** Parse EOL data text; errors name the file, line and path. */
export function parseEolTable(text: string, file: string, origin: EolTable['origin'] = 'file'): EolTable {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new InputError('ATTT_EOL_DATA_INVALID', {
      vi: `${file}:${e.linePos?.[0]?.line ?? '?'}: tệp dữ liệu hết hạn hỗ trợ (EOL) không phải YAML hợp lệ: ${e.message.split('\n')[0]}`,
      en: `${file}:${e.linePos?.[0]?.line ?? '?'}: the end-of-life data file is not valid YAML: ${e.message.split('\n')[0]}`,
    });
  }
  const parsed = eolTableSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const details = describeYamlIssues(doc, lineCounter, file, parsed.error.issues);
    throw new InputError(
      'ATTT_EOL_DATA_INVALID',
      {
        vi: `Tệp dữ liệu EOL sai cấu trúc (cần dataDate, source, rows[] gồm product, branch, eol, latest, source): ${details[0]}`,
        en: `The EOL data file has the wrong shape (needs dataDate, source, rows[] of product, branch, eol, latest, source): ${details[0]}`,
      },
      { details },
    );
  }
  return { ...parsed.data, sha256: createHash('sha256').update(text).digest('hex'), origin };
}

/** Load a `--eol-data` file (the CLI passes the result as `options.eolTable`). */
export function loadEolTable(file: string): EolTable {
  const text = readInputText(file, 'eolData', {
    unreadable: (code, cause) => new InputError('ATTT_EOL_DATA_UNREADABLE', { vi: `Không đọc được tệp dữ liệu EOL ${file} (${code}).`, en: `Cannot read the EOL data file ${file} (${code}).` }, { cause }),
  });
  return parseEolTable(text, file);
}

let installed: { generation: string; table: EolTable } | undefined;
/**
 * The table in use without --eol-data: the one `attt data update` installed, else the shipped
 * checks/data/eol.yaml; read once (again only after the data folder changes).
 */
export function bundledEolTable(): EolTable {
  if (installed?.generation !== dataGeneration()) {
    const { text, file, origin } = readDataFile('eol.yaml');
    installed = { generation: dataGeneration(), table: parseEolTable(text, file, origin) };
  }
  return installed.table;
}

const overrides = new Map<string, EolTable>();
/**
 * The table a check should use: an already-loaded override (`options.eolTable`, preferred: the
 * CLI loads it up front so a bad file fails with exit 2 before scanning), else the file named by
 * `options.eolDataFile` (read once), else the bundled one.
 */
export function eolTableFrom(options: { eolTable?: unknown; eolDataFile?: string }): EolTable {
  const override = options.eolTable as EolTable | undefined;
  if (override && Array.isArray(override.rows)) return override;
  const file = options.eolDataFile;
  if (typeof file === 'string' && file) {
    if (!overrides.has(file)) overrides.set(file, loadEolTable(file));
    return overrides.get(file)!;
  }
  return bundledEolTable();
}

export interface EolAssessment {
  status: 'eol' | 'behind' | 'current' | 'unknown';
  row?: EolRow;
  advisories: Advisory[];
}

function rowMatches(row: EolRow, v: string): boolean {
  if (row.branch.startsWith('<')) return compareVersions(v, row.branch.slice(1).trim()) < 0;
  return inBranch(v, row.branch);
}

/** Compare one product version with the table at `now`. */
export function assessVersion(table: EolTable, product: string, v: string, now: Date): EolAssessment {
  const rows = table.rows.filter((r) => r.product === product && rowMatches(r, v));
  // The most specific branch wins (1.1.1 over 1.1); a "<x" catch-all only when nothing else matches.
  rows.sort((a, b) => (a.branch.startsWith('<') ? 1 : 0) - (b.branch.startsWith('<') ? 1 : 0) || versionParts(b.branch).length - versionParts(a.branch).length);
  const row = rows[0];
  const advisories = table.advisories.filter((a) => a.product === product && compareVersions(v, a.fixed) < 0 && (!a.introduced || compareVersions(v, a.introduced) >= 0));
  if (!row) return { status: 'unknown', advisories };
  if (row.eol !== false && new Date(`${row.eol}T00:00:00Z`).getTime() <= now.getTime()) return { status: 'eol', row, advisories };
  if (row.latest && compareVersions(v, row.latest) < 0) return { status: 'behind', row, advisories };
  return { status: 'current', row, advisories };
}
