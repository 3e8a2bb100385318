/**
 * The mutants of bench/mutants.ts: each breaks one behaviour, and names the test that must go red.
 * A module of its own so that test/mutants-current.test.ts can check, in every `npm test`, that
 * each search text still stands once in its file: code that moved on would otherwise turn a mutant
 * into one that proves nothing, noticed only when someone runs the mutants.
 */
export interface Mutant {
  readonly id: string;
  /** The behaviour the mutation breaks, in words. */
  readonly breaks: string;
  /** Repository-relative. */
  readonly file: string;
  /** Exact text, except that any run of white space matches any run of white space; it must occur once. */
  readonly search: string;
  readonly replace: string;
  /** The test file that must go red. */
  readonly test: string;
  /** A substring of the name of the test that must go red; without it, any test of the file. */
  readonly name?: string;
}

const FAULTS = 'test/reliability/faults.test.ts';
const LOAD = 'test/reliability/load.test.ts';
const SECRETS = 'test/reliability/secrets.test.ts';
const BAD_SPECS = 'test/reliability/bad-specs.test.ts';
const HOSTILE = 'test/reliability/hostile-input.test.ts';
const CODEC = 'test/codec.test.ts';
const SIGNER = 'test/signer.test.ts';
const CLIENT = 'test/client.test.ts';
const VALIDATORS = 'test/validators.property.test.ts';
const AJV = 'test/ajv-differential.test.ts';

const RETRY = 'generated/runtime/retry.ts';
const FETCH = 'generated/runtime/fetch-transport.ts';
const CLIENT_RUNTIME = 'generated/runtime/client.ts';
const WIRE = 'generated/runtime/wire.ts';
const VALIDATION = 'generated/runtime/validation.ts';
const VALIDATORS_CODE = 'generated/validators.ts';
const SIGNER_SOURCE = 'generator/runtime/signer.ts';

