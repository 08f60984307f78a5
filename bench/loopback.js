// Helpers shared by the benches: which loopback ports belong to other programs, so that a
// benchmark touches only listeners it opened itself.
import fs from 'node:fs';
import net from 'node:net';

/**
 * Ports in LISTEN state on the wildcard address (0.0.0.0 / ::), which answer on every 127.x
 * address, or on `address` itself. Read from /proc/net/tcp and /proc/net/tcp6.
 */
export function foreignListeningPorts(address = '127.0.0.1') {
  const ports = new Set();
  const hex = address
    .split('.')
    .reverse()
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [addr, portHex] = cols[1].split(':');
      const wildcard = /^0+$/.test(addr);
      if (wildcard || addr === hex || addr.endsWith(hex)) ports.add(parseInt(portHex, 16));
    }
  }
  return ports;
}

/** Compress a sorted port list into nmap-style ranges: 1-21,23-79 … */
export function toRanges(ports) {
  const out = [];
  let start = ports[0];
  let prev = ports[0];
  for (let i = 1; i <= ports.length; i++) {
    const p = ports[i];
    if (p === prev + 1) {
      prev = p;
      continue;
    }
    out.push(start === prev ? String(start) : `${start}-${prev}`);
    start = prev = p;
  }
  return out.join(',');
}

export async function listenOn(address, port = 0, onConnection = (s) => s.end()) {
  const server = net.createServer((socket) => {
    // Scanners reset connections on purpose; that is not an error of the bench.
    socket.on('error', () => {});
    onConnection(socket);
  });
  server.on('error', () => {});
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, resolve);
  });
  return server;
}

export function commandExists(cmd) {
  return (process.env.PATH ?? '').split(':').some((d) => {
    try {
      fs.accessSync(`${d}/${cmd}`, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/**
 * Close a listener without waiting forever: net.Server's close callback waits for every
 * accepted connection, and a connection reset by the scanner before it was fully accepted
 * can leave that count stuck, so give up waiting after a short grace period.
 */
export function closeServer(server, graceMs = 300) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
