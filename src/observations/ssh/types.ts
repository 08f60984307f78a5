import type { HostKeyFacts } from './keys.js';

/**
 * The SSH observation: facts about one endpoint, no verdicts (checks/ssh/* judge them).
 * Plain JSON, stored under results.json observations[key].
 */
export interface SshObservation {
  schema: 'attt.ssh/1';
  host: string;
  address: string;
  port: number;
  /** `target` for an `ssh:` inventory entry or `attt scan ssh`; `ports` when an audit's port scan found the service. */
  discoveredBy: 'target' | 'ports';
  /** The identification line exactly as sent (control characters escaped), e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`. */
  banner: string;
  /** Lines the server sent before its identification (RFC 4253 §4.2 allows them), bounded. */
  preamble: string[];
  /** `2.0`, `1.99` (both protocols) or `1.5`/`1.3` (protocol 1 only). */
  protocolVersion: string;
  softwareVersion: string;
  comments?: string;
  protocol1: Protocol1Facts;
  /** False when the server speaks only protocol 1 (then the algorithm lists are empty). */
  protocol2: boolean;
  /** The server's SSH_MSG_KEXINIT lists, in the server's order, exactly as sent (markers included). */
  kex: string[];
  hostKeyAlgorithms: string[];
  ciphersClientToServer: string[];
  ciphersServerToClient: string[];
  macsClientToServer: string[];
  macsServerToClient: string[];
  compressionClientToServer: string[];
  compressionServerToClient: string[];
  /**
   * Strict key exchange (OpenSSH PROTOCOL, "kex-strict-s-v00@openssh.com"): the Terrapin
   * (CVE-2023-48795) countermeasure, visible remotely in the kex list.
   */
  strictKex: boolean;
  /** RFC 8308 `ext-info-s` in the kex list. */
  extInfo: boolean;
  /** One entry per distinct host key the server holds (one extra handshake per key family). */
  hostKeys: HostKeyObservation[];
  /** Probes that failed with an error (timeout, unsupported key exchange …), not refusals. */
  probeErrors: Array<{ probe: string; reason: string; detail: string }>;
  /** TCP connections opened for this observation. */
  connections: number;
  durationMs: number;
}

export interface HostKeyObservation extends HostKeyFacts {
  /** Host-key algorithms of the server's list this key serves (e.g. ssh-rsa, rsa-sha2-256, rsa-sha2-512). */
  algorithms: string[];
  /** The key exchange method attt completed far enough to receive the key. */
  obtainedWith: string;
}

export interface Protocol1Facts {
  /** The identification says 1.x (1.99 = both versions). */
  offered: boolean;
  /** A protocol-1 client identification got SSH_SMSG_PUBLIC_KEY back. */
  confirmed: boolean;
  hostKeyBits?: number;
  serverKeyBits?: number;
  /** Cipher names from the supported-ciphers mask. */
  ciphers?: string[];
}

export function isSshObservation(o: unknown): o is SshObservation {
  return !!o && typeof o === 'object' && (o as { schema?: unknown }).schema === 'attt.ssh/1';
}

/** Every cipher either direction, server order, no duplicates. */
export function allCiphers(o: SshObservation): string[] {
  return [...new Set([...o.ciphersServerToClient, ...o.ciphersClientToServer])];
}

export function allMacs(o: SshObservation): string[] {
  return [...new Set([...o.macsServerToClient, ...o.macsClientToServer])];
}
