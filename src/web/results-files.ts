import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The tracker records each import by file name and SHA-256, not by path. The results file of a
 * cycle is found again by looking, beside the database and in the configured results folders
 * (and one level of sub-folders, such as the demo's ky-truoc/), for a file of that name whose
 * content still has that hash — so an edited or swapped file is never taken for the original.
 */
export class ResultsFiles {
  private readonly hashes = new Map<string, { key: string; sha256: string }>();

  constructor(private readonly dirs: readonly string[]) {}

  find(name: string, sha256: string): string | null {
    const base = path.basename(name);
    for (const dir of this.dirs) {
      const candidates = [path.join(dir, base)];
      try {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) candidates.push(path.join(dir, e.name, base));
      } catch {
        continue;
      }
      for (const file of candidates) if (this.hashOf(file) === sha256) return file;
    }
    return null;
  }

  private hashOf(file: string): string | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return null;
    }
    if (!st.isFile() || st.size > 1024 * 1024 * 1024) return null;
    const key = `${st.size}:${st.mtimeMs}`;
    const known = this.hashes.get(file);
    if (known?.key === key) return known.sha256;
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    this.hashes.set(file, { key, sha256 });
    return sha256;
  }
}
