import type { HtmlFacts } from './types.js';

const MAX_TAGS = 2000;
const MAX_SCRIPTS = 200;

/** Attributes of one start tag, lowercased names; values as written (bounded). */
export function parseAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(tag)) && n++ < 100) {
    const name = m[1].toLowerCase();
    if (name in attrs) continue; // HTML keeps the first occurrence
    attrs[name] = (m[2] ?? m[3] ?? m[4] ?? '').slice(0, 4096);
  }
  return attrs;
}

/**
 * Facts from the bounded HTML prefix: meta policies, scripts (for Subresource Integrity) and
 * insecure active content. A small tag scanner, not a DOM: the input is a hostile, truncated
 * prefix, so every loop is bounded and nothing is executed or rendered.
 */
export function extractHtmlFacts(html: string, pageIsHttps: boolean): HtmlFacts {
  const facts: HtmlFacts = { metaCsp: [], scripts: [], mixedContent: [] };
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  const re = /<(meta|script|iframe|link|embed|object)\b([^>]*)>/gi;
  let m: RegExpExecArray | null;
  let count = 0;
  while ((m = re.exec(text)) && count++ < MAX_TAGS) {
    const tag = m[1].toLowerCase();
    const attrs = parseAttributes(m[2]);
    if (tag === 'meta') {
      const equiv = attrs['http-equiv']?.trim().toLowerCase();
      if (equiv === 'content-security-policy' && attrs.content) facts.metaCsp.push(attrs.content);
      else if (attrs.name?.trim().toLowerCase() === 'referrer' && attrs.content) facts.metaReferrer = attrs.content;
      continue;
    }
    const url = tag === 'link' ? (/\bstylesheet\b/i.test(attrs.rel ?? '') ? attrs.href : undefined) : tag === 'object' ? attrs.data : attrs.src;
    if (tag === 'script' && attrs.src !== undefined && facts.scripts.length < MAX_SCRIPTS) {
      facts.scripts.push({ src: attrs.src, ...(attrs.integrity !== undefined ? { integrity: attrs.integrity } : {}), ...(attrs.crossorigin !== undefined ? { crossorigin: attrs.crossorigin } : {}) });
    }
    if (pageIsHttps && url && /^\s*http:\/\//i.test(url) && facts.mixedContent.length < 50) facts.mixedContent.push(url.trim());
  }
  return facts;
}

/** Multi-label public suffixes common for our users (a small stand-in for the Public Suffix List). */
const MULTI_LABEL_SUFFIXES = new Set(['gov.vn', 'com.vn', 'edu.vn', 'org.vn', 'net.vn', 'ac.vn', 'info.vn', 'co.uk', 'org.uk', 'gov.uk', 'ac.uk', 'com.au', 'co.jp', 'com.cn', 'com.sg']);

/** The registrable domain ("second-level domain") of a host; undefined for IP literals. */
export function registrableDomain(host: string): string | undefined {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (/^[\d.]+$/.test(h) || h.includes(':')) return undefined;
  const labels = h.split('.');
  if (labels.length < 2) return undefined;
  const lastTwo = labels.slice(-2).join('.');
  if (MULTI_LABEL_SUFFIXES.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : undefined;
  return lastTwo;
}

/** Whether a Content-Type names an HTML document. Kept here, apart from the undici-based fetcher, so checks can use it without loading the HTTP client. */
export function isHtml(contentType: string | undefined): boolean {
  const mime = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return mime === 'text/html' || mime === 'application/xhtml+xml';
}
