import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { increaseNodesRequest } from '../generated/arbitraries.js';
import { IncreaseNodesRequestCatalog, fromIncreaseNodesQuery, toIncreaseNodesQuery, validateIncreaseNodesRequest } from '../generated/index.js';
import { decodeQuery, type ObjectShape } from '../generated/runtime/wire.js';
import { WORKED_EXAMPLE_PAIRS, WORKED_EXAMPLE_REQUEST } from './support/worked-example.js';

const base = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe****', NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: '3' };
const pairs = (extra: Record<string, string> = {}): [string, string][] => Object.entries({ ...base, ...extra });
const config = (n: number, extra: Record<string, string> = {}) => ({
  [`ApplicationConfigs.${n}.ApplicationName`]: 'HDFS',
  [`ApplicationConfigs.${n}.ConfigFileName`]: 'hdfs-site.xml',
  [`ApplicationConfigs.${n}.ConfigItemKey`]: 'dfs.replication',
  ...extra,
});
const issuesOf = (params: [string, string][]) => {
  const result = fromIncreaseNodesQuery(params);
  return result.ok ? [] : result.issues.map((i) => `${i.code} ${i.parameter}`);
};

describe('toIncreaseNodesQuery', () => {
  it('flattens the worked example 1-based, with integers and booleans as text', () => {
    expect(toIncreaseNodesQuery(WORKED_EXAMPLE_REQUEST)).toEqual(WORKED_EXAMPLE_PAIRS);
  });

  // The type matters as much as the value: readonly tuples would not compile here under strict settings.
  it('gives pairs a URLSearchParams takes as they are', () => {
    const params = new URLSearchParams(toIncreaseNodesQuery(WORKED_EXAMPLE_REQUEST));
    expect([...params]).toEqual(WORKED_EXAMPLE_PAIRS);
  });

  it('leaves out undefined fields and sends an empty string as an empty value', () => {
    const query = toIncreaseNodesQuery({ RegionId: '', ClusterId: 'c', NodeGroupId: 'n', IncreaseNodeCount: 1, AutoRenew: undefined });
    expect(query).toEqual([['RegionId', ''], ['ClusterId', 'c'], ['NodeGroupId', 'n'], ['IncreaseNodeCount', '1']]);
  });

  const item = { ApplicationName: 'HDFS', ConfigFileName: 'hdfs-site.xml', ConfigItemKey: 'dfs.replication' };
  // An untyped caller's mistake gets the parameter's name, never `value.forEach is not a function` or `[object Object]` on the wire.
  it.each<[string, unknown, string]>([
    ['a request that is not an object', null, 'The request must be an object of named parameters to be sent in a query; it is null.'],
    ['a list that is text', { ApplicationConfigs: 'abc' }, 'ApplicationConfigs must be a list to be sent in a query; it is the string "abc".'],
    ['a list item that is text', { ApplicationConfigs: [item, 'x'] }, 'ApplicationConfigs.2 must be an object to be sent in a query; it is the string "x".'],
    ['an object where text goes', { RegionId: { id: 'cn-hangzhou' } }, 'RegionId must be text to be sent in a query; it is an object.'],
    ['a list where text goes, inside an item', { ApplicationConfigs: [{ ...item, ConfigItemValue: ['1', '2'] }] }, 'ApplicationConfigs.1.ConfigItemValue must be text to be sent in a query; it is a list.'],
  ])('refuses %s, naming the parameter and saying to validate first', (_, request, message) => {
    const encode = () => toIncreaseNodesQuery((request !== null && typeof request === 'object' ? { ...base, ...request } : request) as never);
    expect(encode).toThrow(TypeError);
    expect(encode).toThrow(message);
  });

  // Alibaba's runtime skips an empty item and numbers the next one after it (`[null, x]` gives only `.2`), which the service reads as item 1 missing.
  it.each<[string, unknown[]]>([
    ['null', [null, item]],
    ['undefined', [undefined, item]],
    ['a hole', [, item]],
  ])('refuses a list whose first item is %s instead of sending a gap', (_, list) => {
    expect(() => toIncreaseNodesQuery({ ...base, IncreaseNodeCount: 3, ApplicationConfigs: list } as never)).toThrow(/^ApplicationConfigs\.1 is (?:null|undefined): a query numbers list items without gaps/);
  });
});

