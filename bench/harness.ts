/**
 * Side-by-side timing on a shared, noisy machine: every side runs in the same process, in short
 * interleaved batches (A, B, C, then B, C, A, …), so a slow moment hits all sides alike. Medians
 * of the per-batch figures are reported, and the ratio between them is the number that matters.
 */
import { performance } from 'node:perf_hooks';

export interface SyncSide {
  readonly name: string;
  /** One operation; its result is kept in a sink so the work cannot be optimised away. */
  readonly run: () => unknown;
}

export interface SyncTiming {
  readonly name: string;
  /** Median nanoseconds per operation over the rounds. */
  readonly medianNs: number;
  readonly samplesNs: readonly number[];
  /** Calls per batch: each side gets a batch of about the same duration, however fast it is. */
  readonly iterations: number;
}

let sink: unknown;
/** Read by nobody; keeps results reachable so V8 cannot drop the calls that made them. */
export function blackhole(): unknown {
  return sink;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `slower / faster`-style ratio of two medians: how many times `theirs` costs what `ours` costs. */
export function ratio({ ours, theirs }: { ours: number; theirs: number }): number {
  return theirs / ours;
}

/** Order of the sides in a round: rotated every round so no side always runs first (warm caches) or last. */
function rotation<T>(sides: readonly T[], round: number): T[] {
  const shift = round % sides.length;
  return [...sides.slice(shift), ...sides.slice(0, shift)];
}

/** Runs a side `calls` times and returns its last result. */
type Loop = (calls: number) => unknown;

/**
 * A loop of its own for one side, compiled from its own source text. A loop shared by all sides
 * would make its call site polymorphic: every side would pay for an uninlined call through it, a
 * fixed cost that belongs to no side and pulls every ratio towards 1.
 */
function loopOf(side: SyncSide): Loop {
  // Each result flows into the value the loop returns, which the caller keeps: no call can be dropped.
  const make = new Function('run', `return function ${side.name.replace(/\W/g, '_')}Loop(calls) { let last; for (let i = 0; i < calls; i++) last = run(); return last; };`);
  return make(side.run) as Loop;
}

/**
 * Before a side is calibrated it runs for at least this long and this many calls. V8 optimises a
 * function only after many calls, and the first calls of a validator that reports issues are its
 * slowest (messages, suggestions). Calibrating on those made batches of 3 calls, too few for V8
 * ever to optimise: "many bad fields" then timed interpreted code, 10 times slower (0.03× Ajv).
 */
const WARM_UP = { ms: 250, calls: 5_000, longestMs: 2_000 } as const;

function warmUp(loop: Loop): void {
  const started = performance.now();
  let calls = 0;
  for (let batch = 1; ; batch = Math.min(2 * batch, 1_024)) {
    const elapsed = performance.now() - started;
    // A side that takes milliseconds a call (Ajv walking a million items) is hot within each call.
    if ((calls >= WARM_UP.calls && elapsed >= WARM_UP.ms) || elapsed >= WARM_UP.longestMs) return;
    sink = loop(batch);
    calls += batch;
  }
}

/** How many calls of one side make a batch of about `batchMs`, once the side is warm. */
function calibrate(loop: Loop, batchMs: number): number {
  warmUp(loop);
  let calls = 1;
  for (;;) {
    const started = performance.now();
    sink = loop(calls);
    const elapsed = performance.now() - started;
    if (elapsed >= batchMs / 4) return Math.max(1, Math.round((calls * batchMs) / elapsed));
    calls *= 2;
  }
}

/** Interleaved synchronous timing: one batch of every side per round, in rotating order. */
export function compareSync({ sides, rounds = 15, batchMs = 20, warmupRounds = 2 }: { sides: readonly SyncSide[]; rounds?: number; batchMs?: number; warmupRounds?: number }): SyncTiming[] {
  const loops = new Map(sides.map((side) => [side.name, loopOf(side)]));
  const iterations = new Map(sides.map((side) => [side.name, calibrate(loops.get(side.name)!, batchMs)]));
  const samples = new Map<string, number[]>(sides.map((side) => [side.name, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const side of rotation(sides, round)) {
      const calls = iterations.get(side.name)!;
      const loop = loops.get(side.name)!;
      const started = performance.now();
      sink = loop(calls);
      const perOpNs = ((performance.now() - started) * 1e6) / calls;
      if (round >= warmupRounds) samples.get(side.name)!.push(perOpNs);
    }
  }
  return sides.map((side) => {
    const samplesNs = samples.get(side.name)!;
    return { name: side.name, medianNs: median(samplesNs), samplesNs, iterations: iterations.get(side.name)! };
  });
}

export interface AsyncSide {
  readonly name: string;
  /** One complete operation (a request and its answer). */
  readonly run: () => Promise<unknown>;
}

export interface ThroughputTiming {
  readonly name: string;
  /** Median operations per second over the rounds. */
  readonly medianPerSecond: number;
  readonly samplesPerSecond: readonly number[];
  readonly operationsPerRound: number;
  readonly concurrency: number;
}

/** `count` operations with at most `concurrency` in flight; returns operations per second. */
async function drive({ side, count, concurrency }: { side: AsyncSide; count: number; concurrency: number }): Promise<number> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      sink = await side.run();
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return count / ((performance.now() - begin) / 1000);
}

/** Interleaved throughput: each round runs a bounded batch of every side, in rotating order. */
export async function compareThroughput({
  sides,
  concurrency,
  operationsPerRound,
  rounds = 5,
  warmupOperations = 300,
}: {
  sides: readonly AsyncSide[];
  concurrency: number;
  operationsPerRound: number;
  rounds?: number;
  warmupOperations?: number;
}): Promise<ThroughputTiming[]> {
  for (const side of sides) await drive({ side, count: warmupOperations, concurrency });
  const samples = new Map<string, number[]>(sides.map((side) => [side.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const side of rotation(sides, round)) {
      samples.get(side.name)!.push(await drive({ side, count: operationsPerRound, concurrency }));
    }
  }
  return sides.map((side) => {
    const samplesPerSecond = samples.get(side.name)!;
    return { name: side.name, medianPerSecond: median(samplesPerSecond), samplesPerSecond, operationsPerRound, concurrency };
  });
}

/** Least-squares line through points, with R² (1 means the points lie on the line). */
export function fitLine(points: readonly { x: number; y: number }[]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
    syy += (y - meanY) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}
