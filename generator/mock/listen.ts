import type { Server } from 'node:net';

/** Starts listening and answers the port actually bound; a port already in use rejects instead of throwing later. */
export function listen({ server, port = 0, host = '127.0.0.1' }: { server: Server; port?: number; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(address !== null && typeof address === 'object' ? address.port : port);
    });
  });
}
