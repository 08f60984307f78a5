import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, isPair, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { InventoryInvalidError } from '../errors.js';
import { readInputText } from '../files/index.js';
import { inventorySchema, type Inventory, isHostTarget, isSshTarget, isTlsTarget, isUrlTarget } from './schema.js';

/** Alias expansions allowed in an inventory (YAML `*name`); a few are fine, a bomb is refused. */
const MAX_ALIAS_COUNT = 100;

/** One validation problem, positioned in the source file. */
export interface InventoryProblem {
  file: string;
  line: number;
  column: number;
  /** Path in the document, e.g. `units[2].systems[0].targets[1].ports`. */
  path: string;
  message: string;
}

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? String(s) : `.${String(s)}`;
  return out || '(root)';
}

/** Load, parse and validate an inventory file. Throws InventoryInvalidError listing every problem. */
export function loadInventory(file: string): Inventory {
  const text = readInputText(file, 'inventory', {
    unreadable: (code, cause) =>
      new InventoryInvalidError(
        {
          vi: `Không đọc được tệp inventory ${file} (${code}).${code === 'ENOENT' ? ' Tạo tệp mẫu bằng "attt init".' : ''}`,
          en: `Cannot read inventory file ${file} (${code}).${code === 'ENOENT' ? ' Create a sample with "attt init".' : ''}`,
        },
        [],
        { cause },
      ),
  });
  return parseInventory(text, file);
}

export function parseInventory(text: string, file: string): Inventory {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: InventoryProblem[] = [];
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  for (const e of doc.errors) {
    problems.push({ file, ...at(e.pos[0]), path: '(yaml)', message: e.message.split('\n')[0] });
  }
  if (problems.length) throw invalid(file, problems);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml library stops expanding aliases past the count ("billion laughs"): bad input, not a crash.
    throw invalid(file, [{ file, line: 1, column: 1, path: '(yaml)', message: `too many alias expansions (more than ${MAX_ALIAS_COUNT}); an inventory needs no YAML aliases (${(error as Error).message})` }]);
  }
  const parsed = inventorySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...describeIssue(issue, doc, file, at));
  } else {
    problems.push(...semanticProblems(parsed.data, doc, file, at));
  }
  if (problems.length) throw invalid(file, problems);
  const inventory = parsed.data as Inventory;
  inventory.sourceFile = path.resolve(file);
  return inventory;
}

function invalid(file: string, problems: InventoryProblem[]): InventoryInvalidError {
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const details = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.path}: ${p.message}`);
  return new InventoryInvalidError(
    {
      vi: `Inventory ${file} không hợp lệ (${problems.length} lỗi):`,
      en: `Inventory ${file} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
    },
    details,
  );
}

type At = (offset: number | undefined) => { line: number; column: number };

function nodeAt(doc: Document, segments: readonly PropertyKey[]): Node | undefined {
  // Walk up until an existing node is found (a missing key is reported at its parent).
  for (let n = segments.length; n >= 0; n--) {
    const node = doc.getIn(segments.slice(0, n) as unknown[], true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node) return node;
  }
  return doc.contents ?? undefined;
}

function keyNodeOffset(doc: Document, parent: readonly PropertyKey[], key: string): number | undefined {
  const map = doc.getIn(parent as unknown[], true);
  if (isMap(map)) {
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key.range?.[0];
    }
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, file: string, at: At): InventoryProblem[] {
  const segments = issue.path as PropertyKey[];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      ...at(keyNodeOffset(doc, segments, key) ?? nodeAt(doc, segments)?.range?.[0]),
      path: formatPath([...segments, key]),
      message: `unknown key "${key}" (allowed: ${allowedKeys(segments)})`,
    }));
  }
  const node = nodeAt(doc, segments);
  return [{ file, ...at(node?.range?.[0]), path: formatPath(segments), message: withReceived(explain(issue), issue, doc.getIn(segments as unknown[])) }];
}

/** Say the value received (`"127.0.0.0/33" is not a CIDR …`), so the reader sees what to fix without opening the file. */
function withReceived(message: string, issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined || value === null || typeof value === 'object') return message;
  const shown = JSON.stringify(value).slice(0, 80);
  if (message.includes(shown) || message.includes(String(value))) return message;
  if (issue.code === 'custom' || issue.code === 'invalid_format') return `${shown} is not ${message}`;
  return `${message} (got ${shown})`;
}

