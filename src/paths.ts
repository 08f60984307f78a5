import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

/**
 * The package root (where package.json, checks/, templates/ live), found from this file's
 * location so it works both from sources (vitest) and from dist/ (the installed CLI).
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'checks'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('attt: cannot find the package root');
    dir = parent;
  }
}

/** Path of a data file shipped in the package (e.g. `checks/data/eol.yaml`, `templates/`). */
export function packagePath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}

export function toolVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
