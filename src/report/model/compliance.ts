import type { Result } from '../../results/index.js';
import { evaluateFramework } from '../frameworks.js';
import { SEVERITY_LABELS } from '../labels.js';
import { cleanText } from '../sanitize.js';
import type { ResultsContext } from './context.js';
import { formatDate } from './dates.js';

/** Sections "bảng hỏi" and "tuân thủ", and Annex II (questions without a verdict). */
export function buildQuestionnaires(ctx: ResultsContext) {
  const { L, t, lang } = ctx;
  const groups = new Map<string, Result[]>();
  for (const r of ctx.rs.filter((x) => x.checkId.startsWith('policy.'))) {
    const key = `${r.unit}|${r.system}|${r.checkId.split('.')[1] ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const outcomeLabel = (o: Result['outcome']) => (o === 'pass' ? L.pass : o === 'fail' ? L.fail : o === 'unanswered' ? L.unanswered : o === 'not_applicable' ? L.notApplicable : L.error);
  const questionnaires = [...groups.entries()].map(([key, list]) => {
    const [u, s, q] = key.split('|');
    const pass = list.filter((r) => r.outcome === 'pass').length;
    const fail = list.filter((r) => r.outcome === 'fail').length;
    const ev = (list.find((r) => r.evidence && typeof r.evidence === 'object' && 'respondent' in r.evidence)?.evidence ?? {}) as Record<string, unknown>;
    const resp = ev.respondent as { name?: unknown; title?: unknown } | undefined;
    return {
      unitName: ctx.unitName(u),
      systemName: ctx.sysName(u, s),
      questionnaire: questionnaireName(q, lang),
      respondent: resp ? cleanText([resp.name, resp.title].filter((x) => typeof x === 'string' && x).join(', '), { max: 160 }) : '',
      answeredOn: typeof ev.answeredOn === 'string' ? formatDate(ev.answeredOn, lang) : '',
      pass,
      fail,
      notApplicable: list.filter((r) => r.outcome === 'not_applicable').length,
      unanswered: list.filter((r) => r.outcome === 'unanswered').length,
      percent: pass + fail === 0 ? null : Math.round((100 * pass) / (pass + fail)),
      rows: list
        .sort((a, b) => a.checkId.localeCompare(b.checkId) || (a.framework ?? '').localeCompare(b.framework ?? ''))
        .map((r) => {
          const entry = ctx.catalog.get(r.checkId);
          return {
            question: entry ? t(entry.title) : cleanText(r.checkId, { max: 120 }),
            checkId: cleanText(r.checkId, { max: 120 }),
            outcome: outcomeLabel(r.outcome),
            outcomeClass: `o-${r.outcome}`,
            severityLabel: r.outcome === 'fail' || r.outcome === 'unanswered' ? t(SEVERITY_LABELS[r.severity]) : '',
          };
        }),
    };
  });
  const annexAnswers = questionnaires
    .map((q) => ({
      unitName: q.unitName,
      systemName: q.systemName,
      questionnaire: q.questionnaire,
      rows: [...new Map(q.rows.filter((r) => r.outcomeClass !== 'o-pass' && r.outcomeClass !== 'o-fail').map((r) => [`${r.checkId}|${r.outcome}`, r] as const)).values()],
    }))
    .filter((q) => q.rows.length > 0);
  return { questionnaires, annexAnswers };
}

/** The questionnaire's name in words ("password-policy" is an id, not something to print). */
export function questionnaireName(id: string, lang: 'vi' | 'en'): string {
  const names: Record<string, { vi: string; en: string }> = {
    'password-policy': { vi: 'Chính sách mật khẩu', en: 'Password policy' },
    'security-management': { vi: 'Quản lý an toàn thông tin', en: 'Security management' },
  };
  return names[id]?.[lang] ?? cleanText(id, { max: 80 });
}

export function buildFrameworks(ctx: ResultsContext) {
  const { L, t, lang } = ctx;
  return ctx.frameworks.map((fw) => {
    const v = evaluateFramework(fw, ctx.rs);
    return {
      id: fw.id,
      title: t(fw.title),
      version: /^\d{4}-\d{2}-\d{2}$/.test(fw.version) ? formatDate(fw.version, lang) : cleanText(fw.version),
      effective: fw.effective?.from ? (/^\d{4}-\d{2}-\d{2}$/.test(fw.effective.from) ? formatDate(fw.effective.from, lang) : cleanText(fw.effective.from, { max: 20 })) : '',
      source: t(fw.source),
      status: fw.status ? t(fw.status) : '',
      met: v.met,
      notMet: v.notMet,
      notAssessed: v.notAssessed,
      percent: v.percent,
      requirements: fw.requirements.map((req, i) => {
        const rv = v.requirements[i];
        return {
          clause: req.clause ?? '',
          group: req.group ? t(req.group) : '',
          text: t(req.text),
          status: rv.status === 'met' ? L.met : rv.status === 'not_met' ? L.notMet : L.notAssessed,
          statusClass: `r-${rv.status}`,
          // How many results back the verdict, in words (check ids are for the results.json).
          evidence: evidenceCount(rv.evidence, lang),
        };
      }),
    };
  });
}

function evidenceCount(ev: Array<{ pass: number; fail: number; other: number }>, lang: 'vi' | 'en'): string {
  const pass = ev.reduce((n, e) => n + e.pass, 0);
  const fail = ev.reduce((n, e) => n + e.fail, 0);
  if (pass + fail === 0) return lang === 'vi' ? 'chưa có kết quả' : 'no results';
  return lang === 'vi' ? `${fail} kết quả chưa đạt, ${pass} kết quả đạt` : `${fail} failing, ${pass} passing results`;
}
