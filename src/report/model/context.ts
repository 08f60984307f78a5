import { InputError } from '../../errors.js';
import { pick, type Lang, type Localized } from '../../i18n.js';
import type { Result, Results } from '../../results/index.js';
import type { TrackerFinding, TrackerReportView } from '../../tracker/index.js';
import type { CatalogEntry } from '../catalog.js';
import type { Framework } from '../frameworks.js';
import { labelsFor, type Labels } from '../labels.js';
import { cleanText } from '../sanitize.js';

/** What the report model is built from. */
export interface ReportModelInput {
  results: Results;
  tracker?: TrackerReportView;
  unit?: string;
  lang: Lang;
  now: Date;
  catalog: Map<string, CatalogEntry>;
  frameworks: Framework[];
  toolVersion?: string;
}

/** Decree 30/2020 Phụ lục I, II.7b: how the signer signs for the head or the body. */
export const AUTHORITIES = ['KT.', 'TM.', 'Q.', 'TL.', 'TUQ.'] as const;
export type Authority = (typeof AUTHORITIES)[number];

export interface Person {
  name: string;
  title: string;
}
export interface Signer extends Person {
  authority?: Authority;
  /** What the authority prefix stands before: the head's position ("Giám đốc"), or for TM. the body. */
  authorityFor?: string;
}

/** The report settings of the inventory (`report:`, or a unit's `report:` for a unit report). */
export interface ReportSettings {
  number?: string;
  symbol?: string;
  place?: string;
  kinhGui: string[];
  recipients: string[];
  preparer?: Person & { initials?: string };
  signer?: Signer;
  /** Abbreviation of the drafting office for "Lưu: VT, <office>" (e.g. "VP"). */
  draftingOffice?: string;
  copies?: number;
  plan?: { number: string; date?: string; title?: string; issuer?: string };
  assessor?: { name: string; unit?: string; relation?: string };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

function person(v: unknown): Person | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const name = str(o.name);
  const title = str(o.title);
  return name || title ? { name: name ?? '', title: title ?? '' } : undefined;
}

/** Read an inventory `report:` block (results.json keeps it as written). */
export function readReportSettings(raw: unknown): ReportSettings {
  const r = obj(raw) ?? {};
  const signerRaw = obj(r.signer);
  const signer = person(r.signer);
  const authority = AUTHORITIES.find((a) => a === str(signerRaw?.authority));
  const preparer = person(r.preparer);
  const plan = obj(r.plan);
  const assessor = obj(r.assessor);
  const copies = typeof r.copies === 'number' && Number.isInteger(r.copies) && r.copies > 0 ? r.copies : undefined;
  return {
    number: str(r.number),
    symbol: str(r.symbol),
    place: str(r.place),
    kinhGui: strList(r.kinhGui),
    recipients: strList(r.recipients),
    preparer: preparer ? { ...preparer, initials: str(obj(r.preparer)?.initials) } : undefined,
    signer: signer ? { ...signer, authority, authorityFor: str(signerRaw?.authorityFor) } : undefined,
    draftingOffice: str(r.draftingOffice),
    copies,
    plan: plan && str(plan.number) ? { number: str(plan.number)!, date: str(plan.date), title: str(plan.title), issuer: str(plan.issuer) } : undefined,
    assessor: assessor && str(assessor.name) ? { name: str(assessor.name)!, unit: str(assessor.unit), relation: str(assessor.relation) } : undefined,
  };
}

type InventoryUnit = Results['inventory']['units'][number];

/** A results file without its rows and observations: what the report keeps of it once the rows are read. */
export type ResultsHeader = Omit<Results, 'results' | 'observations'>;

/**
 * What every section builder shares: the language, the labels, the scope (one unit or the
 * organisation), names and levels, the file's header. Holds nothing of the results' rows.
 */
