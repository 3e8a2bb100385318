/**
 * The client under load: 10,000 calls at concurrency 256 against a local keep-alive server (the
 * fault server of test/support/fault-server.ts, which recomputes every V3 signature and keeps only a
 * small receipt per call), a few of them answered with documented errors. Every call must be
 * answered, with no error but the injected ones, and memory must stay bounded.
 *
 * Sizes: 10,000 calls by default; RELIABILITY_SCALE=<n> multiplies them (concurrency stays 256).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, EmrApiError, type ClientEvent } from '../../generated/index.js';
import { startFaultServer, SUCCESS, type Fault } from '../support/fault-server.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET } from '../support/signing-server.js';

const SCALE = Math.max(1, Number(process.env['RELIABILITY_SCALE'] ?? 1) || 1);
const CALLS = 10_000 * SCALE;
const CONCURRENCY = 256;
const RSS_GROWTH_LIMIT = 300 * 1024 * 1024;
/** Every 97th call is throttled once (then succeeds on its retry); every 101st is refused with InvalidParameter. */
const throttledOnce = (n: number) => n % 97 === 0;
const refused = (n: number) => n % 101 === 0;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

describe(`${CALLS.toLocaleString('en')} calls at concurrency ${CONCURRENCY}`, () => {
  const figures: string[] = [];
  afterAll(() => console.log(`[reliability] load: ${figures.join('; ')}`));

  it('are all answered, with only the injected errors, every signature valid, and bounded memory', async () => {
    const number = (callId: string) => Number(callId.slice('c-load-'.length));
    const plan = (callId: string, receipt: number): Fault => {
      const n = number(callId);
      if (throttledOnce(n) && receipt === 0) return { kind: 'throttle-retry-after', retryAfterMs: 10 };
      if (refused(n)) return { kind: 'error', code: 'InvalidParameter', status: 400 };
      return { kind: 'success' };
    };
    const server = await startFaultServer({ plan, secrets: { [TEST_ACCESS_KEY_ID]: TEST_ACCESS_KEY_SECRET } });
    let retries = 0;
    const client = createClient({
      endpoint: server.url,
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, accessKeySecret: TEST_ACCESS_KEY_SECRET },
      timeoutMs: 15_000,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
      onEvent: (event: ClientEvent) => {
        if (event.type === 'retry') retries++;
      },
    });

    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const outcomes = new Map<string, number>();
    const unexpected: string[] = [];
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const started = performance.now();
    let cursor = 0;
    const worker = async () => {
      while (cursor < CALLS) {
        const n = cursor++;
        try {
          const response = await client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: `c-load-${n}`, NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 1 + (n % 500) });
          count('success');
          if (refused(n) || response.OperationId !== SUCCESS.OperationId) unexpected.push(`${n}: resolved with ${JSON.stringify(response)}`);
        } catch (error) {
          const injected = refused(n) && error instanceof EmrApiError && error.code === 'InvalidParameter';
          count(error instanceof EmrApiError ? `EmrApiError/${error.code}` : error instanceof Error ? error.name : 'thrown');
          if (!injected) unexpected.push(`${n}: ${String(error)}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      clearInterval(sampler);
      await server.close();
    }
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const answered = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
    const injectedRefusals = Array.from({ length: CALLS }, (_, n) => n).filter(refused).length;
    const injectedThrottles = Array.from({ length: CALLS }, (_, n) => n).filter(throttledOnce).length;
    const receipts = [...server.receipts];
    const received = receipts.reduce((sum, [, list]) => sum + list.length, 0);
    const duplicates = receipts.filter(([id, list]) => list.length > (throttledOnce(number(id)) ? 2 : 1)).length;
    const signatureProblems = receipts.flatMap(([, list]) => list.flatMap((receipt) => receipt.problems));
    figures.push(
      `${answered} calls answered in ${seconds.toFixed(1)} s (${Math.round(answered / seconds)}/s), outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, ` +
        `injected ${injectedRefusals} InvalidParameter + ${injectedThrottles} ThrottlingException, retries ${retries}, requests received ${received}, duplicates ${duplicates}, ` +
        `peak RSS ${mb(peakRss)} (+${mb(peakRss - startRss)})`,
    );

    expect(answered).toBe(CALLS);
    expect(unexpected.slice(0, 10)).toEqual([]);
    expect(outcomes.get('EmrApiError/InvalidParameter')).toBe(injectedRefusals);
    expect(outcomes.get('success')).toBe(CALLS - injectedRefusals);
    expect(retries).toBe(injectedThrottles);
    expect(received).toBe(CALLS + injectedThrottles);
    expect(signatureProblems.slice(0, 5)).toEqual([]);
    expect(duplicates).toBe(0);
    expect(peakRss - startRss).toBeLessThan(RSS_GROWTH_LIMIT);
  });
});
