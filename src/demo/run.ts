import fs from 'node:fs';
import { ensureOutputDir } from '../files/index.js';
import path from 'node:path';
import YAML from 'yaml';
import { defaultCycle, runAudit, type AuditProgress } from '../engine/index.js';
import { UsageError } from '../errors.js';
import { loadInventory } from '../inventory/index.js';
import type { Results } from '../results/index.js';
import { writeFileAtomic, writeResults } from '../results/index.js';
import { startHttpDemo } from './http.js';
import { startPortsDemo } from './ports.js';
import { startTlsDemo } from './tls.js';
import { startQuestionnaireDemo } from './questionnaire.js';
import type { DemoContribution, StartDemo } from './types.js';


/** The demo's organisation and its head, who signs the report. */
const DEMO_ORGANIZATION = 'Sở Lao động - Thương binh và Xã hội tỉnh Demo';
// The Deputy Director signs for the Director (Decree 30/2020 Phụ lục I, II.7b: "KT.").
const DEMO_SIGNER = { name: 'Đỗ Văn Hùng', title: 'Phó Giám đốc', authority: 'KT.', authorityFor: 'Giám đốc' };
/** The demo organisation's units; families attach their systems to these ids. */
export const DEMO_UNITS = [
  { id: 'van-phong', name: 'Văn phòng Sở', head: { name: 'Nguyễn Văn An', title: 'Chánh Văn phòng' } },
  {
    id: 'nguoi-co-cong',
    name: 'Phòng Người có công',
    head: { name: 'Trần Thị Bình', title: 'Trưởng phòng' },
    // A unit report carries the unit's own symbol, addressee and preparer.
    report: {
      symbol: 'BC-NCC',
      kinhGui: ['Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Demo'],
      recipients: ['Văn phòng Sở (để tổng hợp)'],
      preparer: { name: 'Lê Văn Cường', title: 'Phó Trưởng phòng' },
      draftingOffice: 'NCC',
      copies: 1,
    },
  },
  { id: 'lao-dong-viec-lam', name: 'Phòng Lao động - Việc làm', head: { name: 'Lê Văn Cường', title: 'Trưởng phòng' } },
  { id: 'trung-tam-dvvl', name: 'Trung tâm Dịch vụ việc làm', head: { name: 'Phạm Thị Dung', title: 'Giám đốc Trung tâm' } },
  { id: 'bao-tro-xa-hoi', name: 'Trung tâm Bảo trợ xã hội', head: { name: 'Hoàng Văn Em', title: 'Giám đốc Trung tâm' } },
];

/** Every family's demo targets, in the order they start. */
export const DEMO_STARTERS: Array<{ family: string; start: StartDemo }> = [
  { family: 'ports', start: startPortsDemo },
  { family: 'tls', start: startTlsDemo },
  { family: 'http', start: startHttpDemo },
  { family: 'questionnaire', start: startQuestionnaireDemo },
];

export interface DemoRunOptions {
  dir: string;
  /** Language of the report. */
  lang?: 'vi' | 'en';
  env?: NodeJS.ProcessEnv;
  host?: string;
  cycle?: string;
  onProgress?: (event: AuditProgress) => void;
  signal?: AbortSignal;
  /** Notes for the user as steps finish (stderr in the CLI). */
  onStep?: (text: { vi: string; en: string }) => void;
}

export interface DemoRunResult {
  dir: string;
  inventoryFile: string;
  resultsFile: string;
  results: Results;
  /** Further outputs by name (tracker, report, signature …) when those steps ran. */
  outputs: Array<{ label: { vi: string; en: string }; path: string }>;
}

