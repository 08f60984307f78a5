import net from 'node:net';

/**
 * Real loopback listeners for scanner tests. Each test opens its own servers on port 0
 * and closes them; `closedPort()` returns a port that was just released (and so refuses).
 */
export interface Listener {
  port: number;
  server: net.Server;
  connections: number;
  close(): Promise<void>;
}

export async function listen(onConnection: (socket: net.Socket) => void = () => {}, host = '127.0.0.1'): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const entry = { port: 0, connections: 0 } as Listener;
  const server = net.createServer((socket) => {
    entry.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  entry.server = server;
  entry.port = (server.address() as net.AddressInfo).port;
  entry.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return entry;
}

export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const l = await listen(() => {}, host);
  await l.close();
  return l.port;
}

export async function closeAll(listeners: Array<{ close(): Promise<void> } | undefined>): Promise<void> {
  await Promise.all(listeners.filter(Boolean).map((l) => l!.close()));
}
