/**
 * startMock is called from test set-ups, where a misspelt option would start a mock that is not
 * the one asked for (`strcit: true` serves Prism alone) and the tests would pass against it.
 * Each case here must reject before any spec is read or Prism started.
 */
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startMock, type Mock, type MockOptions } from '../conformance/mock/index.js';
import { originOf } from '../conformance/mock/listen.js';

/** Whether startMock rejected, and how; a mock it started by mistake is stopped, so no Prism outlives the test. */
async function outcome(options: unknown): Promise<{ name: string; message: string } | 'started'> {
  let mock: Mock | undefined;
  try {
    mock = await startMock(options as MockOptions);
    return 'started';
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  } finally {
    await mock?.stop();
  }
}

describe('startMock refuses options it would not read', () => {
  it('rejects a misspelt option with a TypeError naming it and the options there are', async () => {
    expect(await outcome({ strcit: true })).toEqual({ name: 'TypeError', message: 'unknown option strcit; the options are spec, strict, port, host, onRequest' });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['a string', 'strict', 'a string'],
    ['a list', [], 'a list'],
  ])('rejects %s in place of the options with a TypeError', async (_, options, described) => {
    expect(await outcome(options)).toEqual({ name: 'TypeError', message: `startMock takes an object of options such as { strict: true }, not ${described}` });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["strict: 'false', which would read as true", { strict: 'false' }, 'strict must be true or false, not a string'],
    ['a spec that is not a path', { spec: 5 }, 'spec must be the path of an OpenAPI document, not a number'],
    ['a host that is not text', { host: ['127.0.0.1'] }, 'host must be a host name or address such as 127.0.0.1, not a list'],
    ['an onRequest that is not a function', { onRequest: 'log' }, 'onRequest must be a function, not a string'],
    // process.env.PORT is text: the RangeError said "not 4010", which reads as a number out of range.
    ['a port given as text', { port: '4010' }, 'port must be a whole number from 0 to 65535, not a string'],
    ['a port of null', { port: null }, 'port must be a whole number from 0 to 65535, not null'],
    ['an empty host', { host: '' }, 'host must be a host name or address such as 127.0.0.1, not an empty text'],
    // Prism alone reports nothing per request: the hook would never be called, and a test waiting on it would hang.
    ['an onRequest without strict', { onRequest: () => undefined }, 'onRequest needs strict: true: only the strict front sees each request, and Prism alone reports none'],
  ])('rejects %s with a TypeError naming the option', async (_, options, message) => {
    expect(await outcome(options)).toEqual({ name: 'TypeError', message });
  });

  it('still rejects a port out of range with a RangeError', async () => {
    expect(await outcome({ port: 65_536 })).toEqual({ name: 'RangeError', message: 'port must be a whole number from 0 to 65535, not 65536' });
  });
});

/** Whether this machine has an IPv6 loopback to listen on (some containers have none). */
const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

describe('startMock on an IPv6 address', () => {
  it('writes the address in brackets in the URL it gives', () => {
    expect(originOf({ host: '::1', port: 4010 })).toBe('http://[::1]:4010');
    expect(originOf({ host: '127.0.0.1', port: 4010 })).toBe('http://127.0.0.1:4010');
  });

  // The front's URL; a plain mock's, Prism's own, is written by the same originOf, tested above.
  it.skipIf(!ipv6)('gives a URL the client takes, and answers there', async () => {
    const mock = await startMock({ host: '::1', strict: true });
    try {
      expect(mock.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${mock.url}/`, { method: 'POST' })).status).toBeGreaterThanOrEqual(400);
    } finally {
      await mock.stop();
    }
  });
});
