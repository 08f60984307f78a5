/**
 * Real Debian daemons for scanner tests: each helper writes the daemon's own configuration into
 * a fresh temporary folder, starts it in the foreground on 127.0.0.x and a free port, waits
 * (bounded) until the port accepts connections, and returns a handle whose stop() kills exactly
 * that process and removes the folder. Daemons that refuse to run as root are started as their
 * Debian system user (postgres, mysql) or `nobody`. Nothing here starts a system service.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Daemon {
  host: string;
  port: number;
  dir: string;
  /** Extra ports some daemons open (e.g. dovecot's POP3 beside IMAP). */
  ports: Record<string, number>;
  stop(): Promise<void>;
}

/** A loopback address of its own for a test (127.0.0.10 … 127.0.0.249), so hosts do not mix. */
export function loopbackHost(): string {
  return `127.0.0.${10 + Math.floor(Math.random() * 240)}`;
}

/** A port that was free a moment ago on `host`. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `attt-${name}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Give a system user the folder (postgres, mysql refuse to run as root). */
function chownTo(dir: string, user: string): void {
  execFileSync('chown', ['-R', `${user}:`, dir]);
}

/** Wait until host:port accepts a TCP connection, or fail naming the daemon and its output. */
async function waitForPort(host: string, port: number, child: ChildProcess, what: string, output: () => string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}: ${output().slice(-2000)}`);
    if (await accepts(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} did not listen on ${host}:${port} within ${ms} ms: ${output().slice(-2000)}`);
}

interface StartSpec {
  what: string;
  command: string;
  args: string[];
  host: string;
  port: number;
  dir: string;
  user?: string;
  ports?: Record<string, number>;
  env?: NodeJS.ProcessEnv;
}

/** Start a foreground daemon and return its handle once its port answers. */
export async function startDaemon(spec: StartSpec): Promise<Daemon> {
  const [cmd, args] = spec.user ? ['runuser', ['-u', spec.user, '--', spec.command, ...spec.args]] : [spec.command, spec.args];
  const child = spawn(cmd, args, { cwd: spec.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(spec.host, spec.port, child, spec.what, () => out);
  } catch (error) {
    fs.rmSync(spec.dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: spec.host,
    port: spec.port,
    dir: spec.dir,
    ports: spec.ports ?? {},
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}

/** A self-signed certificate and key (openssl CLI) in `dir`: cert.pem, key.pem. */
export function selfSignedCert(dir: string, cn = 'localhost', keyOpts = ['-newkey', 'rsa:2048']): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', ...keyOpts, '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
  fs.chmodSync(key, 0o644);
  return { cert, key };
}

// ------------------------------------------------------------------ the daemons

export async function startRedis(o: { host?: string; password?: string } = {}): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('redis');
  const conf = [`bind ${host}`, `port ${port}`, `dir ${dir}`, 'save ""', 'appendonly no', 'protected-mode no', 'daemonize no', 'logfile ""', ...(o.password ? [`requirepass ${o.password}`] : [])];
  fs.writeFileSync(path.join(dir, 'redis.conf'), conf.join('\n') + '\n');
  return startDaemon({ what: 'redis-server', command: 'redis-server', args: [path.join(dir, 'redis.conf')], host, port, dir });
}

/** stunnel in server mode: TLS on its own port, forwarding to `connect`. */
export async function startStunnel(o: { host?: string; connect: { host: string; port: number } }): Promise<Daemon> {
  const host = o.host ?? o.connect.host;
  const port = await freePort(host);
  const dir = tempDir('stunnel');
  const { cert, key } = selfSignedCert(dir);
  const conf = ['foreground = yes', `pid =`, 'debug = 3', '[svc]', `accept = ${host}:${port}`, `connect = ${o.connect.host}:${o.connect.port}`, `cert = ${cert}`, `key = ${key}`];
  fs.writeFileSync(path.join(dir, 'stunnel.conf'), conf.join('\n') + '\n');
  return startDaemon({ what: 'stunnel4', command: 'stunnel4', args: [path.join(dir, 'stunnel.conf')], host, port, dir });
}

export async function startMemcached(o: { host?: string } = {}): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('memcached');
  return startDaemon({ what: 'memcached', command: 'memcached', args: ['-u', 'nobody', '-l', host, '-p', String(port), '-U', '0', '-m', '8'], host, port, dir });
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** PostgreSQL 15 with its own data folder: `trust` (no password) or `scram` for every TCP login; optional ssl. */
export async function startPostgres(o: { host?: string; auth: 'trust' | 'scram'; ssl?: boolean }): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('postgres');
  const data = path.join(dir, 'data');
  chownTo(dir, 'postgres');
  execFileSync('runuser', ['-u', 'postgres', '--', `${PG_BIN}/initdb`, '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions'], { stdio: 'ignore', cwd: dir });
  const method = o.auth === 'trust' ? 'trust' : 'scram-sha-256';
  fs.writeFileSync(path.join(data, 'pg_hba.conf'), `local all all trust\nhost all all 127.0.0.0/8 ${method}\n`);
  const conf = [`listen_addresses = '${host}'`, `port = ${port}`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'shared_buffers = 16MB', 'max_connections = 40'];
  if (o.ssl) {
    const { cert, key } = selfSignedCert(dir);
    chownTo(dir, 'postgres');
    fs.chmodSync(key, 0o600);
    conf.push('ssl = on', `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`);
  }
  fs.appendFileSync(path.join(data, 'postgresql.conf'), conf.join('\n') + '\n');
  return startDaemon({ what: 'postgres', command: `${PG_BIN}/postgres`, args: ['-D', data], host, port, dir, user: 'postgres' });
}

