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
  /** Each request the strict front answered or passed on; only with `strict` (refused without it). */
  readonly onRequest?: (event: FrontEvent) => void;
}

/**
 * Starts Prism on the spec, and in strict mode a front that answers invalid requests as the
 * service would. Prism runs in a child process that ends with this one, whatever ends it.
 */
export async function startMock(options: MockOptions = {}): Promise<Mock> {
  checkOptionNames(options);
  const { spec = defaultSpec(), strict = false, port = 0, host = '127.0.0.1', onRequest } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be a whole number from 0 to 65535, not ${String(port)}`);
  // Reading the contract (or, for Prism alone, its model) first means a missing or broken spec
  // fails naming itself, before any process starts and answers with Prism's usage text.
  const contract = strict ? await loadContract(spec) : undefined;
  if (contract === undefined) await readModel(spec);
  return serveMock({ spec, contract, port, host, ...(onRequest ? { onRequest } : {}) });
}

/**
 * Every option startMock reads: any other key would be ignored in silence, and a misspelt one
 * (`strcit: true`) would start a lenient mock that the caller's tests then pass against.
 */
const OPTION_NAMES = { spec: true, strict: true, port: true, host: true, onRequest: true } as const satisfies Record<keyof MockOptions, true>;

/** A TypeError, as for any argument of the wrong shape; a port out of range stays a RangeError. */
function checkOptionNames(options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`startMock takes an object of options such as { strict: true }, not ${kindOf(options)}`);
  }
  const unknown = Object.keys(options).find((name) => !Object.hasOwn(OPTION_NAMES, name));
  if (unknown !== undefined) throw new TypeError(`unknown option ${unknown}; the options are ${Object.keys(OPTION_NAMES).join(', ')}`);
  // `strict: 'false'` is truthy: read as it stands it would start the mock it says it does not want.
  const { spec, strict, port, host, onRequest } = options as Record<string, unknown>;
  const wrong = (name: string, want: string, value: unknown) => new TypeError(`${name} must be ${want}, not ${kindOf(value)}`);
  if (strict !== undefined && typeof strict !== 'boolean') throw wrong('strict', 'true or false', strict);
  if (spec !== undefined && typeof spec !== 'string') throw wrong('spec', 'the path of an OpenAPI document', spec);
  // `port: process.env.PORT` is text: a RangeError quoting 4010 would not say that the kind is wrong.
  if (port !== undefined && typeof port !== 'number') throw wrong('port', 'a whole number from 0 to 65535', port);
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw wrong('host', 'a host name or address such as 127.0.0.1', host);
  if (onRequest !== undefined && typeof onRequest !== 'function') throw wrong('onRequest', 'a function', onRequest);
  if (onRequest !== undefined && strict !== true) throw new TypeError('onRequest needs strict: true: only the strict front sees each request, and Prism alone reports none');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === '') return 'an empty text';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function defaultSpec(): string {
  const bundled = bundledContractPath();
  if (bundled === undefined) throw new Error('startMock needs { spec } when emr-increase-nodes-contract is not installed');
  return bundled;
}
