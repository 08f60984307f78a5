/**
 * A throwaway PostgreSQL cluster for the tracker's tests: Debian's binaries (the newest
 * /usr/lib/postgresql/<version>/bin found, else `pg_config --bindir`), `initdb` in a fresh
 * temporary folder, a random free port on 127.0.0.1 only, the Unix socket in that folder, run as
 * `nobody` (setpriv) when the test runs as root (PostgreSQL refuses root; the folder is given to nobody).
 * Logins over TCP need the password (scram-sha-256), so tests can check wrong passwords and that
 * the password never shows. destroy() stops exactly that server and deletes the folder.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './daemons.js';

export const PG_USER = 'attt_officer';

export interface PgCluster {
  host: string;
  port: number;
  password: string;
  /** URL of `database` (default: postgres), with the password unless told otherwise. */
  url(database?: string, opts?: { password?: string | null }): string;
  /** A new empty database; its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Run SQL as the cluster's owner on `database`. */
  sql<T = Record<string, unknown>>(database: string, text: string, values?: unknown[]): Promise<T[]>;
  /** Fast shutdown (clients are disconnected); the data stays for start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** The folder of Debian's PostgreSQL server binaries, newest version first. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length) return path.join(root, versions[0], 'bin');
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // not installed
  }
  throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
}

/**
 * Run as `nobody` when we are root; as ourselves otherwise. setpriv executes the command in its
 * own process (runuser would stay in between), so signals reach PostgreSQL itself.
 */
function asUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', cmd, ...args]] : [cmd, args];
}

let counter = 0;

export async function startPostgresCluster(): Promise<PgCluster> {
  const bin = postgresBinDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attt-pg-'));
  const data = path.join(dir, 'data');
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'nobody:', dir]);
  fs.chmodSync(dir, 0o700);
  const [initCmd, initArgs] = asUser(path.join(bin, 'initdb'), ['-D', data, '-U', PG_USER, '--pwfile', path.join(dir, 'pwfile'), '-A', 'scram-sha-256', '--auth-local=trust', '--no-locale', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe', cwd: dir });
  fs.rmSync(path.join(dir, 'pwfile'));
  const host = '127.0.0.1';
  const port = await freePort(host);
  fs.appendFileSync(
    path.join(data, 'postgresql.conf'),
    [`listen_addresses = '${host}'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'shared_buffers = 32MB', 'max_connections = 60'].join('\n') + '\n',
  );
  let child: ChildProcess | undefined;
  let log = '';
  const url = (database = 'postgres', o: { password?: string | null } = {}) => {
    const pw = o.password === undefined ? password : o.password;
    return `postgres://${PG_USER}${pw === null ? '' : `:${encodeURIComponent(pw)}`}@${host}:${port}/${database}`;
  };
  const ready = async (): Promise<boolean> => {
    const c = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };
  const start = async () => {
    const [cmd, args] = asUser(path.join(bin, 'postgres'), ['-D', data]);
    const proc = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    const keep = (d: Buffer) => (log = (log + d.toString()).slice(-8000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    const until = Date.now() + 30_000;
    while (!(await ready())) {
      if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}: ${log}`);
      if (Date.now() > until) throw new Error(`postgres did not accept connections within 30 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    // SIGINT is PostgreSQL's fast shutdown: clients are cut off, open transactions roll back.
    proc.kill('SIGINT');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const sql = async <T,>(database: string, text: string, values: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: url(database) });
    await c.connect();
    try {
      return (await c.query(text, values)).rows as T[];
    } finally {
      await c.end();
    }
  };
  try {
    await start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    port,
    password,
    url,
    sql,
    async createDatabase(name?: string) {
      const db = name ?? `t_${process.pid}_${++counter}`;
      await sql('postgres', `CREATE DATABASE ${db}`);
      return url(db);
    },
    stop,
    start,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
