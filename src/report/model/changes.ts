import { SEVERITY_RANK } from '../../results/index.js';
import { SEVERITY_LABELS } from '../labels.js';
import { cleanText } from '../sanitize.js';
import type { TrackerFinding } from '../../tracker/index.js';
import type { ReportContext } from './context.js';
import { cycleLabel, formatDate, formatDateTime } from './dates.js';

/**
 * Section "thay đổi so với đợt trước" (with a tracker). The tracker also follows unanswered
 * questions; the report counts findings only (failed results), so those are left out here and
 * named separately in the summary — the counts of this section and of the findings section agree.
 */
export function buildChanges(ctx: ReportContext) {
  const { tracker, L, t, lang } = ctx;
  if (!tracker) return null;
  const LIMIT = 60;
  // Each label's findings by check × system; every problem is ranked, only the LIMIT shown are written out.
  const group = (label: string, cls: string, ids: string[]) => {
    const byKey = new Map<string, TrackerFinding[]>();
    let count = 0;
    for (const id of ids) {
      const f = ctx.trackerById.get(id);
      if (f === undefined || !(ctx.failing.has(f.fingerprint) || f.status === 'fixed')) continue;
      count++;
      const key = `${f.checkId}|${f.unit}|${f.system}`;
      const list = byKey.get(key);
      if (list) list.push(f);
      else byKey.set(key, [f]);
    }
    const ranked = [...byKey.values()]
      .map((list) => {
        // The first of the most severe (a stable sort's first).
        const worst = list.reduce((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity] ? f : w));
        const entry = ctx.catalog.get(worst.checkId);
        return { list, worst, systemName: ctx.sysName(worst.unit, worst.system), title: entry ? t(entry.title) : cleanText(t(worst.message), { max: 300 }) };
      })
      .sort((a, b) => SEVERITY_RANK[b.worst.severity] - SEVERITY_RANK[a.worst.severity] || a.systemName.localeCompare(b.systemName) || a.title.localeCompare(b.title));
    const rows = ranked.slice(0, LIMIT).map(({ list, worst, systemName, title }) => {
      const targets = [...new Set(list.map((f) => cleanText(f.target, { max: 300 })))];
      const dues = list.map((f) => f.due).filter((d): d is string => d !== null).sort();
      const owners = [...new Set(list.map((f) => (f.owner ? cleanText(f.owner, { max: 120 }) : L.notAssigned)))];
      const ids = list.map((f) => cleanText(f.id, { max: 20 }));
      return {
        ids: ids.length <= 2 ? ids.join(', ') : `${ids[0]} (+${ids.length - 1})`,
        count: list.length,
        severity: worst.severity,
        severityLabel: t(SEVERITY_LABELS[worst.severity]),
        title,
        systemName,
        target: targets.length === 1 ? targets[0] : `${targets.length} ${L.targetsShort}`,
        owner: owners.join(', '),
        due: dues.length ? formatDate(dues[0], lang) : L.noDue,
        dueIsDate: dues.length > 0,
      };
    });
    return { label, cls, rows, more: Math.max(0, ranked.length - LIMIT), count };
  };
  const groups = [
    group(L.changesNew, 'new', tracker.changes.new),
    group(L.changesFixed, 'fixed', tracker.changes.fixed),
    group(L.changesRegressed, 'regressed', tracker.changes.regressed),
    group(L.changesStillOpen, 'open', tracker.changes.stillOpen),
    group(L.changesOverdue, 'overdue', tracker.changes.overdue),
  ];
  return {
    previousCycle: tracker.previousCycle ? cycleLabel(tracker.previousCycle, lang) : null,
    counts: groups.map((g) => ({ label: g.label, count: g.count, cls: g.cls })),
    // Still-open findings are the findings section; on the first recorded cycle every finding is
    // new, so listing them again would only repeat that section.
    groups: groups.filter((g) => g.cls !== 'open' && g.rows.length > 0 && !(g.cls === 'new' && !tracker.previousCycle)),
    allNewNote: !tracker.previousCycle && groups[0].count > 0 ? `${groups[0].count}` : null,
    /** "chain-head:N:HASH": anchors the tracker history in the signed report (attt tracker verify --anchor). */
    chainHead: tracker.chainHead.anchor,
    chainEvents: tracker.chainHead.events,
    signOffs: tracker.signOffs.map((s) => ({
      file: cleanText(s.file, { max: 200 }),
      sha256: cleanText(s.sha256, { max: 64 }),
      signer: cleanText(s.signer, { max: 200 }),
      signedAt: formatDateTime(s.signedAt, lang),
    })),
  };
}
