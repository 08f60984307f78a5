import type { Lang } from '../../i18n.js';
import { SEVERITY_RANK } from '../../results/index.js';
import type { TrackerFinding } from '../../tracker/index.js';
import { SEVERITY_LABELS } from '../labels.js';
import { cleanText } from '../sanitize.js';
import type { ReportContext } from './context.js';
import { formatDate } from './dates.js';

/** A risk acceptance as the report shows it (the findings rows and this section alike), or null. */
export function acceptanceOf(f: TrackerFinding, lang: Lang): { reason: string; approver: string; until: string } | null {
  if (f.status !== 'risk_accepted') return null;
  return { reason: cleanText(f.acceptReason ?? '', { max: 1000 }), approver: cleanText(f.acceptApprover ?? '', { max: 200 }), until: formatDate(f.acceptedUntil, lang) };
}

/**
 * Section "rủi ro được chấp nhận" (with a tracker): every finding of this report whose risk the
 * unit accepted, with the reason, who approved it and until when. The signer vouches for these
 * decisions, so each one is shown, not only counted; an acceptance that has expired is already
 * open again in the tracker's view and so is not listed here.
 */
export function buildAcceptedRisks(ctx: ReportContext) {
  if (!ctx.tracker) return [];
  return [...ctx.trackerById.values()]
    .filter((f) => f.status === 'risk_accepted' && ctx.failing.has(f.fingerprint))
    .map((f) => {
      const entry = ctx.catalog.get(f.checkId);
      return {
        id: cleanText(f.id, { max: 20 }),
        severity: f.severity,
        severityLabel: ctx.t(SEVERITY_LABELS[f.severity]),
        title: entry ? ctx.t(entry.title) : cleanText(ctx.t(f.message), { max: 300 }),
        systemName: ctx.sysName(f.unit, f.system),
        unitName: ctx.unitName(f.unit),
        target: cleanText(f.target, { max: 300 }),
        ...acceptanceOf(f, ctx.lang)!,
        rawUntil: f.acceptedUntil ?? '',
      };
    })
    .sort((a, b) => a.rawUntil.localeCompare(b.rawUntil) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

export type AcceptedRiskRow = ReturnType<typeof buildAcceptedRisks>[number];
