import type { LoadedContract } from '../contract.js';
import { startPrismOnFreePort, startPrismProcess } from './prism-process.js';
import { startStrictFront, type FrontEvent } from './strict-front.js';

export interface Mock {
  /** Where to point the client: `createClient({ endpoint: mock.url, … })`. */
  readonly url: string;
  /** Prism's own address; behind the front when strict, the same as `url` otherwise. */
  readonly prismUrl: string;
  readonly prismPid: number;
  /** The document served, as a path. */
  readonly spec: string;
  /** Settles if Prism exits on its own (a crash), so a long-running caller can notice. */
  readonly exited: Promise<unknown>;
  /** Stops the front and Prism and resolves once nothing listens any more; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Serves a spec whose contract the caller has already read (strict) or does not need (plain), so
 * that a caller which reads it for its own purposes (the mock command) does not read it twice.
 */
export async function serveMock({ spec, contract, port, host, onRequest }: { spec: string; contract: LoadedContract | undefined; port: number; host: string; onRequest?: (event: FrontEvent) => void }): Promise<Mock> {
  if (contract === undefined) {
    const prism = port === 0 ? await startPrismOnFreePort({ spec, host }) : await startPrismProcess({ spec, port, host });
    return { url: prism.url, prismUrl: prism.url, prismPid: prism.pid, spec, exited: prism.exited, stop: () => prism.stop() };
  }
  // The front takes its port before Prism is given a free one: a port found free and released
  // again could otherwise be handed to Prism, and a port found taken costs no Prism to start.
  let connect: (url: string) => void = () => undefined;
  const upstream = new Promise<string>((resolve) => {
    connect = resolve;
  });
  const front = await startStrictFront({ model: contract.model, code: contract.code, upstream, port, host, ...(onRequest ? { onRequest } : {}) });
  try {
    const prism = await startPrismOnFreePort({ spec, host, behindFront: true });
    connect(prism.url);
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= front.stop().then(() => prism.stop()));
    return { url: front.url, prismUrl: prism.url, prismPid: prism.pid, spec, exited: prism.exited, stop };
  } catch (error) {
    await front.stop();
    throw error;
  }
}
