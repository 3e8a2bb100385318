import { bundledContractPath } from '../bundled-contract.js';
import { loadContract, readModel } from '../contract.js';
import { serveMock, type Mock } from './serve.js';
import type { FrontEvent } from './strict-front.js';

export type { Mock } from './serve.js';
export type { FrontEvent } from './strict-front.js';
export { PortInUseError } from './listen.js';

export interface MockOptions {
  /** The OpenAPI document to serve; by default the contract installed with `emr-increase-nodes-contract`. */
  readonly spec?: string;
  /** Hold every request to the whole contract before Prism sees it (see the README's "Mock the API"). */
  readonly strict?: boolean;
  /** The port to listen on; 0 (the default) takes a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Each request the strict front answered or passed on; only with `strict`. */
  readonly onRequest?: (event: FrontEvent) => void;
}

/**
 * Starts Prism on the spec, and in strict mode a front that answers invalid requests as the
 * service would. Prism runs in a child process that ends with this one, whatever ends it.
 */
export async function startMock({ spec = defaultSpec(), strict = false, port = 0, host = '127.0.0.1', onRequest }: MockOptions = {}): Promise<Mock> {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be a whole number from 0 to 65535, not ${String(port)}`);
  // Reading the contract (or, for Prism alone, its model) first means a missing or broken spec
  // fails naming itself, before any process starts and answers with Prism's usage text.
  const contract = strict ? await loadContract(spec) : undefined;
  if (contract === undefined) await readModel(spec);
  return serveMock({ spec, contract, port, host, ...(onRequest ? { onRequest } : {}) });
}

function defaultSpec(): string {
  const bundled = bundledContractPath();
  if (bundled === undefined) throw new Error('startMock needs { spec } when emr-increase-nodes-contract is not installed');
  return bundled;
}
