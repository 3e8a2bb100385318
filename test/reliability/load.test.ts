/**
 * The client under load: 10,000 calls at concurrency 256 against a local keep-alive server (the
 * fault server of test/support/fault-server.ts, which recomputes every V3 signature and keeps only a
 * small receipt per call), a few of them answered with documented errors. Every call must be
 * answered, with no error but the injected ones, and memory must stay bounded.
 *
 * No verdict depends on how fast the machine is: every answer comes at once, and the client's
 * timeoutMs is far beyond the test's hang detector, so no timer races an answer. Memory is judged
 * twice: RSS for a transient blow-up (a whole body buffered), and the heap retained after full
 * collections for a leak, which RSS would hide until it was hundreds of megabytes.
 *
 * Sizes: 10,000 calls by default; RELIABILITY_SCALE=<n> multiplies them (concurrency stays 256).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, EmrApiError, type ClientEvent } from '../../generated/index.js';
import { startFaultServer, SUCCESS, type Fault, type FaultServer } from '../support/fault-server.js';
import { retainedObjectBytes } from '../support/heap.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET } from '../support/signing-server.js';

const SCALE = Math.max(1, Number(process.env['RELIABILITY_SCALE'] ?? 1) || 1);
const CALLS = 10_000 * SCALE;
const CONCURRENCY = 256;
/**
 * The first calls warm the client up (sockets, caches, the engine's type feedback, which settles
 * after some 3,000 calls); the heap is measured over the rest.
 */
const WARM_UP_CALLS = 3_000;
const RSS_GROWTH_LIMIT = 300 * 1024 * 1024;
/**
 * What the heap may gain over the calls after the warm-up: nothing but the engine's own noise
 * (measured within ±0.2 MB, and not growing with the number of calls). A client that kept one small
 * object per call, an answer or a listener of ~200 bytes, would keep 1.4 MB over 7,000 calls.
 */
const RETAINED_LIMIT = 700 * 1024;
/** How long the run may take before it counts as hung: a hang detector, never a speed verdict. */
const HANG_MS = 10 * 60_000 * SCALE;
/** Every 97th call is throttled once (then succeeds on its retry); every 101st is refused with InvalidParameter. */
const throttledOnce = (n: number) => n % 97 === 0;
const refused = (n: number) => n % 101 === 0;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const count = (predicate: (n: number) => boolean, from = 0, to = CALLS) => Array.from({ length: to - from }, (_, i) => from + i).filter(predicate).length;

