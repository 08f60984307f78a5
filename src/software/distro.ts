/**
 * Distribution facts per host, for software.outdated: which distribution (and release) builds
 * a host's software, inferred from every banner the host showed (SSH, HTTP Server, FTP …), and
 * whether a distribution build already carries the fix for an advisory. Pure: no I/O.
 */
import type { DistroFix, DistroSupport, EolTable } from './eol.js';
import { softwareClaims } from './observed.js';

export interface HostDistro {
  name: string;
  /** The release, when a build marker names it (`deb12u10` → 12). */
  release?: string;
  /** Where it was seen, e.g. `port 22: SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10`. */
  evidence: string;
}

/** `Debian-2+deb12u10`, `1:9.2p1-2+deb12u3` → Debian release 12, update 10. */
export function debianBuild(marker: string | undefined): { release: string; update: number } | undefined {
  const m = /deb(\d{1,2})u(\d{1,3})/i.exec(marker ?? '');
  return m ? { release: m[1], update: Number(m[2]) } : undefined;
}

const NAMES: Array<[RegExp, string]> = [
  [/debian|deb\d+u\d+/i, 'debian'],
  [/ubuntu/i, 'ubuntu'],
  [/centos/i, 'centos'],
  [/red ?hat|rhel|\.el\d/i, 'rhel'],
  [/suse/i, 'suse'],
  [/fedora|\.fc\d/i, 'fedora'],
];

export function distroName(marker: string | undefined): string | undefined {
  return NAMES.find(([re]) => re.test(marker ?? ''))?.[1];
}

/** The distribution (and release, when the marker names it) a build marker stands for. */
export function distroFromMarker(marker: string | undefined, evidence: string): HostDistro | undefined {
  const name = distroName(marker);
  if (!name) return undefined;
  const build = name === 'debian' ? debianBuild(marker) : undefined;
  return { name, ...(build ? { release: build.release } : {}), evidence };
}

/**
 * What a host's observations say about its software as a whole: the distribution that builds
 * it and whether its SSH server offers strict key exchange (remote evidence of the Terrapin fix).
 * Built one observation at a time (`addHostObservation`, in the order observed), so an audit
 * keeps this small fold per address instead of every observation of it.
 */
export interface HostSoftware {
  distro?: HostDistro;
  sshStrictKex: boolean;
}

export function emptyHostSoftware(): HostSoftware {
  return { sshStrictKex: false };
}

/**
 * `host` with one more observation. A marker that names the release (Debian `debNNuM`) wins
 * over one that names only the distribution; otherwise the first one seen stays.
 */
export function addHostObservation(host: HostSoftware, family: string, observation: unknown): HostSoftware {
  let best = host.distro;
  for (const claim of softwareClaims(observation, family)) {
    for (const s of claim.software) {
      const where = 'port' in claim.where ? `port ${claim.where.port}` : `${claim.where.header} header`;
      const found = distroFromMarker(s.distro, `${where}: ${claim.text.slice(0, 120)}`);
      if (found && (!best || (!best.release && found.release))) best = found;
    }
  }
  const strictKex = family === 'ssh' && (observation as { strictKex?: boolean } | null)?.strictKex === true;
  return { ...(best ? { distro: best } : {}), sshStrictKex: host.sshStrictKex || strictKex };
}

/** The fold of `observations` (see addHostObservation). */
export function hostSoftwareOf(observations: ReadonlyArray<{ family: string; observation: unknown }>): HostSoftware {
  return observations.reduce((host, o) => addHostObservation(host, o.family, o.observation), emptyHostSoftware());
}

/** The distribution a host runs, from every banner of every observation of it. */
export function inferHostDistro(observations: ReadonlyArray<{ family: string; observation: unknown }>): HostDistro | undefined {
  return hostSoftwareOf(observations).distro;
}

/** The distribution fix of `advisory` that this build carries, if the data knows one. */
export function distroFixFor(table: EolTable, product: string, advisory: string, marker: string | undefined): DistroFix | undefined {
  const build = debianBuild(marker);
  if (!build || distroName(marker) !== 'debian') return undefined;
  return table.distroFixes.find((f) => {
    if (f.distro !== 'debian' || f.product !== product || f.advisory !== advisory || String(f.release) !== build.release) return false;
    const fixed = debianBuild(f.fixedBuild);
    return !!fixed && build.update >= fixed.update;
  });
}

/** The support row of a distribution release, and whether it still gets fixes at `now` (regular or LTS). */
export function distroSupportAt(table: EolTable, distro: HostDistro | undefined, now: Date): { row: DistroSupport; supported: boolean; until: string } | undefined {
  if (!distro?.release) return undefined;
  const row = table.distroSupport.find((r) => r.distro === distro.name && String(r.release) === distro.release);
  if (!row) return undefined;
  const until = row.ltsEnd ?? row.securityEnd;
  return { row, supported: new Date(`${until}T00:00:00Z`).getTime() > now.getTime(), until };
}
