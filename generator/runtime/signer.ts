import { createHmac, hash, randomBytes } from 'node:crypto';

// Alibaba Cloud signature V3 (ACS3-HMAC-SHA256) for RPC-style requests. Self-contained on
// purpose: this file is copied verbatim into the generated client, which may import nothing else.

const ALGORITHM = 'ACS3-HMAC-SHA256';
const REQUIRED_HEADERS = ['x-acs-date', 'x-acs-signature-nonce'] as const;

// One lookup per UTF-8 byte keeps the encoder independent of encodeURIComponent, whose
// reserved set differs from RFC 3986 (it leaves `!'()*` alone) and which throws on lone
// surrogates.
const ENCODED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  if (/^[A-Za-z0-9\-_.~]$/.test(char)) return char;
  return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});
// 1 for the bytes RFC 3986 leaves unescaped: one typed-array read per character decides.
const UNRESERVED = Uint8Array.from(ENCODED_BYTE, (encoded) => (encoded.length === 1 ? 1 : 0));
const utf8 = new TextEncoder();

/**
 * RFC 3986 percent-encoding of the UTF-8 bytes. A lone surrogate becomes U+FFFD (`%EF%BF%BD`),
 * as `TextEncoder` and `Buffer.from(s, 'utf8')` do; Alibaba's own runtime throws a URIError
 * there instead, which would turn a bad string into a crash halfway through sending. The client
 * refuses such a request before it signs anything.
 */
export function percentEncode(value: string): string {
  // Most names and values (ids, numbers, `true`) need no escape, and most others are ASCII, whose
  // UTF-8 bytes are its code units: only other text needs encoding to bytes first.
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit > 0x7f) return encodeBytes(value);
    if (plain && UNRESERVED[unit] === 0) plain = false;
  }
  if (plain) return value;
  let encoded = '';
  for (let i = 0; i < value.length; i++) encoded += ENCODED_BYTE[value.charCodeAt(i)];
  return encoded;
}

function encodeBytes(value: string): string {
  let encoded = '';
  for (const byte of utf8.encode(value)) encoded += ENCODED_BYTE[byte];
  return encoded;
}

// Plain code-unit order, not localeCompare: the gateway compares bytes, and encoded text is ASCII.
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

// A request has tens of pairs, where insertion sort beats a sort that calls back per comparison;
// a list at its maximum can have thousands, where insertion sort's square would not do.
const INSERTION_SORT_MAX = 64;

function sortFew({ names, values, order }: { names: readonly string[]; values: readonly string[]; order: number[]; }): void {
  for (let k = 1; k < order.length; k++) {
    const moving = order[k]!;
    let j = k - 1;
    while (j >= 0 && comesAfter({ names, values, a: order[j]!, b: moving })) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = moving;
  }
}

/** Whether pair `a` sorts after pair `b`: by encoded name, then by encoded value. */
function comesAfter({ names, values, a, b }: { names: readonly string[]; values: readonly string[]; a: number; b: number; }): boolean {
  const nameA = names[a]!;
  const nameB = names[b]!;
  return nameA > nameB || (nameA === nameB && values[a]! > values[b]!);
}

export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  // Encoded once into parallel lists and sorted by position: no pair objects, no intermediate arrays.
  const count = query.length;
  const names: string[] = new Array(count);
  const values: string[] = new Array(count);
  const order: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const [name, value] = query[i]!;
    names[i] = percentEncode(name);
    values[i] = percentEncode(value);
    order[i] = i;
  }
  // One order for both paths: comesAfter's.
  if (count > INSERTION_SORT_MAX) order.sort((a, b) => (comesAfter({ names, values, a, b }) ? 1 : comesAfter({ names, values, a: b, b: a }) ? -1 : 0));
  else sortFew({ names, values, order });
  let encoded = '';
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    encoded += `${k === 0 ? '' : '&'}${names[i]}=${values[i]}`;
  }
  return encoded;
}