/** Write the demo inventory for the started targets. */
export function demoInventory(contributions: DemoContribution[], host: string, dir: string): Record<string, unknown> {
  const units = DEMO_UNITS.map((u) => ({ ...u, systems: [] as Record<string, unknown>[] }));
  const year = new Date().getFullYear();
  for (const c of contributions) {
    for (const { unit, system } of c.systems) {
      const target = units.find((u) => u.id === unit) ?? units[0];
      // Two families may describe the same system (a portal with a questionnaire and a URL): merge them.
      const same = target.systems.find((s) => s.id === system.id);
      if (same) {
        same.targets = [...((same.targets as unknown[]) ?? []), ...((system.targets as unknown[]) ?? [])];
        same.questionnaires = [...new Set([...((same.questionnaires as string[]) ?? []), ...((system.questionnaires as string[]) ?? [])])];
      } else target.systems.push({ ...system });
    }
  }
  // Level approval decisions (Decree 85/2016 Art. 12) for some systems; the others show "chưa có".
  let approved = 0;
  for (const u of units) {
    for (const system of u.systems) {
      if (typeof system.level === 'number' && system.level >= 3 && approved++ % 2 === 0) system.approval = { decision: `${20 + approved}/QĐ-SLĐTBXH`, date: `${year - 1}-03-15` };
    }
  }
  return {
    organization: { name: DEMO_ORGANIZATION, code: 'SLDTBXH-DEMO', parent: 'UBND tỉnh Demo', place: 'Tỉnh Demo' },
    scope: { allow: [`${host}/32`] },
    defaults: { timeoutMs: 2000, speed: 'normal' },
    trust: { caFiles: contributions.flatMap((c) => c.caFiles ?? []).map((f) => path.relative(dir, f)) },
    frameworks: ['tcvn-11930-2017', 'qcvn-12-2026-bca', 'nist-800-63b-4', 'mozilla-tls-6.0', 'owasp-secure-headers'],
    report: {
      symbol: 'BC-SLĐTBXH',
      place: 'Tỉnh Demo',
      preparer: { name: 'Vũ Thị Giang', title: 'Chuyên viên phụ trách CNTT' },
      // The Deputy Director signs for the Director (Decree 30/2020 Phụ lục I, II.7b: "KT.").
      signer: DEMO_SIGNER,
      kinhGui: ['Ủy ban nhân dân tỉnh Demo', 'Sở Khoa học và Công nghệ tỉnh Demo'],
      recipients: ['Như trên', 'Giám đốc Sở (để báo cáo)', 'Các phòng, đơn vị trực thuộc Sở'],
      draftingOffice: 'VP',
      copies: 2,
      plan: { number: '12/KH-SLĐTBXH', date: `${year}-01-20`, title: `về kiểm tra, đánh giá an toàn thông tin năm ${year}` },
      assessor: {
        name: 'Tổ kiểm tra an toàn thông tin của Sở',
        unit: 'bộ phận công nghệ thông tin, Văn phòng Sở',
        relation: 'Tổ kiểm tra thuộc Văn phòng Sở, đơn vị quản trị một số hệ thống được kiểm tra; không độc lập với các hệ thống này.',
      },
    },
    units,
  };
}

/**
 * `attt demo`: start loopback targets, write an inventory for them, audit, and hand the
 * results to the later stages. Servers are always stopped, even when a step fails.
 */
export async function runDemo(opts: DemoRunOptions): Promise<DemoRunResult> {
  const host = opts.host ?? '127.0.0.1';
  const dir = prepareDemoDir(opts.dir);
  return withDemoServices(dir, host, async (contributions) => {
    const inventoryFile = path.join(dir, 'inventory.yaml');
    const header = '# attt demo inventory: loopback services started by `attt demo` (they stop when it ends).\n';
    writeFileAtomic(inventoryFile, header + YAML.stringify(demoInventory(contributions, host, dir)));
    opts.onStep?.({ vi: `Đã khởi động ${contributions.reduce((n, c) => n + c.systems.length, 0)} hệ thống mẫu trên ${host}; inventory: ${inventoryFile}`, en: `Started ${contributions.reduce((n, c) => n + c.systems.length, 0)} demo systems on ${host}; inventory: ${inventoryFile}` });
    const inventory = loadInventory(inventoryFile);
    const audit = (cycle: string) =>
      runAudit({ inventory, cycle, speed: 'normal', signal: opts.signal, onProgress: opts.onProgress, options: { answersDir: path.join(dir, 'answers') } });

    // Two cycles, so the tracker and the report show what a real second audit shows:
    // the previous cycle, a fix made in between, and the current cycle verifying it.
    const cycle = opts.cycle ?? defaultCycle(new Date());
    const previous = previousCycle(cycle);
    const previousResults = await audit(previous);
    const previousFile = path.join(dir, 'ky-truoc', 'results.json');
    fs.mkdirSync(path.dirname(previousFile), { recursive: true });
    writeResults(previousFile, previousResults);
    const trackerDb = path.join(dir, 'attt.db');
    const { importResultsFile } = await import('../tracker/index.js');
    importResultsFile(trackerDb, previousFile, { actor: 'attt demo' });
    opts.onStep?.({ vi: `Kỳ trước (${previous}) đã kiểm tra và đưa vào sổ theo dõi: ${previousFile}`, en: `Previous cycle (${previous}) audited and imported: ${previousFile}` });
    const accepted = await acceptDemoRisk(trackerDb);
    if (accepted) opts.onStep?.({ vi: `Chấp nhận rủi ro có thời hạn: ${accepted}`, en: `Risk accepted for a limited time: ${accepted}` });
    for (const c of contributions) {
      const done = await c.remediate?.();
      if (done) opts.onStep?.({ vi: `Khắc phục giữa hai kỳ: ${done.vi}`, en: `Fixed between the cycles: ${done.en}` });
    }
    if (opts.signal?.aborted) return { dir, inventoryFile, resultsFile: previousFile, results: previousResults, outputs: [] };

    const results = await audit(cycle);
    const resultsFile = path.join(dir, 'results.json');
    writeResults(resultsFile, results);
    const outputs = await afterAudit(dir, resultsFile, results, opts);
    return { dir, inventoryFile, resultsFile, results, outputs };
  });
}

