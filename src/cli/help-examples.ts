import type { Command } from 'commander';
import type { Lang } from '../i18n.js';

/**
 * Examples shown at the end of `attt <command> --help` for commands that do not print their
 * own. Keyed by the command path; `test/cli/help-language.test.ts` fails when a command has
 * neither its own example nor an entry here.
 */
const EXAMPLES: Record<string, { vi: string[]; en: string[] }> = {
  init: {
    vi: ['attt init ./kiem-tra          tạo inventory.yaml mẫu trong ./kiem-tra', 'attt init --force             ghi đè các tệp mẫu trong thư mục hiện tại'],
    en: ['attt init ./audit             scaffold inventory.yaml in ./audit', 'attt init --force             overwrite the sample files in the current folder'],
  },
  inventory: { vi: ['attt inventory validate inventory.yaml'], en: ['attt inventory validate inventory.yaml'] },
  'inventory validate': { vi: ['attt inventory validate inventory.yaml', 'attt inventory validate inventory.yaml --json'], en: ['attt inventory validate inventory.yaml', 'attt inventory validate inventory.yaml --json'] },
  'inventory schema': { vi: ['attt inventory schema > inventory.schema.json'], en: ['attt inventory schema > inventory.schema.json'] },
  results: { vi: ['attt results convert ket-qua/2026-Q2/results.json --out ket-qua/2026-Q2/results-v2.json'], en: ['attt results convert results/2026-Q2/results.json --out results/2026-Q2/results-v2.json'] },
  checks: { vi: ['attt checks list --family tls'], en: ['attt checks list --family tls'] },
  'checks list': { vi: ['attt checks list', 'attt checks list --family ports --json'], en: ['attt checks list', 'attt checks list --family ports --json'] },
  'checks show': { vi: ['attt checks show tls.protocol.tls1_0'], en: ['attt checks show tls.protocol.tls1_0'] },
  scan: { vi: ['attt scan ports 192.0.2.10', 'attt scan tls 192.0.2.10:443', 'attt scan headers https://www.example.gov.vn/'], en: ['attt scan ports 192.0.2.10', 'attt scan tls 192.0.2.10:443', 'attt scan headers https://www.example.gov.vn/'] },
  'scan tls': {
    vi: ['attt scan tls 192.0.2.10:443 --sni www.example.gov.vn', 'attt scan tls 192.0.2.20:25 --starttls smtp'],
    en: ['attt scan tls 192.0.2.10:443 --sni www.example.gov.vn', 'attt scan tls 192.0.2.20:25 --starttls smtp'],
  },
  'scan headers': {
    vi: ['attt scan headers https://www.example.gov.vn/', 'attt scan headers https://www.example.gov.vn/ --address 192.0.2.10'],
    en: ['attt scan headers https://www.example.gov.vn/', 'attt scan headers https://www.example.gov.vn/ --address 192.0.2.10'],
  },
  questionnaire: { vi: ['attt questionnaire list', 'attt questionnaire fill password-policy --unit van-phong'], en: ['attt questionnaire list', 'attt questionnaire fill password-policy --unit van-phong'] },
  'questionnaire list': { vi: ['attt questionnaire list --json'], en: ['attt questionnaire list --json'] },
  'questionnaire template': {
    vi: ['attt questionnaire template password-policy --unit van-phong --out answers/van-phong/password-policy.yaml'],
    en: ['attt questionnaire template password-policy --unit van-phong --out answers/van-phong/password-policy.yaml'],
  },
  'questionnaire fill': {
    vi: ['attt questionnaire fill password-policy --unit van-phong', 'attt questionnaire fill password-policy --unit van-phong --review --notes'],
    en: ['attt questionnaire fill password-policy --unit van-phong', 'attt questionnaire fill password-policy --unit van-phong --review --notes'],
  },
  'questionnaire export': {
    vi: ['attt questionnaire export password-policy --unit van-phong --out mat-khau-van-phong.xlsx'],
    en: ['attt questionnaire export password-policy --unit van-phong --out password-policy-van-phong.xlsx'],
  },
  'questionnaire import': { vi: ['attt questionnaire import mat-khau-van-phong.xlsx'], en: ['attt questionnaire import password-policy-van-phong.xlsx'] },
  tracker: { vi: ['attt tracker import ket-qua/2026-Q4/results.json', 'attt tracker list --status open --severity critical,high'], en: ['attt tracker import results/2026-Q4/results.json', 'attt tracker list --status open --severity critical,high'] },
  'tracker import': { vi: ['attt tracker import ket-qua/2026-Q4/results.json --actor "Nguyễn Văn B"'], en: ['attt tracker import results/2026-Q4/results.json --actor "Nguyen Van B"'] },
  'tracker list': { vi: ['attt tracker list --unit van-phong --status open', 'attt tracker list --overdue --json'], en: ['attt tracker list --unit van-phong --status open', 'attt tracker list --overdue --json'] },
  'tracker show': { vi: ['attt tracker show F-0042'], en: ['attt tracker show F-0042'] },
  'tracker accept': {
    vi: ['attt tracker accept F-0042 --until 2026-12-31 --reason "Thiết bị cũ, thay trong năm 2027" --approver "Nguyễn Văn A"'],
    en: ['attt tracker accept F-0042 --until 2026-12-31 --reason "Legacy device, replaced in 2027" --approver "Nguyen Van A"'],
  },
  'tracker stats': { vi: ['attt tracker stats --unit van-phong'], en: ['attt tracker stats --unit van-phong'] },
  'tracker export': { vi: ['attt tracker export --format xlsx --out theo-doi.xlsx', 'attt tracker export --format csv --status open'], en: ['attt tracker export --format xlsx --out tracker.xlsx', 'attt tracker export --format csv --status open'] },
  'tracker verify': { vi: ['attt tracker verify --db attt.db'], en: ['attt tracker verify --db attt.db'] },
  report: { vi: ['attt report build --results ket-qua/results.json --tracker attt.db --out bao-cao.pdf'], en: ['attt report build --results results/results.json --tracker attt.db --out report.pdf'] },
  'report build': {
    vi: ['attt report build --results ket-qua/results.json --tracker attt.db --out bao-cao.pdf', 'attt report build --results ket-qua/results.json --unit van-phong --format html --out van-phong.html', 'attt report build --tracker attt.db --out bao-cao-so.html          báo cáo tổng hợp mọi đơn vị đã hợp nhất (attt bundle merge)', 'attt report build --tracker attt.db --unit bao-tro-xa-hoi --out btxh.pdf'],
    en: ['attt --lang en report build --results results/results.json --tracker attt.db --out report.pdf', 'attt report build --results results/results.json --unit van-phong --format html --out van-phong.html', 'attt report build --tracker attt.db --out department.html          consolidated report of every merged unit (attt bundle merge)', 'attt report build --tracker attt.db --unit bao-tro-xa-hoi --out unit.pdf'],
  },
  sign: { vi: ['attt sign bao-cao.pdf --p12 chu-ky.p12 --tracker attt.db'], en: ['attt sign report.pdf --p12 signer.p12 --tracker attt.db'] },
  verify: { vi: ['attt verify bao-cao.pdf --ca ca.pem'], en: ['attt verify report.pdf --ca ca.pem'] },
  keys: { vi: ['attt keys demo --out khoa-thu'], en: ['attt keys demo --out demo-keys'] },
  'keys demo': { vi: ['attt keys demo --out khoa-thu'], en: ['attt keys demo --out demo-keys'] },
  import: { vi: ['attt import nmap quet.xml --out ket-qua/nmap'], en: ['attt import nmap scan.xml --out results/nmap'] },
  users: { vi: ['attt users add nguyen-van-a --role head --unit van-phong', 'attt users list'], en: ['attt users add nguyen-van-a --role head --unit van-phong', 'attt users list'] },
  'users list': { vi: ['attt users list --db attt.db'], en: ['attt users list --db attt.db'] },
  demo: { vi: ['attt demo', 'attt demo --out /tmp/attt-demo', 'attt demo --federated --out /tmp/attt-so     ba đơn vị, ba gói đã ký, một cơ sở dữ liệu'], en: ['attt demo', 'attt demo --out /tmp/attt-demo', 'attt demo --federated --out /tmp/attt-dept   three units, three signed bundles, one database'] },
};

/** Add the examples of the table to every command of the tree that has an entry. */
export function addHelpExamples(cmd: Command, lang: Lang, prefix: string[] = []): void {
  for (const sub of cmd.commands) {
    const path = [...prefix, sub.name()];
    const examples = EXAMPLES[path.join(' ')];
    if (examples) sub.addHelpText('after', `\n${lang === 'vi' ? 'Ví dụ' : 'Examples'}:\n${examples[lang].map((line) => `  ${line}`).join('\n')}`);
    addHelpExamples(sub, lang, path);
  }
}
