/**
 * The client under faults: a long, random but SEEDED sequence of calls, each answered by the fault
 * server (test/support/fault-server.ts) with success, every documented error, throttling, resets,
 * silence, a trickle, a 50 MB body, invalid JSON or a proxy's HTML — and some attempts refused
 * before a byte is sent. Every call gets a unique id (its ClusterId); the server counts how many
 * times it RECEIVED each id and what it answered, which proves that no call the service may have
 * acted on was ever sent again (IncreaseNodes has no ClientToken: wire reference §4).
 *
 * No verdict here depends on how fast the machine is. The client's per-attempt timer is the one
 * clock that could race an answer, so it is taken out of time's hands: AbortSignal.timeout is
 * replaced for the run, and the test fires an attempt's timer exactly when the plan says its answer
 * will never come (the server has the request and will stay silent; the headers came and the body
 * trickles on). Every other answer arrives however slowly it likes, and so each planned fault must
 * produce exactly its outcome, with exactly the retries the rules allow. The waits between attempts
 * are real but short, and only bounded, never raced.
 *
 * Sizes: 2,000 calls by default; RELIABILITY_SCALE=<n> multiplies them (RELIABILITY_SCALE=10 for
 * 20,000). RELIABILITY_SEED=<n> picks another sequence (the default is printed with the figures).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rngFrom } from '../../conformance/verify/engine.js';
import {
  ClientConfigurationError,
  createClient,
  EmrApiError,
  ERROR_CODES,
  RequestValidationError,
  ResponseContractError,
  TransportError,
  UnreadableResponseError,
  type ClientEvent,
  type IncreaseNodesRequest,
} from '../../generated/index.js';
import { errorCodes as REFERENCE_ERROR_CODES } from '../reference/increase-nodes.reference.js';
import { provesNotProcessed, startFaultServer, type Fault, type FaultServer } from '../support/fault-server.js';
import { closedPort } from '../support/ports.js';
import { TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET } from '../support/signing-server.js';

const SCALE = Math.max(1, Number(process.env['RELIABILITY_SCALE'] ?? 1) || 1);
const SEED = Number(process.env['RELIABILITY_SEED'] ?? 20_250_124);
const CALLS = 2_000 * SCALE;
const CONCURRENCY = 24;
/**
 * The client's timeoutMs. No real timer of this length is ever armed (see controlledTimers); it is
 * long on purpose, so that if one ever were, a silent answer would stall the run visibly instead of
 * quietly racing the answers that do come.
 */
const TIMEOUT_MS = 30_000;
const RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } as const;
const MAX_RETRY_AFTER_MS = 40;
/** How long the run may take before it counts as hung: a hang detector, never a speed verdict. */
const HANG_MS = 10 * 60_000 * SCALE;
const STATUS_BY_CODE = new Map<string, number>(REFERENCE_ERROR_CODES.map(({ code, status }) => [code, status]));
const TYPED_ERRORS = [RequestValidationError, EmrApiError, ResponseContractError, UnreadableResponseError, TransportError, ClientConfigurationError] as const;

/** A fault of the plan: what the server answers, or `refused` — the attempt never reaches it. */
type Planned = Fault | { readonly kind: 'refused' };

/** Our own reading of §4: which answers leave the call safe to send again. */
const retriedAfter = (fault: Planned) => fault.kind === 'refused' || provesNotProcessed(fault as Fault);

/** Faults whose answer never comes: only the attempt's timer can end them. */
const neverAnswers = (fault: Planned) => fault.kind === 'headers-never-sent' || fault.kind === 'trickle-forever';

/** The longest wait the retry rules allow before attempt `failed + 1`: the exponential backoff's cap. */
const backoffCap = (failed: number) => Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (failed - 1));

/** What the caller must see when `fault` is the last attempt's. */
function expectedOutcome(fault: Planned): string {
  switch (fault.kind) {
    case 'success':
      return 'success';
    case 'error':
      return `EmrApiError/${fault.code}`;
    case 'throttle':
    case 'throttle-retry-after':
      return 'EmrApiError/ThrottlingException';
    case 'reset-before-response':
      return 'TransportError/network/sent';
    case 'refused':
      return 'TransportError/network/not-sent';
    case 'headers-never-sent':
    case 'trickle-forever':
      return 'TransportError/timeout/sent';
    case 'reset-mid-body':
      return 'UnreadableResponseError/interrupted';
    case 'huge-body':
      return 'UnreadableResponseError/too-large';
    case 'invalid-json':
    case 'html':
      return 'UnreadableResponseError/not-json';
  }
}

