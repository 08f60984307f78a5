import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_LIMITS, MANIFEST_NAME, SIGNATURE_NAME, verifyBundle } from '../../src/bundle/index.js';
import { signBytes } from '../../src/signing/index.js';
import { runCli } from '../helpers/cli.js';
import { makeDepartment, rawArchive, readEntries, rewrite, unitBundle, type Department } from './fixture.js';

let dep: Department;
let good: string;

beforeAll(async () => {
  dep = await makeDepartment();
  fs.mkdirSync(dep.units['van-phong'].answersDir + '/van-phong', { recursive: true });
  fs.writeFileSync(path.join(dep.units['van-phong'].answersDir, 'van-phong', 'password-policy.yaml'), 'questionnaire: password-policy\nunit: van-phong\nanswers: {}\n');
  good = await unitBundle(dep, 'van-phong', '2026-Q4');
  fs.mkdirSync(path.join(dep.dir, 'bad'), { recursive: true });
}, 60_000);
afterAll(() => dep?.close());

const refusal = async (file: string, limits = DEFAULT_BUNDLE_LIMITS) => {
  try {
    await verifyBundle(file, { caFiles: dep.caFiles, limits });
  } catch (error) {
    return error as { code: string; exitCode: number; message: string; details?: string[]; text: { vi: string; en: string } };
  }
  throw new Error(`${file} was accepted`);
};
const out = (name: string) => path.join(dep.dir, 'bad', name);

describe('bundle create and verify', () => {
  it('packs results, the unit inventory part, answers and data versions, signed, and verifies against the CA', async () => {
    const v = await verifyBundle(good, { caFiles: dep.caFiles });
    expect(v.status).toBe('valid');
    expect(v.manifest.unit).toBe('van-phong');
    expect(v.manifest.cycle).toBe('2026-Q4');
    expect(v.manifest.files.map((f) => f.path)).toEqual(['results.json', 'inventory.yaml', 'answers/van-phong/password-policy.yaml']);
    expect(v.manifest.data.map((d) => d.file)).toEqual(expect.arrayContaining(['checks/data/eol.yaml', 'checks/data/tls-cipher-suites.json', 'checks/frameworks/tcvn-11930-2017.yaml']));
    expect(v.manifest.data.find((d) => d.file === 'checks/data/eol.yaml')?.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v.signature.signer?.subject).toContain('Người kiểm tra van-phong');
    expect(v.inventory.units.map((u) => u.id)).toEqual(['van-phong']);
    expect(v.results.results).toHaveLength(20);
    const names = (await readEntries(good)).map((e) => e.name);
    expect(names.slice(0, 2)).toEqual([MANIFEST_NAME, SIGNATURE_NAME]);
  });

  it('another tool can write and check one: GNU tar repacks it, OpenSSL verifies the manifest signature', async () => {
    const dir = path.join(dep.dir, 'interop');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', good, '-C', dir]);
    const names = ['attt-bundle.json', 'attt-bundle.json.p7s', 'results.json', 'inventory.yaml', 'answers/van-phong/password-policy.yaml'];
    const repacked = path.join(dep.dir, 'repacked.tar.gz');
    execFileSync('tar', ['--format=pax', '-czf', repacked, '-C', dir, ...names]);
    expect((await verifyBundle(repacked, { caFiles: dep.caFiles })).status).toBe('valid');
    const ok = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'attt-bundle.json.p7s'), '-content', path.join(dir, 'attt-bundle.json'), '-CAfile', dep.units['van-phong'].caPath, '-purpose', 'any', '-out', '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
    expect(ok).toBeDefined();
    // OpenSSL as the signer: the auditor's key and certificate out of the .p12, a fresh CMS over the manifest.
    const pem = path.join(dep.dir, 'auditor.pem');
    execFileSync('openssl', ['pkcs12', '-in', path.join(dep.dir, 'van-phong', 'keys', 'signer.p12'), '-nodes', '-passin', 'pass:demo', '-out', pem]);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-outform', 'DER', '-signer', pem, '-md', 'sha256', '-in', path.join(dir, 'attt-bundle.json'), '-out', path.join(dir, 'attt-bundle.json.p7s')]);
    const opensslSigned = path.join(dep.dir, 'openssl-signed.tar.gz');
    execFileSync('tar', ['-czf', opensslSigned, '-C', dir, ...names]);
    expect((await verifyBundle(opensslSigned, { caFiles: dep.caFiles })).signature.signer?.subject).toContain('Người kiểm tra van-phong');
    const viaGnu = path.join(dep.dir, 'repacked-gnu.tar.gz');
    execFileSync('tar', ['--format=gnu', '-czf', viaGnu, '-C', dir, ...names]);
    expect((await verifyBundle(viaGnu, { caFiles: dep.caFiles })).manifest.unit).toBe('van-phong');
  });

  it('the CLI: bundle create with a .p12, bundle verify --json, and exit 2 with the reason for a bad one', async () => {
    const results = path.join(dep.dir, 'van-phong', '2026-Q4', 'results.json');
    const out = path.join(dep.dir, 'cli-bundle.tar.gz');
    const env = { ATTT_P12_PASSPHRASE: 'demo' };
    const created = await runCli(['bundle', 'create', '--results', results, '--inventory', dep.units['van-phong'].inventoryFile, '--answers', dep.units['van-phong'].answersDir, '--p12', path.join(dep.dir, 'van-phong', 'keys', 'signer.p12'), '--out', out], { env });
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain(`Đã ghi gói kết quả: ${out}`);
    const verified = await runCli(['--json', 'bundle', 'verify', out, '--ca', dep.units['van-phong'].caPath]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ status: 'valid', unit: 'van-phong', cycle: '2026-Q4', results: 20 });
    const extra = await rewrite(good, path.join(dep.dir, 'bad', 'extra-top.tar.gz'), (entries) => void entries.push({ name: 'notes.txt', data: Buffer.from('x') }));
    const refused = await runCli(['--lang', 'en', 'bundle', 'verify', extra]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('extra-top.tar.gz: the archive holds "notes.txt"');
  }, 30_000);

  it('without --ca the signature and hashes are checked and the chain is reported unchecked', async () => {
    expect((await verifyBundle(good)).status).toBe('valid-chain-unchecked');
  });
});

