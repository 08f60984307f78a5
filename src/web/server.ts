import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { InputError } from '../errors.js';
import { readInputBytes } from '../files/index.js';
import { loadInventory } from '../inventory/index.js';
import { answersDirOf } from '../questionnaire/index.js';
import { createApp, type ServeConfig } from './app.js';
import { ResultsFiles } from './results-files.js';
import { TrackerWebStore } from './store.js';
import { isPostgresLocation } from '../tracker/index.js';

export interface ServeOptions {
  /** Tracker database file. */
  db: string;
  /** host:port; default 127.0.0.1:8080 (port 0 picks a free port). */
  listen: string;
  inventory?: string;
  answersDir?: string;
  reportsDir?: string;
  /** Folders holding results.json files of imported cycles (besides the database's folder). */
  resultsDirs?: string[];
  tlsCert?: string;
  tlsKey?: string;
  sessionIdleMinutes?: number;
  sessionMaxHours?: number;
  loginAttempts?: number;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

function usage(vi: string, en: string): InputError {
  return new InputError('ATTT_SERVE_USAGE', { vi, en });
}

/** Parse host:port ([v6]:port too); the host must be an IP address (no name resolution surprises). */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(value.trim());
  const host = m ? (m[1] ?? m[2]) : '';
  const port = m ? Number(m[3]) : NaN;
  if (!m || !net.isIP(host) || port > 65535) {
    throw usage(`--listen không hợp lệ: "${value}". Viết dạng ĐỊA-CHỈ-IP:CỔNG, ví dụ 127.0.0.1:8080.`, `Invalid --listen: "${value}". Write it as IP-ADDRESS:PORT, e.g. 127.0.0.1:8080.`);
  }
  return { host, port };
}

export function isLoopback(host: string): boolean {
  return host === '::1' || /^127\./.test(host) || /^::ffff:127\./i.test(host);
}

/** The workspace beside the database: inventory.yaml, answers/, reports/ (when present). */
function resolveConfig(opts: ServeOptions, tls: boolean): ServeConfig {
  // A central PostgreSQL tracker has no folder: the workspace is then the working folder.
  const dir = isPostgresLocation(opts.db) ? process.cwd() : path.dirname(path.resolve(opts.db));
  const inventoryFile = opts.inventory ?? (fs.existsSync(path.join(dir, 'inventory.yaml')) ? path.join(dir, 'inventory.yaml') : undefined);
  const inventory = inventoryFile ? loadInventory(inventoryFile) : undefined;
  const answersDir = opts.answersDir ?? (inventory ? answersDirOf({}, inventory) : undefined);
  const store = new TrackerWebStore(opts.db);
  return {
    store,
    inventory,
    answersDir,
    reportsDir: opts.reportsDir ?? path.join(dir, 'bao-cao-web'),
    resultsFiles: new ResultsFiles([dir, ...(opts.resultsDirs ?? [])]),
    tls,
    sessionIdleMs: (opts.sessionIdleMinutes ?? 30) * 60_000,
    sessionMaxMs: (opts.sessionMaxHours ?? 8) * 3_600_000,
    loginLimit: { max: opts.loginAttempts ?? 10, windowMs: 15 * 60_000 },
    now: opts.now ?? (() => new Date()),
    env: opts.env ?? process.env,
  };
}

/**
 * Start `attt serve`. Plain HTTP only on loopback: any other address needs a certificate and key
 * (a password sent in clear on a LAN is a password given away).
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { host, port } = parseListen(opts.listen);
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
    throw usage('--tls-cert và --tls-key phải đi cùng nhau.', '--tls-cert and --tls-key go together.');
  }
  const https = opts.tlsCert && opts.tlsKey ? { cert: readFile(opts.tlsCert, '--tls-cert'), key: readFile(opts.tlsKey, '--tls-key') } : undefined;
  if (!https && !isLoopback(host)) {
    throw usage(
      `Từ chối phục vụ HTTP không mã hóa trên ${host}: ngoài địa chỉ loopback, hãy cho --tls-cert và --tls-key (mật khẩu không được đi qua mạng LAN dưới dạng rõ).`,
      `Refusing plain HTTP on ${host}: off loopback, give --tls-cert and --tls-key (passwords must not cross the LAN in clear).`,
    );
  }
  const config = resolveConfig(opts, https !== undefined);
  const { app } = await createApp(config, https);
  try {
    await app.listen({ host, port });
  } catch (error) {
    config.store.close();
    throw usage(`Không mở được ${host}:${port}: ${(error as Error).message}`, `Cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }
  const address = app.server.address() as net.AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${https ? 'https' : 'http'}://${shownHost}:${address.port}/`,
    host: address.address,
    port: address.port,
    async close() {
      await app.close();
      config.store.close();
    },
  };
}

/** TLS key and certificate files: bounded, regular files only (src/files/limits.ts). */
function readFile(file: string, what: string): Buffer {
  return readInputBytes(file, 'certificate', {
    unreadable: (code) => usage(`Không đọc được ${what} ${file} (${code}).`, `Cannot read ${what} ${file} (${code}).`),
  });
}
