import type { Localized } from '../i18n.js';

/**
 * Periodic checking and assessment intervals of Decree 85/2016/NĐ-CP, Article 20(2)(c)
 * (verified against the decree's text; docs/report.md): the whole organisation every 2 years;
 * each level 3 and level 4 system yearly; level 5 systems every 6 months. Levels 1–2 have no
 * system-specific interval: they are covered by the organisation-wide check.
 */
export const DECREE_85_BASIS: Localized = {
  vi: 'Nghị định 85/2016/NĐ-CP, Điều 20 khoản 2 điểm c',
  en: 'Decree 85/2016/ND-CP, Article 20(2)(c)',
};

export interface PeriodicDue {
  /** Months until the next periodic assessment; null when the level sets no own interval. */
  months: number | null;
  interval: Localized;
  /** YYYY-MM-DD or null. */
  nextDue: string | null;
  /** Level ≥ 3: must be done by a licensed / designated specialised organisation. */
  needsSpecialist: boolean;
}

export const ORG_WIDE_MONTHS = 24;

export function intervalMonthsForLevel(level: number | undefined): number | null {
  if (level === 5) return 6;
  if (level === 3 || level === 4) return 12;
  return null;
}

export function addMonths(date: Date, months: number): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Next periodic assessment of a system of `level`, counted from the assessment on `assessedOn`. */
export function periodicDue(level: number | undefined, assessedOn: Date): PeriodicDue {
  const months = intervalMonthsForLevel(level);
  const interval: Localized =
    months === 6
      ? { vi: '6 tháng/lần (hoặc đột xuất khi có cảnh báo)', en: 'every 6 months (or ad hoc on a warning)' }
      : months === 12
        ? { vi: 'hằng năm', en: 'yearly' }
        : level === undefined
          ? { vi: 'chưa xác định cấp độ — theo kiểm tra toàn đơn vị 2 năm/lần', en: 'level not set — organisation-wide check every 2 years' }
          : { vi: 'theo kiểm tra toàn đơn vị 2 năm/lần', en: 'organisation-wide check every 2 years' };
  return {
    months,
    interval,
    nextDue: isoDate(addMonths(assessedOn, months ?? ORG_WIDE_MONTHS)),
    needsSpecialist: (level ?? 0) >= 3,
  };
}
