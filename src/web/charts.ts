import type { Severity } from '../results/index.js';

/**
 * Inline SVG charts. Readable without colour: every severity has its own grey level and fill
 * pattern (solid, hatched, dotted …), every bar carries its number, and lines carry labels.
 * Only presentation attributes are used (no style attributes: the CSP forbids inline styles).
 */
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Pattern definitions referenced by the bars (one per severity). */
export const PATTERN_DEFS = `<defs>
<pattern id="p-critical" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#1a1a1a"/></pattern>
<pattern id="p-high" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#5a5a5a"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="3"/></pattern>
<pattern id="p-medium" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#8c8c8c"/><circle cx="3" cy="3" r="1.4" fill="#1a1a1a"/></pattern>
<pattern id="p-low" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#c4c4c4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6a6a6a" stroke-width="1"/></pattern>
<pattern id="p-info" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ececec"/></pattern>
</defs>`;

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One horizontal stacked bar of open findings by severity, with a legend row under it. */
export function severityBar(counts: Record<Severity, number>, labels: Record<Severity, string>, title: string): string {
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const width = 480;
  let x = 0;
  const bars: string[] = [];
  for (const s of SEVERITIES) {
    if (!counts[s]) continue;
    const w = total ? Math.max(2, (counts[s] / total) * width) : 0;
    bars.push(`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="22" fill="url(#p-${s})" stroke="#000" stroke-width="0.5"><title>${esc(labels[s])}: ${counts[s]}</title></rect>`);
    x += w;
  }
  const legend = SEVERITIES.map((s, i) => {
    const lx = i * 98;
    return `<rect x="${lx}" y="30" width="12" height="12" fill="url(#p-${s})" stroke="#000" stroke-width="0.5"/><text x="${lx + 16}" y="41" font-size="11">${esc(labels[s])}: ${counts[s]}</text>`;
  }).join('');
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} 48" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">${PATTERN_DEFS}<title>${esc(title)}</title>${bars.join('') || `<rect width="${width}" height="22" fill="#fff" stroke="#000" stroke-width="0.5"/>`}${legend}</svg>`;
}

const GRADE_ORDER = ['F', 'D-', 'D', 'D+', 'C-', 'C', 'C+', 'B-', 'B', 'B+', 'A-', 'A', 'A+'];

export function gradePoints(grade: string): number | null {
  const i = GRADE_ORDER.indexOf(grade.trim().toUpperCase());
  return i < 0 ? null : i;
}

/** Mean grade per cycle as a line with labelled points (A+ top, F bottom). */
export function gradeLine(points: Array<{ cycle: string; grade: string }>, title: string): string {
  const values = points.map((p) => ({ ...p, v: gradePoints(p.grade) })).filter((p): p is { cycle: string; grade: string; v: number } => p.v !== null);
  if (!values.length) return '';
  const w = 480;
  const h = 120;
  const step = values.length > 1 ? (w - 60) / (values.length - 1) : 0;
  const y = (v: number) => 10 + (h - 40) * (1 - v / (GRADE_ORDER.length - 1));
  const xy = values.map((p, i) => [30 + i * step, y(p.v)] as const);
  const line = xy.length > 1 ? `<polyline points="${xy.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}" fill="none" stroke="#000" stroke-width="2"/>` : '';
  const marks = values
    .map((p, i) => {
      const [px, py] = xy[i];
      return `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="4" fill="#fff" stroke="#000" stroke-width="2"/><text x="${px.toFixed(1)}" y="${(py - 8).toFixed(1)}" font-size="11" text-anchor="middle">${esc(p.grade)}</text><text x="${px.toFixed(1)}" y="${h - 6}" font-size="10" text-anchor="middle">${esc(p.cycle)}</text>`;
    })
    .join('');
  const axis = `<line x1="20" y1="${y(12)}" x2="${w - 10}" y2="${y(12)}" stroke="#bbb" stroke-dasharray="3 3"/><line x1="20" y1="${y(0)}" x2="${w - 10}" y2="${y(0)}" stroke="#bbb" stroke-dasharray="3 3"/><text x="0" y="${y(12) + 4}" font-size="10">A+</text><text x="0" y="${y(0) + 4}" font-size="10">F</text>`;
  return `<svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${axis}${line}${marks}</svg>`;
}

/** The grade whose points are nearest to the mean of these grades. */
export function meanGrade(grades: string[]): string | null {
  const pts = grades.map(gradePoints).filter((v): v is number => v !== null);
  if (!pts.length) return null;
  return GRADE_ORDER[Math.round(pts.reduce((a, b) => a + b, 0) / pts.length)];
}
