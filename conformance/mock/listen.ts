import type { Server } from 'node:net';

/**
 * The request head a mock accepts. Every parameter travels in the query string, and the largest
 * request a contract allows (a list of 1,000 objects of seven fields, tens of characters each)
 * is about half a megabyte of request line: Node's default of 16 KiB refuses it with 431.
 */
export const MAX_REQUEST_HEAD_BYTES = 4 * 1024 * 1024;

/** A port someone else listens on: the caller's to change, not a failure of the mock. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor({ host, port }: { host: string; port: number }) {
    super(`port ${port} on ${host} is already in use; pick another port (0 takes any free one)`);
  }
}

/** Starts listening and answers the port actually bound; a port already in use rejects instead of throwing later. */
export function listen({ server, port = 0, host = '127.0.0.1' }: { server: Server; port?: number; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError({ host, port }) : error);
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address();
      resolve(address !== null && typeof address === 'object' ? address.port : port);
    });
  });
}

/** The URL a server on `host` and `port` answers at: an IPv6 address goes in brackets (`http://[::1]:4010`). */
export function originOf({ host, port }: { host: string; port: number }): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