/** Human wording for a zod issue: what was expected. */
function explain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    if (received === undefined) return `required: ${issue.expected} is missing`;
    return `expected ${issue.expected}, got ${JSON.stringify(received)?.slice(0, 60)}`;
  }
  if (issue.code === 'invalid_union') {
    return 'a target must be one of: {url: https://…}, {host: 10.0.0.5, ports: "top-100"}, {tls: host:port}, {hosts: 10.0.0.0/24} or {hostsFile: hosts.txt}; check the key names';
  }
  return issue.message;
}

function allowedKeys(segments: readonly PropertyKey[]): string {
  const last = [...segments].reverse().find((s) => typeof s === 'string');
  const table: Record<string, string> = {
    '': 'organization, scope, defaults, trust, frameworks, report, units',
    organization: 'name, code, parent, place',
    scope: 'allow',
    defaults: 'timeoutMs, concurrency, ports, speed, expiringDays',
    trust: 'caFiles',
    report: 'number, symbol, place, recipients, kinhGui, preparer, signer, draftingOffice, copies, plan, assessor',
    units: 'id, name, head, owner, bundleSigners, report, systems',
    bundleSigners: 'name, certificate, sha256',
    systems: 'id, name, level, description, approval, questionnaires, owner, targets, probePrinterPorts, probeDefaultCredentials',
    targets: 'url+address | host+ports+expectedOpen | tls+sni+starttls+address | hosts/hostsFile+ports+expectedOpen+discoveryPorts (and name)',
    head: 'name, title',
    owner: 'name, email',
  };
  return table[(last as string) ?? ''] ?? table[''];
}

/** Rules zod cannot express: unique ids, expectedOpen only on host targets, caFiles exist. */
function semanticProblems(inv: Inventory, doc: Document, file: string, at: At): InventoryProblem[] {
  const problems: InventoryProblem[] = [];
  const push = (segments: PropertyKey[], message: string) =>
    problems.push({ file, ...at(nodeAt(doc, segments)?.range?.[0]), path: formatPath(segments), message });
  const base = path.dirname(path.resolve(file));
  const unitIds = new Map<string, number>();
  inv.units.forEach((unit, u) => {
    if (unitIds.has(unit.id)) push(['units', u, 'id'], `duplicate unit id "${unit.id}" (first used at units[${unitIds.get(unit.id)}])`);
    else unitIds.set(unit.id, u);
    (unit.bundleSigners ?? []).forEach((signer, i) => {
      const at = ['units', u, 'bundleSigners', i];
      if ((signer.certificate === undefined) === (signer.sha256 === undefined)) push(at, 'give exactly one of certificate (a file) or sha256 (its fingerprint)');
      else if (signer.certificate !== undefined && !fs.existsSync(path.resolve(base, signer.certificate))) push([...at, 'certificate'], `certificate file not found: ${path.resolve(base, signer.certificate)}`);
    });
    const systemIds = new Map<string, number>();
    unit.systems.forEach((system, s) => {
      if (systemIds.has(system.id))
        push(['units', u, 'systems', s, 'id'], `duplicate system id "${system.id}" in unit "${unit.id}" (first used at systems[${systemIds.get(system.id)}])`);
      else systemIds.set(system.id, s);
      const seen = new Set<string>();
      system.targets.forEach((target, t) => {
        const label = isUrlTarget(target) ? target.url : isHostTarget(target) ? `host ${target.host}` : isTlsTarget(target) ? `tls ${target.tls}` : isSshTarget(target) ? `ssh ${target.ssh}` : `hosts ${JSON.stringify(target)}`;
        if (seen.has(label)) push(['units', u, 'systems', s, 'targets', t], `duplicate target ${label}`);
        seen.add(label);
        if (isTlsTarget(target) || isSshTarget(target)) {
          const field = isTlsTarget(target) ? 'tls' : 'ssh';
          const text = isTlsTarget(target) ? target.tls : target.ssh;
          const port = Number(text.slice(text.lastIndexOf(':') + 1));
          if (port < 1 || port > 65535) push(['units', u, 'systems', s, 'targets', t, field], `port ${port} is outside 1-65535`);
        }
      });
    });
  });
  inv.trust.caFiles.forEach((ca, i) => {
    if (!fs.existsSync(path.resolve(base, ca))) push(['trust', 'caFiles', i], `CA file not found: ${path.resolve(base, ca)}`);
  });
  return problems;
}

/** Resolve a path written in the inventory relative to the inventory file. */
export function resolveFromInventory(inv: Inventory, p: string): string {
  return path.resolve(inv.sourceFile ? path.dirname(inv.sourceFile) : process.cwd(), p);
}