/**
 * Start every demo service on `host`, run `fn` with them, and stop them all afterwards, even
 * when a start or a step fails (`attt demo` and `attt demo --federated`).
 */
export async function withDemoServices<T>(dir: string, host: string, fn: (contributions: DemoContribution[]) => Promise<T>): Promise<T> {
  const contributions: DemoContribution[] = [];
  try {
    for (const { start } of DEMO_STARTERS) contributions.push(await start({ dir, host }));
    return await fn(contributions);
  } finally {
    await Promise.all(contributions.map((c) => c.stop().catch(() => undefined)));
  }
}

/** `2026-Q4` → `2026-Q3`, `2026-Q1` → `2025-Q4`; any other id gets a "-truoc" (previous) suffix. */
export function previousCycle(cycle: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(cycle);
  if (!m) return `${cycle}-truoc`;
  const year = Number(m[1]);
  const quarter = Number(m[2]);
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

const DEMO_MARKER = '.attt-demo';

/**
 * The demo rewrites its folder on every run (a fresh tracker, so its two cycles import in
 * order). It only ever does that in an empty folder or one an earlier demo made, never in a
 * folder that holds someone's real audit data.
 */
export function prepareDemoDir(dirOption: string): string {
  const dir = ensureOutputDir(dirOption);
  const entries = fs.readdirSync(dir);
  if (entries.length && !entries.includes(DEMO_MARKER)) {
    throw new UsageError({
      vi: `Thư mục ${dir} đã có dữ liệu và không phải thư mục demo; demo không ghi đè. Chọn thư mục khác bằng --out.`,
      en: `${dir} already holds files and is not a demo folder; the demo does not overwrite it. Choose another folder with --out.`,
    });
  }
  for (const f of ['attt.db', 'attt.db-wal', 'attt.db-shm']) fs.rmSync(path.join(dir, f), { force: true });
  fs.writeFileSync(path.join(dir, DEMO_MARKER), 'Folder written by `attt demo`; it is rewritten on every demo run.\n');
  return dir;
}

/**
 * The rest of the job on the demo results: tracker import, the report (HTML always, PDF when
 * chromium is installed), a throwaway signing key, the unit head's signature and its check.
 */
async function afterAudit(dir: string, resultsFile: string, results: Results, opts: DemoRunOptions): Promise<DemoRunResult['outputs']> {
  const outputs: DemoRunResult['outputs'] = [];
  const lang = opts.lang ?? 'vi';
  const { importResultsFile } = await import('../tracker/index.js');
  const trackerDb = path.join(dir, 'attt.db');
  const imported = importResultsFile(trackerDb, resultsFile, { actor: 'attt demo' });
  outputs.push({ label: { vi: 'Sổ theo dõi khắc phục', en: 'Remediation tracker' }, path: trackerDb });
  opts.onStep?.({
    vi: `Kỳ ${results.cycle} đã đưa vào sổ theo dõi: ${imported.opened} phát hiện mới, ${imported.fixed} đã khắc phục (xác minh qua kiểm tra lại), ${imported.stillFailing} vẫn còn.`,
    en: `Cycle ${results.cycle} imported into the tracker: ${imported.opened} new, ${imported.fixed} fixed (verified by the re-audit), ${imported.stillFailing} still open.`,
  });

  const { buildReport } = await import('../report/index.js');
  const html = path.join(dir, lang === 'vi' ? 'bao-cao.html' : 'report.html');
  await buildReport({ results, trackerDb, format: 'html', lang, out: html, env: opts.env });
  outputs.push({ label: { vi: 'Báo cáo (HTML)', en: 'Report (HTML)' }, path: html });
  let signed = html;
  try {
    const pdf = html.replace(/\.html$/, '.pdf');
    await buildReport({ results, trackerDb, format: 'pdf', lang, out: pdf, env: opts.env });
    outputs.push({ label: { vi: 'Báo cáo (PDF)', en: 'Report (PDF)' }, path: pdf });
    signed = pdf;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ATTT_CHROMIUM_MISSING') throw error;
    opts.onStep?.({ vi: 'Chưa có chromium nên bỏ qua bản PDF (cài: apt-get install chromium).', en: 'No chromium, so no PDF (install: apt-get install chromium).' });
  }

  const { createDemoKeys, loadP12, signFile, verifyFile } = await import('../signing/index.js');
  const { recordSignOff } = await import('../tracker/index.js');
  const head = DEMO_SIGNER;
  const keys = await createDemoKeys(path.join(dir, 'keys'), { signerName: head.name, title: head.title, organization: DEMO_ORGANIZATION });
  const key = await loadP12(keys.p12Path, keys.passphrase);
  // The PDF is signed inside the file (visible signature in the head's block); HTML gets a detached .p7s.
  for (const file of signed === html ? [html] : [signed, html]) {
    const signature = await signFile(file, { key, appearance: { role: 'head', lang, title: head.title, organization: DEMO_ORGANIZATION } });
    recordSignOff(trackerDb, { file: path.basename(file), sha256: signature.sha256, signer: signature.signer, signedAt: signature.signedAt, actor: 'attt demo' });
    const verified = await verifyFile(file, { caFiles: [keys.caPath] });
    if (signature.format === 'p7s') outputs.push({ label: { vi: 'Chữ ký số tách rời (CMS)', en: 'Detached signature (CMS)' }, path: signature.output });
    opts.onStep?.({
      vi: `Đã ký ${path.basename(file)}${signature.format === 'pdf' ? ' (chữ ký nằm trong tệp PDF)' : ''} bằng khóa thử nghiệm (${signature.signer}); kiểm tra chữ ký: ${verified.valid ? 'hợp lệ' : 'KHÔNG hợp lệ'} — tự kiểm tra lại: attt verify ${file} --ca ${keys.caPath}`,
      en: `Signed ${path.basename(file)}${signature.format === 'pdf' ? ' (signature inside the PDF)' : ''} with a throwaway key (${signature.signer}); verification: ${verified.valid ? 'valid' : 'INVALID'} — check it yourself: attt verify ${file} --ca ${keys.caPath}`,
    });
  }
  key.close();
  outputs.push({ label: { vi: 'CA thử nghiệm', en: 'Demo CA' }, path: keys.caPath });

  const { createDemoAccount } = await import('../web/index.js');
  const account = await createDemoAccount(trackerDb, path.join(dir, 'dang-nhap-web.txt'));
  outputs.push({ label: { vi: 'Đăng nhập web (attt serve)', en: 'Web login (attt serve)' }, path: account.file });
  opts.onStep?.({
    vi: `Xem trên trình duyệt: npx attt serve (tài khoản "${account.name}", mật khẩu trong ${account.file})`,
    en: `See it in a browser: npx attt serve (account "${account.name}", password in ${account.file})`,
  });
  return outputs;
}

/**
 * What a security officer does between the cycles besides fixing: the old portal is to be
 * replaced, so its missing Content-Security-Policy is accepted as a risk until then (the report
 * lists it with reason, approver and expiry). Returns the finding's id, or null when the demo
 * portal has no such finding.
 */
async function acceptDemoRisk(trackerDb: string): Promise<string | null> {
  const { acceptRisk, addDays, listFindings, localDate, openTracker, useTracker } = await import('../tracker/index.js');
  return useTracker(openTracker(trackerDb), (db) => {
    const finding = listFindings(db, { system: 'cong-ttdt-cu', status: ['open'] }).find((f) => f.checkId.startsWith('http.csp'));
    if (!finding) return null;
    acceptRisk(db, finding.id, {
      until: addDays(localDate(new Date()), 180),
      reason: 'Cổng thông tin cũ chỉ còn phục vụ tra cứu nội bộ và sẽ được thay bằng Cổng dịch vụ công; không đầu tư sửa mã nguồn cũ.',
      approver: 'Phó Giám đốc phụ trách công nghệ thông tin',
      actor: 'attt demo',
    });
    return finding.id;
  });
}
