import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { listen, MAX_REQUEST_HEAD_BYTES, originOf, PortInUseError } from './listen.js';
import { prismView } from './prism-view.js';

/** A server this package started: where it answers, and how to stop it. */
export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

export interface PrismProcess extends RunningServer {
  readonly pid: number;
  /** Settles when Prism exits, whoever stopped it; the mock command watches it to notice a crash. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines Prism wrote (stdout and stderr), for a message when something goes wrong. */
  output(): string;
  /** The document Prism serves: the spec itself, or a copy of it (prism-view.ts) removed when Prism exits. */
  readonly served: string;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const POLL_MS = 100;
/** What Prism writes once its server is bound (prism-cli's createServer). */
const PRISM_LISTENING = 'Prism is listening on';
/** Prism logs every request; only the tail is kept, but the pipes are always drained so it never blocks. */
const OUTPUT_LIMIT = 16 * 1024;

/**
 * Prism's mocker loads faker, every locale of it (about half of Prism's start-up), only to hand
 * it to json-schema-faker for the `x-faker` keyword of dynamic examples, which this mock never
 * asks for unless a request prefers dynamic. Faker is put in the module cache as a stand-in that
 * loads the real one the first time anything is read from it. If Prism's layout is not the one
 * this expects, the stand-in is left out and Prism loads faker as it always did.
 */
const LOAD_FAKER_ON_FIRST_USE = [
  "const { createRequire, Module } = await import('node:module');",
  'try {',
  "  const fromMocker = createRequire(createRequire(entry).resolve('@stoplight/prism-http'));",
  "  const id = fromMocker.resolve('@faker-js/faker');",
  '  let real;',
  '  const load = () => { if (real === undefined) { delete fromMocker.cache[id]; real = fromMocker(id); } return real; };',
  '  const onFirstUse = (get) => new Proxy({}, { get: (_, key) => Reflect.get(get(), key), has: (_, key) => Reflect.has(get(), key) });',
  '  const standIn = new Module(id);',
  '  standIn.filename = id;',
  '  standIn.loaded = true;',
  // json-schema-faker takes the default export when Prism's mocker is loaded, and reads it only when it makes a value.
  '  const standInDefault = onFirstUse(() => load().default);',
  "  standIn.exports = new Proxy({}, { get: (_, key) => (key === 'default' ? standInDefault : Reflect.get(load(), key)), has: (_, key) => Reflect.has(load(), key) });",
  '  fromMocker.cache[id] = standIn;',
  '} catch {}',
].join('\n');

/**
 * Runs Prism inside a process that ends the moment its parent does. The IPC channel closes when
 * the parent dies however it dies (SIGKILL included, where no exit handler runs), so Prism is
 * never left listening for nobody. Prism's own entry then runs with the argv it expects.
 */
const EXIT_WITH_PARENT = [
  "process.on('disconnect', () => process.exit(0));",
  // The copy of the document Prism serves goes with it, even when the parent died too abruptly to
  // remove it. A signal's default action runs no exit handler: each signal that ends a process group
  // (Ctrl-C, timeout, a CI cancel) removes it first, then is raised again, so Prism still ends by it.
  "const copy = process.env.EMR_CONTRACT_PRISM_COPY;",
  "if (copy) {",
  "  const { rmSync } = await import('node:fs');",
  "  const remove = () => rmSync(copy, { recursive: true, force: true });",
  "  process.on('exit', remove);",
  "  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => { remove(); process.kill(process.pid, signal); });",
  "}",
  "const { pathToFileURL } = await import('node:url');",
  'const entry = pathToFileURL(process.argv[1]).href;',
  LOAD_FAKER_ON_FIRST_USE,
  'await import(entry);',
].join('\n');

/** The node arguments that run `entry` (Prism's CLI, or a stand-in for it in a test) as Prism is run here. */
export function prismNodeArgs({ entry, args }: { entry: string; args: readonly string[] }): string[] {
  return [`--max-http-header-size=${MAX_REQUEST_HEAD_BYTES}`, '--input-type=module', '--eval', EXIT_WITH_PARENT, entry, ...args];
}

/** The Prism CLI's entry point inside node_modules, found the way Node would find the package. */
export function prismEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

/** A port nobody listens on right now (the OS picks it), for an internal or test server. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  const port = await listen({ server, host });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `prism mock` on host:port serving the spec and resolves once the port answers. Rejects
 * with Prism's own output if it exits first (a broken spec, a port taken) or never gets ready.
 */
export async function startPrismProcess({ spec, port, host = '127.0.0.1', behindFront = false }: { spec: string; port: number; host?: string; /** A strict front judges every request first (see prismDocument). */ behindFront?: boolean }): Promise<PrismProcess> {
  if (await answers({ host, port })) throw new PortInUseError({ host, port });
  // --no-multiprocess: Prism would otherwise fork its server when NODE_ENV=production, and a
  // forked grandchild is exactly the orphan that stopping this process must not leave behind.
  const view = prismView({ spec, behindFront });
  const args = ['mock', '-h', host, '-p', String(port), '--no-multiprocess', view.spec];
  const child = spawn(process.execPath, prismNodeArgs({ entry: prismEntry(), args }), {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, ...(view.folder === undefined ? {} : { EMR_CONTRACT_PRISM_COPY: view.folder }) },
  });
  // The channel is only a lifeline for the child; it must not keep this process alive.
  child.channel?.unref();
  let stdout = '';
  let stderr = '';
  const keep = (text: string, chunk: Buffer): string => (text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  child.stdout!.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // close, not exit: by then everything Prism wrote has been read, so an early death shows its reason.
    child.once('close', (code, signal) => {
      view.dispose();
      resolve({ code, signal });
    });
  });
  // If this process ends without calling stop() (process.exit, an uncaught error), Prism goes with it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
    view.dispose();
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  const output = (): string => [stdout.trim(), stderr.trim()].filter(Boolean).join('\n');
  const url = originOf({ host, port });
  let settled = false;
  // The port answering is not enough: another process may have taken it between the check above
  // and Prism's bind, and would then answer for a Prism that is about to exit. Prism's own line
  // says the port is its own.
  const ready = waitUntilAnswering({ host, port, timeoutMs: READY_TIMEOUT_MS, settled: () => settled, listening: () => stdout.includes(PRISM_LISTENING) });
  const early = exited.then(({ code, signal }) => {
    if (/\bEADDRINUSE\b/.test(output())) throw new PortInUseError({ host, port });
    // Prism logs the reason (a fatal line) on stdout and a usage text plus the error object on stderr.
    throw new Error(`Prism exited before it was ready (${signal ?? `exit code ${String(code)}`}):\n${output() || '(no output)'}`);
  });
  try {
    await Promise.race([ready, early, spawnFailed]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    settled = true;
  }
  return { url, pid: child.pid!, exited, output, stop, served: view.spec };
}

/** How many free ports a Prism may be offered before someone else taking each in turn is reported. */
const FREE_PORT_ATTEMPTS = 3;

/**
 * Starts Prism on a port of its own choosing. A port found free is free again for anyone until
 * Prism binds it, a second or so later: one taken in between is traded for another, since the
 * caller never asked for it.
 */
export async function startPrismOnFreePort({
  spec,
  host = '127.0.0.1',
  nextPort = freePort,
  behindFront = false,
}: {
  spec: string;
  host?: string;
  /** Where free ports come from (the OS). */
  nextPort?: (host: string) => Promise<number>;
  behindFront?: boolean;
}): Promise<PrismProcess> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startPrismProcess({ spec, port: await nextPort(host), host, behindFront });
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === FREE_PORT_ATTEMPTS) throw error;
    }
  }
}

async function waitUntilAnswering({ host, port, timeoutMs, settled, listening }: { host: string; port: number; timeoutMs: number; settled: () => boolean; listening: () => boolean }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !settled()) {
    if (listening() && (await answers({ host, port }))) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`Prism did not answer on ${host}:${port} within ${timeoutMs / 1000} s`);
}

/** Whether something accepts TCP connections on host:port. */
export function answers({ host, port }: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
