import { SEVERITY_RANK, type Result, type Severity } from '../../results/index.js';
import type { Lang } from '../../i18n.js';
import type { FindingStatus } from '../../tracker/index.js';
import { SEVERITY_LABELS, type LabelKey } from '../labels.js';
import { cleanText } from '../sanitize.js';
import { type ReportContext, shorten } from './context.js';
import { formatDate, localizeIsoDates } from './dates.js';
import { acceptanceOf } from './accepted.js';
import { evidenceText } from './evidence.js';
import { lazyList } from './lazy-list.js';

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

/** The value `make` gives for a key, made once per key. */
function once<K, V>(make: (k: K) => V): (k: K) => V {
  const made = new Map<K, V>();
  return (k: K): V => {
    let v = made.get(k);
    if (v === undefined && !made.has(k)) made.set(k, (v = make(k)));
    return v as V;
  };
}

/** Due dates as the report writes them, each made once (it needs only the language, so problems made later hold nothing else). */
function dueTexts(lang: Lang) {
  const ranges = once((pair: string) => (JSON.parse(pair) as string[]).map((d) => formatDate(d, lang)).join(' – '));
  return {
    due: once((due: string) => formatDate(due, lang)),
    range: (first: string, last: string) => ranges(JSON.stringify([first, last])),
  };
}

/**
 * The texts of a row that many rows share, made once: the same message object (the results
 * file's one copy), the same evidence object, target and due date give the same text, and a
 * report of 10,000 systems has 100,000s of rows.
 */
function rowTexts(ctx: ReportContext, dates: ReturnType<typeof dueTexts>) {
  const { t, lang } = ctx;
  const messages = new Map<string, (m: Result['message']) => { title: string; message: string }>();
  const evidence = once((e: Result['evidence']) => evidenceText(e, lang));
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
    due: dates.due,
    // Shared evidence (frozen, from the file's catalogue) is described once; a row's own each time.
    evidence: (e: Result['evidence']) => (Object.isFrozen(e) ? evidence(e) : evidenceText(e, lang)),
  };
}

function toRow(ctx: ReportContext, texts: ReturnType<typeof rowTexts>, r: Result): FindingRow {
  const { L, t, tracker } = ctx;
  const tf = ctx.trackerByFp.get(r.fingerprint);
  const fw = r.framework ? ctx.frameworks.find((f) => f.id === r.framework) : undefined;
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

/**
 * Findings, grouped by problem; numbering and references run through technical then policy rows.
 *
 * Every finding is a row (the CSV and Markdown list them all). The problems (groups of rows)
 * are decided here, once, as lists of row positions; each problem's object, with its texts,
 * targets and evidence for the page, is made only when it is read (lazyList): a province has
 * 100,000s of problems and the template reads each once, as it writes it.
 */
export function buildFindings(ctx: ReportContext) {
  const sorted = [...ctx.fails].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      // the same problem on several systems sits on adjacent rows ("Như trên")
      a.checkId.localeCompare(b.checkId) ||
      a.unit.localeCompare(b.unit) ||
      a.system.localeCompare(b.system) ||
      a.target.localeCompare(b.target),
  );
  const dates = dueTexts(ctx.lang);
  const texts = rowTexts(ctx, dates);
  const rows = sorted.map((r) => toRow(ctx, texts, r));
  return { findings: rows, ...problems(rows, ctx.L, dates) };
}

/**
 * The problems of the findings section over `rows`. Its own function so that the problems made
 * later hold only the rows, the labels and the dates (a closure keeps its whole scope), never
 * the context and with it the results file.
 */
