import type { Lang, Localized } from '../../i18n.js';
import { SEVERITIES } from '../../results/index.js';
import { SEVERITY_LABELS } from '../labels.js';

/**
 * The last annex: every severity and grade the report uses, and the technical terms it cannot
 * avoid, in plain words.
 */
const SEVERITY_MEANING: Record<(typeof SEVERITIES)[number], Localized> = {
  critical: { vi: 'Có thể bị khai thác ngay, từ xa, không cần mật khẩu; hậu quả là lộ, mất dữ liệu hoặc mất quyền kiểm soát hệ thống. Khắc phục ngay.', en: 'Exploitable now, remotely, without a password; leads to data loss or disclosure or loss of control. Fix now.' },
  high: { vi: 'Dễ bị khai thác hoặc hậu quả nghiêm trọng nếu bị khai thác. Khắc phục trong thời hạn ngắn.', en: 'Easy to exploit or serious if exploited. Fix within a short deadline.' },
  medium: { vi: 'Làm yếu một lớp bảo vệ; cần thêm điều kiện mới khai thác được. Khắc phục theo kế hoạch.', en: 'Weakens one layer of protection; needs further conditions to exploit. Fix as planned.' },
  low: { vi: 'Sai lệch so với khuyến nghị, rủi ro thấp. Khắc phục khi điều kiện cho phép.', en: 'Deviation from good practice, low risk. Fix when convenient.' },
  info: { vi: 'Thông tin cần biết, không phải lỗi.', en: 'For information; not a fault.' },
};

const GRADES: Array<{ grade: string; meaning: Localized }> = [
  { grade: 'A+, A, A-', meaning: { vi: 'Cấu hình tốt; A+ là tốt nhất.', en: 'Good configuration; A+ is best.' } },
  { grade: 'B', meaning: { vi: 'Chấp nhận được nhưng còn điểm yếu (ví dụ còn hỗ trợ giao thức cũ).', en: 'Acceptable with weaknesses (e.g. legacy protocols still offered).' } },
  { grade: 'C, D, E', meaning: { vi: 'Yếu, cần khắc phục.', en: 'Weak; needs remediation.' } },
  { grade: 'F', meaning: { vi: 'Không an toàn; cần khắc phục ngay.', en: 'Insecure; fix now.' } },
  { grade: 'T', meaning: { vi: 'Chứng thư số không được tin cậy (tự ký, hết hạn hoặc sai tên miền): trình duyệt cảnh báo người dùng.', en: 'Certificate not trusted (self-signed, expired or wrong name): browsers warn users.' } },
];

const TERMS: Array<{ term: string; meaning: Localized }> = [
  { term: 'TLS, HTTPS', meaning: { vi: 'Giao thức mã hóa đường truyền giữa người dùng và máy chủ; HTTPS là trang web dùng TLS.', en: 'The protocol that encrypts traffic between users and servers; HTTPS is the web over TLS.' } },
  { term: 'Chứng thư số (certificate)', meaning: { vi: 'Giấy tờ điện tử chứng minh máy chủ đúng là của đơn vị; do tổ chức cấp chứng thư cấp, có thời hạn.', en: 'An electronic document proving a server belongs to the unit; issued by a certificate authority, with an expiry date.' } },
  { term: 'Cổng dịch vụ (port)', meaning: { vi: 'Điểm kết nối mạng của một dịch vụ trên máy chủ; cổng mở không cần thiết là lối vào cho kẻ tấn công.', en: 'The network entry point of a service; an unnecessary open port is a way in for attackers.' } },
  { term: 'Banner', meaning: { vi: 'Dòng chào mà dịch vụ gửi khi kết nối, thường nêu tên và phiên bản phần mềm.', en: 'The greeting a service sends on connection, often naming the software and version.' } },
  { term: 'Tiêu đề bảo mật HTTP (HSTS, CSP …)', meaning: { vi: 'Chỉ dẫn máy chủ web gửi cho trình duyệt để bật các lớp bảo vệ (chỉ dùng HTTPS, chặn mã độc chèn vào trang …).', en: 'Instructions a web server sends to browsers to turn on protections (HTTPS only, blocking injected scripts …).' } },
  { term: 'Cookie', meaning: { vi: 'Dữ liệu trình duyệt lưu để giữ phiên đăng nhập; thiếu cờ bảo vệ thì phiên có thể bị đánh cắp.', en: 'Data the browser keeps for the login session; without protective flags the session can be stolen.' } },
  { term: 'Xác thực đa yếu tố (MFA)', meaning: { vi: 'Đăng nhập cần thêm một yếu tố ngoài mật khẩu (mã OTP, thiết bị).', en: 'Login that needs something besides the password (one-time code, device).' } },
  { term: 'Redis, cơ sở dữ liệu', meaning: { vi: 'Phần mềm lưu dữ liệu của ứng dụng; mở ra mạng mà không có mật khẩu thì ai cũng đọc, sửa được dữ liệu.', en: 'Software that stores application data; open to the network without a password, anyone can read or change it.' } },
];

export function buildGlossary(lang: Lang) {
  return {
    severities: SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABELS[s][lang], meaning: SEVERITY_MEANING[s][lang] })),
    grades: GRADES.map((g) => ({ grade: g.grade, meaning: g.meaning[lang] })),
    terms: TERMS.map((x) => ({ term: x.term, meaning: x.meaning[lang] })),
  };
}
