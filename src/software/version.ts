/**
 * Version arithmetic for banner versions: `2.4.6`, `7.4p1` (OpenSSH portable), `1.0.2k`
 * (OpenSSL letter releases), `9.4.43.v20210629`. Numbers compare numerically; a trailing
 * letter counts as one more step (1.0.2k > 1.0.2); a `p` patch level counts as a final part.
 */
export function versionParts(version: string): number[] {
  const parts: number[] = [];
  const re = /(\d+)([a-z]?)(?![a-z])/gi;
  const core = version.split(/[\s(]/)[0].replace(/p(\d+)/i, '.$1');
  let m: RegExpExecArray | null;
  while ((m = re.exec(core)) && parts.length < 8) {
    parts.push(Number(m[1]));
    if (m[2]) parts.push(m[2].toLowerCase().charCodeAt(0) - 96);
  }
  return parts;
}

export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether `version` is in the release branch `branch` (`2.4` holds 2.4.6; `7` holds 7.0.109). */
export function inBranch(version: string, branch: string): boolean {
  const v = versionParts(version);
  const b = versionParts(branch);
  return b.length > 0 && b.every((n, i) => v[i] === n);
}
