import type { Reference } from '../../src/checks/index.js';

/** Citations used by checks/tls/*, limited to what shared/reference/tls.md marks verified. */
export const REF = {
  rfc8996: { source: 'RFC', id: '8996', title: 'Deprecating TLS 1.0 and TLS 1.1', url: 'https://www.rfc-editor.org/rfc/rfc8996' },
  rfc7568: { source: 'RFC', id: '7568', title: 'Deprecating Secure Sockets Layer Version 3.0', url: 'https://www.rfc-editor.org/rfc/rfc7568' },
  rfc7465: { source: 'RFC', id: '7465', title: 'Prohibiting RC4 Cipher Suites', url: 'https://www.rfc-editor.org/rfc/rfc7465' },
  rfc5746: { source: 'RFC', id: '5746', title: 'TLS Renegotiation Indication Extension', url: 'https://www.rfc-editor.org/rfc/rfc5746' },
  rfc7507: { source: 'RFC', id: '7507', title: 'TLS Fallback Signaling Cipher Suite Value (SCSV)', url: 'https://www.rfc-editor.org/rfc/rfc7507' },
  rfc6066: { source: 'RFC', id: '6066', title: 'TLS Extensions: Certificate Status Request', url: 'https://www.rfc-editor.org/rfc/rfc6066' },
  bcp195: { source: 'IETF BCP', id: '195', title: 'RFC 8996 + RFC 9325 + RFC 9852', url: 'https://datatracker.ietf.org/doc/bcp195/' },
  mozilla: { source: 'Mozilla', id: 'Server Side TLS 6.0', title: 'Security/Server Side TLS, guidelines 6.0', url: 'https://ssl-config.mozilla.org/' },
  ssllabs: { source: 'SSL Labs', id: 'SSL Server Rating Guide 2009q', url: 'https://github.com/ssllabs/research/wiki/SSL-Server-Rating-Guide' },
  qcvn12: { source: 'QCVN 12:2026/BCA', title: 'Không dùng giao thức lỗi thời (SSL 2.0, TLS 1.1…); chứng thư hợp lệ từ tổ chức tin cậy' },
  cabSc081: { source: 'CA/Browser Forum', id: 'Ballot SC-081v3', title: 'Schedule of reducing validity periods', url: 'https://cabforum.org/' },
  drown: { source: 'CVE', id: 'CVE-2016-0800', title: 'DROWN' },
  poodle: { source: 'CVE', id: 'CVE-2014-3566', title: 'POODLE' },
  sweet32: { source: 'CVE', id: 'CVE-2016-2183', title: 'SWEET32' },
  freak: { source: 'CVE', id: 'CVE-2015-0204', title: 'FREAK' },
  logjam: { source: 'CVE', id: 'CVE-2015-4000', title: 'Logjam' },
  rc4: { source: 'CVE', id: 'CVE-2013-2566', title: 'RC4 biases' },
  reneg: { source: 'CVE', id: 'CVE-2009-3555', title: 'TLS renegotiation prefix injection' },
  lucky13: { source: 'CVE', id: 'CVE-2013-0169', title: 'Lucky13' },
} satisfies Record<string, Reference>;
