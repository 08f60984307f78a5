import { SEVERITY_RANK, type Result, type Severity } from '../../results/index.js';
import type { FindingStatus } from '../../tracker/index.js';
import { SEVERITY_LABELS, type LabelKey } from '../labels.js';
import { cleanText } from '../sanitize.js';
import { type ReportContext, shorten } from './context.js';
import { formatDate, localizeIsoDates } from './dates.js';
import { acceptanceOf } from './accepted.js';
import { evidenceText } from './evidence.js';

/**
 * One definition of "finding" for every format: a failed result (a failed check or a policy
 * question answered the wrong way). Unanswered questions are not findings; they are counted and
 * listed separately. Each finding has one reference: its problem's reference ("A-004", one row
 * of the body: one check on one system) and its place in that problem ("A-004.2"). The PDF and
 * HTML show problems, the CSV and Markdown every finding, with the same references.
 */
export interface FindingRow {
  ref: string;
  groupRef: string;
  trackerId: string | null;
  checkId: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  message: string;
  remediation: string;
  unit: string;
  system: string;
  unitName: string;
  systemName: string;
  target: string;
  owner: string;
  due: string;
  rawDue: string | null;
  status: string;
  /** For a finding whose risk is accepted: why, who approved it, and until when (else empty). */
  acceptance: { reason: string; approver: string; until: string } | null;
  overdue: boolean;
  regression: boolean;
  verifyNote: string | null;
  frameworkNote: string | null;
  frameworkName: string | null;
  policy: boolean;
  evidence: string;
}

const STATUS_LABEL: Record<FindingStatus, LabelKey> = {
  open: 'statusOpen',
  in_progress: 'statusInProgress',
  fixed: 'statusFixed',
  risk_accepted: 'statusAccepted',
  false_positive: 'statusFalsePositive',
};

const TARGETS_PER_GROUP = 200;
const TARGETS_IN_BODY = 3;
const EVIDENCE_PER_GROUP = 3;

export const groupRef = (i: number) => `A-${String(i).padStart(3, '0')}`;

/** "NIST SP 800-63B-4 — Digital Identity …" → "NIST SP 800-63B-4". */
function frameworkShortName(title: string): string {
  return cleanText(title.split(/\s+[—–]\s+/)[0], { max: 60 });
}

/**
 * The texts of a row that many rows share, made once: the same message object (the results
 * file's one copy), the same evidence object, target and due date give the same text, and a
 * report of 10,000 systems has 100,000s of rows.
 */
function rowTexts(ctx: ReportContext) {
  const { t, lang } = ctx;
  const once = <K, V>(make: (k: K) => V) => {
    const made = new Map<K, V>();
    return (k: K): V => {
      let v = made.get(k);
      if (v === undefined && !made.has(k)) made.set(k, (v = make(k)));
      return v as V;
    };
  };
  const messages = new Map<string, (m: Result['message']) => { title: string; message: string }>();
  const evidence = once((e: Result['evidence']) => evidenceText(e, lang));
  const dueRanges = once((pair: string) => (JSON.parse(pair) as string[]).map((d) => formatDate(d, lang)).join(' – '));
  const known = new Map<string, readonly unknown[]>();
  const lists = (key: string, items: unknown[]) => known.get(key) ?? (known.set(key, Object.freeze(items)), items);
  const systems = once((key: string) => {
    const [unitName, systemName] = key.split('\u0000');
    return { unitName, systemName };
  });
  return {
    ofMessage(checkId: string, m: Result['message']) {
      let per = messages.get(checkId);
      if (!per) {
        const entry = ctx.catalog.get(checkId);
        messages.set(checkId, (per = once((msg: Result['message']) => ({
          title: localizeIsoDates(entry ? t(entry.title) : cleanText(t(msg), { max: 300 }), lang),
          // Without a catalogue title the message is the title: do not print it twice.
          message: entry ? localizeIsoDates(cleanText(t(msg), { max: 1000 }), lang) : '',
        }))));
      }
      return per(m);
    },
    remediation: once((checkId: string) => {
      const entry = ctx.catalog.get(checkId);
      return entry ? localizeIsoDates(t(entry.remediation), lang) : '';
    }),
    checkId: once((checkId: string) => cleanText(checkId, { max: 120 })),
    // The tracker's own id when cleaning leaves it as it is (it does for every id the tracker gives).
    trackerId: (id: string) => {
      const clean = cleanText(id, { max: 20 });
      return clean === id ? id : clean;
    },
    target: once((target: string) => cleanText(target, { max: 300 })),
    due: once((due: string) => formatDate(due, lang)),
    dueRange: (first: string, last: string) => dueRanges(JSON.stringify([first, last])),
    /**
     * One frozen list for every group whose list is equal (the systems, first targets and
     * due dates of 100,000s of groups are mostly the same few): read only, by the templates.
     */
    list: <T>(items: T[]): readonly T[] => lists(JSON.stringify(items), items) as readonly T[],
    /** One object per system named in the groups (read only by the templates). */
    system: (unitName: string, systemName: string) => systems(`${unitName}\u0000${systemName}`),
    // Shared evidence (frozen, from the file's catalogue) is described once; a row's own each time.
    evidence: (e: Result['evidence']) => (Object.isFrozen(e) ? evidence(e) : evidenceText(e, lang)),
  };
}

