import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../tracker/helpers.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-fill-cli-'));
  fs.writeFileSync(path.join(dir, 'inventory.yaml'), YAML.stringify({
    organization: { name: 'Sở thử nghiệm' }, scope: { allow: ['127.0.0.1/32'] },
    units: [{ id: 'van-phong', name: 'Văn phòng' }, { id: 'nguoi-co-cong', name: 'Phòng Người có công' }],
  }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('questionnaire fill from the command line', () => {
  it('a unit id that is not in the inventory: exit 2 with a suggestion for the typo', async () => {
    const run = await runCli(['questionnaire', 'fill', 'password-policy', '--unit', 'van-phnog'], { cwd: dir, env: { ATTT_LANG: 'vi' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Không có đơn vị "van-phnog"');
    expect(run.stderr).toContain('Có phải ý bạn là "van-phong"?');
    expect(run.stderr).toContain('nguoi-co-cong, van-phong');
    expect(fs.existsSync(path.join(dir, 'answers', 'van-phnog'))).toBe(false);
  });

  it('--inventory names the inventory; a unit with an answers folder is known too', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-fill-cli-b-'));
    try {
      const noInventory = await runCli(['questionnaire', 'fill', 'password-policy', '--unit', 'van-phong'], { cwd: elsewhere });
      expect(noInventory.code).toBe(2);
      expect(noInventory.stderr).toContain('--inventory');
      fs.mkdirSync(path.join(elsewhere, 'answers', 'ke-toan'), { recursive: true });
      const known = await runCli(['questionnaire', 'fill', 'password-policy', '--unit', 'ke-toan'], { cwd: elsewhere });
      expect(known.stderr).not.toContain('No unit');
      const viaFlag = await runCli(['questionnaire', 'fill', 'password-policy', '--unit', 'van-phong', '--inventory', path.join(dir, 'inventory.yaml')], { cwd: elsewhere });
      expect(viaFlag.stderr).not.toContain('No unit');
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('without a terminal: exit 2, pointing to the template and the spreadsheet', async () => {
    const run = await runCli(['questionnaire', 'fill', 'password-policy', '--unit', 'van-phong'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs an interactive terminal');
    expect(run.stderr).toContain('attt questionnaire template password-policy --unit van-phong');
    expect(run.stderr).toContain('attt questionnaire export password-policy --unit van-phong --out van-phong.xlsx');
    const json = await runCli(['--json', 'questionnaire', 'fill', 'password-policy', '--unit', 'van-phong'], { cwd: dir });
    expect(JSON.parse(json.stdout).error).toMatchObject({ exitCode: 2 });
  });
});
