import { ScanTimeoutError, TargetUnreachableError, ToolkitError } from '../../errors.js';
import { keyFamilyOfAlgorithm } from '../../observations/ssh/index.js';
import { parseSsh1PublicKey, ssh1PacketSize } from '../../observations/ssh/index.js';
import type { HostKeyObservation, Protocol1Facts, SshObservation } from '../../observations/ssh/index.js';
import { parseIdentification, parseKexInit, type KexInit } from '../../observations/ssh/index.js';
import { chooseKexMethod, CLIENT_IDENT, requestHostKey } from './hostkey.js';
import { SshProbeError, withConnection, type SshConnection, type SshEndpoint } from './transport.js';

export interface SshScanOptions extends SshEndpoint {
  host: string;
  discoveredBy: SshObservation['discoveredBy'];
}

/** At most this many distinct host keys are fetched (OpenSSH servers hold three or four). */
const MAX_HOST_KEY_PROBES = 8;

interface FirstContact {
  preamble: string[];
  ident: string;
  kexInit?: KexInit;
}

/** Read the identification and, for protocol 2, the server's KEXINIT (after sending ours). */
async function greet(conn: SshConnection): Promise<FirstContact> {
  const { preamble, ident } = await conn.readIdentification();
  const parsed = parseIdentification(ident);
  const version = parsed?.protoVersion ?? '';
  if (version !== '1.99' && !version.startsWith('2.')) return { preamble, ident };
  conn.write(CLIENT_IDENT);
  const kexInit = parseKexInit(await conn.readPacket('SSH_MSG_KEXINIT'));
  return { preamble, ident, kexInit };
}

/**
 * Observe one SSH endpoint: identification, KEXINIT lists, each host key (one handshake per key
 * family, the first on the same connection), and protocol 1 when the identification offers it.
 */