function outcomeOf(settled: { ok: true } | { ok: false; error: unknown }): string {
  if (settled.ok) return 'success';
  const { error } = settled;
  if (error instanceof EmrApiError) return `EmrApiError/${error.code}`;
  if (error instanceof TransportError) return `TransportError/${error.reason}/${error.sent ? 'sent' : 'not-sent'}`;
  if (error instanceof UnreadableResponseError) return `UnreadableResponseError/${error.reason}`;
  if (error instanceof ResponseContractError) return 'ResponseContractError';
  if (error instanceof RequestValidationError) return 'RequestValidationError';
  if (error instanceof ClientConfigurationError) return 'ClientConfigurationError';
  return `untyped ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`;
}

/** The label a fault is counted under in the figures. */
const label = (fault: Planned) => (fault.kind === 'error' ? `error:${fault.code}` : fault.kind);

/** Weighted draw of one attempt's fault: most are answers, the rest every way a call can go wrong. */
function drawFault(random: () => number): Planned {
  const roll = random();
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  if (roll < 0.3) return { kind: 'success' };
  if (roll < 0.55) {
    const code = pick(ERROR_CODES);
    return { kind: 'error', code, status: STATUS_BY_CODE.get(code)! };
  }
  if (roll < 0.6) return { kind: 'throttle' };
  if (roll < 0.65) return { kind: 'throttle-retry-after', retryAfterMs: 5 + Math.floor(random() * (MAX_RETRY_AFTER_MS - 4)) };
  if (roll < 0.7) return { kind: 'refused' };
  if (roll < 0.75) return { kind: 'reset-before-response' };
  if (roll < 0.8) return { kind: 'reset-mid-body' };
  if (roll < 0.84) return { kind: 'headers-never-sent' };
  if (roll < 0.88) return { kind: 'trickle-forever' };
  if (roll < 0.9) return { kind: 'huge-body' };
  if (roll < 0.95) return { kind: 'invalid-json' };
  return { kind: 'html', status: pick([200, 502, 503]) };
}

interface CallPlan {
  readonly id: string;
  /** One fault per attempt the client should make, in order. */
  readonly attempts: readonly Planned[];
}

/** Each call's attempts: drawn until one that may not be retried, or maxAttempts. */
function planCalls(count: number, seed: number): CallPlan[] {
  const rand = rngFrom(seed);
  return Array.from({ length: count }, (_, index) => {
    const attempts: Planned[] = [];
    do attempts.push(drawFault(rand));
    while (retriedAfter(attempts[attempts.length - 1]!) && attempts.length < RETRY.maxAttempts);
    return { id: `c-fault-${String(index).padStart(6, '0')}`, attempts };
  });
}

const baseRequest = (id: string): IncreaseNodesRequest => ({ RegionId: 'cn-hangzhou', ClusterId: id, NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 2 });

/** The reason AbortSignal.timeout aborts with, so the client sees exactly what a real timer gives it. */
const timeoutReason = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');

/**
 * The client's attempt timers, taken out of time's hands: while installed, every
 * AbortSignal.timeout made inside a call returns a signal that aborts only when the test fires it. Calls are told apart by the AsyncLocalStorage they run in, so each timer is known
 * by the call (and, in order, the attempt) that armed it.
 */
function controlledTimers(calls: AsyncLocalStorage<string>) {
  const armed = new Map<string, { readonly ms: number; readonly controller: AbortController }[]>();
  const fired = new Map<string, number>();
  /** Timers armed outside any call: real ones, which this test did not plan. */
  const foreign: number[] = [];
  const real = AbortSignal.timeout.bind(AbortSignal);
  const spy = vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
    const id = calls.getStore();
    if (id === undefined) {
      foreign.push(ms);
      return real(ms);
    }
    // Whatever its length, a timer armed in a call is the test's: its length is recorded and checked, never waited for.
    const controller = new AbortController();
    const list = armed.get(id) ?? [];
    armed.set(id, list);
    list.push({ ms, controller });
    return controller.signal;
  });
  return {
    armed,
    fired,
    foreign,
    /** Fires the timer of the call's current attempt (attempts of one call never overlap). */
    fire(id: string): void {
      const current = armed.get(id)?.at(-1);
      if (current === undefined || current.controller.signal.aborted) return;
      fired.set(id, (fired.get(id) ?? 0) + 1);
      current.controller.abort(timeoutReason());
    },
    restore: () => spy.mockRestore(),
  };
}

/** Resource kinds that outlive a call when something leaks. */
function openResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Waits for sockets and timers to settle back to the baseline; returns what is still extra. It
 * returns as soon as they have settled: the cap only decides when a socket that is still open after
 * the server has gone counts as leaked, and is far beyond what closing takes on a loaded machine.
 */
