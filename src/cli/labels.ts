import type { Localized } from '../i18n.js';
import type { Outcome, Severity } from '../results/schema.js';
import type { Style } from './terminal.js';

export const SEVERITY_LABEL: Record<Severity, Localized> = {
  critical: { vi: 'Nghiêm trọng', en: 'Critical' },
  high: { vi: 'Cao', en: 'High' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  low: { vi: 'Thấp', en: 'Low' },
  info: { vi: 'Thông tin', en: 'Info' },
};

export const OUTCOME_LABEL: Record<Outcome, Localized> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  fail: { vi: 'Không đạt', en: 'Fail' },
  error: { vi: 'Lỗi', en: 'Error' },
  not_applicable: { vi: 'Không áp dụng', en: 'N/A' },
  unanswered: { vi: 'Chưa trả lời', en: 'Unanswered' },
};

export function colorSeverity(style: Style, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return style.bold(style.magenta(text));
    case 'high':
      return style.red(text);
    case 'medium':
      return style.yellow(text);
    case 'low':
      return style.cyan(text);
    default:
      return style.dim(text);
  }
}