/**
 * MariaDB with its own data folder. `emptyRootPassword`: a TCP-reachable root with no password
 * (the misconfiguration under test); otherwise root has a password.
 */
export async function startMariadb(o: { host?: string; emptyRootPassword: boolean; ssl?: boolean }): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('mariadb');
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  const password = o.emptyRootPassword ? '' : 'a-long-test-password';
  // Only root@localhost (socket) and root@'%' (TCP, the account under test) remain.
  const sql = [
    "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '%');",
    'FLUSH PRIVILEGES;',
    `CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${password}';`,
    "GRANT ALL ON *.* TO 'root'@'%';",
  ];
  fs.writeFileSync(path.join(dir, 'init.sql'), sql.join('\n') + '\n');
  const args = [`--no-defaults`, `--datadir=${data}`, `--socket=${dir}/mysqld.sock`, `--pid-file=${dir}/mysqld.pid`, `--bind-address=${host}`, `--port=${port}`, '--skip-name-resolve', '--innodb-buffer-pool-size=8M', '--skip-log-bin', `--init-file=${dir}/init.sql`];
  if (o.ssl) {
    const { cert, key } = selfSignedCert(dir);
    args.push(`--ssl-cert=${cert}`, `--ssl-key=${key}`);
  }
  chownTo(dir, 'mysql');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=mysql', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore', cwd: dir });
  chownTo(dir, 'mysql');
  return startDaemon({ what: 'mariadbd', command: '/usr/sbin/mariadbd', args, host, port, dir, user: 'mysql' });
}

/** vsftpd standalone; `requireTls`: local logins must use AUTH TLS (530 otherwise). */
export async function startVsftpd(o: { host?: string; requireTls: boolean }): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('vsftpd');
  const { cert, key } = selfSignedCert(dir);
  fs.mkdirSync(path.join(dir, 'empty'));
  const conf = [
    'listen=YES', 'listen_ipv6=NO', `listen_address=${host}`, `listen_port=${port}`, 'background=NO', 'anonymous_enable=NO', 'local_enable=YES',
    `secure_chroot_dir=${dir}/empty`, 'seccomp_sandbox=NO', `vsftpd_log_file=${dir}/vsftpd.log`, 'pasv_enable=NO',
    ...(o.requireTls ? ['ssl_enable=YES', `rsa_cert_file=${cert}`, `rsa_private_key_file=${key}`, 'force_local_logins_ssl=YES', 'force_local_data_ssl=YES'] : ['ssl_enable=NO']),
  ];
  fs.writeFileSync(path.join(dir, 'vsftpd.conf'), conf.join('\n') + '\n');
  return startDaemon({ what: 'vsftpd', command: '/usr/sbin/vsftpd', args: [path.join(dir, 'vsftpd.conf')], host, port, dir });
}