export async function scanSsh(opts: SshScanOptions): Promise<SshObservation> {
  const t0 = performance.now();
  const ep: SshEndpoint = opts;
  const probeErrors: SshObservation['probeErrors'] = [];
  let connections = 0;
  const hostKeys: HostKeyObservation[] = [];

  // Host-key algorithms grouped by the key they need: one handshake per group.
  const groupsOf = (k: KexInit) => {
    const groups = new Map<string, string[]>();
    for (const a of k.hostKey) {
      const fam = keyFamilyOfAlgorithm(a);
      groups.set(fam, [...(groups.get(fam) ?? []), a]);
    }
    return [...groups.values()].slice(0, MAX_HOST_KEY_PROBES);
  };
  const fetchKey = async (conn: SshConnection, k: KexInit, algorithms: string[], method: string) => {
    try {
      const key = await requestHostKey(conn, k, algorithms[0], method);
      hostKeys.push({ ...key, algorithms, obtainedWith: method });
    } catch (error) {
      probeErrors.push({ probe: `host key ${algorithms[0]}`, reason: (error as SshProbeError).reason ?? 'failed', detail: (error as Error).message });
    }
  };

  let first: FirstContact;
  let groups: string[][] = [];
  try {
    first = await withConnection(ep, async (conn) => {
      connections++;
      const contact = await greet(conn);
      if (contact.kexInit) {
        groups = groupsOf(contact.kexInit);
        const method = chooseKexMethod(contact.kexInit.kex);
        if (groups.length && method) await fetchKey(conn, contact.kexInit, groups[0], method);
      }
      return contact;
    });
  } catch (error) {
    throw firstContactFailure(opts, error);
  }
  const ident = parseIdentification(first.ident);
  if (!ident) {
    throw new ToolkitError('ATTT_SSH_NOT_SSH', {
      vi: `${opts.address}:${opts.port}: dòng định danh không đúng dạng SSH ("${first.ident.slice(0, 80)}").`,
      en: `${opts.address}:${opts.port}: the identification line is not SSH ("${first.ident.slice(0, 80)}").`,
    });
  }
  const k = first.kexInit;
  // The remaining key families, each on its own connection (the server allows one key exchange per connection before NEWKEYS).
  const method = k ? chooseKexMethod(k.kex) : undefined;
  if (k && groups.length && !method) {
    probeErrors.push({ probe: 'host keys', reason: 'unsupported-kex', detail: `none of the server's key exchange methods can be run by attt (${k.kex.slice(0, 6).join(', ')})` });
  }
  // groups[0] was asked for on the first connection already; the rest in parallel, within the per-host limiter.
  const rest = method ? groups.slice(1) : [];
  await Promise.all(rest.map(async (algorithms) => {
    try {
      await withConnection(ep, async (conn) => {
        connections++;
        const again = await greet(conn);
        if (!again.kexInit) throw new SshProbeError('changed', 'the server no longer speaks protocol 2');
        await fetchKey(conn, again.kexInit, algorithms, method!);
      });
    } catch (error) {
      probeErrors.push({ probe: `host key ${algorithms[0]}`, reason: (error as SshProbeError).reason ?? 'failed', detail: (error as Error).message });
    }
  }));
  // Keys in the order of the server's host-key list, whatever order the handshakes finished in.
  const rank = (h: HostKeyObservation) => groups.findIndex((g) => g[0] === h.algorithms[0]);
  hostKeys.sort((a, b) => rank(a) - rank(b));

  const protocol1: Protocol1Facts = { offered: ident.protoVersion.startsWith('1.'), confirmed: false };
  if (protocol1.offered) {
    try {
      const facts = await withConnection(ep, async (conn) => {
        connections++;
        await conn.readIdentification();
        conn.write('SSH-1.5-attt_scanner\n');
        const head = await conn.readRaw(4, 'the protocol 1 public key');
        const size = ssh1PacketSize(head.readUInt32BE(0));
        const rest = await conn.readRaw(size - 4, 'the protocol 1 public key');
        return parseSsh1PublicKey(Buffer.concat([head, rest]));
      });
      Object.assign(protocol1, { confirmed: true, ...facts });
    } catch (error) {
      probeErrors.push({ probe: 'protocol 1', reason: (error as SshProbeError).reason ?? 'failed', detail: (error as Error).message });
    }
  }

  const empty: string[] = [];
  return {
    schema: 'attt.ssh/1',
    host: opts.host,
    address: opts.address,
    port: opts.port,
    discoveredBy: opts.discoveredBy,
    banner: first.ident,
    preamble: first.preamble,
    protocolVersion: ident.protoVersion,
    softwareVersion: ident.softwareVersion,
    ...(ident.comments !== undefined ? { comments: ident.comments } : {}),
    protocol1,
    protocol2: !!k,
    kex: k?.kex ?? empty,
    hostKeyAlgorithms: k?.hostKey ?? empty,
    ciphersClientToServer: k?.ciphersClientToServer ?? empty,
    ciphersServerToClient: k?.ciphersServerToClient ?? empty,
    macsClientToServer: k?.macsClientToServer ?? empty,
    macsServerToClient: k?.macsServerToClient ?? empty,
    compressionClientToServer: k?.compressionClientToServer ?? empty,
    compressionServerToClient: k?.compressionServerToClient ?? empty,
    strictKex: !!k?.kex.includes('kex-strict-s-v00@openssh.com'),
    extInfo: !!k?.kex.includes('ext-info-s'),
    hostKeys,
    probeErrors,
    connections,
    durationMs: Math.round(performance.now() - t0),
  };
}

function firstContactFailure(opts: SshScanOptions, error: unknown): ToolkitError {
  const where = `${opts.address}:${opts.port}`;
  const reason = (error as SshProbeError).reason ?? 'failed';
  const detail = (error as Error).message;
  if (reason === 'timeout') return new ScanTimeoutError({ vi: `${where}: máy chủ không trả lời SSH trong thời hạn (${detail}).`, en: `${where}: the server gave no SSH answer in time (${detail}).` });
  if (reason === 'connection-refused' || reason === 'connect-failed') return new TargetUnreachableError({ vi: `${where}: không kết nối được (${detail}).`, en: `${where}: cannot connect (${detail}).` });
  return new ToolkitError(`ATTT_SSH_${reason.toUpperCase().replace(/-/g, '_')}`, {
    vi: `${where}: câu trả lời SSH không hợp lệ — ${reason}: ${detail}`,
    en: `${where}: invalid SSH answer — ${reason}: ${detail}`,
  });
}