export const MUTANTS: readonly Mutant[] = [
  // test/reliability/faults.test.ts
  { id: 'F1', test: FAULTS, name: 'never sends a call again once the service may have acted on it', file: RETRY, breaks: 'every failure is retried, whether the service may have acted or not', search: '&& error.retryable;', replace: '&& (error.retryable || true);' },
  { id: 'F2', test: FAULTS, name: 'ends an attempt whose answer never comes by its timer', file: FETCH, breaks: 'a timeout after sending counts as not sent (so it is retried)', search: "reason: 'timeout', sent: sent ?? true", replace: "reason: 'timeout', sent: false" },
  { id: 'F3', test: FAULTS, name: 'makes exactly the planned attempts', file: RETRY, breaks: 'one attempt more than maxAttempts', search: 'if (number >= retry.maxAttempts) return', replace: 'if (number > retry.maxAttempts) return' },
  { id: 'F4', test: FAULTS, name: 'waits before each retry no longer than the backoff cap', file: RETRY, breaks: 'x-acs-retry-after is ignored', search: 'Math.max(jittered, after ?? 0)', replace: 'Math.max(jittered, 0)' },
  { id: 'F5', test: FAULTS, name: 'answers every call exactly as its last planned attempt dictates', file: FETCH, breaks: 'a refused connection counts as sent (so it is not retried)', search: "new Set(['ECONNREFUSED', ", replace: 'new Set([' },
  { id: 'F6', test: FAULTS, name: 'stops reading a 50 MB body at maxResponseBytes', file: FETCH, breaks: 'the size cap is 64 times maxResponseBytes', search: 'if (size > maxBytes) {', replace: 'if (size > maxBytes * 64) {' },
  { id: 'F7', test: FAULTS, name: 'ends every call in success or one of the exported error classes', file: FETCH, breaks: "fetch's own TypeError escapes untyped", search: 'throw failure(', replace: 'if (error instanceof TypeError) throw error;\n    throw failure(' },
  { id: 'F8', test: FAULTS, name: 'signs every attempt', file: CLIENT_RUNTIME, breaks: 'the signature covers another path than the one sent', search: 'path: url.pathname,', replace: "path: '/elsewhere'," },
  { id: 'F9', test: FAULTS, name: 'leaves no socket or timer behind', file: RETRY, breaks: 'each retry leaves a timer running', search: 'const timer = setTimeout(() => {', replace: 'setInterval(() => undefined, 60_000);\n    const timer = setTimeout(() => {' },
  { id: 'F10', test: FAULTS, name: 'leaves no unhandled rejection', file: FETCH, breaks: 'cancelling a too-large body leaves a rejected promise nobody handles', search: 'await reader.cancel().catch(() => undefined);', replace: "void reader.cancel().then(() => Promise.reject(new Error('cancelled')));" },
  { id: 'F11', test: FAULTS, name: 'arms one timer of timeoutMs for every attempt', file: CLIENT_RUNTIME, breaks: 'the fetch transport arms its timer for another length than timeoutMs', search: 'AbortSignal.timeout(timeoutMs);\n    const started', replace: 'AbortSignal.timeout(timeoutMs + 1);\n    const started' },

  // test/reliability/load.test.ts
  { id: 'L1', test: LOAD, name: 'retains nothing per call once warmed up', file: CLIENT_RUNTIME, breaks: 'the client keeps every answer it read', search: 'return interpret({ binding, ...reply, validateResponse });', replace: '((globalThis as unknown as { kept?: unknown[] }).kept ??= []).push(reply);\n    return interpret({ binding, ...reply, validateResponse });' },
  { id: 'L2', test: LOAD, name: 'retries each throttled call once and no other call', file: CLIENT_RUNTIME, breaks: 'no error is retryable', search: 'retryable: documented?.retryable ?? retriesUndocumented(code),', replace: 'retryable: false,' },
  { id: 'L3', test: LOAD, name: 'signs every request so the gateway would accept it', file: CLIENT_RUNTIME, breaks: 'the signature covers another path than the one sent', search: 'path: url.pathname,', replace: "path: '/elsewhere'," },
  { id: 'L4', test: LOAD, name: 'fails only the calls answered with the injected InvalidParameter', file: CLIENT_RUNTIME, breaks: 'the error code is read from the wrong field', search: "typeof fields['Code'] === 'string' ? fields['Code'] : undefined", replace: "typeof fields['code'] === 'string' ? fields['code'] : undefined" },
  { id: 'L5', test: LOAD, name: 'keeps RSS growth under', file: CLIENT_RUNTIME, breaks: 'the client keeps a 64 KiB buffer per call outside the heap', search: 'return interpret({ binding, ...reply, validateResponse });', replace: '((globalThis as unknown as { kept?: unknown[] }).kept ??= []).push(Buffer.alloc(64 * 1024, 1));\n    return interpret({ binding, ...reply, validateResponse });' },

  // test/reliability/secrets.test.ts
  { id: 'S1', test: SECRETS, name: 'TransportError timeout', file: CLIENT_RUNTIME, breaks: 'the request event carries the security token', search: "emit({ type: 'request', action, attempt: number, url: target, warnings });", replace: "emit({ type: 'request', action, attempt: number, url: `${target}&token=${securityToken ?? ''}`, warnings });" },
  { id: 'S2', test: SECRETS, name: 'TransportError network from a throwing fetch', file: FETCH, breaks: "a fetch failure keeps the request it failed on, signature and token included", search: "response = await settledBy({ promise: fetchWith(target, { method, headers: sendHeaders, signal, redirect: 'manual' }), signal });", replace: "try {\n      response = await settledBy({ promise: fetchWith(target, { method, headers: sendHeaders, signal, redirect: 'manual' }), signal });\n    } catch (error) {\n      throw Object.assign(error as object, { request: { target, headers: sendHeaders } });\n    }" },

  // test/reliability/bad-specs.test.ts
  { id: 'B1', test: BAD_SPECS, name: 'creates no output folder that did not exist', file: 'cli/commands/generate.ts', breaks: 'generate makes the output folder before it knows the document is valid', search: 'const { spec: loaded, model, files: expected } = await generateWithModel(', replace: 'mkdirSync(out, { recursive: true });\n  const { spec: loaded, model, files: expected } = await generateWithModel(' },
  { id: 'B2', test: BAD_SPECS, name: 'a 10,000-item enum fails with its diagnostic at its JSON pointer', file: 'generator/openapi-reading.ts', breaks: 'the enum-too-large diagnostic points at the document root', search: "code: 'enum-too-large', pointer: at,", replace: "code: 'enum-too-large', pointer: '#'," },

  // test/reliability/hostile-input.test.ts
  { id: 'H1', test: HOSTILE, name: 'a backtracking search does at most linear work', file: WIRE, breaks: 'LIST_INDEX becomes an exponential pattern (same language)', search: 'const LIST_INDEX = /^[1-9][0-9]*$/;', replace: 'const LIST_INDEX = /^[1-9](?:[0-9]+)*$/;' },
  { id: 'H2', test: HOSTILE, name: 'a backtracking search does at most linear work', file: WIRE, breaks: 'DECIMAL_INTEGER becomes a quadratic pattern (same language)', search: 'const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;', replace: 'const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*[0-9]*)$/;' },
  { id: 'H3', test: HOSTILE, name: 'ApplicationConfigs (the size issue only, not one item read)', file: VALIDATORS_CODE, breaks: 'a list past maxItems is walked before its size is reported', search: 'applicationConfigs.length > 1000) c.report(', replace: 'applicationConfigs.length > 1000 && [...applicationConfigs].length >= 0) c.report(' },
  { id: 'H4', test: HOSTILE, name: 'what is accepted round-trips through the wire', file: WIRE, breaks: 'a false boolean is left off the wire', search: 'if (item === undefined || item === null ||', replace: 'if (item === undefined || item === null || item === false ||' },
  { id: 'H5', test: HOSTILE, name: 'fc.anything() as a whole request, response or error body', file: VALIDATION, breaks: 'the issue for a non-object has an empty message', search: 'message: `The ${subject} must be an object', replace: "message: '' && `The ${subject} must be an object" },
  { id: 'H6', test: HOSTILE, name: 'an accepted query loses no pair', file: WIRE, breaks: "the decoder reads 'false' as true", search: "text === 'false' ? false", replace: "text === 'false' ? true" },
  { id: 'H7', test: HOSTILE, name: '100,000 list items past maxItems', file: WIRE, breaks: 'the decoder builds lists of up to 1,000 times maxItems', search: 'if (position > limit) {', replace: 'if (position > limit * 1000) {' },
  { id: 'H8', test: HOSTILE, name: '100,000 repeats of one name', file: WIRE, breaks: 'a repeated name is not noticed', search: 'if (seen.has(name)) {', replace: 'if (seen.has(name) && false) {' },
  { id: 'H9', test: HOSTILE, name: 'getters for every parameter (each read exactly once)', file: VALIDATORS_CODE, breaks: 'RegionId is read twice', search: 'regionId = record[key];', replace: 'regionId = (record[key], record[key]);' },
  { id: 'H10', test: HOSTILE, name: 'a getter that throws', file: VALIDATION, breaks: 'a throwing getter escapes the validator', search: 'checker.unreadable(error);', replace: 'throw error;' },
  { id: 'H11', test: HOSTILE, name: 'and pollutes nothing', file: WIRE, breaks: 'the decoder assigns instead of defining, so __proto__ sets a prototype', search: 'if (!Array.isArray(target) && !(key in target)) (target as Record<string | number, unknown>)[key] = value;', replace: 'if (true) (target as Record<string | number, unknown>)[key] = value;' },
  { id: 'H12', test: HOSTILE, name: 'anything as parameter values (and extra hostile keys)', file: VALIDATORS_CODE, breaks: 'the validator deletes the unknown keys it reports', search: 'c.unknownKey({ key, known: IncreaseNodesRequestKeys, owner: "IncreaseNodes" });', replace: '{ c.unknownKey({ key, known: IncreaseNodesRequestKeys, owner: "IncreaseNodes" }); delete record[key]; }' },

  // test/codec.test.ts
  { id: 'C1', test: CODEC, name: 'builds no list longer than the limit for an index past it', file: WIRE, breaks: 'an index past the list limit builds the list anyway', search: 'if (position > limit) {', replace: 'if (position > 2 ** 53) {' },
  { id: 'C2', test: CODEC, name: 'gives back every valid request that toIncreaseNodesQuery wrote', file: WIRE, breaks: 'lists are flattened from index 2', search: '`${name}.${index + 1}`', replace: '`${name}.${index + 2}`' },
  { id: 'C3', test: CODEC, name: 'gives back every valid request that toIncreaseNodesQuery wrote', file: WIRE, breaks: "the decoder reads 'false' as true", search: "text === 'false' ? false", replace: "text === 'false' ? true" },
  { id: 'C4', test: CODEC, name: 'never calls a setter a polluted Object.prototype holds for a parameter', file: WIRE, breaks: "the decoder assigns every name but __proto__, so a polluted prototype's setter receives the value", search: 'if (!Array.isArray(target) && !(key in target)) (target as Record<string | number, unknown>)[key] = value;', replace: "if (key !== '__proto__') (target as Record<string | number, unknown>)[key] = value;" },
  { id: 'C5', test: CODEC, name: 'fills no object a polluted Object.prototype holds under a field', file: WIRE, breaks: "the decoder fills an object a polluted prototype holds under the field's name", search: 'const existing = Object.hasOwn(container, key) ? (container as Record<string | number, unknown>)[key] : undefined;', replace: 'const existing = (container as Record<string | number, unknown>)[key];' },
  { id: 'C6', test: CODEC, name: "keeps a list item its own even where a proxy in Array.prototype's chain", file: WIRE, breaks: 'the decoder assigns list items, so a proxy in Array.prototype\'s chain takes them', search: 'if (!Array.isArray(target) && !(key in target))', replace: 'if (!(key in target))' },

  // test/signer.test.ts (imports generator/runtime/signer.ts itself)
  { id: 'G1', test: SIGNER, name: 'orders any list of pairs, short or long', file: SIGNER_SOURCE, breaks: 'long lists are sorted by name only', search: 'order.sort((a, b) => (comesAfter({ names, values, a, b }) ? 1 : comesAfter({ names, values, a: b, b: a }) ? -1 : 0));', replace: 'order.sort((a, b) => (names[a]! > names[b]! ? 1 : names[a]! < names[b]! ? -1 : 0));' },
  { id: 'G2', test: SIGNER, name: 'decodes back to the pairs it was given', file: SIGNER_SOURCE, breaks: '& is left unescaped', search: '/^[A-Za-z0-9\\-_.~]$/', replace: '/^[A-Za-z0-9\\-_.~&]$/' },
  { id: 'G3', test: SIGNER, name: 'agrees with toISOString for any instant', file: SIGNER_SOURCE, breaks: 'the date cache rounds instants before 1970 the wrong way', search: 'Math.floor(date.getTime() / 1000)', replace: 'Math.trunc(date.getTime() / 1000)' },
  { id: 'G4', test: SIGNER, name: 'produces Alibaba', file: SIGNER_SOURCE, breaks: 'content-type is not signed', search: "name === 'host' || name === 'content-type' ||", replace: "name === 'host' ||" },
  { id: 'G5', test: SIGNER, name: 'produces Alibaba', file: SIGNER_SOURCE, breaks: 'header values are signed untrimmed', search: '${headers.get(name)!.trim()}', replace: '${headers.get(name)!}' },
  { id: 'G6', test: SIGNER, name: 'produces Alibaba', file: SIGNER_SOURCE, breaks: 'Latin-1 characters are encoded as one byte, not as UTF-8', search: 'if (unit > 0x7f) return encodeBytes(value);', replace: 'if (unit > 0xff) return encodeBytes(value);' },

  // test/client.test.ts (reported, not edited)
  { id: 'K1', test: CLIENT, name: 'delivers any request with arbitrary Unicode strings intact', file: 'generated/runtime/signer.ts', breaks: 'Latin-1 characters are encoded as one byte, not as UTF-8', search: 'if (unit > 0x7f) return encodeBytes(value);', replace: 'if (unit > 0xff) return encodeBytes(value);' },

  // test/validators.property.test.ts
  { id: 'V1', test: VALIDATORS, name: 'accepts every integer from the minimum to the maximum', file: VALIDATORS_CODE, breaks: 'IncreaseNodeCount 1 is out of range', search: 'increaseNodeCount < 1 ||', replace: 'increaseNodeCount < 2 ||' },
  { id: 'V2', test: VALIDATORS, name: 'accepts MinIncreaseNodeCount equal to or below IncreaseNodeCount', file: VALIDATORS_CODE, breaks: 'MinIncreaseNodeCount equal to IncreaseNodeCount is rejected', search: '!(minIncreaseNodeCount <= increaseNodeCount)', replace: '!(minIncreaseNodeCount < increaseNodeCount)' },
  { id: 'V3', test: VALIDATORS, name: 'rejects any other integer or string with one InvalidParameterValue', file: VALIDATORS_CODE, breaks: 'PaymentDuration 0 is allowed', search: 'PaymentDurationValues: readonly number[] = [1,', replace: 'PaymentDurationValues: readonly number[] = [0, 1,' },
  { id: 'V4', test: VALIDATORS, name: 'rejects any other integer or string with one InvalidParameterValue naming the item', file: VALIDATORS_CODE, breaks: 'an empty ConfigScope is allowed', search: 'configScope !== "CLUSTER" && configScope !== "NODE_GROUP")', replace: 'configScope !== "CLUSTER" && configScope !== "NODE_GROUP" && configScope !== "")' },
  { id: 'V5', test: VALIDATORS, name: 'AutoPayOrder set to null is accepted as absent', file: VALIDATORS_CODE, breaks: 'a null AutoPayOrder is refused as a wrong type', search: 'autoPayOrder != null && typeof autoPayOrder', replace: 'autoPayOrder !== undefined && typeof autoPayOrder' },
  { id: 'V6', test: VALIDATORS, name: 'rejects any value that is not a string with one InvalidParameterValue', file: VALIDATORS_CODE, breaks: 'a number is allowed as RegionId', search: 'else if (typeof regionId !== "string")', replace: 'else if (typeof regionId !== "string" && typeof regionId !== "number")' },
  { id: 'V7', test: VALIDATORS, name: 'rejects any value that is not a list with one InvalidParameterValue', file: VALIDATORS_CODE, breaks: 'any object passes as ApplicationConfigs', search: 'if (!Array.isArray(applicationConfigs))', replace: 'if (typeof applicationConfigs !== "object")' },
  { id: 'V8', test: VALIDATORS, name: 'rejects an item that is not an object', file: VALIDATORS_CODE, breaks: 'null and lists pass as an ApplicationConfig', search: 'else if (!isRecord(applicationConfigsItem))', replace: 'else if (typeof applicationConfigsItem !== "object")' },
  { id: 'V9', test: VALIDATORS, name: 'RegionId sent empty gives one MissingParameter', file: VALIDATORS_CODE, breaks: 'an empty RegionId is accepted', search: 'if (regionId == null || regionId === "")', replace: 'if (regionId == null)' },
  { id: 'V10', test: VALIDATORS, name: 'ignores an unknown key whose value is null (null counts as absent)', file: VALIDATORS_CODE, breaks: 'an unknown key whose value is null is named', search: 'if (record[key] != null) c.unknownKey({ key, known: IncreaseNodesRequestKeys', replace: 'if (record[key] !== undefined) c.unknownKey({ key, known: IncreaseNodesRequestKeys' },
  { id: 'V11', test: VALIDATORS, name: 'a request with N independent faults has N issues', file: VALIDATION, breaks: 'only the first issue is kept', search: 'else issues.push(issue);', replace: 'else if (issues.length < 1) issues.push(issue);' },
  { id: 'V12', test: VALIDATORS, name: 'warns exactly as the rules say for any valid request', file: VALIDATORS_CODE, breaks: 'an absent ConfigScope counts as NODE_GROUP for NodeGroupId', search: 'if (nodeGroupId != null && (configScope ?? "CLUSTER")', replace: 'if (nodeGroupId != null && (configScope ?? "NODE_GROUP")' },
  { id: 'V13', test: VALIDATORS, name: 'leaves the input unchanged for any input', file: VALIDATORS_CODE, breaks: 'the validator deletes the unknown keys it reports', search: 'c.unknownKey({ key, known: IncreaseNodesRequestKeys, owner: "IncreaseNodes" });', replace: '{ c.unknownKey({ key, known: IncreaseNodesRequestKeys, owner: "IncreaseNodes" }); delete record[key]; }' },
  { id: 'V14', test: VALIDATORS, name: 'suggests exactly the known name the textbook edit distance finds', file: VALIDATION, breaks: 'names two edits away get no suggestion', search: 'let bestDistance = 3;', replace: 'let bestDistance = 2;' },
  { id: 'V15', test: VALIDATORS, name: 'suggests exactly the known name the textbook edit distance finds', file: VALIDATION, breaks: 'the bit-parallel distance counts an insertion twice', search: 'if ((up & last) !== 0) score++;', replace: 'if ((up & last) !== 0) score += 2;' },

  // test/ajv-differential.test.ts
  { id: 'A1', test: AJV, name: 'agrees with Ajv on every near-valid input', file: VALIDATORS_CODE, breaks: 'IncreaseNodeCount 501 is allowed', search: 'increaseNodeCount > 500)', replace: 'increaseNodeCount > 501)' },
  { id: 'A2', test: AJV, name: 'agrees with Ajv on every near-valid input', file: VALIDATORS_CODE, breaks: 'PaymentDurationUnit "month" is allowed', search: 'paymentDurationUnit !== "Month")', replace: 'paymentDurationUnit !== "Month" && paymentDurationUnit !== "month")' },
  { id: 'A3', test: AJV, name: 'agrees with Ajv on every parameter at and just past each bound', file: VALIDATORS_CODE, breaks: 'IncreaseNodeCount 501 is allowed', search: 'increaseNodeCount > 500)', replace: 'increaseNodeCount > 501)' },
  { id: 'A4', test: AJV, name: 'agrees with Ajv on every parameter at and just past each bound', file: VALIDATORS_CODE, breaks: 'PaymentDuration 10 is allowed', search: 'PaymentDurationValues: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9,', replace: 'PaymentDurationValues: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10,' },
];

/** Where the search text stands in a file's text: literally, except that white space matches any white space. */
export function placesOf({ text, search }: { text: string; search: string }): RegExpExecArray[] {
  const literal = search
    .trim()
    .split(/\s+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return [...text.matchAll(new RegExp(literal, 'g'))];
}
