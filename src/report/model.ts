import { InputError } from '../errors.js';
import { pick, type Lang, type Localized, displayTimeZone } from '../i18n.js';
import { SEVERITIES, SEVERITY_RANK, type Result, type Results, type Severity } from '../results/index.js';
import type { FindingStatus, TrackerFinding, TrackerReportView } from '../tracker/index.js';
import type { CatalogEntry } from './catalog.js';
import { DECREE_85_BASIS, ORG_WIDE_MONTHS, addMonths, isoDate, periodicDue } from './decree85.js';
import { evaluateFramework, type Framework } from './frameworks.js';
import { SEVERITY_COLORS, SEVERITY_LABELS, labelsFor, type LabelKey } from './labels.js';
import { cleanText, evidenceLines } from './sanitize.js';

/**
 * The report model: everything a template shows, already in the chosen language, cleaned of
 * control characters and bounded in length. Templates only lay it out (and escape it).
 */
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

export interface FindingRow {
  no: number;
  ref: string;
  trackerId: string | null;
  checkId: string;
  severity: Severity;
  severityLabel: string;
  title: string;
  message: string;
  remediation: string;
  unitName: string;
  systemName: string;
  target: string;
  owner: string;
  due: string;
  status: string;
  overdue: boolean;
  regression: boolean;
  verifyNote: string | null;
  frameworkNote: string | null;
  /** The framework's short name ("NIST SP 800-63B-4") for a per-framework policy verdict. */
  frameworkName: string | null;
  /** A policy finding: the question asked (the title) is context; `message` says what is wrong. */
  policy: boolean;
  evidence: Array<{ key: string; value: string }>;
}

export type ReportModel = ReturnType<typeof buildReportModel>;

/** The time zone of every date shown: the one the command line set (--tz, Vietnam time by default). */
const tz = () => displayTimeZone();

