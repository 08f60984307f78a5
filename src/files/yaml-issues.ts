import { isNode, type Document, type LineCounter } from 'yaml';

/**
 * Schema problems of a YAML document as `file:line:col: path: problem (value: …)`, so an
 * operator finds the place and sees what was there. Shown values are cut and stripped of
 * control characters (the file may come from anywhere).
 */
export function describeYamlIssues(doc: Document, lineCounter: LineCounter, file: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string[] {
  return issues.slice(0, 20).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let at: unknown;
    for (let n = path.length; n >= 0 && !at; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) at = lineCounter.linePos(node.range[0]);
    }
    const pos = at as { line: number; col: number } | undefined;
    const value = path.length ? doc.getIn(path) : undefined;
    const shown = value === undefined || typeof value === 'object' ? '' : ` (value: ${JSON.stringify(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 80)})`;
    return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${path.join('.') || '(root)'}: ${issue.message}${shown}`;
  });
}
