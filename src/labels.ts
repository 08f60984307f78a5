import type { Localized } from './i18n.js';
import type { Outcome, Severity } from './results/index.js';
import type { FindingStatus } from './tracker/index.js';

/** Words for the shared vocabulary, used by the terminal, the tracker and the report alike. */
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

export const FINDING_STATUS_LABEL: Record<FindingStatus, Localized> = {
  open: { vi: 'Đang mở', en: 'Open' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  fixed: { vi: 'Đã khắc phục', en: 'Fixed' },
  risk_accepted: { vi: 'Chấp nhận rủi ro', en: 'Risk accepted' },
  false_positive: { vi: 'Cảnh báo sai', en: 'False positive' },
};