describe('bad bundles are refused (exit 2) with the file and the place', () => {
  const flip = (data: Buffer, at: number) => {
    const copy = Buffer.from(data);
    copy[at] ^= 0x01;
    return copy;
  };

  it('bad signature: an untrusted CA, a damaged signature, a manifest edited after signing, a signature over another manifest', async () => {
    const wrongCa = (await verifyBundle(good, { caFiles: [dep.units['cai-nghien'].caPath] }).catch((e) => e)) as { code: string; details: string[]; message: string };
    expect(wrongCa.code).toBe('ATTT_BUNDLE_SIGNATURE');
    expect(wrongCa.message).toContain(good);
    expect(wrongCa.details.join(' ')).toMatch(/trusted CA/);

    const damaged = await refusal(await rewrite(good, out('damaged.tar.gz'), (entries) => {
      const sig = entries.find((e) => e.name === SIGNATURE_NAME)!;
      sig.data = flip(sig.data, sig.data.length - 10);
    }));
    expect(damaged.code).toBe('ATTT_BUNDLE_SIGNATURE');

    const edited = await refusal(await rewrite(good, out('edited-manifest.tar.gz'), (entries, m) => {
      m.files[0].sha256 = 'a'.repeat(64);
      entries.find((e) => e.name === MANIFEST_NAME)!.data = Buffer.from(JSON.stringify(m, null, 2) + '\n');
    }));
    expect(edited.code).toBe('ATTT_BUNDLE_SIGNATURE');
    expect(edited.details?.join(' ')).toMatch(/changed after signing/);

    const key = dep.units['van-phong'].key;
    const swapped = await refusal(await rewrite(good, out('swapped-signature.tar.gz'), async (entries) => {
      entries.find((e) => e.name === SIGNATURE_NAME)!.data = await signBytes(Buffer.from('another manifest'), key);
    }));
    expect(swapped.code).toBe('ATTT_BUNDLE_SIGNATURE');
  });

  it('a missing signature or manifest, or a file that is no bundle at all', async () => {
    const unsigned = await refusal(await rewrite(good, out('unsigned.tar.gz'), (entries) => void entries.splice(entries.findIndex((e) => e.name === SIGNATURE_NAME), 1)));
    expect(unsigned.code).toBe('ATTT_BUNDLE_INVALID');
    expect(unsigned.message).toContain(SIGNATURE_NAME);
    const noManifest = await refusal(await rewrite(good, out('no-manifest.tar.gz'), (entries) => void entries.splice(entries.findIndex((e) => e.name === MANIFEST_NAME), 1)));
    expect(noManifest.message).toContain(MANIFEST_NAME);
    fs.writeFileSync(out('plain.txt'), 'not an archive');
    expect((await refusal(out('plain.txt'))).code).toBe('ATTT_BUNDLE_INVALID');
    fs.writeFileSync(out('cut.tar.gz'), fs.readFileSync(good).subarray(0, 400));
    expect((await refusal(out('cut.tar.gz'))).code).toBe('ATTT_BUNDLE_INVALID');
  });

  it('modified file: results.json, inventory.yaml or an answers file changed after signing (same size too)', async () => {
    for (const [name, target] of [['results', 'results.json'], ['inventory', 'inventory.yaml'], ['answers', 'answers/van-phong/password-policy.yaml']] as const) {
      const e = await refusal(await rewrite(good, out(`modified-${name}.tar.gz`), (entries) => {
        const entry = entries.find((x) => x.name === target)!;
        entry.data = flip(entry.data, 20);
      }));
      expect(e.code).toBe('ATTT_BUNDLE_INVALID');
      expect(e.message).toContain(`"${target}" was changed after signing`);
      expect(e.text.vi).toContain('đã bị thay đổi sau khi ký');
    }
    const grown = await refusal(await rewrite(good, out('modified-grown.tar.gz'), (entries) => {
      const entry = entries.find((x) => x.name === 'results.json')!;
      entry.data = Buffer.concat([entry.data, Buffer.from(' ')]);
    }));
    expect(grown.message).toMatch(/results\.json" was changed after signing/);
  });

  it('extra file: an unlisted file at the top, inside answers/, or an unlisted directory', async () => {
    for (const [name, extra] of [['top', 'notes.txt'], ['answers', 'answers/van-phong/extra.yaml'], ['hidden', '.results.json']] as const) {
      const e = await refusal(await rewrite(good, out(`extra-${name}.tar.gz`), (entries) => void entries.push({ name: extra, data: Buffer.from('x: 1\n') })));
      expect(e.code).toBe('ATTT_BUNDLE_INVALID');
      expect(e.message).toContain(`"${extra}"`);
      expect(e.message).toContain('an extra file');
    }
    const entries = await readEntries(good);
    const dir = await rawArchive([...entries.map((x) => ({ header: { name: x.name, size: x.data.length }, data: x.data })), { header: { name: 'extra/', type: 'directory' as const } }]);
    fs.writeFileSync(out('extra-dir.tar.gz'), dir);
    expect((await refusal(out('extra-dir.tar.gz'))).message).toContain('"extra/"');
    const listedTwice = await refusal(await rewrite(good, out('duplicate.tar.gz'), (list) => void list.push({ ...list.find((x) => x.name === 'results.json')! })));
    expect(listedTwice.message).toContain('appears twice');
  });

  it('paths outside the archive: ../../etc/passwd, answers/../../x, ./results.json, a backslash; nothing is written', async () => {
    const before = fs.readdirSync(dep.dir).sort();
    for (const [i, name] of ['../../etc/passwd', 'answers/../../attt-escape', './results.json', '..\\..\\evil'].entries()) {
      fs.writeFileSync(out(`traversal-${i}.tar.gz`), await rawArchive([{ header: { name, size: 5 }, data: Buffer.from('owned') }]));
      const e = await refusal(out(`traversal-${i}.tar.gz`));
      expect(e.code).toBe('ATTT_BUNDLE_INVALID');
      expect(e.message).toContain(JSON.stringify(name));
      expect(e.message).toMatch(/unsafe path/);
    }
    expect(fs.existsSync('/etc/passwd') && fs.readFileSync('/etc/passwd', 'utf8').includes('owned')).toBe(false);
    expect(fs.existsSync(path.join(dep.dir, '..', 'attt-escape'))).toBe(false);
    expect(fs.readdirSync(dep.dir).sort()).toEqual(before);
  });

  it('absolute paths: /etc/passwd, /tmp/x, C:/Windows/win.ini', async () => {
    for (const [i, name] of ['/etc/passwd', '/tmp/attt-abs', 'C:/Windows/win.ini'].entries()) {
      fs.writeFileSync(out(`absolute-${i}.tar.gz`), await rawArchive([{ header: { name, size: 2 }, data: Buffer.from('x\n') }]));
      const e = await refusal(out(`absolute-${i}.tar.gz`));
      expect(e.message).toMatch(/an absolute path/);
    }
    expect(fs.existsSync('/tmp/attt-abs')).toBe(false);
  });

  it('links and devices: a symlink (to /etc/passwd, to ../), a hard link, a character device, a FIFO', async () => {
    const cases = [
      { name: 'symlink-passwd', header: { name: 'results.json', type: 'symlink' as const, linkname: '/etc/passwd' }, what: /symbolic link/ },
      { name: 'symlink-up', header: { name: 'answers', type: 'symlink' as const, linkname: '../..' }, what: /symbolic link/ },
      { name: 'hardlink', header: { name: 'inventory.yaml', type: 'link' as const, linkname: '/etc/shadow' }, what: /hard link/ },
      { name: 'device', header: { name: 'results.json', type: 'character-device' as const, devmajor: 1, devminor: 3 }, what: /character-device/ },
      { name: 'fifo', header: { name: 'results.json', type: 'fifo' as const }, what: /fifo/ },
    ];
    for (const c of cases) {
      fs.writeFileSync(out(`${c.name}.tar.gz`), await rawArchive([{ header: c.header }]));
      const e = await refusal(out(`${c.name}.tar.gz`));
      expect(e.code, c.name).toBe('ATTT_BUNDLE_INVALID');
      expect(e.message, c.name).toMatch(c.what);
    }
  });

  it('bombs: a gzip that inflates past the ratio, past the total, too many entries, an entry over its limit', async () => {
    fs.writeFileSync(out('bomb-ratio.tar.gz'), await rawArchive([{ header: { name: 'results.json', size: 64 * 1024 * 1024 }, data: Buffer.alloc(64 * 1024 * 1024) }]));
    const ratio = await refusal(out('bomb-ratio.tar.gz'));
    expect(ratio.code).toBe('ATTT_BUNDLE_TOO_LARGE');
    expect(ratio.message).toMatch(/compression bomb/);
    const small = { ...DEFAULT_BUNDLE_LIMITS, maxTotalBytes: 256 * 1024, maxRatio: 10_000 };
    fs.writeFileSync(out('bomb-total.tar.gz'), await rawArchive([{ header: { name: 'results.json', size: 1024 * 1024 }, data: Buffer.alloc(1024 * 1024, 'a') }]));
    expect((await refusal(out('bomb-total.tar.gz'), small)).message).toMatch(/inflates past 256 KiB/);
    const many = Array.from({ length: 50 }, (_, i) => ({ header: { name: `f${i}.txt`, size: 1 }, data: Buffer.from('x') }));
    fs.writeFileSync(out('bomb-entries.tar.gz'), await rawArchive(many));
    expect((await refusal(out('bomb-entries.tar.gz'), { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 20 })).message).toMatch(/more than 20 entries/);
    fs.writeFileSync(out('bomb-entry.tar.gz'), await rawArchive([{ header: { name: 'results.json', size: 200 * 1024 }, data: Buffer.alloc(200 * 1024, 'b') }]));
    const entry = await refusal(out('bomb-entry.tar.gz'), { ...DEFAULT_BUNDLE_LIMITS, maxEntryBytes: 100 * 1024 });
    expect(entry.message).toMatch(/"results\.json" is 200 KiB, over the 100 KiB limit/);
  });

  it('newer attt: a manifest from attt 99, format attt.bundle/2, a results.json from a newer attt (all validly signed)', async () => {
    const key = dep.units['van-phong'].key;
    const newerTool = await refusal(await rewrite(good, out('newer-tool.tar.gz'), (_e, m) => void (m.tool.version = '99.0.0'), key));
    expect(newerTool.code).toBe('ATTT_BUNDLE_VERSION');
    expect(newerTool.message).toContain('attt 99.0.0');
    const newerFormat = await refusal(await rewrite(good, out('newer-format.tar.gz'), (_e, m) => void ((m as { format: string }).format = 'attt.bundle/2'), key));
    expect(newerFormat.code).toBe('ATTT_BUNDLE_VERSION');
    expect(newerFormat.message).toContain('attt.bundle/2');
    const newerResults = await refusal(await rewrite(good, out('newer-results.tar.gz'), (entries) => {
      const r = entries.find((x) => x.name === 'results.json')!;
      const json = JSON.parse(r.data.toString('utf8'));
      json.tool.version = '42.1.0';
      r.data = Buffer.from(JSON.stringify(json));
    }, key));
    expect(newerResults.code).toBe('ATTT_BUNDLE_VERSION');
    expect(newerResults.message).toContain('results.json');
  });

  it('results for another unit: a result, a target of another unit inside the bundle', async () => {
    const key = dep.units['van-phong'].key;
    for (const field of ['results', 'targets'] as const) {
      const e = await refusal(await rewrite(good, out(`other-unit-${field}.tar.gz`), (entries) => {
        const r = entries.find((x) => x.name === 'results.json')!;
        const json = JSON.parse(r.data.toString('utf8'));
        json[field][1].unit = 'bao-tro-xa-hoi';
        r.data = Buffer.from(JSON.stringify(json));
      }, key));
      expect(e.code).toBe('ATTT_BUNDLE_FOREIGN_SYSTEM');
      expect(e.message).toContain(`results.json ${field}[1]`);
    }
  });
});
