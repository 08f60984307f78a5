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

let dataOverlay: string | undefined;
let dataChanges = 0;
/**
 * The folder where `attt data update` installs data files that replace the bundled ones in
 * checks/data/. Set by the CLI (ATTT_DATA_DIR, else the user's data folder); unset, only the
 * bundled data is used (library use, tests).
 */
export function setDataOverlay(dir: string | undefined): void {
  dataOverlay = dir;
  dataChanges++;
}

/** Tell readers that cache a data file that the installed data changed (after `attt data update`). */
export function dataFilesChanged(): void {
  dataChanges++;
}

/** Changes whenever the data in use may have changed: a cache of a parsed data file keys on it. */
export function dataGeneration(): string {
  return `${dataOverlay ?? ''}#${dataChanges}`;
}
export function dataOverlayDir(): string | undefined {
  return dataOverlay;
}

/** A data file's text: the copy installed by `attt data update` when there is one, else the bundled checks/data/NAME. */
export function readDataFile(name: string): { text: string; file: string; origin: 'updated' | 'bundled' } {
  if (dataOverlay) {
    const installed = path.join(dataOverlay, name);
    if (fs.existsSync(installed)) return { text: fs.readFileSync(installed, 'utf8'), file: installed, origin: 'updated' };
  }
  return { text: fs.readFileSync(packagePath('checks', 'data', name), 'utf8'), file: `checks/data/${name}`, origin: 'bundled' };
}
