/**
 * The architecture's import rules (docs/architecture.md, "Who may import what"), checked on the
 * real source tree with the TypeScript parser. Each rule is also shown to catch a violation on
 * a small made-up tree, so a rule that silently stopped matching would fail here.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

interface ImportEdge {
  from: string;
  /** The specifier as written. */
  spec: string;
  /** Repository-relative .ts path for relative specifiers; undefined for packages and node: modules. */
  target?: string;
  line: number;
}

/** Files at the top of src/ that every folder may import directly: errors, texts, labels, paths. */
const CORE_FILES = new Set(['src/errors.ts', 'src/i18n.ts', 'src/labels.ts', 'src/paths.ts']);
/** Modules that reach the network: pure code (observations, graders, checks, software) never imports them. */
const NETWORK_MODULES = new Set(['node:net', 'net', 'node:tls', 'tls', 'node:dgram', 'dgram', 'undici', 'node:http', 'node:https', 'node:http2']);
/** A file longer than this holds more than one idea: split it. */
const MAX_LINES = 400;
const PURE_ROOTS = ['src/observations/', 'src/graders/', 'src/software/', 'checks/'];

/**
 * The folder a file belongs to, as far as the import rules go: `checks` for the check files,
 * `src/scanners/<family>` and `src/observations/<family>` per family, `src/<folder>` otherwise.
 * A top-level file of src/ is its own unit.
 */
export function unitOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'checks') return 'checks';
  if (parts[0] !== 'src') return undefined;
  if (parts.length === 2) return file;
  if ((parts[1] === 'scanners' || parts[1] === 'observations') && parts.length > 3) return parts.slice(0, 3).join('/');
  return parts.slice(0, 2).join('/');
}

function entryOf(unit: string): string {
  return unit === 'checks' ? 'checks/index.ts' : `${unit}/index.ts`;
}

function importsOf(source: SourceFile): { edges: ImportEdge[]; hidden: number[]; doubleCasts: number[] } {
  const sf = ts.createSourceFile(source.file, source.text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const hidden: number[] = [];
  const doubleCasts: number[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (spec: string, node: ts.Node) => {
    let target: string | undefined;
    if (spec.startsWith('.')) {
      target = path.posix.normalize(path.posix.join(path.posix.dirname(source.file), spec)).replace(/\.js$/, '.ts');
    }
    edges.push({ from: source.file, spec, target, line: lineOf(node) });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) add(arg.text, node);
      else hidden.push(lineOf(node));
    } else if (ts.isAsExpression(node) && ts.isAsExpression(node.expression) && node.expression.type.kind === ts.SyntaxKind.UnknownKeyword) {
      doubleCasts.push(lineOf(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { edges, hidden, doubleCasts };
}

/** Every broken rule, one line each: `file:line: what is wrong`. */
export function checkArchitecture(sources: SourceFile[], exists: (file: string) => boolean): string[] {
  const problems: string[] = [];
  for (const source of sources) {
    const { edges, hidden, doubleCasts } = importsOf(source);
    const fromUnit = unitOf(source.file);
    for (const line of hidden) problems.push(`${source.file}:${line}: import() with a computed path hides a dependency from the compiler and from these rules`);
    for (const line of doubleCasts) problems.push(`${source.file}:${line}: \`as unknown as\` silences the type checker; type the boundary instead`);
    const lines = source.text.split('\n').length;
    if (lines > MAX_LINES) problems.push(`${source.file}:${lines}: ${lines} lines; split it (at most ${MAX_LINES} lines per file)`);
    for (const edge of edges) {
      const where = `${source.file}:${edge.line}`;
      const target = edge.target;
      if (source.file.startsWith('checks/') && target?.startsWith('src/scanners/')) {
        problems.push(`${where}: a check imports a scanner (${edge.spec}); checks read observations only (src/observations/<family>/index.ts)`);
      }
      if (PURE_ROOTS.some((root) => source.file.startsWith(root))) {
        if (NETWORK_MODULES.has(edge.spec)) problems.push(`${where}: pure code imports the network module ${edge.spec}`);
        if (target?.startsWith('src/scanners/')) problems.push(`${where}: pure code imports a scanner (${edge.spec})`);
      }
      if (target?.startsWith('src/cli/') && !source.file.startsWith('src/cli/')) {
        problems.push(`${where}: only the command line may import src/cli (${edge.spec})`);
      }
      if (!target) continue;
      const toUnit = unitOf(target);
      if (!toUnit || toUnit === fromUnit || CORE_FILES.has(target)) continue;
      if (target !== entryOf(toUnit)) {
        problems.push(`${where}: imports ${target}, an internal of ${toUnit}; import ${entryOf(toUnit)} instead`);
      } else if (!exists(target)) {
        problems.push(`${where}: ${toUnit} has no index.ts`);
      }
    }
  }
  return problems;
}

function productSources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) out.push({ file: rel, text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
    }
  };
  walk('src');
  walk('checks');
  return out;
}

describe('architecture rules', () => {
  it('hold for the source tree', () => {
    const sources = productSources();
    expect(sources.length).toBeGreaterThan(150);
    expect(checkArchitecture(sources, (f) => fs.existsSync(path.join(ROOT, f)))).toEqual([]);
  });

  it('catch each kind of violation', () => {
    const bad: SourceFile[] = [
      { file: 'checks/tls/protocol.x.ts', text: "import { scanTls } from '../../src/scanners/tls/observe.js';" },
      { file: 'src/engine/audit.ts', text: "import { EXIT } from '../cli/exit-codes.js';\nimport { x } from '../inventory/scope.js';" },
      { file: 'src/observations/tls/facts.ts', text: "import tls from 'node:tls';\nimport { request } from 'undici';\nimport { y } from '../../scanners/tls/index.js';" },
      { file: 'src/report/index.ts', text: "const p = '../tracker/db.js';\nawait import(p);\nawait import('../tracker/db.js');" },
      { file: 'src/tracker/db.ts', text: "import { z } from '../results/index.js';" },
      { file: 'src/web/app.ts', text: "const a = b as unknown as string;\nconst c = d as string;" },
      { file: 'src/report/long.ts', text: 'const x = 1;\n'.repeat(401) },
    ];
    const problems = checkArchitecture(bad, (f) => f !== 'src/results/index.ts');
    const expected = [
      'checks/tls/protocol.x.ts:1: a check imports a scanner',
      'checks/tls/protocol.x.ts:1: pure code imports a scanner',
      'checks/tls/protocol.x.ts:1: imports src/scanners/tls/observe.ts, an internal of src/scanners/tls',
      'src/engine/audit.ts:1: only the command line may import src/cli',
      'src/engine/audit.ts:1: imports src/cli/exit-codes.ts, an internal of src/cli',
      'src/engine/audit.ts:2: imports src/inventory/scope.ts, an internal of src/inventory',
      'src/observations/tls/facts.ts:1: pure code imports the network module node:tls',
      'src/observations/tls/facts.ts:2: pure code imports the network module undici',
      'src/observations/tls/facts.ts:3: pure code imports a scanner',
      'src/report/index.ts:2: import() with a computed path',
      'src/report/index.ts:3: imports src/tracker/db.ts, an internal of src/tracker',
      'src/tracker/db.ts:1: src/results has no index.ts',
      'src/web/app.ts:1: `as unknown as` silences the type checker',
      'src/report/long.ts:402: 402 lines; split it',
    ];
    for (const text of expected) expect(problems.some((p) => p.startsWith(text)), text).toBe(true);
    expect(problems).toHaveLength(expected.length);
  });
});