/** The query string to put on the wire: byte for byte the signed one, so nothing can drift. */
export function encodeQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return canonicalQueryString(query);
}

export function sha256Hex(body: string | Uint8Array): string {
  // The one-shot `hash` (Node 20.12+) costs a third of a Hash object for a short input.
  return hash('sha256', body, 'hex');
}

// RPC calls send no body: its hash is the same every time.
const EMPTY_SHA256 = sha256Hex('');

// The second formatAcsDate wrote last, and its text.
let lastSecond = Number.NaN;
let lastText = '';

/** `YYYY-MM-DDTHH:mm:ssZ` in UTC: the documented x-acs-date format has no milliseconds. */
export function formatAcsDate(date: Date): string {
  // A busy client signs many requests within one second: the text of the last second is kept.
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:mm:ss.sssZ`; years beyond 9999 are written longer and take the general path.
  lastText = iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
  lastSecond = second;
  return lastText;
}

// Random bytes are drawn from the CSPRNG in blocks (as Node does for randomUUID): one system call
// per 256 nonces instead of one per request.
const NONCE_BYTES = 16;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

export function newNonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * 256);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString('hex', nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

export interface SignRequestInput {
  readonly method: string;
  readonly host: string;
  /** Already percent-encoded; `/` for RPC-style calls. */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Must hold `x-acs-date` and `x-acs-signature-nonce`; they are signed as given. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SignedRequest {
  readonly authorization: string;
  /** Everything to send, names lower-cased, `authorization` included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly canonicalQueryString: string;
}

function isSignedHeader(name: string): boolean {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

// Pure: the clock and the nonce come in through the headers, so one input always gives one
// signature and a test can replay the gateway's arithmetic.
export function signRequest(input: SignRequestInput): SignedRequest {
  const headers = new Map<string, string>();
  for (const name in input.headers) {
    if (!Object.hasOwn(input.headers, name)) continue;
    const lower = name.toLowerCase();
    // Two spellings of one header would leave it ambiguous which value the gateway checks.
    if (headers.has(lower)) throw new TypeError(`signRequest: header "${lower}" is given more than once`);
    headers.set(lower, input.headers[name]!);
  }
  // Node's own type error would quote the offending value, and this value is the secret.
  if (typeof input.accessKeySecret !== 'string') throw new TypeError('signRequest: accessKeySecret must be a string');
  for (const name of REQUIRED_HEADERS) {
    if (headers.get(name) === undefined) throw new TypeError(`signRequest: the "${name}" header is required`);
  }

  const body = input.body ?? '';
  const hashedPayload = body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
  headers.set('host', input.host);
  headers.set('x-acs-content-sha256', hashedPayload);
  // An empty token means "no STS credentials", as in Alibaba's runtime.
  if (input.securityToken) headers.set('x-acs-security-token', input.securityToken);

  const signedNames: string[] = [];
  for (const name of headers.keys()) if (isSignedHeader(name)) signedNames.push(name);
  signedNames.sort(compareCodeUnits);
  let canonicalHeaders = '';
  for (const name of signedNames) canonicalHeaders += `${name}:${headers.get(name)!.trim()}\n`;
  const signedHeaders = signedNames.join(';');
  const query = canonicalQueryString(input.query);
  const canonicalRequest = `${input.method.toUpperCase()}\n${input.path}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${hashedPayload}`;
  const stringToSign = `${ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign).digest('hex');
  const authorization =
    `${ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  headers.set('authorization', authorization);

  // Copied by hand: Object.fromEntries costs several times as much. `__proto__` is the one name an
  // assignment would not store as a key.
  const sent: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === '__proto__') Object.defineProperty(sent, name, { value, enumerable: true, writable: true, configurable: true });
    else sent[name] = value;
  }
  return {
    authorization,
    headers: sent,
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    canonicalQueryString: query,
  };
}