function dateParts(d: Date): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz(), day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { day: get('day'), month: get('month'), year: get('year') };
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Decree 30/2020 Phụ lục I: day < 10 and months 1–2 take a leading zero. */
export function vietnameseDateLine(place: string, d: Date): string {
  const { day, month, year } = dateParts(d);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

export function englishDateLine(place: string, d: Date): string {
  const { day, month, year } = dateParts(d);
  return `${place}, ${day} ${EN_MONTHS[month - 1]} ${year}`;
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return cleanText(iso, { max: 40 });
  return lang === 'vi' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

function formatDateTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return cleanText(iso, { max: 40 });
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz(), day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return lang === 'vi'
    ? `${get('hour')}:${get('minute')} ngày ${get('day')}/${get('month')}/${get('year')}`
    : `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * "Số: 05/BC-SLĐTBXH" (Decree 30/2020 Phụ lục I). `symbol` is everything after the slash, as the
 * inventory writes it ("BC-SLĐTBXH"); a symbol without the document-type prefix ("SLĐTBXH") gets
 * it once. Numbers below 10 take a leading zero; a missing number stays blank (about six spaces)
 * for the records office to fill in by hand.
 */
export function numberLine(label: string, number: string | undefined, symbol: string | undefined, docAbbrev = 'BC'): string {
  const raw = number?.trim() ?? '';
  const n = /^\d+$/.test(raw) && Number(raw) < 10 ? `0${Number(raw)}` : raw;
  const sym = documentSymbol(symbol, docAbbrev);
  return `${label}: ${n ? n : '\u00a0'.repeat(6)}/${sym}`;
}

/** The symbol after "Số …/": the type abbreviation ("BC") exactly once, then the body's groups. */
export function documentSymbol(symbol: string | undefined, docAbbrev = 'BC'): string {
  const s = (symbol ?? '').trim().replace(/^\/+/, '');
  if (s === '') return docAbbrev;
  const prefix = new RegExp(`^${docAbbrev}(?:-|$)`, 'i');
  return prefix.test(s) ? s.replace(prefix, (m) => m.toLocaleUpperCase('vi')) : `${docAbbrev}-${s}`;
}

/** The drafting body's abbreviation for "Lưu: VT, …": the symbol without the type prefix. */
function symbolBody(symbol: string, docAbbrev = 'BC'): string {
  return symbol.trim().replace(new RegExp(`^${docAbbrev}-`, 'i'), '') || symbol.trim();
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

/** "NIST SP 800-63B-4 — Digital Identity …" → "NIST SP 800-63B-4". */
function frameworkShortName(title: string): string {
  return cleanText(title.split(/\s+[—–]\s+/)[0], { max: 60 });
}

/** Bound an already-cleaned text for a compact table cell. */
function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function person(v: unknown): { name: string; title: string } | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const name = str(o.name);
  const title = str(o.title);
  return name || title ? { name: name ?? '', title: title ?? '' } : undefined;
}

function strList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

const STATUS_LABEL: Record<FindingStatus, LabelKey> = {
  open: 'statusOpen',
  in_progress: 'statusInProgress',
  fixed: 'statusFixed',
  risk_accepted: 'statusAccepted',
  false_positive: 'statusFalsePositive',
};

function roman(n: number): string {
  return ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'][n - 1] ?? String(n);
}

export function buildReportModel(input: ReportModelInput) {
  const { results, tracker, lang, now, catalog } = input;
  const L = labelsFor(lang);
  const t = (x: Localized) => pick(x, lang);
  const report = (results.inventory.report ?? {}) as Record<string, unknown>;

  const invUnits = results.inventory.units;
  const unit = input.unit ? invUnits.find((u) => u.id === input.unit) : undefined;
  if (input.unit && !unit) {
    throw new InputError('ATTT_REPORT_UNIT_UNKNOWN', {
      vi: `Không có đơn vị "${input.unit}" trong kết quả. Các đơn vị: ${invUnits.map((u) => u.id).join(', ')}.`,
      en: `No unit "${input.unit}" in the results. Units: ${invUnits.map((u) => u.id).join(', ')}.`,
    });
  }
  const units = unit ? [unit] : invUnits;
  const inScope = (r: { unit: string }) => !unit || r.unit === unit.id;
  const rs = results.results.filter(inScope);
  const targets = results.targets.filter(inScope);
  const unitName = new Map(invUnits.map((u) => [u.id, cleanText(u.name, { max: 200 })]));
  const systemName = new Map(invUnits.flatMap((u) => u.systems.map((s) => [`${u.id}/${s.id}`, cleanText(s.name, { max: 200 })] as const)));
  const sysName = (u: string, s: string) => systemName.get(`${u}/${s}`) ?? cleanText(s, { max: 200 });

  // ---- header (Decree 30/2020 §7 of the reference)
  const org = results.organization;
  const symbol = str(report.symbol) ?? org.code;
  const place = cleanText(str(report.place) ?? '……', { max: 100 });
  const header = {
    parentBody: upper(cleanText(unit ? org.name : (org.parent ?? ''), { max: 200 })),
    issuingBody: upper(cleanText(unit ? unit.name : org.name, { max: 200 })),
    numberLine: numberLine(L.number, str(report.number), symbol ? cleanText(symbol, { max: 40 }) : undefined),
    placeDate: lang === 'vi' ? vietnameseDateLine(place, now) : englishDateLine(place, now),
    annexLine: '',
  };
  {
    const { day, month, year } = dateParts(now);
    const num = numberLine('', str(report.number), symbol ? cleanText(symbol, { max: 40 }) : undefined).slice(2);
    const issuer = cleanText(unit ? unit.name : org.name, { max: 200 });
    header.annexLine =
      lang === 'vi'
        ? `(Kèm theo Báo cáo số ${num} ngày ${day < 10 ? '0' : ''}${day}/${month < 10 ? '0' : ''}${month}/${year} của ${issuer})`
        : `(Attached to Report No. ${num} of ${day} ${EN_MONTHS[month - 1]} ${year} by ${issuer})`;
  }
  const scopeName = cleanText(unit ? unit.name : org.name, { max: 200 });
  const cycle = cleanText(results.cycle, { max: 80 });
  const title = {
    type: L.docType,
    summary:
      lang === 'vi'
        ? `Kết quả kiểm tra, đánh giá an toàn thông tin các hệ thống thông tin${unit ? ` của ${scopeName}` : ''}, đợt ${cycle}`
        : `Results of the information-security check and assessment of the information systems${unit ? ` of ${scopeName}` : ''}, cycle ${cycle}`,
  };
  const kinhGui = strList(report.kinhGui).map((s) => cleanText(s, { max: 200 }));
  const intro =
    lang === 'vi'
      ? `Thực hiện nhiệm vụ kiểm tra, đánh giá an toàn thông tin định kỳ các hệ thống thông tin theo quy định, ${scopeName} báo cáo kết quả kiểm tra, đánh giá an toàn thông tin đợt ${cycle} như sau:`
      : `In carrying out the periodic information-security check and assessment of its information systems, ${scopeName} reports the results of cycle ${cycle} as follows:`;

  // ---- sections and their numbers (the "changes" section exists only with the tracker)
  const order = ['scope', ...(tracker ? ['changes'] : []), 'summary', 'findings', 'questionnaires', 'frameworks', 'periodic', 'recommendations'];
  const sec = Object.fromEntries(order.map((k, i) => [k, roman(i + 1)])) as Record<string, string>;

  // ---- scope
  const targetCount = (u: string, s: string) => targets.filter((x) => x.unit === u && x.system === s && x.family !== 'questionnaire').length;
  const scope = {
    cycle,
    period: `${formatDateTime(results.startedAt, lang)} – ${formatDateTime(results.finishedAt, lang)}`,
    interrupted: results.interrupted,
    units: units.map((u) => ({
      name: cleanText(u.name, { max: 200 }),
      systems: u.systems.map((s) => ({
        name: cleanText(s.name, { max: 200 }),
        level: s.level ? String(s.level) : L.levelUnset,
        targets: targetCount(u.id, s.id),
        questionnaires: s.questionnaires.map((q) => cleanText(q, { max: 80 })).join(', '),
      })),
    })),
    targetTotals: {
      total: targets.filter((x) => x.family !== 'questionnaire').length,
      ok: targets.filter((x) => x.family !== 'questionnaire' && x.status === 'ok').length,
    },
    unreachable: targets
      .filter((x) => x.status !== 'ok')
      .slice(0, 200)
      .map((x) => ({
        unitName: unitName.get(x.unit) ?? cleanText(x.unit),
        systemName: sysName(x.unit, x.system),
        target: cleanText(x.target, { max: 300 }),
        family: x.family,
        reason: x.error ? cleanText(t(x.error.message), { max: 300 }) : x.status,
      })),
    method:
      lang === 'vi'
        ? [
            'Kiểm tra tự động bằng công cụ attt, chỉ trong phạm vi địa chỉ được phép: cấu hình TLS và chứng thư số, các cổng dịch vụ đang mở, tiêu đề bảo mật HTTP, cookie, CORS, chuyển hướng HTTPS, thông tin phiên bản phần mềm công bố qua banner.',
            'Đánh giá chính sách quản lý (mật khẩu, quản lý an toàn thông tin) qua bảng hỏi do đơn vị trả lời.',
            'Đối chiếu kết quả với các khung quy định, tiêu chuẩn nêu tại mục ' + sec.frameworks + '; mỗi khung được chấm riêng, không gộp.',
          ]
        : [
            'Automated checks with the attt toolkit, within the permitted address scope only: TLS configuration and certificates, open service ports, HTTP security headers, cookies, CORS, HTTPS redirects, software versions disclosed in banners.',
            'Management policies (passwords, security management) assessed through questionnaires answered by the unit.',
            `Results compared with the frameworks in section ${sec.frameworks}; each framework is scored separately, never blended.`,
          ],
  };

  const scopeRows = scope.units.flatMap((u) => u.systems.map((s) => ({ ...s, unitName: u.name }))).map((r, i) => ({ ...r, no: i + 1 }));

  // ---- tracker join
  const trackerByFp = new Map<string, TrackerFinding>();
  for (const f of tracker?.findings ?? []) if (inScope(f)) trackerByFp.set(f.fingerprint, f);
  const trackerById = new Map((tracker?.findings ?? []).filter(inScope).map((f) => [f.id, f]));

  // ---- findings
  const fails = rs
    .filter((r) => r.outcome === 'fail')
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        // the same problem on several systems sits on adjacent rows ("Như trên")
        a.checkId.localeCompare(b.checkId) ||
        a.unit.localeCompare(b.unit) ||
        a.system.localeCompare(b.system) ||
        a.target.localeCompare(b.target),
    );
  const frameworkTitle = new Map(input.frameworks.map((f) => [f.id, f]));
  const findings: FindingRow[] = fails.map((r, i) => {
    const tf = trackerByFp.get(r.fingerprint);
    const entry = catalog.get(r.checkId);
    const ref = `A-${String(i + 1).padStart(3, '0')}`;
    const fw = r.framework ? frameworkTitle.get(r.framework) : undefined;
    return {
      no: i + 1,
      ref,
      trackerId: tf ? cleanText(tf.id, { max: 20 }) : null,
      checkId: cleanText(r.checkId, { max: 120 }),
      severity: r.severity,
      severityLabel: t(SEVERITY_LABELS[r.severity]),
      title: entry ? t(entry.title) : cleanText(t(r.message), { max: 300 }),
      // Without a catalogue title the message is the title: do not print it twice.
      message: entry ? cleanText(t(r.message), { max: 1000 }) : '',
      remediation: entry ? t(entry.remediation) : '',
      unitName: unitName.get(r.unit) ?? cleanText(r.unit),
      systemName: sysName(r.unit, r.system),
      target: cleanText(r.target, { max: 300 }),
      owner: tf?.owner ? cleanText(tf.owner, { max: 120 }) : tracker ? L.notAssigned : '',
      due: tf?.due ? formatDate(tf.due, lang) : tracker ? L.noDue : '',
      status: tf ? L[STATUS_LABEL[tf.status]] : tracker ? L.statusNew : '',
      overdue: tf?.overdue === true,
      regression: tf?.regression === true,
      verifyNote: r.confidence === 'needs-verification' ? L.needsVerification : r.confidence === 'likely' ? L.likely : null,
      frameworkNote: r.framework ? (fw ? fw.id : cleanText(r.framework, { max: 60 })) : null,
      frameworkName: r.framework ? (fw ? frameworkShortName(t(fw.title)) : cleanText(r.framework, { max: 60 })) : null,
      policy: r.checkId.startsWith('policy.'),
      evidence: evidenceLines(r.evidence),
    };
  });

  // ---- findings grouped by problem (check × system): what a unit head reads. The per-framework
  // verdicts of one policy question are one row naming each framework. Every finding stays in the
  // counts, the CSV and the Markdown; the body names up to TARGETS_IN_BODY targets per row, the
  // annex lists up to TARGETS_PER_GROUP and quotes the evidence of up to EVIDENCE_PER_GROUP.
  const TARGETS_PER_GROUP = 200;
  const TARGETS_IN_BODY = 3;
  const EVIDENCE_PER_GROUP = 3;
  const problemOf = (f: FindingRow) => {
    const msg = f.policy ? f.message || f.title : f.message;
    if (!msg) return '';
    return f.frameworkName && !msg.includes(f.frameworkName) ? `[${f.frameworkName}] ${msg}` : msg;
  };
  const groupMap = new Map<string, FindingRow[]>();
  for (const f of findings) {
    const key = `${f.checkId}|${f.unitName}|${f.systemName}`;
    const list = groupMap.get(key);
    if (list) list.push(f);
    else groupMap.set(key, [f]);
  }
  // A policy question answered the same way (same verdicts, same severity) on several systems is
  // one problem of the organisation: one row naming the systems.
  const merged = new Map<string, FindingRow[]>();
  for (const [key, list] of groupMap) {
    const mkey = list[0].policy
      ? `policy|${list[0].checkId}|${list[0].severity}|${[...new Set(list.map(problemOf))].sort().join('\u0000')}`
      : key;
    const into = merged.get(mkey);
    if (into) into.push(...list);
    else merged.set(mkey, [...list]);
  }
  const findingGroups = [...merged.values()].map((list, i) => {
    const first = list[0]; // findings are sorted by severity: the first is the worst
    const owners = [...new Set(list.map((f) => f.owner).filter((o) => o !== ''))];
    const dues = [...new Set(list.map((f) => f.due).filter((d) => d !== ''))];
    const statuses = [...new Set(list.map((f) => f.status).filter((x) => x !== ''))];
    const ref = `A-${String(i + 1).padStart(3, '0')}`;
    const systems = [...new Map(list.map((f) => [`${f.unitName}|${f.systemName}`, { unitName: f.unitName, systemName: f.systemName }])).values()];
    // What is wrong, in words: a policy verdict names its framework; distinct messages only.
    // The body quotes a bounded part of each message (cipher lists can be long); CSV and
    // Markdown keep the whole message.
    const problemsAll = [...new Set(list.map(problemOf).filter((m) => m !== ''))].map((m) => shorten(m, first.policy ? 220 : 180));
    const maxProblems = first.policy ? 6 : 2;
    const targetsAll = [...new Map(list.map((f) => [f.target, f])).values()];
    const evidence = first.policy
      ? [] // questionnaire answers: the verdict above and Annex II say it all
      : list
          .filter((f) => f.evidence.length > 0)
          .slice(0, EVIDENCE_PER_GROUP)
          .map((f) => ({ target: f.target, trackerId: f.trackerId, text: f.evidence.map((e) => `${e.key}: ${shorten(e.value, 160)}`).join(' · ') }));
    const targetCount = targetsAll.length;
    return {
      no: i + 1,
      ref,
      checkId: first.checkId,
      severity: first.severity,
      severityLabel: first.severityLabel,
      policy: first.policy,
      title: first.title,
      /** For a policy row: the question, shown as context under what is wrong. */
      question: first.policy && first.message ? first.title : '',
      problems: problemsAll.slice(0, maxProblems),
      moreProblems: Math.max(0, problemsAll.length - maxProblems),
      /** Kept for other templates: the message of a one-finding group. */
      message: list.length === 1 ? first.message : '',
      remediation: first.remediation,
      unitName: first.unitName,
      systemName: first.systemName,
      systems,
      count: list.length,
      targetCount,
      multiTarget: targetCount > 1,
      single: list.length === 1,
      trackerIds: list.length <= 4 ? list.map((f) => f.trackerId).filter((x): x is string => x !== null).join(', ') : '',
      bodyTargets: targetsAll.slice(0, TARGETS_IN_BODY).map((f) => f.target),
      bodyMoreTargets: Math.max(0, targetCount - TARGETS_IN_BODY),
      targets: targetsAll.slice(0, TARGETS_PER_GROUP).map((f) => ({ target: f.target, trackerId: f.trackerId, overdue: f.overdue, regression: f.regression, owner: f.owner, due: f.due, status: f.status })),
      moreTargets: Math.max(0, targetCount - TARGETS_PER_GROUP),
      owners: owners.slice(0, 3).join(', ') + (owners.length > 3 ? ` (+${owners.length - 3})` : ''),
      due: dues.length <= 2 ? dues.join(', ') : `${dues[0]} … ${dues[dues.length - 1]}`,
      status: statuses.length === 1 ? statuses[0] : '',
      /** Shown in the body only when it says more than "open"/"new". */
      statusNote: statuses.length === 1 && statuses[0] !== L.statusOpen && statuses[0] !== L.statusNew ? statuses[0] : '',
      overdue: list.filter((f) => f.overdue).length,
      regression: list.some((f) => f.regression),
      verifyNote: list.find((f) => f.verifyNote)?.verifyNote ?? null,
      frameworkNote: [...new Set(list.map((f) => f.frameworkNote).filter((x): x is string => x !== null))].join(', ') || null,
      evidence,
      moreEvidence: first.policy ? 0 : Math.max(0, list.filter((f) => f.evidence.length > 0).length - EVIDENCE_PER_GROUP),
      inAnnex: evidence.length > 0 || targetCount > TARGETS_IN_BODY,
      /** Row number whose remediation this row shares (set below). */
      sameAs: null as string | null,
    };
  });

  // Section IV: the technical findings (one row per check × system), then the policy questions
  // (one block per question: the question and its remediation once, then one line per
  // system or group of systems answering the same way). Numbering runs through both.
  const techGroups = findingGroups.filter((g) => !g.policy);
  const policyByQuestion = new Map<string, typeof findingGroups>();
  for (const g of findingGroups.filter((x) => x.policy)) {
    const list = policyByQuestion.get(g.checkId);
    if (list) list.push(g);
    else policyByQuestion.set(g.checkId, [g]);
  }
  let rowNo = 0;
  for (const g of techGroups) g.no = ++rowNo;
  const policyQuestions = [...policyByQuestion.values()].map((list) => {
    const no = ++rowNo;
    for (const g of list) g.no = no;
    const first = list[0];
    return {
      no,
      checkId: first.checkId,
      question: first.question || first.title,
      remediation: first.remediation,
      severity: first.severity,
      rows: list,
    };
  });
  findingGroups.sort((a, b) => a.no - b.no);
  findingGroups.forEach((g, i) => (g.ref = `A-${String(i + 1).padStart(3, '0')}`));
  // The same remediation as an earlier technical row is referred to, not repeated:
  // "Như trên" for the row just above, "Như TT 3" otherwise.
  const firstRowOf = new Map<string, number>();
  techGroups.forEach((g, i) => {
    const key = `${g.checkId}|${g.remediation}`;
    const prev = g.remediation ? firstRowOf.get(key) : undefined;
    if (prev === undefined) firstRowOf.set(key, g.no);
    const above = i > 0 && techGroups[i - 1].checkId === g.checkId;
    g.sameAs = prev === undefined ? null : above ? L.sameAsAbove : `${L.sameAs} ${prev}`;
  });

  // ---- summary
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of fails) counts[r.severity]++;
  const outcomes = { pass: 0, fail: 0, error: 0, not_applicable: 0, unanswered: 0 };
  for (const r of rs) outcomes[r.outcome]++;
  const maxCount = Math.max(1, ...Object.values(counts));
  const severityRows = SEVERITIES.map((s, i) => ({
    key: s,
    label: t(SEVERITY_LABELS[s]),
    count: counts[s],
    color: SEVERITY_COLORS[s],
    y: 6 + i * 26,
    textY: 20 + i * 26,
    width: counts[s] === 0 ? 0 : Math.max(2, Math.round((300 * counts[s]) / maxCount)),
    countX: 0,
  }));
  for (const row of severityRows) row.countX = 130 + row.width + 6;
  const trendByTarget = new Map<string, string>();
  for (const g of tracker?.gradeTrend ?? []) {
    trendByTarget.set(`${g.unit}|${g.system}|${g.target}`, g.grades.map((x) => cleanText(x.grade, { max: 4 })).join(' → '));
  }
  const grades = Object.entries(results.summary.grades)
    .map(([key, grade]) => ({ key, grade, entry: results.targets.find((x) => x.key === key) }))
    .filter((g) => g.entry && inScope(g.entry))
    .map((g) => {
      const e = g.entry!;
      const gr = cleanText(g.grade, { max: 4 });
      return {
        unitName: unitName.get(e.unit) ?? cleanText(e.unit),
        systemName: sysName(e.unit, e.system),
        target: cleanText(e.target, { max: 300 }),
        family: e.family.toUpperCase(),
        grade: gr,
        gradeClass: /^A/.test(gr) ? 'g-a' : /^B/.test(gr) ? 'g-b' : /^C/.test(gr) ? 'g-c' : 'g-bad',
        trend: trendByTarget.get(`${e.unit}|${e.system}|${e.target}`) ?? '',
      };
    })
    .sort((a, b) => a.unitName.localeCompare(b.unitName) || a.systemName.localeCompare(b.systemName) || a.target.localeCompare(b.target));
  const judged = outcomes.pass + outcomes.fail;
  const stats = tracker?.cycleStats ?? [];
  const maxOpen = Math.max(1, ...stats.map((c) => SEVERITIES.reduce((n, s) => n + (c.open[s] ?? 0), 0)));
  // A chart of one bar says nothing: the table below it is enough until there are two cycles.
  const trendChart = stats.length
    ? {
        showChart: stats.length > 1,
        width: Math.max(200, 60 + stats.length * 70),
        bars: stats.map((c, i) => {
          let y = 170;
          const segments = [...SEVERITIES].reverse().map((s) => {
            const h = Math.round((140 * (c.open[s] ?? 0)) / maxOpen);
            y -= h;
            return { y, h, color: SEVERITY_COLORS[s] };
          });
          const total = SEVERITIES.reduce((n, s) => n + (c.open[s] ?? 0), 0);
          return { x: 40 + i * 70, segments, label: cleanText(c.cycle, { max: 14 }), total, totalY: y - 4, labelX: 40 + i * 70 + 20 };
        }),
        rows: stats.map((c) => ({
          cycle: cleanText(c.cycle, { max: 40 }),
          open: SEVERITIES.reduce((n, s) => n + (c.open[s] ?? 0), 0),
          bySeverity: SEVERITIES.map((s) => c.open[s] ?? 0),
          fixed: c.fixed,
          new: c.new,
        })),
      }
    : null;
  const summary = {
    severityRows,
    totalFindings: fails.length,
    outcomes,
    compliancePercent: judged === 0 ? null : Math.round((100 * outcomes.pass) / judged),
    passed: outcomes.pass,
    judged,
    grades,
    trendChart,
    severityHeaders: SEVERITIES.map((s) => t(SEVERITY_LABELS[s])),
  };

  // ---- since the last audit (tracker)
  let changes = null as null | {
    previousCycle: string | null;
    counts: Array<{ label: string; count: number; cls: string }>;
    groups: Array<{ label: string; cls: string; rows: Array<{ id: string; ids: string; count: number; checkId: string; severityLabel: string; severity: Severity; title: string; unitName: string; systemName: string; target: string; owner: string; due: string }>; more: number }>;
    allNewNote: string | null;
    gradeTrend: Array<{ unitName: string; systemName: string; target: string; trend: string }>;
    signOffs: Array<{ file: string; sha256: string; signer: string; signedAt: string }>;
    acceptedRisks: Array<{ id: string; severity: Severity; severityLabel: string; title: string; systemName: string; target: string; reason: string; approver: string; until: string }>;
  };
  if (tracker) {
    const toRow = (id: string) => {
      const f = trackerById.get(id);
      if (!f) return null;
      const entry = catalog.get(f.checkId);
      return {
        id: cleanText(f.id, { max: 20 }),
        severity: f.severity,
        severityLabel: t(SEVERITY_LABELS[f.severity]),
        title: entry ? t(entry.title) : cleanText(t(f.message), { max: 300 }),
        unitName: unitName.get(f.unit) ?? cleanText(f.unit),
        systemName: sysName(f.unit, f.system),
        target: cleanText(f.target, { max: 300 }),
        owner: f.owner ? cleanText(f.owner, { max: 120 }) : L.notAssigned,
        due: f.due ? formatDate(f.due, lang) : L.noDue,
      };
    };
    // One row per check × system (a unit head reads problems, not sockets); the CSV has each one.
    const LIMIT = 60;
    type ChangeRow = NonNullable<ReturnType<typeof toRow>> & { checkId: string; count: number; ids: string };
    const group = (label: string, cls: string, ids: string[]) => {
      const rows = ids.map((id) => ({ row: toRow(id), f: trackerById.get(id) })).filter((x) => x.row !== null && x.f !== undefined);
      const byKey = new Map<string, ChangeRow & { members: string[]; targets: Set<string>; rawDue: string | null }>();
      for (const { row, f } of rows) {
        const key = `${f!.checkId}|${f!.unit}|${f!.system}`;
        const g = byKey.get(key);
        if (g) {
          g.members.push(row!.id);
          g.targets.add(row!.target);
          if (SEVERITY_RANK[row!.severity] > SEVERITY_RANK[g.severity]) Object.assign(g, { severity: row!.severity, severityLabel: row!.severityLabel });
          if (g.owner !== row!.owner && !g.owner.includes(row!.owner)) g.owner = `${g.owner}, ${row!.owner}`;
          if (f!.due && (!g.rawDue || f!.due < g.rawDue)) Object.assign(g, { rawDue: f!.due, due: row!.due });
        } else byKey.set(key, { ...row!, checkId: cleanText(f!.checkId, { max: 120 }), count: 1, ids: '', members: [row!.id], targets: new Set([row!.target]), rawDue: f!.due ?? null });
      }
      const grouped = [...byKey.values()]
        .map(({ members, targets: ts, rawDue: _rawDue, ...g }) => ({
          ...g,
          count: members.length,
          ids: members.length <= 2 ? members.join(', ') : `${members[0]} (+${members.length - 1})`,
          target: ts.size === 1 ? [...ts][0] : `${ts.size} ${L.targetsShort}`,
        }))
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.systemName.localeCompare(b.systemName) || a.title.localeCompare(b.title));
      return { label, cls, rows: grouped.slice(0, LIMIT), more: Math.max(0, grouped.length - LIMIT), count: rows.length };
    };
    const groups = [
      group(L.changesNew, 'new', tracker.changes.new),
      group(L.changesFixed, 'fixed', tracker.changes.fixed),
      group(L.changesRegressed, 'regressed', tracker.changes.regressed),
      group(L.changesStillOpen, 'open', tracker.changes.stillOpen),
      group(L.changesOverdue, 'overdue', tracker.changes.overdue),
    ];
    changes = {
      previousCycle: tracker.previousCycle ? cleanText(tracker.previousCycle, { max: 80 }) : null,
      counts: groups.map((g) => ({ label: g.label, count: g.count, cls: g.cls })),
      // Still-open findings are section IV; on the first recorded cycle every finding is new, so
      // listing them again here would only repeat section IV.
      groups: groups.filter((g) => g.cls !== 'open' && g.rows.length > 0 && !(g.cls === 'new' && !tracker.previousCycle)),
      allNewNote: !tracker.previousCycle && groups[0].count > 0 ? `${groups[0].count}` : null,
      gradeTrend: tracker.gradeTrend
        .filter(inScope)
        .map((g) => ({
          unitName: unitName.get(g.unit) ?? cleanText(g.unit),
          systemName: sysName(g.unit, g.system),
          target: cleanText(g.target, { max: 300 }),
          trend: g.grades.map((x) => `${cleanText(x.cycle, { max: 40 })}: ${cleanText(x.grade, { max: 4 })}`).join(' → '),
        })),
      // Accepted risks stay in the report with why, who approved and until when (they reopen after).
      acceptedRisks: (tracker.findings.filter((f) => f.status === 'risk_accepted' && inScope(f)))
        .map((f) => {
          const entry = catalog.get(f.checkId);
          return {
            id: cleanText(f.id, { max: 20 }),
            severity: f.severity,
            severityLabel: t(SEVERITY_LABELS[f.severity]),
            title: entry ? t(entry.title) : cleanText(t(f.message), { max: 300 }),
            systemName: sysName(f.unit, f.system),
            target: cleanText(f.target, { max: 300 }),
            reason: cleanText(f.acceptReason ?? '', { max: 500 }),
            approver: cleanText(f.acceptApprover ?? '', { max: 200 }),
            until: formatDate(f.acceptedUntil, lang),
          };
        }),
      signOffs: tracker.signOffs.map((s) => ({
        file: cleanText(s.file, { max: 200 }),
        sha256: cleanText(s.sha256, { max: 64 }),
        signer: cleanText(s.signer, { max: 200 }),
        signedAt: formatDateTime(s.signedAt, lang),
      })),
    };
  }

  // ---- questionnaires
  const policy = rs.filter((r) => r.checkId.startsWith('policy.'));
  const qGroups = new Map<string, Result[]>();
  for (const r of policy) {
    const q = r.checkId.split('.')[1] ?? '';
    const key = `${r.unit}|${r.system}|${q}`;
    const list = qGroups.get(key);
    if (list) list.push(r);
    else qGroups.set(key, [r]);
  }
  const outcomeLabel = (o: Result['outcome']) =>
    o === 'pass' ? L.pass : o === 'fail' ? L.fail : o === 'unanswered' ? L.unanswered : o === 'not_applicable' ? L.notApplicable : L.error;
  const questionnaires = [...qGroups.entries()].map(([key, list]) => {
    const [u, s, q] = key.split('|');
    const pass = list.filter((r) => r.outcome === 'pass').length;
    const fail = list.filter((r) => r.outcome === 'fail').length;
    const ev = (list.find((r) => r.evidence && typeof r.evidence === 'object' && 'respondent' in r.evidence)?.evidence ?? {}) as Record<string, unknown>;
    const resp = person(ev.respondent);
    return {
      unitName: unitName.get(u) ?? cleanText(u),
      systemName: sysName(u, s),
      questionnaire: cleanText(q, { max: 80 }),
      respondent: resp ? cleanText([resp.name, resp.title].filter(Boolean).join(', '), { max: 160 }) : '',
      answeredOn: typeof ev.answeredOn === 'string' ? formatDate(ev.answeredOn, lang) : '',
      pass,
      fail,
      notApplicable: list.filter((r) => r.outcome === 'not_applicable').length,
      error: list.filter((r) => r.outcome === 'error').length,
      unanswered: list.filter((r) => r.outcome === 'unanswered').length,
      percent: pass + fail === 0 ? null : Math.round((100 * pass) / (pass + fail)),
      rows: list
        .sort((a, b) => a.checkId.localeCompare(b.checkId) || (a.framework ?? '').localeCompare(b.framework ?? ''))
        .map((r) => {
          const entry = catalog.get(r.checkId);
          return {
            question: entry ? t(entry.title) : cleanText(r.checkId, { max: 120 }),
            checkId: cleanText(r.checkId, { max: 120 }),
            framework: r.framework ? cleanText(r.framework, { max: 60 }) : '',
            outcome: outcomeLabel(r.outcome),
            outcomeClass: `o-${r.outcome}`,
            severityLabel: r.outcome === 'fail' || r.outcome === 'unanswered' ? t(SEVERITY_LABELS[r.severity]) : '',
            message: cleanText(t(r.message), { max: 500 }),
          };
        }),
    };
  });

  // Annex II: the questions without a verdict (unanswered, not applicable, not checked); failing
  // answers are rows of the findings section, passing ones are counted in section V.
  const annexAnswers = questionnaires
    .map((q) => ({
      unitName: q.unitName,
      systemName: q.systemName,
      questionnaire: q.questionnaire,
      rows: [
        ...new Map(
          q.rows.filter((r) => r.outcomeClass !== 'o-pass' && r.outcomeClass !== 'o-fail').map((r) => [`${r.checkId}|${r.outcome}`, r] as const),
        ).values(),
      ],
    }))
    .filter((q) => q.rows.length > 0);

  // ---- frameworks
  const frameworks = input.frameworks.map((fw) => {
    const v = evaluateFramework(fw, rs);
    return {
      id: fw.id,
      title: t(fw.title),
      version: cleanText(fw.version),
      effective: fw.effective?.from ?? '',
      source: t(fw.source),
      status: fw.status ? t(fw.status) : '',
      met: v.met,
      notMet: v.notMet,
      notAssessed: v.notAssessed,
      percent: v.percent,
      levels: fw.levels === true,
      requirements: fw.requirements.map((req, i) => {
        const rv = v.requirements[i];
        return {
          id: req.id,
          clause: req.clause ?? '',
          group: req.group ? t(req.group) : '',
          text: t(req.text),
          status: rv.status === 'met' ? L.met : rv.status === 'not_met' ? L.notMet : L.notAssessed,
          statusClass: `r-${rv.status}`,
          evidence: rv.evidence.map((e) => `${e.id}${e.fail ? ` (${e.fail} ✗)` : e.pass ? ` (${e.pass} ✓)` : ''}`).join(', '),
        };
      }),
    };
  });

  // ---- periodic assessment (Decree 85/2016 Art. 20(2)(c))
  const assessedOn = new Date(results.finishedAt);
  const periodicRows = units.flatMap((u) =>
    u.systems.map((s) => {
      const due = periodicDue(s.level, assessedOn);
      return {
        unitName: cleanText(u.name, { max: 200 }),
        systemName: cleanText(s.name, { max: 200 }),
        level: s.level ? String(s.level) : L.levelUnset,
        interval: t(due.interval),
        nextDue: formatDate(due.nextDue, lang),
        specialist: due.needsSpecialist,
      };
    }),
  );
  const periodic = {
    basis: t(DECREE_85_BASIS),
    rows: periodicRows,
    orgWideDue: formatDate(isoDate(addMonths(assessedOn, ORG_WIDE_MONTHS)), lang),
    anySpecialist: periodicRows.some((r) => r.specialist),
  };

  // ---- recommendations
  const urgent = counts.critical + counts.high;
  const unanswered = policy.filter((r) => r.outcome === 'unanswered').length;
  const needVerify = fails.filter((r) => r.confidence === 'needs-verification' || r.confidence === 'likely').length;
  const overdueCount = tracker ? tracker.changes.overdue.filter((id) => trackerById.has(id)).length : 0;
  const recommendations: string[] = [];
  if (lang === 'vi') {
    if (urgent) recommendations.push(`Khẩn trương khắc phục ${counts.critical} phát hiện mức Nghiêm trọng và ${counts.high} phát hiện mức Cao; phân công người phụ trách và hạn xử lý cho từng phát hiện.`);
    if (overdueCount) recommendations.push(`Xử lý dứt điểm ${overdueCount} phát hiện đã quá hạn khắc phục.`);
    if (needVerify) recommendations.push(`Xác minh ${needVerify} phát hiện suy ra từ thông tin phiên bản (banner) trước khi kết luận.`);
    if (unanswered) recommendations.push(`Hoàn thành ${unanswered} câu hỏi chưa trả lời trong bảng hỏi chính sách.`);
    if (scope.unreachable.length) recommendations.push(`Kiểm tra lại ${scope.unreachable.length} đối tượng không kiểm tra được trong đợt này.`);
    recommendations.push(`Tổ chức kiểm tra, đánh giá định kỳ theo cấp độ đúng hạn nêu tại mục ${sec.periodic}.`);
  } else {
    if (urgent) recommendations.push(`Remediate the ${counts.critical} critical and ${counts.high} high findings urgently; assign an owner and a due date to each.`);
    if (overdueCount) recommendations.push(`Close the ${overdueCount} findings past their due date.`);
    if (needVerify) recommendations.push(`Verify the ${needVerify} findings inferred from version banners before concluding.`);
    if (unanswered) recommendations.push(`Answer the ${unanswered} unanswered policy questions.`);
    if (scope.unreachable.length) recommendations.push(`Re-check the ${scope.unreachable.length} targets that could not be checked in this cycle.`);
    recommendations.push(`Hold the periodic assessments by security level on the dates in section ${sec.periodic}.`);
  }

  // ---- signatures and recipients
  const preparer = person(report.preparer);
  const signerPerson = unit ? (unit.head ? { name: unit.head.name, title: unit.head.title } : undefined) : person(report.signer);
  const signer = {
    titleLines: (signerPerson?.title ? signerPerson.title : lang === 'vi' ? 'Thủ trưởng đơn vị' : 'Head of unit')
      .split(/\n|\|/)
      .map((l) => upper(cleanText(l, { max: 120 })))
      .filter((l) => l.trim() !== ''),
    name: cleanText(signerPerson?.name ?? '', { max: 120 }),
  };
  const draftingUnit = unit ? cleanText(unit.name, { max: 120 }) : cleanText(symbol ? symbolBody(symbol) : org.name, { max: 120 });
  const recipients = [...strList(report.recipients).map((r) => cleanText(r, { max: 200 }))];

  return {
    lang,
    L,
    kind: unit ? 'unit' : 'organization',
    sec,
    header,
    title,
    kinhGui,
    intro,
    scope,
    scopeRows,
    changes,
    summary,
    findings,
    questionnaires,
    frameworks,
    periodic,
    recommendations,
    findingGroups,
    techGroups,
    policyQuestions,
    annex: findingGroups
      .filter((g) => g.inAnnex)
      .map((g) => ({
        ref: g.ref,
        checkId: g.checkId,
        title: g.title,
        unitName: g.unitName,
        systemName: g.systemName,
        items: g.evidence,
        more: g.moreEvidence,
        count: g.targetCount,
        listTargets: g.targetCount > g.bodyTargets.length,
        targets: g.targets,
        moreTargets: g.moreTargets,
      })),
    annexAnswers,
    preparer: { title: L.preparer, name: cleanText(preparer?.name ?? '', { max: 120 }) },
    signer,
    recipients,
    archiveLine: `${L.archive}, ${draftingUnit}.`,
    footer: `${L.generated} ${cleanText(input.toolVersion ?? results.tool.version, { max: 20 })} · ${cycle}`,
    documentTitle: `${L.docType} ${title.summary}`,
  };
}