describe('fromIncreaseNodesQuery', () => {
  it('gives back every valid request that toIncreaseNodesQuery wrote', () => {
    fc.assert(
      fc.property(increaseNodesRequest, (request) => {
        const result = fromIncreaseNodesQuery(toIncreaseNodesQuery(request));
        expect(result.ok).toBe(true);
        expect(result.request).toEqual(request);
      }),
    );
  });

  it('is given requests at the documented maximum too: the arbitrary draws 1,000 ApplicationConfigs as well as short lists', () => {
    const lengths = fc.sample(increaseNodesRequest, { numRuns: 400, seed: 20_250_124 }).flatMap((request) => (request.ApplicationConfigs === undefined ? [] : [request.ApplicationConfigs.length]));
    expect({ full: lengths.includes(1000), short: lengths.some((length) => length <= 3), over: lengths.some((length) => length > 1000) }).toEqual({ full: true, short: true, over: false });
  });

  it('reads URLSearchParams and plain records as well as pairs', () => {
    expect(fromIncreaseNodesQuery(new URLSearchParams(pairs())).ok).toBe(true);
    expect(fromIncreaseNodesQuery(Object.fromEntries(pairs())).ok).toBe(true);
  });

  it.each(['3.0', ' 3', '3 ', '0x3', '3e0', '+3', '03', '', 'three'])('rejects the integer text %j as the wrong type', (text) => {
    const result = fromIncreaseNodesQuery(pairs({ IncreaseNodeCount: text }));
    expect(result.ok ? [] : result.issues.map((i) => `${i.code} ${i.parameter} ${i.kind}`)).toEqual(['InvalidParameterValue IncreaseNodeCount type']);
  });

  it.each(['9007199254740993', '1' + '0'.repeat(300)])('refuses the integer text %s as out of range, with the issue the client gives for the same integer', (text) => {
    const decoded = fromIncreaseNodesQuery(pairs({ IncreaseNodeCount: text }));
    const sent = validateIncreaseNodesRequest({ ...base, IncreaseNodeCount: Number(text) });
    expect(decoded.ok ? [] : decoded.issues).toEqual(sent.ok ? ['accepted'] : sent.issues);
    expect(decoded.ok ? [] : decoded.issues.map((i) => i.kind)).toEqual(['range']);
  });

  it.each(['True', 'TRUE', '1', '0', 'yes', ''])('rejects the boolean text %j', (text) => {
    expect(issuesOf(pairs({ AutoRenew: text }))).toEqual(['InvalidParameterValue AutoRenew']);
  });

  it('accepts true and false', () => {
    expect(fromIncreaseNodesQuery(pairs({ AutoRenew: 'true', AutoPayOrder: 'false' })).request).toMatchObject({ AutoRenew: true, AutoPayOrder: false });
  });

  it('reports a list that starts at 0 as an unknown parameter', () => {
    expect(issuesOf(pairs(config(0)))).toEqual([
      'InvalidParameter ApplicationConfigs.0.ApplicationName',
      'InvalidParameter ApplicationConfigs.0.ConfigFileName',
      'InvalidParameter ApplicationConfigs.0.ConfigItemKey',
    ]);
  });

  it('reports a gap in the indices as the missing item', () => {
    expect(issuesOf(pairs({ ...config(1), ...config(3) }))).toEqual(['MissingParameter ApplicationConfigs.2']);
  });

  it('reports an index written with a leading zero as unknown', () => {
    expect(issuesOf(pairs({ ...config(1), 'ApplicationConfigs.01.ConfigItemValue': 'x' }))).toEqual(['InvalidParameter ApplicationConfigs.01.ConfigItemValue']);
  });

  it('reports a misspelt parameter and suggests the right name', () => {
    const result = fromIncreaseNodesQuery([...pairs(), ['IncreaseNodesCount', '3']]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ code: 'InvalidParameter', parameter: 'IncreaseNodesCount' });
    expect(result.issues[0]!.message).toContain('Did you mean IncreaseNodeCount?');
  });

  it('reports a misspelt field inside a list item', () => {
    expect(issuesOf(pairs({ ...config(1), 'ApplicationConfigs.1.ConfigScpe': 'CLUSTER' }))).toEqual(['InvalidParameter ApplicationConfigs.1.ConfigScpe']);
  });

  it('reports a parameter given twice', () => {
    expect(issuesOf([...pairs(), ['ClusterId', 'c-other']])).toEqual(['InvalidParameterValue ClusterId']);
  });

  it('reports an index past the list limit as one fault of the list', () => {
    expect(issuesOf(pairs({ 'ApplicationConfigs.4000000000.ApplicationName': 'HDFS' }))).toEqual(['InvalidParameterValue ApplicationConfigs']);
  });

  // Not a heap bound: writing index 3,999,999,999 makes a dictionary-mode array of a few KiB, so a
  // decoder that built the list would pass one. The list's length is what such a decoder cannot hide.
  it('builds no list longer than the limit for an index past it', () => {
    const list = fromIncreaseNodesQuery(pairs({ 'ApplicationConfigs.4000000000.ApplicationName': 'HDFS' })).request['ApplicationConfigs'];
    expect(Array.isArray(list) ? list.length : 0).toBeLessThanOrEqual(1000);
  });

  it('keeps __proto__ a plain unknown key and leaves Object.prototype alone', () => {
    const result = fromIncreaseNodesQuery([...pairs(), ['__proto__', 'polluted'], ['ApplicationConfigs.1.__proto__', 'x'], ...Object.entries(config(1))]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(result.request)).toBe(Object.prototype);
    expect(result.ok ? [] : result.issues.map((i) => i.parameter)).toEqual(['__proto__', 'ApplicationConfigs.1.__proto__']);
  });

  it('builds its own list even where Object.prototype was polluted with one, and leaves that one empty', () => {
    const polluted: unknown[] = [];
    Object.defineProperty(Object.prototype, 'ApplicationConfigs', { value: polluted, configurable: true, writable: true });
    try {
      const result = fromIncreaseNodesQuery(pairs(config(1)));
      expect({ polluted: polluted.length, own: Object.hasOwn(result.request, 'ApplicationConfigs'), items: (result.request['ApplicationConfigs'] as unknown[]).length }).toEqual({ polluted: 0, own: true, items: 1 });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['ApplicationConfigs'];
    }
  });

  it('never calls a setter a polluted Object.prototype holds for a parameter: the value is the request\'s own', () => {
    const setterGot: unknown[] = [];
    Object.defineProperty(Object.prototype, 'ClusterId', { set: (value: unknown) => setterGot.push(value), configurable: true });
    try {
      const result = fromIncreaseNodesQuery(pairs(config(1)));
      expect({ setterGot, own: Object.getOwnPropertyDescriptor(result.request, 'ClusterId')?.value, ok: result.ok }).toEqual({ setterGot: [], own: base.ClusterId, ok: true });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['ClusterId'];
    }
  });

  it('fills no object a polluted Object.prototype holds under a field\'s name: the request gets one of its own', () => {
    const polluted: Record<string, unknown> = {};
    Object.defineProperty(Object.prototype, 'Part', { value: polluted, configurable: true, writable: true });
    const shape: ObjectShape = { kind: 'object', fields: { Part: { kind: 'object', fields: { Name: { kind: 'string' } } } } };
    try {
      const { request } = decodeQuery({ params: [['Part.Name', 'bolt']], shape, catalog: IncreaseNodesRequestCatalog, validate: (value) => ({ ok: true, value, warnings: [] }) });
      const own = Object.getOwnPropertyDescriptor(request, 'Part')?.value as Record<string, unknown> | undefined;
      expect({ polluted: Object.keys(polluted), own: own === undefined ? undefined : { ...own } }).toEqual({ polluted: [], own: { Name: 'bolt' } });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['Part'];
    }
  });

  // In a process of its own: a proxy in every array's prototype chain would slow down, and could
  // break, whatever else ran in this one.
  it('keeps a list item its own even where a proxy in Array.prototype\'s chain denies having the index and takes what is set', () => {
    const script = `
      const { fromIncreaseNodesQuery } = await import('./generated/index.ts');
      const original = Object.getPrototypeOf(Array.prototype);
      Object.setPrototypeOf(Array.prototype, new Proxy(original, {
        has: (target, key) => (key === '0' ? false : Reflect.has(target, key)),
        set: (target, key, value, receiver) => (key === '0' ? true : Reflect.set(target, key, value, receiver)),
      }));
      const result = fromIncreaseNodesQuery(${JSON.stringify(pairs(config(1)))});
      Object.setPrototypeOf(Array.prototype, original);
      const list = result.request.ApplicationConfigs;
      console.log(JSON.stringify({ items: list.length, own: Object.hasOwn(list, 0), name: list[0]?.ApplicationName }));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ items: 1, own: true, name: 'HDFS' });
  });

  it('reports a scalar parameter written as a list', () => {
    expect(issuesOf(pairs({ 'RegionId.1': 'cn-hangzhou' }))).toEqual(['InvalidParameter RegionId.1']);
  });
});

describe('fromIncreaseNodesQuery on a list numbered wrongly', () => {
  const REQUIRED: [string, string][] = [['RegionId', 'cn-hangzhou'], ['ClusterId', 'c-1'], ['NodeGroupId', 'ng-1'], ['IncreaseNodeCount', '3']];
  const item = (index: string): [string, string][] => [[`ApplicationConfigs.${index}.ApplicationName`, 'HDFS'], [`ApplicationConfigs.${index}.ConfigFileName`, 'f'], [`ApplicationConfigs.${index}.ConfigItemKey`, 'k']];

  it.each(['0', '01'])('ApplicationConfigs.%s.* is unknown, and each says the items are numbered from 1', (index) => {
    const result = fromIncreaseNodesQuery([...REQUIRED, ...item(index)]);
    expect(result.ok ? [] : result.issues.map(({ code, parameter, message }) => ({ code, parameter, advice: message.includes('ApplicationConfigs numbers its items from 1, without leading zeros') }))).toEqual(
      item(index).map(([name]) => ({ code: 'InvalidParameter', parameter: name, advice: true })),
    );
  });

  it('a gap (item 2 without item 1) is item 1 missing, with how lists are numbered', () => {
    const result = fromIncreaseNodesQuery([...REQUIRED, ...item('2')]);
    expect(result.ok ? [] : result.issues.map(({ code, parameter, message }) => ({ code, parameter, message }))).toEqual([
      {
        code: 'MissingParameter',
        parameter: 'ApplicationConfigs.1',
        message: 'The input parameter ApplicationConfigs.1 that is mandatory for processing this request is not supplied. The items of a list are numbered from 1 with no gap (an item of fields travels as its fields, so one with none set is a gap): send this one, or number the items after it one lower.',
      },
    ]);
  });
});

/** Each issue as `code parameter`, with the message when asked; a throw fails the test that calls it. */
const untypedIssues = (params: unknown, { messages = false } = {}) => {
  const result = fromIncreaseNodesQuery(params as never);
  return result.ok ? [] : result.issues.map((i) => `${i.code} ${i.parameter}${messages ? `: ${i.message}` : ''}`);
};

describe('fromIncreaseNodesQuery given what an untyped caller or framework hands it', () => {
  it('answers null, undefined and a number with one issue about the whole query, saying what to pass', () => {
    for (const params of [null, undefined, 3]) {
      expect(untypedIssues(params, { messages: true })).toEqual([
        `InvalidParameterValue : The IncreaseNodes request's query must be URLSearchParams, [name, value] pairs or a record of texts; got ${params === null ? 'null' : params === undefined ? 'undefined' : 'a number'}.`,
      ]);
    }
  });

  it('answers a raw query string by saying to wrap it in URLSearchParams, not by reading its characters as pairs', () => {
    expect(untypedIssues('RegionId=cn-hangzhou&ClusterId=c-1', { messages: true })).toEqual([
      "InvalidParameterValue : The IncreaseNodes request's query is a string; pass new URLSearchParams(text) to read a query string.",
    ]);
  });

  it('reports a pair without its value, or with two values, under its name', () => {
    expect(untypedIssues([...pairs(), ['AutoRenew'], ['AutoPayOrder', 'true', 'false']], { messages: true })).toEqual([
      'InvalidParameterValue AutoRenew: The input parameter AutoRenew is invalid or out of range. AutoRenew must be received as text; got no value.',
      'InvalidParameterValue AutoPayOrder: The input parameter AutoPayOrder is invalid or out of range. AutoPayOrder must be received as text; got 2 values.',
    ]);
  });

  it('reports a value that is not text under its name, however deep', () => {
    expect(untypedIssues({ ...base, IncreaseNodeCount: 3, 'ApplicationConfigs.1.ConfigItemKey': null })).toEqual([
      'InvalidParameterValue IncreaseNodeCount',
      'InvalidParameterValue ApplicationConfigs.1.ConfigItemKey',
      'MissingParameter IncreaseNodeCount',
    ]);
  });

  it('says what came instead of text, in words (an object, a number)', () => {
    expect(untypedIssues({ ...base, AutoRenew: {}, AutoPayOrder: 1 }, { messages: true }).filter((issue) => issue.includes('received as text'))).toEqual([
      'InvalidParameterValue AutoRenew: The input parameter AutoRenew is invalid or out of range. AutoRenew must be received as text; got an object.',
      'InvalidParameterValue AutoPayOrder: The input parameter AutoPayOrder is invalid or out of range. AutoPayOrder must be received as text; got a number.',
    ]);
  });

  it("reads a record holding a list for a repeated name (Express's req.query) as the name given more than once, its first value kept", () => {
    const result = fromIncreaseNodesQuery({ ...base, RegionId: ['cn-hangzhou', 'cn-beijing'] } as never);
    expect(result.ok ? [] : result.issues.map((i) => `${i.code} ${i.parameter}: ${i.message}`)).toEqual([
      'InvalidParameterValue RegionId: The input parameter RegionId is invalid or out of range. RegionId is given more than once; send it once.',
    ]);
    expect(result.request['RegionId']).toBe('cn-hangzhou');
  });

  it('reports an entry that is no pair at all by its place in the query', () => {
    expect(untypedIssues([...pairs(), null, 'RegionId'], { messages: true })).toEqual([
      "InvalidParameterValue : The IncreaseNodes request's query: entry 5 is not a [name, value] pair of texts; got null.",
      "InvalidParameterValue : The IncreaseNodes request's query: entry 6 is not a [name, value] pair of texts; got a string.",
    ]);
  });

  it('judges what an iterable yielded before it threw, and names the throw as one issue', () => {
    const query = {
      *[Symbol.iterator]() {
        yield* pairs();
        throw new RangeError('the stream broke');
      },
    };
    expect(untypedIssues(query, { messages: true })).toEqual([
      "InvalidParameterValue : The IncreaseNodes request's query could not be read past 4 entries (reading it threw RangeError); pass URLSearchParams, [name, value] pairs or a record of texts.",
    ]);
  });

  it('names a throw it cannot look at (a revoked Proxy) without throwing again', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const query = {
      *[Symbol.iterator]() {
        yield* pairs();
        throw proxy;
      },
    };
    expect(untypedIssues(query, { messages: true })).toEqual([
      "InvalidParameterValue : The IncreaseNodes request's query could not be read past 4 entries (reading it threw an unreadable value); pass URLSearchParams, [name, value] pairs or a record of texts.",
    ]);
  });

  it('never throws, and returns a well-formed result, for anything at all as the query', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(fc.anything()), fc.array(fc.tuple(fc.string(), fc.anything())), fc.dictionary(fc.string(), fc.anything())), (params) => {
        const result = fromIncreaseNodesQuery(params as never);
        if (result.ok) return;
        for (const issue of result.issues) if (typeof issue.parameter !== 'string' || issue.message === '') throw new Error(`a malformed issue: ${JSON.stringify(issue)}`);
      }),
    );
  });
});
