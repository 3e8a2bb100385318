import type { OperationModel } from '../../generator/model.js';
import type { Signer } from './generated-bindings.js';
import type { Pair } from './query-pairs.js';
import type { HeaderChanges } from './constraint-breakers.js';
import type { Failure } from './report.js';

/** Made-up credentials: the contract says every request is signed, not with whose key. */
const TEST_CREDENTIALS = { accessKeyId: 'verify-test-id', accessKeySecret: 'verify-test-secret' } as const;

export interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

/** What was sent, and the answer or why there was none. */
export type Exchange = { readonly request: Failure['request'] } & ({ readonly answer: Answer } | { readonly error: unknown });

/** A bad base URL or a signer that throws rejects the run; only the exchange itself may go unanswered. */
export async function sendSigned({ op, pairs, baseUrl, signer, timeoutMs, changes = {} }: { op: OperationModel; pairs: readonly Pair[]; baseUrl: string; signer: Signer; timeoutMs: number; changes?: HeaderChanges }): Promise<Exchange> {
  const url = new URL(op.path, baseUrl);
  const query = signer.encodeQuery(pairs);
  const headers: Record<string, string> = Object.fromEntries(op.fixedHeaders.map((h) => [h.name, h.value]));
  headers['x-acs-date'] = signer.formatAcsDate(new Date());
  headers['x-acs-signature-nonce'] = signer.newNonce();
  // A header sent otherwise is signed as sent, so the signature stays right and only that header is wrong.
  // Header names are case-insensitive; a name changed to undefined is left out.
  const replaced = new Set(Object.keys(changes).map((name) => name.toLowerCase()));
  const omitted = new Set(Object.entries(changes).flatMap(([name, value]) => (value === undefined ? [name.toLowerCase()] : [])));
  for (const name of Object.keys(headers)) if (replaced.has(name.toLowerCase())) delete headers[name];
  for (const [name, value] of Object.entries(changes)) if (value !== undefined) headers[name] = value;
  const signed = signer.signRequest({ method: op.method, host: url.host, path: url.pathname, query: pairs, headers, ...TEST_CREDENTIALS });
  const { host: _host, ...sent } = signed.headers;
  // The signature itself can only be left out, or replaced, after signing.
  const send = Object.fromEntries(Object.entries(sent).filter(([name]) => !omitted.has(name.toLowerCase()) && !replaced.has(name.toLowerCase())));
  for (const [name, value] of Object.entries(changes)) if (value !== undefined) send[name] = value;
  const target = `${url.origin}${url.pathname}${query === '' ? '' : `?${query}`}`;
  const headersSent = { ...send, accept: 'application/json' };
  const request = { method: op.method, url: target, query, headers: headersSent };
  let response: Response;
  let text: string;
  try {
    response = await fetch(target, { method: op.method, headers: headersSent, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    return { request, error };
  }
  return { request, answer: { status: response.status, contentType: response.headers.get('content-type') ?? undefined, text } };
}
