// Starts a replay server on 127.0.0.1 (a free port) and closes it at once when asked: open
// keep-alive sockets are destroyed first, so a test never waits for an idle client to hang up.
import type http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoopbackListener {
  url: string;
  /** `127.0.0.1:<port>`, as a Host header or an allowlist names it. */
  host: string;
  close: () => Promise<void>;
}

export async function listenOnLoopback(server: http.Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