async function leaksSince(before: Record<string, number>, kinds: readonly string[]): Promise<Record<string, number>> {
  let extra: Record<string, number> = {};
  for (let waited = 0; waited <= 30_000; waited += 50) {
    const now = openResources();
    extra = Object.fromEntries(kinds.map((kind) => [kind, (now[kind] ?? 0) - (before[kind] ?? 0)]).filter(([, n]) => (n as number) > 0));
    if (Object.keys(extra).length === 0) return extra;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return extra;
}

function rssSampler(everyMs = 25) {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  return {
    start,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { start, peak, growth: peak - start };
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const tally = (items: Iterable<string>) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
};

let unhandled = 0;
const onUnhandled = () => {
  unhandled++;
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe(`the client under ${CALLS.toLocaleString('en')} seeded faulty calls (seed ${SEED})`, () => {
  const plans = planCalls(CALLS, SEED);
  const byId = new Map(plans.map((plan) => [plan.id, plan]));
  /** What the server answers: the plan without the attempts that never reach it. */
  const serverFaults = new Map(plans.map((plan) => [plan.id, plan.attempts.filter((a): a is Fault => a.kind !== 'refused')]));
  /** Which call the code running now belongs to: events and timers are told apart by it. */
  const calls = new AsyncLocalStorage<string>();

  interface Ran {
    readonly id: string;
    readonly outcome: string;
    readonly expected: string;
    readonly ms: number;
    readonly typed: boolean;
  }
  const ran: Ran[] = [];
  /** Each call's events, in order; events emitted outside any call are kept under ''. */
  const eventsOf = new Map<string, ClientEvent[]>();
  let timers: ReturnType<typeof controlledTimers>;
  let server: FaultServer;
  let leaks: Record<string, number> = {};
  let memory = { start: 0, peak: 0, growth: 0 };
  let wall = 0;

  beforeAll(async () => {
    const before = openResources();
    timers = controlledTimers(calls);
    try {
      server = await startFaultServer({
        plan: (id, receipt) => serverFaults.get(id)?.[receipt] ?? { kind: 'error', code: 'TestServer.NoPlan', status: 500 },
        secrets: { [TEST_ACCESS_KEY_ID]: TEST_ACCESS_KEY_SECRET },
        // The server has the request and will never answer it: nothing but the timer can end this attempt.
        onReceipt: (id, receipt) => {
          if (receipt.fault.kind === 'headers-never-sent') timers.fire(id);
        },
      });
      const refusedOrigin = `http://127.0.0.1:${await closedPort()}`;
      const attemptsSoFar = new Map<string, number>();
      // Attempts planned as `refused` go to a port nothing listens on: a real ECONNREFUSED, before any byte is sent.
      const faultyFetch: typeof fetch = async (input, init) => {
        const url = new URL(String(input));
        const id = url.searchParams.get('ClusterId') ?? '';
        const attempt = attemptsSoFar.get(id) ?? 0;
        attemptsSoFar.set(id, attempt + 1);
        const planned = byId.get(id)?.attempts[attempt];
        const response = await fetch(planned?.kind === 'refused' ? `${refusedOrigin}${url.pathname}${url.search}` : url, init);
        // The headers came and the body trickles on forever: the rest never comes, so the timer fires now.
        if (planned?.kind === 'trickle-forever') timers.fire(id);
        return response;
      };
      const client = createClient({
        endpoint: server.url,
        credentials: { accessKeyId: TEST_ACCESS_KEY_ID, accessKeySecret: TEST_ACCESS_KEY_SECRET },
        timeoutMs: TIMEOUT_MS,
        retry: RETRY,
        fetch: faultyFetch,
        onEvent: (event) => {
          const id = calls.getStore() ?? '';
          const list = eventsOf.get(id) ?? [];
          eventsOf.set(id, list);
          list.push(event);
        },
      });

      const sampler = rssSampler();
      const started = performance.now();
      let cursor = 0;
      const worker = async () => {
        while (cursor < plans.length) {
          const plan = plans[cursor++]!;
          const callStarted = performance.now();
          const settled = await calls.run(plan.id, () =>
            client.increaseNodes(baseRequest(plan.id)).then(
              () => ({ ok: true as const }),
              (error: unknown) => ({ ok: false as const, error }),
            ),
          );
          const ms = performance.now() - callStarted;
          const typed = settled.ok || TYPED_ERRORS.some((type) => settled.error instanceof type);
          ran.push({ id: plan.id, outcome: outcomeOf(settled), expected: expectedOutcome(plan.attempts[plan.attempts.length - 1]!), ms, typed });
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      wall = performance.now() - started;
      memory = sampler.stop();
    } finally {
      timers.restore();
      await server?.close();
    }
    leaks = await leaksSince(before, ['TCPSocketWrap', 'Timeout', 'TCPWrap']);
  }, HANG_MS);

  afterAll(() => {
    const faults = tally(plans.flatMap((plan) => plan.attempts.map(label)));
    const outcomes = tally(ran.map((r) => r.outcome.replace(/^EmrApiError\/.*/, 'EmrApiError')));
    const retries = [...eventsOf.values()].flat().filter((e) => e.type === 'retry').length;
    const received = [...server.receipts.values()].reduce((sum, list) => sum + list.length, 0);
    const fired = [...timers.fired.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `[reliability] faults: seed ${SEED}, ${ran.length} calls in ${(wall / 1000).toFixed(1)} s at concurrency ${CONCURRENCY}, ${received} requests received, ` +
        `retries ${retries}, duplicates ${duplicates().length}, timers fired by the plan ${fired}, unhandled rejections ${unhandled}, slowest call ${Math.max(...ran.map((r) => r.ms)).toFixed(0)} ms, ` +
        `peak RSS ${mb(memory.peak)} (+${mb(memory.growth)}), leaked resources ${JSON.stringify(leaks)}; ` +
        `outcomes ${JSON.stringify(outcomes)}; faults injected ${JSON.stringify(faults)}`,
    );
  });

  /** Arrivals of a call after an answer that did not prove the service left it alone. */
  function duplicates(): string[] {
    const found: string[] = [];
    for (const [id, list] of server.receipts) {
      for (let i = 1; i < list.length; i++) {
        if (!provesNotProcessed(list[i - 1]!.fault)) found.push(`${id} arrived again after ${label(list[i - 1]!.fault)}`);
      }
    }
    return found;
  }

  const show = (plan: CallPlan) => `${plan.id} [${plan.attempts.map(label).join(' → ')}]`;
  const eventsOfType = <T extends ClientEvent['type']>(id: string, type: T) => (eventsOf.get(id) ?? []).filter((e): e is Extract<ClientEvent, { type: T }> => e.type === type);

  it('injects every kind of fault, all 18 documented errors included', () => {
    const injected = new Set(plans.flatMap((plan) => plan.attempts.map(label)));
    for (const code of ERROR_CODES) expect(injected, code).toContain(`error:${code}`);
    for (const kind of ['success', 'throttle', 'throttle-retry-after', 'refused', 'reset-before-response', 'reset-mid-body', 'headers-never-sent', 'trickle-forever', 'huge-body', 'invalid-json', 'html']) {
      expect(injected, kind).toContain(kind);
    }
    expect(ERROR_CODES).toHaveLength(18);
  });

  it('ends every call', () => {
    expect(ran).toHaveLength(CALLS);
  });

  it('ends every call in success or one of the exported error classes, never a plain Error or TypeError', () => {
    expect(ran.filter((r) => !r.typed).map((r) => `${r.id}: ${r.outcome}`)).toEqual([]);
  });

  it('answers every call exactly as its last planned attempt dictates', () => {
    const wrong = ran.filter((r) => r.outcome !== r.expected).map((r) => `${show(byId.get(r.id)!)}: got ${r.outcome}, want ${r.expected}`);
    expect({ count: wrong.length, first: wrong.slice(0, 20) }).toEqual({ count: 0, first: [] });
  });

  it('never sends a call again once the service may have acted on it (0 duplicates)', () => {
    expect(duplicates()).toEqual([]);
  });

  it('makes exactly the planned attempts: a retry after every throttling, ConcurrentModification and refused connection, up to maxAttempts', () => {
    const mismatched: string[] = [];
    for (const plan of plans) {
      const arrived = server.receipts.get(plan.id)?.length ?? 0;
      const planned = serverFaults.get(plan.id)!.length;
      const announced = eventsOfType(plan.id, 'request').length;
      if (arrived !== planned || announced !== plan.attempts.length) mismatched.push(`${show(plan)}: received ${arrived} of ${planned}, ${announced} request events for ${plan.attempts.length} attempts`);
    }
    expect(mismatched.slice(0, 20)).toEqual([]);
    expect(server.anonymous).toBe(0);
  });

  it('announces one retry after each attempt but the last, numbered by the attempt that failed', () => {
    const mismatched = plans
      .map((plan) => ({ plan, numbers: eventsOfType(plan.id, 'retry').map((e) => e.attempt) }))
      .filter(({ plan, numbers }) => JSON.stringify(numbers) !== JSON.stringify(plan.attempts.slice(0, -1).map((_, i) => i + 1)))
      .map(({ plan, numbers }) => `${show(plan)}: retries after attempts ${JSON.stringify(numbers)}`);
    expect(mismatched.slice(0, 20)).toEqual([]);
  });

  it('waits before each retry no longer than the backoff cap, and never less than the x-acs-retry-after it was given', () => {
    const wrong: string[] = [];
    for (const plan of plans) {
      for (const retry of eventsOfType(plan.id, 'retry')) {
        const failed = plan.attempts[retry.attempt - 1];
        const after = failed?.kind === 'throttle-retry-after' ? failed.retryAfterMs : 0;
        const cap = Math.max(backoffCap(retry.attempt), after);
        if (!(retry.delayMs >= after && retry.delayMs <= cap)) wrong.push(`${show(plan)}: waited ${retry.delayMs} ms after attempt ${retry.attempt}, allowed ${after}–${cap} ms`);
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('arms one timer of timeoutMs for every attempt, and no other timer', () => {
    const wrong = plans
      .map((plan) => ({ plan, lengths: (timers.armed.get(plan.id) ?? []).map((t) => t.ms) }))
      .filter(({ plan, lengths }) => lengths.length !== plan.attempts.length || lengths.some((ms) => ms !== TIMEOUT_MS))
      .map(({ plan, lengths }) => `${show(plan)}: timers ${JSON.stringify(lengths)}`);
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(timers.foreign).toEqual([]);
  });

  it('ends an attempt whose answer never comes by its timer: a sent timeout, not retried', () => {
    const wrong = plans
      .filter((plan) => (timers.fired.get(plan.id) ?? 0) !== (neverAnswers(plan.attempts.at(-1)!) ? 1 : 0))
      .map((plan) => `${show(plan)}: ${timers.fired.get(plan.id) ?? 0} timers fired`);
    expect(wrong.slice(0, 20)).toEqual([]);
    const ended = ran.filter((r) => neverAnswers(byId.get(r.id)!.attempts.at(-1)!));
    expect(ended.length).toBeGreaterThan(0);
    expect(new Set(ended.map((r) => r.outcome))).toEqual(new Set(['TransportError/timeout/sent']));
  });

  it('emits no event outside a call', () => {
    expect(eventsOf.get('') ?? []).toEqual([]);
  });

  it('signs every attempt, retries included, so the gateway would accept it', () => {
    const problems = [...server.receipts.values()].flat().flatMap((receipt) => receipt.problems);
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('leaves no unhandled rejection', () => {
    expect(unhandled).toBe(0);
  });

  it('leaves no socket or timer behind once the server is gone', () => {
    expect(leaks).toEqual({});
  });

  it('stops reading a 50 MB body at maxResponseBytes: the server could hand over only a fraction of it', () => {
    expect(server.hugeBodyBytesWritten.length).toBeGreaterThan(0);
    expect(Math.max(...server.hugeBodyBytesWritten)).toBeLessThan(25 * 1024 * 1024);
  });
});

describe('a 50 MB answer, alone', () => {
  it('is a too-large UnreadableResponseError, with the client’s RSS growing far less than the body', async () => {
    const server = await startFaultServer({ plan: () => ({ kind: 'huge-body' }) });
    // timeoutMs is only a hang detector here: the body streams at once, and the cap must stop it, not a timer.
    const client = createClient({ endpoint: server.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, accessKeySecret: TEST_ACCESS_KEY_SECRET }, timeoutMs: HANG_MS });
    const sampler = rssSampler(5);
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        outcomes.push(outcomeOf(await client.increaseNodes(baseRequest(`c-huge-${i}`)).then(() => ({ ok: true as const }), (error: unknown) => ({ ok: false as const, error }))));
      }
    } finally {
      await server.close();
    }
    const memory = sampler.stop();
    console.log(`[reliability] faults 50 MB body: 5 calls, outcomes ${JSON.stringify(tally(outcomes))}, bytes the server got to write ${server.hugeBodyBytesWritten.map(mb).join(', ')}, RSS +${mb(memory.growth)} (peak ${mb(memory.peak)})`);
    expect(outcomes).toEqual(Array(5).fill('UnreadableResponseError/too-large'));
    expect(Math.max(...server.hugeBodyBytesWritten)).toBeLessThan(25 * 1024 * 1024);
    expect(memory.growth).toBeLessThan(40 * 1024 * 1024);
  });
});
