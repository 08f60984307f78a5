import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { describeYamlIssues } from '../../files/index.js';
import { dataGeneration, readDataFile } from '../../paths.js';

/**
 * The table of administration interfaces (checks/data/admin-interfaces.yaml; its header explains
 * the fields): which read-only paths the HTTP scanner may request, which links of a page it
 * follows, and the markers that recognise each product's responses. Pure: the scanner records
 * responses, the check recognises them with this table.
 */
/** Requests per site: the table's paths, and the links of the page that match a product. */
export const MAX_ADMIN_PATHS = 16;
export const MAX_ADMIN_LINKS = 8;

const regex = z
  .string()
  .min(1)
  .max(200)
  .refine((text) => {
    try {
      new RegExp(text, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression');

const markerSchema = z.union([
  z.object({ realm: regex }).strict(),
  z.object({ header: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a lowercase header name'), value: regex.optional() }).strict(),
  z.object({ title: regex }).strict(),
]);

const productSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'a lowercase id of letters, digits and -'),
    name: z.string().min(1).max(100),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    paths: z.array(z.string().regex(/^\/[\x21-\x7e]{0,200}$/, 'an absolute path of printable ASCII')).max(4),
    links: z.array(regex).max(8),
    markers: z.array(markerSchema).min(1).max(8),
    source: z.string().min(1),
  })
  .strict();

export const adminInterfacesSchema = z
  .object({
    version: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'), z.date().transform((d) => d.toISOString().slice(0, 10))]),
    products: z.array(productSchema).min(1).max(100),
  })
  .strict()
  .refine((t) => new Set(t.products.flatMap((p) => p.paths)).size <= MAX_ADMIN_PATHS, `at most ${MAX_ADMIN_PATHS} distinct paths in all (each is one request per site)`);

export type AdminInterfaceTable = z.infer<typeof adminInterfacesSchema> & { sha256: string };
export type AdminProduct = AdminInterfaceTable['products'][number];

/** Parse the table's text; errors name the file, the place (line or path) and the value. */
export function parseAdminInterfaces(text: string, file: string): AdminInterfaceTable {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = `${file}:${e.linePos?.[0]?.line ?? '?'}`;
    throw new InputError('ATTT_DATA_INVALID', { vi: `${where}: không phải YAML hợp lệ: ${e.message.split('\n')[0]}`, en: `${where}: not valid YAML: ${e.message.split('\n')[0]}` });
  }
  const parsed = adminInterfacesSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const details = describeYamlIssues(doc, lineCounter, file, parsed.error.issues);
    throw new InputError('ATTT_DATA_INVALID', { vi: `Bảng giao diện quản trị sai cấu trúc: ${details[0]}`, en: `The administration-interface table has the wrong shape: ${details[0]}` }, { details });
  }
  return { ...parsed.data, sha256: createHash('sha256').update(text).digest('hex') };
}

let loaded: { generation: string; table: AdminInterfaceTable } | undefined;
/** The table in use: the one installed with `attt data update`, else the bundled one (read once per data change). */
export function adminInterfaceTable(): AdminInterfaceTable {
  if (loaded?.generation !== dataGeneration()) {
    const { text, file } = readDataFile('admin-interfaces.yaml');
    loaded = { generation: dataGeneration(), table: parseAdminInterfaces(text, file) };
  }
  return loaded.table;
}

/** One response the scanner recorded for the admin-interface check: facts only. */
export interface AdminResponse {
  /** Path (and query) requested on the site's origin. */
  path: string;
  /** `page`: the target page itself; `path`: from the table's paths; `link`: linked from the page. */
  via: 'page' | 'path' | 'link';
  status?: number;
  /** The realm of a WWW-Authenticate challenge. */
  realm?: string;
  title?: string;
  /** First value of each header the table's markers name (and Server), bounded. */
  headers: Record<string, string>;
  error?: string;
}

export interface AdminInterfaceProbes {
  /** Which table chose the requests (its version and SHA-256). */
  data: { version: string; sha256: string };
  responses: AdminResponse[];
}

/** Header names worth recording: those the markers name, plus Server. */
export function markerHeaders(table: AdminInterfaceTable): string[] {
  return [...new Set(['server', ...table.products.flatMap((p) => p.markers.flatMap((m) => ('header' in m ? [m.header] : [])))])];
}

/** Paths to request on every site, in table order, deduplicated. */
export function adminProbePaths(table: AdminInterfaceTable): string[] {
  return [...new Set(table.products.flatMap((p) => p.paths))].slice(0, MAX_ADMIN_PATHS);
}

/** Same-origin links of a page whose path a product's `links` pattern matches (bounded). */
export function adminLinks(table: AdminInterfaceTable, html: string, pageUrl: string): string[] {
  const base = new URL(pageUrl);
  const found = new Set<string>();
  const re = /<(?:a|link|form|iframe|frame)\b[^>]*?\b(?:href|action|src)\s*=\s*(?:"([^"]{1,2048})"|'([^']{1,2048})'|([^\s"'<>`]{1,2048}))/gi;
  let m: RegExpExecArray | null;
  let seen = 0;
  const text = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  while ((m = re.exec(text)) && seen++ < 5000 && found.size < MAX_ADMIN_LINKS) {
    let url: URL;
    try {
      url = new URL((m[1] ?? m[2] ?? m[3]).replace(/&amp;/g, '&').trim(), base);
    } catch {
      continue;
    }
    if (url.origin !== base.origin) continue;
    if (table.products.some((p) => p.links.some((l) => new RegExp(l, 'i').test(url.pathname)))) found.add(url.pathname + url.search);
  }
  return [...found];
}

/** The text of the first <title> of an HTML prefix, entity-light and bounded. */
export function htmlTitle(html: string): string | undefined {
  const m = /<title[^>]*>([\s\S]{0,400}?)<\/title>/i.exec(html);
  if (!m) return undefined;
  return m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** The realm of a WWW-Authenticate challenge (`Basic realm="…"`), bounded. */
export function challengeRealm(header: string | undefined): string | undefined {
  const m = header ? /realm\s*=\s*"([^"]{0,200})"/i.exec(header) : null;
  return m?.[1];
}

export interface AdminMatch {
  product: AdminProduct;
  response: AdminResponse;
  /** Which marker matched, for the evidence (`realm`, `header x-jenkins`, `title`). */
  marker: string;
}

/** Every product the responses show, once each (the first response that shows it). */
export function recognizeAdminInterfaces(table: AdminInterfaceTable, responses: AdminResponse[]): AdminMatch[] {
  const out: AdminMatch[] = [];
  for (const product of table.products) {
    for (const response of responses) {
      const marker = product.markers.find((mk) => {
        if ('realm' in mk) return response.realm !== undefined && new RegExp(mk.realm, 'i').test(response.realm);
        if ('title' in mk) return response.title !== undefined && new RegExp(mk.title, 'i').test(response.title);
        const value = response.headers[mk.header];
        return value !== undefined && (!mk.value || new RegExp(mk.value, 'i').test(value));
      });
      if (marker) {
        out.push({ product, response, marker: 'realm' in marker ? 'realm' : 'title' in marker ? 'title' : `header ${marker.header}` });
        break;
      }
    }
  }
  return out;
}
