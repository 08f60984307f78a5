import net from 'node:net';
import { ecdsaP256Blob, ed25519Blob, rsaBlob, startRawSshd } from './ssh-responder.js';
import type { DemoContribution, DemoOptions } from './types.js';

/**
 * Loopback services for the ports family: old banners (software disclosure), cleartext
 * logins (risky services) and a Redis-like store that answers without a password.
 * They speak just enough of each protocol for a scanner's first read.
 */
export async function startPortsDemo(opts: DemoOptions): Promise<DemoContribution> {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const listen = async (onConnection: (socket: net.Socket) => void): Promise<number> => {
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      onConnection(socket);
    });
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, opts.host, () => resolve());
    });
    return (server.address() as net.AddressInfo).port;
  };

  // OpenSSH 7.4 as Debian 9 shipped it (no strict KEX), with CBC and SHA-1 still allowed by the admin.
  const sshd = await startRawSshd(
    {
      ident: 'SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7',
      kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521', 'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group16-sha512', 'diffie-hellman-group18-sha512', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha256', 'diffie-hellman-group14-sha1'],
      hostKey: ['ssh-rsa', 'rsa-sha2-512', 'rsa-sha2-256', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
      ciphers: ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-cbc', '3des-cbc'],
      macs: ['umac-64-etm@openssh.com', 'umac-128-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'umac-64@openssh.com', 'umac-128@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'],
      compression: ['none', 'zlib@openssh.com'],
      keys: { 'ssh-rsa': rsaBlob(2048), 'ecdsa-sha2-nistp256': ecdsaP256Blob(), 'ssh-ed25519': ed25519Blob() },
    },
    opts.host,
  );
  const ssh = sshd.port;
  const ftp = await listen((s) => s.write('220 (vsFTPd 2.3.4)\r\n'));
  const telnet = await listen((s) => s.write(Buffer.from([0xff, 0xfd, 0x18, 0xff, 0xfd, 0x20, 0xff, 0xfd, 0x23])));
  const telnetServer = servers[servers.length - 1];
  const mysql = await listen((s) => {
    s.write(mysqlGreeting('5.5.62-log'));
    // root has a password: the default-credential login is refused, as on a sound server.
    s.once('data', () => s.end(mysqlError(1045, '28000', "Access denied for user 'root'@'127.0.0.1' (using password: NO)", 2)));
  });
  const redis = await listen((s) => redisLike(s));

  return {
    systems: [
      {
        unit: 'bao-tro-xa-hoi',
        system: {
          id: 'may-chu-noi-bo',
          name: 'Máy chủ nội bộ (quản lý đối tượng bảo trợ)',
          level: 2,
          targets: [{ host: opts.host, ports: [ssh, ftp, telnet, mysql, redis].join(','), expectedOpen: [ssh] }],
        },
      },
    ],
    async remediate() {
      // close() stops listening at once; its callback would wait for old connections, which do not matter here.
      telnetServer.close();
      return {
        vi: `Trung tâm Bảo trợ xã hội đã tắt dịch vụ Telnet (cổng ${telnet}).`,
        en: `Trung tâm Bảo trợ xã hội turned off the Telnet service (port ${telnet}).`,
      };
    },
    async stop() {
      await sshd.close();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.filter((server) => server.listening).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

/** A MySQL protocol-10 greeting packet announcing `version`. */
export function mysqlGreeting(version: string): Buffer {
  const payload = Buffer.concat([
    Buffer.from([0x0a]),
    Buffer.from(version + '\0', 'latin1'),
    Buffer.from([0x2a, 0, 0, 0]), // connection id
    Buffer.from('abcdefgh\0', 'latin1'), // auth-plugin-data part 1 + filler
    Buffer.from([0xff, 0xf7, 0x08, 0x02, 0x00, 0x0f, 0x80, 0x15]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0mysql_native_password\0', 'latin1'),
  ]);
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, 0]);
  return Buffer.concat([header, payload]);
}

/** A MySQL ERR packet (0xff, code, '#', SQLSTATE, message) with sequence id `seq`. */
export function mysqlError(code: number, state: string, message: string, seq: number): Buffer {
  const payload = Buffer.concat([Buffer.from([0xff, code & 0xff, code >> 8]), Buffer.from(`#${state}${message}`, 'latin1')]);
  return Buffer.concat([Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, seq]), payload]);
}

/** Answers PING and INFO like a Redis server with no password set; anything else is an unknown command. */
export function redisLike(socket: net.Socket, opts: { password?: string; version?: string } = {}): void {
  let buffer = '';
  let authed = !opts.password;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    if (buffer.length > 65536) return socket.destroy();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      const [cmd, ...args] = line.trim().split(/\s+/);
      const command = (cmd ?? '').toUpperCase();
      if (command === 'AUTH') {
        authed = args[0] === opts.password;
        socket.write(authed ? '+OK\r\n' : '-WRONGPASS invalid password\r\n');
      } else if (!authed) socket.write('-NOAUTH Authentication required.\r\n');
      else if (command === 'PING') socket.write('+PONG\r\n');
      else if (command === 'INFO') {
        const body = `# Server\r\nredis_version:${opts.version ?? '3.2.12'}\r\nredis_mode:standalone\r\nos:Linux\r\n`;
        socket.write(`$${Buffer.byteLength(body)}\r\n${body}\r\n`);
      } else socket.write(`-ERR unknown command '${command.slice(0, 20)}'\r\n`);
    }
  });
}
