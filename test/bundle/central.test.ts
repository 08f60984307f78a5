import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-central-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inventory = (signers: string) => {
  const file = path.join(dir, `central-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(
    file,
    `organization: { name: "Sở Demo" }
scope: { allow: ["127.0.0.0/8"] }
units:
  - id: van-phong
    name: "Văn phòng Sở"
    bundleSigners:
${signers}
    systems: []
`,
  );
  return file;
};
const problems = (file: string) => {
  try {
    loadInventory(file);
  } catch (error) {
    return (error as { code: string; details: string[] }).details;
  }
  throw new Error('accepted');
};

describe('central inventory: units[].bundleSigners', () => {
  it('accepts a certificate file and a fingerprint with or without colons', () => {
    fs.writeFileSync(path.join(dir, 'a.pem'), 'x');
    const inv = loadInventory(inventory(`      - { name: "A", certificate: a.pem }\n      - { sha256: "${'AB:'.repeat(31)}AB" }\n      - { sha256: "${'0f'.repeat(32)}" }`));
    expect(inv.units[0].bundleSigners).toHaveLength(3);
  });

  it('names the file, line and path of each mistake', () => {
    const file = inventory(`      - { name: "A", certificate: missing.pem }\n      - { sha256: "1234" }\n      - { name: "both", certificate: a.pem, sha256: "${'00'.repeat(32)}" }\n      - { name: "none" }\n      - { name: "typo", certifcate: a.pem }`);
    const details = problems(file);
    expect(details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:\\d+ units\\[0\\]\\.bundleSigners\\[1\\]\\.sha256: .*SHA-256 fingerprint`)),
        expect.stringMatching(/:11:\d+ units\[0\]\.bundleSigners\[4\]\.certifcate: unknown key "certifcate" \(allowed: name, certificate, sha256\)/),
      ]),
    );
    const semantic = problems(inventory(`      - { name: "A", certificate: missing.pem }\n      - { name: "both", certificate: a.pem, sha256: "${'00'.repeat(32)}" }\n      - { name: "none" }`));
    expect(semantic).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:7:\d+ units\[0\]\.bundleSigners\[0\]\.certificate: certificate file not found: .*missing\.pem/),
        expect.stringMatching(/:8:\d+ units\[0\]\.bundleSigners\[1\]: give exactly one of certificate/),
        expect.stringMatching(/:9:\d+ units\[0\]\.bundleSigners\[2\]: give exactly one of certificate/),
      ]),
    );
  });
});