describe(`${CALLS.toLocaleString('en')} calls at concurrency ${CONCURRENCY}`, () => {
  const outcomes = new Map<string, number>();
  const unexpected: string[] = [];
  let retries = 0;
  let received = 0;
  /** Calls that arrived more often than planned (once, twice for a throttled one). */
  let duplicates = 0;
  const signatureProblems: string[] = [];
  let rss = { start: 0, peak: 0 };
  let heap = { afterWarmUp: 0, atEnd: 0 };
  let seconds = 0;

  beforeAll(async () => {
    const number = (callId: string) => Number(callId.slice('c-load-'.length));
    const plan = (callId: string, receipt: number): Fault => {
      const n = number(callId);
      if (throttledOnce(n) && receipt === 0) return { kind: 'throttle-retry-after', retryAfterMs: 10 };
      if (refused(n)) return { kind: 'error', code: 'InvalidParameter', status: 400 };
      return { kind: 'success' };
    };
    const server: FaultServer = await startFaultServer({ plan, secrets: { [TEST_ACCESS_KEY_ID]: TEST_ACCESS_KEY_SECRET } });
    const client = createClient({
      endpoint: server.url,
      credentials: { accessKeyId: TEST_ACCESS_KEY_ID, accessKeySecret: TEST_ACCESS_KEY_SECRET },
      // Only a hang detector: every answer comes at once, and no timer may race it on a slow machine.
      timeoutMs: HANG_MS,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
      onEvent: (event: ClientEvent) => {
        if (event.type === 'retry') retries++;
      },
    });
    const tally = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    /** Reads what the server recorded of the calls so far, then lets it forget them, so the heap holds only the client's. */
    const readReceipts = () => {
      for (const [id, list] of server.receipts) {
        if (list.length > (throttledOnce(number(id)) ? 2 : 1)) duplicates++;
        for (const receipt of list) signatureProblems.push(...receipt.problems);
      }
      server.forget();
    };
    const run = async (from: number, to: number) => {
      let cursor = from;
      const worker = async () => {
        while (cursor < to) {
          const n = cursor++;
          try {
            const response = await client.increaseNodes({ RegionId: 'cn-hangzhou', ClusterId: `c-load-${n}`, NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 1 + (n % 500) });
            tally('success');
            if (refused(n) || response.OperationId !== SUCCESS.OperationId) unexpected.push(`${n}: resolved with ${JSON.stringify(response)}`);
          } catch (error) {
            const injected = refused(n) && error instanceof EmrApiError && error.code === 'InvalidParameter';
            tally(error instanceof EmrApiError ? `EmrApiError/${error.code}` : error instanceof Error ? error.name : 'thrown');
            if (!injected) unexpected.push(`${n}: ${String(error)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };

    rss = { start: process.memoryUsage().rss, peak: process.memoryUsage().rss };
    const sampler = setInterval(() => {
      rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    try {
      await run(0, WARM_UP_CALLS);
      readReceipts();
      heap.afterWarmUp = retainedObjectBytes();
      await run(WARM_UP_CALLS, CALLS);
      readReceipts();
      heap.atEnd = retainedObjectBytes();
    } finally {
      clearInterval(sampler);
      rss.peak = Math.max(rss.peak, process.memoryUsage().rss);
      seconds = (performance.now() - started) / 1000;
      received = server.received;
      await server.close();
    }
  }, HANG_MS);

  afterAll(() => {
    const answered = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
    const perCall = (heap.atEnd - heap.afterWarmUp) / (CALLS - WARM_UP_CALLS);
    console.log(
      `[reliability] load: ${answered} calls answered in ${seconds.toFixed(1)} s (${Math.round(answered / seconds)}/s), outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, ` +
        `injected ${count(refused)} InvalidParameter + ${count(throttledOnce)} ThrottlingException, retries ${retries}, requests received ${received}, duplicates ${duplicates}, ` +
        `peak RSS ${mb(rss.peak)} (+${mb(rss.peak - rss.start)}), heap retained over ${CALLS - WARM_UP_CALLS} calls ${(heap.atEnd - heap.afterWarmUp) / 1024 | 0} KB (${perCall.toFixed(1)} bytes a call)`,
    );
  });

  it('answers every call', () => {
    expect([...outcomes.values()].reduce((sum, n) => sum + n, 0)).toBe(CALLS);
  });

  it('fails only the calls answered with the injected InvalidParameter, and resolves every other with the success body', () => {
    expect(unexpected.slice(0, 10)).toEqual([]);
    expect(outcomes.get('EmrApiError/InvalidParameter')).toBe(count(refused));
    expect(outcomes.get('success')).toBe(CALLS - count(refused));
  });

  it('retries each throttled call once and no other call', () => {
    expect(retries).toBe(count(throttledOnce));
    expect(received).toBe(CALLS + count(throttledOnce));
    expect(duplicates).toBe(0);
  });

  it('signs every request so the gateway would accept it', () => {
    expect(signatureProblems.slice(0, 5)).toEqual([]);
  });

  it(`keeps RSS growth under ${mb(RSS_GROWTH_LIMIT)}`, () => {
    expect(rss.peak - rss.start).toBeLessThan(RSS_GROWTH_LIMIT);
  });

  it(`retains nothing per call once warmed up (the heap after full collections grows less than ${mb(RETAINED_LIMIT)})`, () => {
    expect(heap.atEnd - heap.afterWarmUp).toBeLessThan(RETAINED_LIMIT);
  });
});