function toRow(ctx: ReportContext, texts: ReturnType<typeof rowTexts>, r: Result): FindingRow {
  const { L, t, tracker } = ctx;
  const tf = ctx.trackerByFp.get(r.fingerprint);
  const fw = r.framework ? ctx.input.frameworks.find((f) => f.id === r.framework) : undefined;
  const { title, message } = texts.ofMessage(r.checkId, r.message);
  return {
    ref: '',
    groupRef: '',
    trackerId: tf ? texts.trackerId(tf.id) : null,
    checkId: texts.checkId(r.checkId),
    severity: r.severity,
    severityLabel: t(SEVERITY_LABELS[r.severity]),
    title,
    message,
    remediation: texts.remediation(r.checkId),
    unit: r.unit,
    system: r.system,
    unitName: ctx.unitName(r.unit),
    systemName: ctx.sysName(r.unit, r.system),
    target: texts.target(r.target),
    owner: tf?.owner ? cleanText(tf.owner, { max: 120 }) : tracker ? L.notAssigned : '',
    due: tf?.due ? texts.due(tf.due) : tracker ? L.noDue : '',
    rawDue: tf?.due ?? null,
    status: tf ? L[STATUS_LABEL[tf.status]] : tracker ? L.statusNew : '',
    acceptance: tf ? acceptanceOf(tf, ctx.lang) : null,
    overdue: tf?.overdue === true,
    regression: tf?.regression === true,
    verifyNote: r.confidence === 'needs-verification' ? L.needsVerification : r.confidence === 'likely' ? L.likely : null,
    frameworkNote: r.framework ? (fw ? fw.id : cleanText(r.framework, { max: 60 })) : null,
    frameworkName: r.framework ? (fw ? frameworkShortName(t(fw.title)) : cleanText(r.framework, { max: 60 })) : null,
    policy: r.checkId.startsWith('policy.'),
    evidence: r.checkId.startsWith('policy.') ? '' : texts.evidence(r.evidence),
  };
}

