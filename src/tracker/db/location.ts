/** Where a tracker lives: an SQLite file path, or a PostgreSQL URL whose password is never shown. */

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

export function isPostgresLocation(location: string): boolean {
  return POSTGRES_URL.test(location);
}

/**
 * The location as it may be printed: a URL's password (and any `password=` parameter) replaced by
 * `***`. A string that does not parse as a URL is shown as scheme and host only.
 */
export function redactLocation(location: string): string {
  if (!isPostgresLocation(location)) return location;
  try {
    const url = new URL(location);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) if (/pass/i.test(key)) url.searchParams.set(key, '***');
    return url.toString();
  } catch {
    return location.replace(/^(postgres(?:ql)?:\/\/)[^@/]*@/i, '$1***@').replace(/([?&][^=]*pass[^=]*=)[^&]*/gi, '$1***');
  }
}

/** Every secret a location carries, to scrub from messages that did not come from attt (server or driver errors). */
export function secretsOf(location: string): string[] {
  if (!isPostgresLocation(location)) return [];
  const out: string[] = [];
  try {
    const url = new URL(location);
    if (url.password) out.push(url.password, decodeURIComponent(url.password));
    for (const [key, value] of url.searchParams) if (/pass/i.test(key) && value) out.push(value);
  } catch {
    const m = /^postgres(?:ql)?:\/\/[^:@/]*:([^@/]*)@/i.exec(location);
    if (m?.[1]) out.push(m[1]);
  }
  return [...new Set(out.filter((s) => s.length > 0))];
}

/** `text` with every secret of `location` replaced by `***`. */
export function scrub(text: string, location: string): string {
  let out = text;
  for (const s of secretsOf(location)) out = out.split(s).join('***');
  return out;
}