function problems(rows: FindingRow[], L: ReportContext['L'], dates: ReturnType<typeof dueTexts>) {
  const { members, starts, techCount } = groupRows(rows);
  const groupCount = starts.length - 1;
  const rowsOf = (i: number) => Array.from(members.subarray(starts[i], starts[i + 1]), (k) => rows[k]);
  // The first row of each problem stands for it where only its check, system and severity count.
  const heads = Array.from({ length: groupCount }, (_, i) => rows[members[starts[i]]]);
  heads.forEach((_, i) => {
    const ref = groupRef(i + 1);
    const list = rowsOf(i);
    list.forEach((f, k) => Object.assign(f, { groupRef: ref, ref: list.length === 1 ? ref : `${ref}.${k + 1}` }));
  });
  // The same remediation as an earlier technical row is referred to, not repeated.
  const firstRowOf = new Map<string, string>();
  for (const head of heads.slice(0, techCount)) {
    const key = `${head.checkId}|${head.remediation}`;
    if (head.remediation && !firstRowOf.has(key)) firstRowOf.set(key, head.groupRef);
  }
  const sameAs = (i: number): string | null => {
    const head = heads[i];
    const first = head.remediation ? firstRowOf.get(`${head.checkId}|${head.remediation}`) : undefined;
    if (i >= techCount || first === undefined || first === head.groupRef) return null;
    return i > 0 && heads[i - 1].checkId === head.checkId ? L.sameAsAbove : `${L.sameAs} ${first}`;
  };
  const groupAt = (i: number) => makeGroup(L, dates, rowsOf(i), sameAs(i));
  const policyByQuestion = new Map<string, number[]>();
  for (let i = techCount; i < groupCount; i++) {
    const list = policyByQuestion.get(heads[i].checkId);
    if (list) list.push(i);
    else policyByQuestion.set(heads[i].checkId, [i]);
  }
  const policyQuestions = [...policyByQuestion.values()].map((indexes) => {
    const first = groupAt(indexes[0]);
    return {
      checkId: first.checkId,
      question: first.question || first.title,
      remediation: first.remediation,
      severity: first.severity,
      rows: lazyList(indexes.length, (k) => groupAt(indexes[k])),
    };
  });
  const inAnnex = heads.map((_, i) => i).filter((i) => hasAnnexEntry(rowsOf(i)));
  return {
    findingGroups: lazyList(groupCount, groupAt),
    techGroups: lazyList(techCount, groupAt),
    policyQuestions,
    /** The first row of each problem, in order: its check, system, severity, policy and reference. */
    heads,
    annex: lazyList(inAnnex.length, (k) => annexEntry(groupAt(inAnnex[k]))),
  };
}

/** What a row says is wrong: its message, named by its framework when the message does not. */
function problemText(f: FindingRow): string {
  const msg = f.policy ? f.message || f.title : f.message;
  if (!msg) return '';
  return f.frameworkName && !msg.includes(f.frameworkName) ? `[${f.frameworkName}] ${msg}` : msg;
}

/**
 * The problems as lists of row positions: one problem per check × system; a policy question
 * answered the same way on several systems is one problem of the organisation, naming the
 * systems. Technical problems come first in row order, then the policy questions by severity.
 * `members` holds the positions problem by problem; problem i is members[starts[i]…starts[i+1]).
 */
function groupRows(rows: FindingRow[]) {
  const perSystem = new Map<string, number[]>();
  rows.forEach((f, k) => {
    const key = `${f.checkId}|${f.unit}|${f.system}`;
    const list = perSystem.get(key);
    if (list) list.push(k);
    else perSystem.set(key, [k]);
  });
  const groupsByKey = new Map<string, number[]>();
  for (const [key, list] of perSystem) {
    const first = rows[list[0]];
    const mkey = first.policy ? `policy|${first.checkId}|${first.severity}|${[...new Set(list.map((k) => problemText(rows[k])))].sort().join('\u0000')}` : key;
    const group = groupsByKey.get(mkey);
    if (group) group.push(...list);
    else groupsByKey.set(mkey, list);
  }
  perSystem.clear();
  const all = [...groupsByKey.values()];
  const tech = all.filter((g) => !rows[g[0]].policy);
  const policy = all
    .filter((g) => rows[g[0]].policy)
    .sort((a, b) => SEVERITY_RANK[rows[b[0]].severity] - SEVERITY_RANK[rows[a[0]].severity] || rows[a[0]].checkId.localeCompare(rows[b[0]].checkId));
  const ordered = [...tech, ...policy];
  const members = new Int32Array(rows.length);
  const starts = new Int32Array(ordered.length + 1);
  let at = 0;
  ordered.forEach((list, i) => {
    starts[i] = at;
    members.set(list, at);
    at += list.length;
  });
  starts[ordered.length] = at;
  return { members, starts, techCount: tech.length };
}

