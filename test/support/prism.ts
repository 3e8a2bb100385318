/**
 * Starts a real Prism mock of an OpenAPI document as a child process and stops it again without
 * leaving it behind. Prism runs in one process (no --multiprocess), so killing it is enough.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { reservedPort } from './ports.js';

export const PRISM_CLI = resolve('node_modules/@stoplight/prism-cli/dist/index.js');
const DEFAULT_SPEC = 'spec/increase-nodes.openapi.yaml';
const READY = /Prism is listening on (http:\/\/\S+)/;
/** Kept for the error message when Prism fails to start. */
const LOG_LIMIT = 20_000;

export interface PrismMock {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly pid: number;
  /** What Prism printed so far (the tail). */
  log(): string;
  /** Stops Prism and resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startPrism({ spec = DEFAULT_SPEC, port, startTimeoutMs = 45_000 }: { spec?: string; port?: number; startTimeoutMs?: number } = {}): Promise<PrismMock> {
  const chosen = port ?? (await reservedPort());
  const child = spawn(process.execPath, [PRISM_CLI, 'mock', '-h', '127.0.0.1', '-p', String(chosen), spec], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // Read everything Prism prints for as long as it runs: a full pipe would stall it.
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);

  // If the test process ends without calling stop(), Prism must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    const url = await waitUntilListening({ child, port: chosen, read: () => output, timeoutMs: startTimeoutMs });
    return { url, pid: child.pid!, log: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitUntilListening({ child, port, read, timeoutMs }: { child: ChildProcess; port: number; read: () => string; timeoutMs: number }): Promise<string> {
  return new Promise((done, fail) => {
    const check = () => {
      const match = READY.exec(read());
      if (match === null) return;
      cleanup();
      done(`http://127.0.0.1:${port}`);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      fail(new Error(`Prism exited before listening (code ${code}, signal ${signal}):\n${read()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      fail(new Error(`Prism did not start listening within ${timeoutMs} ms:\n${read()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

/** Whether a process with this pid is still running (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
