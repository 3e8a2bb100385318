import { readFileSync } from 'node:fs';
import { answers } from '../../conformance/mock/prism-process.js';

const HOST = '127.0.0.1';
/** Where the search for a closed port starts: above the well-known services, below every OS's default ephemeral range. */
const FIRST_CANDIDATE = 20_000;
/** Each test worker hands out ports of its own block, above the closed port's: no two workers can name one port. */
const BLOCKS_FROM = 21_000;
const BLOCK_SIZE = 100;

let range: { low: number; high: number } | undefined;

/** The ports the OS hands out for port 0: Linux says so in /proc; elsewhere IANA's range is the default. */
export function ephemeralRange(): { low: number; high: number } {
  return (range ??= readEphemeralRange());
}

function readEphemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return { low: low!, high: high! };
  } catch {
    // Not Linux: the default below.
  }
  return { low: 49_152, high: 65_535 };
}

let found: number | undefined;
let handedOut = 0;

/**
 * A port on 127.0.0.1 that refuses connections and goes on refusing them. A port found free and
 * closed again would not: the next listen on port 0 (this suite's servers, Prism's port, another
 * worker's) may be given it, and an attempt meant to be refused is then answered. The OS never
 * hands out a port outside its ephemeral range, and every server of the suite takes one inside it.
 */
export async function closedPort(): Promise<number> {
  if (found !== undefined) return found;
  const { low, high } = ephemeralRange();
  for (let port = FIRST_CANDIDATE; port <= 65_535; port += 1) {
    if (port >= low && port <= high) continue;
    if (!(await answers({ host: HOST, port }))) return (found = port);
  }
  throw new Error(`no port outside the ephemeral range ${low}–${high} refuses connections on ${HOST}`);
}

/**
 * A port nothing listens on, to tell a child process (Prism, the CLI) to listen on. A port from
 * listen(0), closed again for the child to take, may be given to any other listen(0) before the
 * child binds it, a second or more later; this one never is, being outside the ephemeral range,
 * and each worker (VITEST_POOL_ID) and each call has its own.
 */
export async function reservedPort(): Promise<number> {
  const { low, high } = ephemeralRange();
  const worker = Number(process.env['VITEST_POOL_ID'] ?? 0) % 100;
  while (handedOut < BLOCK_SIZE) {
    const port = BLOCKS_FROM + worker * BLOCK_SIZE + handedOut;
    handedOut += 1;
    if (port >= low && port <= high) break;
    if (!(await answers({ host: HOST, port }))) return port;
  }
  throw new Error(`worker ${worker} has no reserved port left below the ephemeral range ${low}–${high}`);
}
