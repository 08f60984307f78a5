/**
 * How much attt accepts from a file someone else wrote. Every reader checks the size before
 * it reads (and reads at most this many bytes even if the file grows meanwhile), so a
 * `/dev/zero` given as an inventory, or a 300 MB "xlsx bomb", is refused with a message
 * naming the limit instead of exhausting memory. docs/hardening.md lists them for users.
 * The figures leave room of an order of magnitude over the largest real file we know of.
 */
const MiB = 1024 * 1024;

export const INPUT_LIMITS = {
  /** inventory.yaml: a province with thousands of targets is well under 1 MiB. */
  inventory: { bytes: 4 * MiB, what: { vi: 'tệp inventory', en: 'inventory file' } },
  /** answers/<unit>/<questionnaire>.yaml and questionnaire definitions. */
  answers: { bytes: 2 * MiB, what: { vi: 'tệp trả lời bảng hỏi', en: 'answers file' } },
  questionnaire: { bytes: 2 * MiB, what: { vi: 'tệp định nghĩa bảng hỏi', en: 'questionnaire definition' } },
  /** results.json: ~1 KiB per result; 128 MiB is over 100,000 results. */
  results: { bytes: 128 * MiB, what: { vi: 'tệp kết quả', en: 'results file' } },
  /** Software end-of-life data (--eol-data). */
  eolData: { bytes: 8 * MiB, what: { vi: 'tệp dữ liệu EOL', en: 'EOL data file' } },
  /** Another data table `attt data update` installs (admin interfaces: a few KiB). */
  dataTable: { bytes: 1 * MiB, what: { vi: 'tệp bảng dữ liệu', en: 'data table file' } },
  /** A questionnaire workbook as uploaded (compressed). */
  xlsx: { bytes: 16 * MiB, what: { vi: 'tệp Excel', en: 'Excel file' } },
  /** The same workbook once inflated (sum of the zip entries' sizes). */
  xlsxUncompressed: { bytes: 64 * MiB, what: { vi: 'nội dung giải nén của tệp Excel', en: 'uncompressed content of the Excel file' } },
  /** A detached signature (.p7s): a few KiB with its certificate chain. */
  signature: { bytes: 1 * MiB, what: { vi: 'tệp chữ ký', en: 'signature file' } },
  /** A certificate, CA bundle or key file (PEM/DER/PKCS#12). */
  certificate: { bytes: 1 * MiB, what: { vi: 'tệp chứng thư số', en: 'certificate file' } },
  /** A result bundle (attt bundle verify/merge), compressed: one unit's cycle. */
  bundle: { bytes: 128 * MiB, what: { vi: 'gói kết quả', en: 'result bundle' } },
  /** A report to sign or verify (PDF/HTML). */
  report: { bytes: 256 * MiB, what: { vi: 'tệp báo cáo', en: 'report file' } },
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

/** "4 MiB" / "512 KiB": limits as a person reads them. */
export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
