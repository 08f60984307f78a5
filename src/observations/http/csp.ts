/**
 * Content-Security-Policy parsing, directive by directive. The rules follow the CSP Level 3
 * grammar loosely (directives split on `;`, sources on whitespace, names case-insensitive) and
 * mirror the MDN HTTP Observatory's parser where it is stricter (a duplicated directive makes
 * the policy invalid; report-uri/report-to duplicates only warn), so scores agree.
 */

export interface ParsedCsp {
  /** directive → source set (lowercased). A source-list directive with no sources means `'none'`. */
  directives: Map<string, Set<string>>;
  /** Duplicated report-uri / report-to directives (harmless, reported as a warning). */
  duplicateWarnings: string[];
}

export type CspParseResult = { ok: true; csp: ParsedCsp } | { ok: false; reason: string };

// The shortest policy the Observatory accepts is `img-src` minus one character.
const SHORTEST_POLICY = 'img-src'.length - 1;
const ALLOWED_DUPLICATES = new Set(['report-uri', 'report-to']);
/** Directives a `<meta http-equiv>` policy may not carry (HTML spec): ignored there. */
export const DIRECTIVES_DISALLOWED_IN_META = ['frame-ancestors', 'report-uri', 'sandbox'];
const compare = new Intl.Collator('en').compare;

interface Source {
  source: string;
  policy: number;
  keep: boolean;
}

/**
 * Parse one or more policies (each header line, or each meta tag, is one policy). With several
 * policies a source counts only if every policy that names the directive allows it, as a
 * browser enforces all policies at once.
 */
export function parseCsp(policies: readonly string[]): CspParseResult {
  const clean = policies.map((p) => p.replace(/[\r\n]/g, '').trim());
  if (clean.length === 0) return { ok: true, csp: { directives: new Map(), duplicateWarnings: [] } };
  for (const p of clean) if (!p || p.length < SHORTEST_POLICY) return { ok: false, reason: `policy too short: "${p.slice(0, 40)}"` };

  const merged = new Map<string, Source[]>();
  const duplicateWarnings = new Set<string>();
  for (const [index, policy] of clean.entries()) {
    const seen = new Set<string>();
    for (const entry of policy.split(';')) {
      const [name, ...values] = entry.trim().split(/\s+/);
      if (!name) continue;
      const directive = name.toLowerCase();
      if (seen.has(directive)) {
        if (!ALLOWED_DUPLICATES.has(directive)) return { ok: false, reason: `duplicate directive ${directive}` };
        duplicateWarnings.add(directive);
        continue; // the first occurrence wins (CSP3 §2.2.1)
      }
      seen.add(directive);
      const sources: Source[] = values.map((v) => ({ source: v.trim().toLocaleLowerCase(), policy: index, keep: true }));
      if (sources.length === 0 && directive.endsWith('-src')) sources.push({ source: "'none'", policy: index, keep: true });
      const previous = merged.get(directive);
      if (index > 0 && previous) {
        // Intersection across policies: keep what both allow.
        const later = new Set(sources.map((s) => s.source));
        merged.set(directive, previous.filter((s) => later.has(s.source)));
      } else {
        // Within a policy, a source that extends the previous one (sorted) is redundant.
        sources.sort((a, b) => compare(a.source, b.source));
        for (let i = 1; i < sources.length; i++) if (sources[i].source.startsWith(sources[i - 1].source)) sources[i].keep = false;
        merged.set(directive, sources.filter((s) => s.keep));
      }
    }
  }
  const directives = new Map<string, Set<string>>();
  for (const [directive, sources] of merged) directives.set(directive, sources.length ? new Set(sources.map((s) => s.source)) : new Set(["'none'"]));
  return { ok: true, csp: { directives, duplicateWarnings: [...duplicateWarnings] } };
}

/** A meta-tag policy, without the directives HTML ignores there. */
export function parseCspMeta(policies: readonly string[]): CspParseResult {
  const parsed = parseCsp(policies);
  if (parsed.ok) for (const d of DIRECTIVES_DISALLOWED_IN_META) parsed.csp.directives.delete(d);
  return parsed;
}

/** Sources so broad that they allow nearly anything (Observatory's DANGEROUSLY_BROAD list). */
export const BROAD_SOURCES = new Set(['ftp:', 'http:', 'https:', '*', 'http://*', 'http://*.*', 'https://*', 'https://*.*']);
/** Sources that allow inline script. */
export const INLINE_SOURCES = new Set(["'unsafe-inline'", 'data:']);

export function hasNonceOrHash(sources: Iterable<string>): boolean {
  for (const s of sources) if (/^'(nonce-|sha256-|sha384-|sha512-)/.test(s)) return true;
  return false;
}

/** The effective source list of a fetch directive: itself, else default-src, else undefined (anything allowed). */
export function effectiveSources(csp: ParsedCsp, directive: string): Set<string> | undefined {
  return csp.directives.get(directive) ?? csp.directives.get('default-src');
}