/** One problem as the page shows it, from its rows (see buildFindings). */
function makeGroup(L: ReportContext['L'], dates: ReturnType<typeof dueTexts>, list: FindingRow[], sameAs: string | null) {
  const first = list[0];
  const owners = [...new Set(list.map((f) => f.owner).filter((o) => o !== ''))];
  const dues = [...new Set(list.map((f) => f.rawDue).filter((d): d is string => d !== null))].sort();
  const statuses = [...new Set(list.map((f) => f.status).filter((x) => x !== ''))];
  const problemsAll = [...new Set(list.map(problemText).filter((m) => m !== ''))].map((m) => shorten(m, first.policy ? 220 : 180));
  const maxProblems = first.policy ? 6 : 2;
  const targetsAll = [...new Map(list.map((f) => [f.target, f])).values()];
  const evidence = list.filter((f) => f.evidence !== '').slice(0, EVIDENCE_PER_GROUP).map((f) => ({ ref: f.ref, target: f.target, trackerId: f.trackerId, text: shorten(f.evidence, 400) }));
  return {
    ref: first.groupRef,
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
    systems: [...new Map(list.map((f) => [`${f.unitName}|${f.systemName}`, { unitName: f.unitName, systemName: f.systemName }])).values()],
    count: list.length,
    targetCount: targetsAll.length,
    multiTarget: targetsAll.length > 1,
    trackerIds: list.length <= 4 ? list.map((f) => f.trackerId).filter((x): x is string => x !== null).join(', ') : '',
    bodyTargets: targetsAll.slice(0, TARGETS_IN_BODY).map((f) => f.target),
    bodyMoreTargets: Math.max(0, targetsAll.length - TARGETS_IN_BODY),
    targets: targetsAll.slice(0, TARGETS_PER_GROUP).map((f) => ({ ref: f.ref, target: f.target, trackerId: f.trackerId })),
    moreTargets: Math.max(0, targetsAll.length - TARGETS_PER_GROUP),
    owners: owners.slice(0, 3).join(', ') + (owners.length > 3 ? ` (+${owners.length - 3})` : ''),
    // The earliest and the latest due date, each unbreakable; or the tracker's "no due date".
    dueDates: dues.length === 0 ? [] : dues.length === 1 ? [dates.due(dues[0])] : [dates.due(dues[0]), dates.due(dues[dues.length - 1])],
    due: dues.length === 0 ? (list.some((f) => f.due !== '') ? list[0].due : '') : dues.length === 1 ? dates.due(dues[0]) : dates.range(dues[0], dues[dues.length - 1]),
    rawDue: dues[0] ?? null,
    owner: owners[0] ?? '',
    statusNote: statuses.length === 1 && statuses[0] !== L.statusOpen && statuses[0] !== L.statusNew ? statuses[0] : '',
    overdue: list.filter((f) => f.overdue).length,
    single: list.length === 1,
    regression: list.some((f) => f.regression),
    verifyNote: list.find((f) => f.verifyNote)?.verifyNote ?? null,
    evidence,
    moreEvidence: Math.max(0, list.filter((f) => f.evidence !== '').length - EVIDENCE_PER_GROUP),
    inAnnex: hasAnnexEntry(list),
    sameAs,
  };
}

/** Problems with evidence, or with more targets than the findings table names, have an annex entry. */
function hasAnnexEntry(list: readonly FindingRow[]): boolean {
  return list.some((f) => f.evidence !== '') || new Set(list.map((f) => f.target)).size > TARGETS_IN_BODY;
}

/** A problem's entry in the evidence annex. */
function annexEntry(g: FindingGroup) {
  return { ref: g.ref, title: g.title, unitName: g.unitName, systemName: g.systemName, items: g.evidence, more: g.moreEvidence, count: g.targetCount, listTargets: g.targetCount > g.bodyTargets.length, targets: g.targets, moreTargets: g.moreTargets };
}

export type FindingGroup = ReturnType<typeof makeGroup>;