/** Findings, grouped by problem; numbering and references run through technical then policy rows. */
export function buildFindings(ctx: ReportContext) {
  const { L } = ctx;
  const sorted = [...ctx.fails].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      // the same problem on several systems sits on adjacent rows ("Như trên")
      a.checkId.localeCompare(b.checkId) ||
      a.unit.localeCompare(b.unit) ||
      a.system.localeCompare(b.system) ||
      a.target.localeCompare(b.target),
  );
  const texts = rowTexts(ctx);
  const rows = sorted.map((r) => toRow(ctx, texts, r));
  const problemOf = (f: FindingRow) => {
    const msg = f.policy ? f.message || f.title : f.message;
    if (!msg) return '';
    return f.frameworkName && !msg.includes(f.frameworkName) ? `[${f.frameworkName}] ${msg}` : msg;
  };
  // One group per check × system; a policy question answered the same way on several systems is
  // one problem of the organisation: one group naming the systems.
  const groupsByKey = new Map<string, FindingRow[]>();
  const perSystem = new Map<string, FindingRow[]>();
  for (const f of rows) {
    const key = `${f.checkId}|${f.unit}|${f.system}`;
    const list = perSystem.get(key);
    if (list) list.push(f);
    else perSystem.set(key, [f]);
  }
  for (const [key, list] of perSystem) {
    const mkey = list[0].policy ? `policy|${list[0].checkId}|${list[0].severity}|${[...new Set(list.map(problemOf))].sort().join('\u0000')}` : key;
    const group = groupsByKey.get(mkey);
    if (group) group.push(...list);
    else groupsByKey.set(mkey, [...list]);
  }
  const all = [...groupsByKey.values()];
  // Technical problems first, then the policy questions (each question's verdict groups together).
  const tech = all.filter((g) => !g[0].policy);
  const policy = all.filter((g) => g[0].policy).sort((a, b) => SEVERITY_RANK[b[0].severity] - SEVERITY_RANK[a[0].severity] || a[0].checkId.localeCompare(b[0].checkId));
  const ordered = [...tech, ...policy];
  const groups = ordered.map((list, i) => {
    const ref = groupRef(i + 1);
    list.forEach((f, k) => Object.assign(f, { groupRef: ref, ref: list.length === 1 ? ref : `${ref}.${k + 1}` }));
    const first = list[0];
    const owners = [...new Set(list.map((f) => f.owner).filter((o) => o !== ''))];
    const dues = [...new Set(list.map((f) => f.rawDue).filter((d): d is string => d !== null))].sort();
    const statuses = [...new Set(list.map((f) => f.status).filter((x) => x !== ''))];
    const problemsAll = [...new Set(list.map(problemOf).filter((m) => m !== ''))].map((m) => shorten(m, first.policy ? 220 : 180));
    const maxProblems = first.policy ? 6 : 2;
    const targetsAll = [...new Map(list.map((f) => [f.target, f])).values()];
    const evidence = list.filter((f) => f.evidence !== '').slice(0, EVIDENCE_PER_GROUP).map((f) => ({ ref: f.ref, target: f.target, trackerId: f.trackerId, text: shorten(f.evidence, 400) }));
    return {
      ref,
      checkId: first.checkId,
      severity: first.severity,
      severityLabel: first.severityLabel,
      policy: first.policy,
      title: first.title,
      question: first.policy && first.message ? first.title : '',
      problems: problemsAll.slice(0, maxProblems),
      moreProblems: Math.max(0, problemsAll.length - maxProblems),
      remediation: first.remediation,
      unit: first.unit,
      system: first.system,
      unitName: first.unitName,
      systemName: first.systemName,
      systems: texts.list([...new Map(list.map((f) => [`${f.unitName}|${f.systemName}`, texts.system(f.unitName, f.systemName)])).values()]),
      count: list.length,
      targetCount: targetsAll.length,
      multiTarget: targetsAll.length > 1,
      trackerIds: list.length <= 4 ? list.map((f) => f.trackerId).filter((x): x is string => x !== null).join(', ') : '',
      bodyTargets: texts.list(targetsAll.slice(0, TARGETS_IN_BODY).map((f) => f.target)),
      bodyMoreTargets: Math.max(0, targetsAll.length - TARGETS_IN_BODY),
      targets: targetsAll.slice(0, TARGETS_PER_GROUP).map((f) => ({ ref: f.ref, target: f.target, trackerId: f.trackerId })),
      moreTargets: Math.max(0, targetsAll.length - TARGETS_PER_GROUP),
      owners: owners.slice(0, 3).join(', ') + (owners.length > 3 ? ` (+${owners.length - 3})` : ''),
      // The earliest and the latest due date, each unbreakable; or the tracker's "no due date".
      dueDates: texts.list(dues.length === 0 ? [] : dues.length === 1 ? [texts.due(dues[0])] : [texts.due(dues[0]), texts.due(dues[dues.length - 1])]),
      due: dues.length === 0 ? (list.some((f) => f.due !== '') ? list[0].due : '') : dues.length === 1 ? texts.due(dues[0]) : texts.dueRange(dues[0], dues[dues.length - 1]),
      rawDue: dues[0] ?? null,
      owner: owners[0] ?? '',
      statusNote: statuses.length === 1 && statuses[0] !== L.statusOpen && statuses[0] !== L.statusNew ? statuses[0] : '',
      overdue: list.filter((f) => f.overdue).length,
      single: list.length === 1,
      regression: list.some((f) => f.regression),
      verifyNote: list.find((f) => f.verifyNote)?.verifyNote ?? null,
      evidence,
      moreEvidence: Math.max(0, list.filter((f) => f.evidence !== '').length - EVIDENCE_PER_GROUP),
      inAnnex: evidence.length > 0 || targetsAll.length > TARGETS_IN_BODY,
      sameAs: null as string | null,
    };
  });
  const techGroups = groups.filter((g) => !g.policy);
  // The same remediation as an earlier technical row is referred to, not repeated.
  const firstRowOf = new Map<string, string>();
  techGroups.forEach((g, i) => {
    const key = `${g.checkId}|${g.remediation}`;
    const prev = g.remediation ? firstRowOf.get(key) : undefined;
    if (prev === undefined) firstRowOf.set(key, g.ref);
    g.sameAs = prev === undefined ? null : i > 0 && techGroups[i - 1].checkId === g.checkId ? L.sameAsAbove : `${L.sameAs} ${prev}`;
  });
  const byQuestion = new Map<string, typeof groups>();
  for (const g of groups.filter((x) => x.policy)) byQuestion.set(g.checkId, [...(byQuestion.get(g.checkId) ?? []), g]);
  const policyQuestions = [...byQuestion.values()].map((list) => ({
    checkId: list[0].checkId,
    question: list[0].question || list[0].title,
    remediation: list[0].remediation,
    severity: list[0].severity,
    rows: list,
  }));
  return { findings: rows, findingGroups: groups, techGroups, policyQuestions };
}

export type FindingGroup = ReturnType<typeof buildFindings>['findingGroups'][number];