export function createBaseContext(input: Omit<ReportModelInput, 'tracker'>) {
  // No closure made here may refer to `input` or `results`: a closure keeps every variable its
  // function's closures refer to, and these closures outlive the results' rows.
  const { results, lang } = input;
  const L: Labels = labelsFor(lang);
  const t = (x: Localized) => pick(x, lang);
  const invUnits = results.inventory.units;
  const unitId = input.unit;
  const unit: InventoryUnit | undefined = unitId ? invUnits.find((u) => u.id === unitId) : undefined;
  if (unitId && !unit) {
    throw new InputError('ATTT_REPORT_UNIT_UNKNOWN', {
      vi: `Không có đơn vị "${unitId}" trong kết quả. Các đơn vị: ${invUnits.map((u) => u.id).join(', ')}.`,
      en: `No unit "${unitId}" in the results. Units: ${invUnits.map((u) => u.id).join(', ')}.`,
    });
  }
  const orgSettings = readReportSettings(results.inventory.report);
  const unitSettings = unit ? readReportSettings(unit.report) : undefined;
  // A unit report: the unit's own symbol, addressees and preparer; the place stays the body's.
  const settings: ReportSettings = unitSettings
    ? { ...unitSettings, place: unitSettings.place ?? orgSettings.place, plan: unitSettings.plan ?? orgSettings.plan, assessor: unitSettings.assessor ?? orgSettings.assessor }
    : orgSettings;
  const inScope = (r: { unit: string }) => !unit || r.unit === unit.id;
  const unitName = new Map(invUnits.map((u) => [u.id, cleanText(u.name, { max: 200 })]));
  const systemName = new Map(invUnits.flatMap((u) => u.systems.map((s) => [`${u.id}/${s.id}`, cleanText(s.name, { max: 200 })] as const)));
  const systemLevel = new Map(invUnits.flatMap((u) => u.systems.map((s) => [`${u.id}/${s.id}`, s.level] as const)));
  const { results: _rows, observations: _observations, ...header } = results;
  return {
    results: header as ResultsHeader,
    lang,
    now: input.now,
    L,
    t,
    catalog: input.catalog,
    frameworks: input.frameworks,
    toolVersion: input.toolVersion,
    org: results.organization,
    settings,
    unit,
    units: unit ? [unit] : invUnits,
    inScope,
    targets: results.targets.filter(inScope),
    unitName: (id: string) => unitName.get(id) ?? cleanText(id, { max: 200 }),
    sysName: (u: string, s: string) => systemName.get(`${u}/${s}`) ?? cleanText(s, { max: 200 }),
    sysLevel: (u: string, s: string) => systemLevel.get(`${u}/${s}`),
  };
}

export type BaseContext = ReturnType<typeof createBaseContext>;

/**
 * The report is built in two steps so that a province's results and its tracker are never in
 * memory together. First from the results (this context): every count, compliance figure and
 * section that needs the passed checks too; what is kept of the rows after it is the failing
 * ones. Then from the failing rows and the tracker (ReportContext): the findings, changes,
 * accepted risks and everything else that shows the tracker's state.
 */
export function createResultsContext(base: BaseContext, results: Results) {
  // The whole organisation's rows are the file's own array, not a copy (600,000 for a province).
  const rs: readonly Result[] = base.unit ? results.results.filter(base.inScope) : results.results;
  return {
    ...base,
    results,
    rs,
    fails: rs.filter((r) => r.outcome === 'fail'),
  };
}

export type ResultsContext = ReturnType<typeof createResultsContext>;

/** The second step's context: the first's without the results' rows, and the tracker's findings in scope. */
export function createReportContext(base: BaseContext, fails: readonly Result[], tracker: TrackerReportView | undefined) {
  const trackerFindings = base.unit ? (tracker?.findings ?? []).filter(base.inScope) : (tracker?.findings ?? []);
  return {
    ...base,
    fails,
    /** The fingerprints of the failing rows: which of the tracker's findings are findings of this report. */
    failing: new Set(fails.map((r) => r.fingerprint)),
    tracker,
    trackerByFp: new Map<string, TrackerFinding>(trackerFindings.map((f) => [f.fingerprint, f])),
    trackerById: new Map<string, TrackerFinding>(trackerFindings.map((f) => [f.id, f])),
  };
}

export type ReportContext = ReturnType<typeof createReportContext>;

export const upper = (s: string) => s.toLocaleUpperCase('vi');

/** Bound an already-cleaned text for a compact table cell. */
export function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
