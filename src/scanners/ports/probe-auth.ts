import { exchange, firstLine, printable } from './read-bounded.js';
import { mongoCommand, parseMongoReply } from '../../observations/ports/index.js';
import type { AuthProbe, ServiceName } from '../../observations/ports/index.js';

export interface AuthProbeOptions {
  address: string;
  port: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** The service runs inside TLS: talk to it there. */
  tls?: boolean;
}

/**
 * Safe, read-only checks of whether a data service answers without credentials: the
 * commands an administrator would run to see the server's own status, never a write and
 * never a guessed password. Returns the version too when the service volunteers it.
 */
export async function probeAuth(service: ServiceName, o: AuthProbeOptions): Promise<{ auth?: AuthProbe; version?: string }> {
  switch (service) {
    case 'redis':
      return probeRedis(o);
    case 'memcached':
      return probeMemcached(o);
    case 'elasticsearch':
      return probeElasticsearch(o);
    case 'mongodb':
      return probeMongo(o);
    default:
      return {};
  }
}

const base = (o: AuthProbeOptions) => ({ address: o.address, port: o.port, waitFirstMs: 0, maxBytes: 16384, timeoutMs: o.timeoutMs, signal: o.signal, tls: o.tls });

async function probeRedis(o: AuthProbeOptions) {
  const r = await exchange({
    ...base(o),
    send: Buffer.from('PING\r\nINFO server\r\n'),
    complete: (d) => /^-/.test(d.toString('latin1')) || /redis_version:[^\r\n]*\r\n/.test(d.toString('latin1')),
  });
  const text = r.reply.toString('latin1');
  if (!text) return {};
  const version = /redis_version:([0-9][\w.-]*)/.exec(text)?.[1];
  const required = !text.startsWith('+PONG');
  return { auth: { probe: 'redis PING / INFO server', required, evidence: firstLine(r.reply) }, version };
}

async function probeMemcached(o: AuthProbeOptions) {
  const r = await exchange({ ...base(o), send: Buffer.from('stats\r\n'), complete: (d) => /END\r\n|ERROR/.test(d.toString('latin1')) });
  const text = r.reply.toString('latin1');
  if (!text) return {};
  const version = /STAT version ([0-9][\w.-]*)/.exec(text)?.[1];
  return { auth: { probe: 'memcached stats', required: !/^STAT /.test(text), evidence: firstLine(r.reply) }, version };
}

async function probeElasticsearch(o: AuthProbeOptions) {
  const r = await exchange({ ...base(o), send: Buffer.from(`GET / HTTP/1.0\r\nHost: ${o.address}\r\nAccept: application/json\r\n\r\n`) });
  const text = r.reply.toString('utf8');
  const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(text)?.[1] ?? 0);
  if (!status) return {};
  const version = /"number"\s*:\s*"([0-9][\w.-]*)"/.exec(text)?.[1];
  return { auth: { probe: 'GET /', required: status === 401 || status === 403, evidence: printable(Buffer.from(text.split('\r\n')[0]), 200) }, version };
}

async function probeMongo(o: AuthProbeOptions) {
  const complete = (d: Buffer) => d.length >= 4 && d.length >= d.readInt32LE(0);
  const info = await exchange({ ...base(o), send: mongoCommand({ buildInfo: 1, $db: 'admin' }, 2), complete });
  const version = parseMongoReply(info.reply)?.version;
  const list = await exchange({ ...base(o), send: mongoCommand({ listDatabases: 1, nameOnly: true, $db: 'admin' }, 3), complete });
  const reply = parseMongoReply(list.reply);
  if (!reply) return { version: typeof version === 'string' ? version : undefined };
  const required = reply.ok !== 1;
  const evidence = required ? `ok: ${reply.ok}, ${String(reply.errmsg ?? reply.codeName ?? '')}` : 'listDatabases ok: 1 without credentials';
  return { auth: { probe: 'mongodb listDatabases', required, evidence: evidence.slice(0, 200) }, version: typeof version === 'string' ? version : undefined };
}
