import fs from 'node:fs';
import path from 'node:path';
import { packagePath } from '../paths.js';

/**
 * How to run attt again from the place the user is: `attt` when that name on PATH is this
 * installation (after `npm install -g .` or `npm link`), else `node <path>/bin/attt.js`.
 * Never `npx attt`: outside this clone npx would download whatever public package is named
 * attt, which is not this tool.
 */
export function invocation(env: NodeJS.ProcessEnv): string {
  const bin = packagePath('bin', 'attt.js');
  if (isOnPath(env, bin)) return 'attt';
  return `node ${quote(bin)}`;
}

function quote(p: string): string {
  return /[\s"'$`\\]/.test(p) ? `"${p.replace(/(["$`\\])/g, '\\$1')}"` : p;
}

function realpath(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Whether `attt` on PATH leads to this package's bin/attt.js (npm's global shim is a symlink on Unix, a .cmd on Windows). */
function isOnPath(env: NodeJS.ProcessEnv, bin: string): boolean {
  const target = realpath(bin);
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const unix = realpath(path.join(dir, 'attt'));
    if (unix && unix === target) return true;
    const cmd = path.join(dir, 'attt.cmd');
    if (fs.existsSync(cmd)) {
      try {
        // npm's Windows shim names the package folder it runs.
        if (fs.readFileSync(cmd, 'utf8').includes(path.join('attt-audit', 'bin', 'attt.js'))) return true;
      } catch {
        /* unreadable shim: not ours as far as we can tell */
      }
    }
  }
  return false;
}