/**
 * Dovecot with IMAP and POP3 (plain ports, STARTTLS available) and IMAPS/POP3S. `plaintextAuth`:
 * whether a password may be sent before TLS. `dhParams: false` leaves ssl_dh unset (no DHE).
 */
export async function startDovecot(o: { host?: string; plaintextAuth: boolean }): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const [imap, pop3, imaps, pop3s] = [await freePort(host), await freePort(host), await freePort(host), await freePort(host)];
  const dir = tempDir('dovecot');
  const { cert, key } = selfSignedCert(dir);
  fs.writeFileSync(path.join(dir, 'passwd'), 'nobody-test:{PLAIN}unused-secret:65534:65534::/nonexistent::\n');
  const conf = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap pop3
listen = ${host}
ssl = yes
ssl_cert = <${cert}
ssl_key = <${key}
auth_mechanisms = plain login
disable_plaintext_auth = ${o.plaintextAuth ? 'no' : 'yes'}
default_internal_user = dovecot
default_login_user = dovenull
mail_location = mbox:/nonexistent
passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = ${dir}/passwd
}
${dovecotService('imap', host, imap, imaps)}
${dovecotService('pop3', host, pop3, pop3s)}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), conf);
  const d = await startDaemon({ what: 'dovecot', command: '/usr/sbin/dovecot', args: ['-F', '-c', path.join(dir, 'dovecot.conf')], host, port: imap, dir, ports: { imap, pop3, imaps, pop3s } });
  for (const p of [pop3, imaps, pop3s]) await waitReady(host, p);
  return d;
}

async function waitReady(host: string, port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await accepts(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${host}:${port} never listened`);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** One dovecot login service with a plain and an implicit-TLS listener. */
function dovecotService(name: string, host: string, plain: number, implicit: number): string {
  return `service ${name}-login {
  inet_listener ${name} {
    address = ${host}
    port = ${plain}
  }
  inet_listener ${name}s {
    address = ${host}
    port = ${implicit}
    ssl = yes
  }
}`;
}

/** nginx (Debian's nginx-light) serving `root` with extra server-block lines (e.g. ssl_* settings). */
export async function startNginx(o: { host?: string; tls?: boolean; extra?: string[]; files?: Record<string, string> } = {}): Promise<Daemon> {
  const host = o.host ?? loopbackHost();
  const port = await freePort(host);
  const dir = tempDir('nginx');
  const root = path.join(dir, 'www');
  fs.mkdirSync(root);
  for (const [name, text] of Object.entries(o.files ?? { 'index.html': '<html><head><title>ok</title></head><body>ok</body></html>' })) fs.writeFileSync(path.join(root, name), text);
  let tlsLines: string[] = [];
  if (o.tls) {
    const { cert, key } = selfSignedCert(dir);
    tlsLines = [`ssl_certificate ${cert};`, `ssl_certificate_key ${key};`];
  }
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server {
    listen ${host}:${port}${o.tls ? ' ssl' : ''};
    root ${root};
    ${tlsLines.join('\n    ')}
    ${(o.extra ?? []).join('\n    ')}
  }
}
`;
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  return startDaemon({ what: 'nginx', command: '/usr/sbin/nginx', args: ['-c', path.join(dir, 'nginx.conf'), '-p', dir], host, port, dir });
}

/** Stop every daemon that started (for afterAll). */
export async function stopAll(daemons: Array<Daemon | undefined>): Promise<void> {
  await Promise.all(daemons.filter(Boolean).map((d) => d!.stop()));
}
