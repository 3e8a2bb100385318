import fc from 'fast-check';
import type { OperationModel } from '../../generator/model.js';
import { constraintBreakers, type ConstraintBreaker, type HeaderChanges } from './constraint-breakers.js';
import { headerBreakers } from './header-breakers.js';
import { LIMIT_FAMILIES, limitKeepers, type LimitKeeper } from './limit-keepers.js';
import type { Bindings } from './generated-bindings.js';
import type { Pair } from './query-pairs.js';
import { caseSeed, pick, rngFrom, shuffled } from './seeded-random.js';

export interface Case {
  readonly op: OperationModel;
  readonly bindings: Bindings;
  readonly kind: 'valid' | 'invalid';
  readonly index: number;
  readonly pairs: readonly Pair[];
  readonly expected: { readonly status: number; readonly code?: string };
  readonly breaks?: string;
  readonly breaksKind?: string;
  /** For a valid case on a documented limit: the limit. */
  readonly keeps?: string;
  /** Headers sent otherwise than a valid call sends them (a header case). */
  readonly headers?: HeaderChanges;
}

const MAX_ATTEMPTS = 40;
const FAMILY_ORDER: readonly string[] = ['missing', 'range', 'enum', 'size', 'type', 'unknown', 'rule', 'header'];

/**
 * `count` valid and up to `count` invalid cases per operation. Invalid cases take the families in
 * turn so that a small count still breaks every kind of constraint, and every other valid case
 * sits on a documented limit; the notes say what was not sent.
 */
export function buildCases({ bindings, count, seed, signatureHeader }: { bindings: readonly Bindings[]; count: number; seed: number; signatureHeader: string | undefined }): { cases: Case[]; notes: string[] } {
  const cases: Case[] = [];
  const notes: string[] = [];
  for (const b of bindings) {
    const found = constraintBreakers(b.op);
    const breakers = { list: [...found.list, ...headerBreakers({ op: b.op, signatureHeader })], notes: found.notes };
    notes.push(...breakers.notes);
    const limits = inTurns({ items: limitKeepers(b.op), familyOrder: LIMIT_FAMILIES, seedOf: (family) => caseSeed(seed, b.op.operationId, 'limit-order', family) }).order;
    for (let index = 0; index < count; index++) {
      // Every other valid case sits on a documented limit, the limits taken in turn; the rest are drawn at random.
      const keeper = index % 2 === 1 && limits.length > 0 ? limits[((index - 1) / 2) % limits.length]! : undefined;
      const atLimit = keeper === undefined ? undefined : limitCase({ bindings: b, seed, index, keeper });
      if (keeper !== undefined && atLimit === undefined) notes.push(`${b.op.operationId}: valid case ${index} (a ${keeper.family} limit) could not be derived in ${MAX_ATTEMPTS} attempts; a random valid request was sent instead.`);
      cases.push(atLimit ?? validCase({ bindings: b, seed, index }));
    }
    // Limits the count gave no case; one that had a case and could not be derived is noted above, and no count sends it.
    const unassigned = Math.max(0, limits.length - Math.floor(count / 2));
    if (unassigned > 0) notes.push(`${b.op.operationId}: with --count ${count}, ${unassigned} of the ${limits.length} documented limits were not sent in a valid request; --count ${2 * limits.length} gives each a case.`);
    const { families, turns, order } = inTurns({ items: breakers.list, familyOrder: FAMILY_ORDER, seedOf: (family) => caseSeed(seed, b.op.operationId, 'order', family) });
    const exercised = new Set<string>();
    const sent = new Set<ConstraintBreaker>();
    const designatedOnce = new Set<ConstraintBreaker>();
    for (let index = 0; index < count && order.length > 0; index++) {
      const designated = order[index % order.length]!;
      designatedOnce.add(designated);
      const family = designated.family;
      const made = invalidCase({ bindings: b, seed, index, breakers: turns[families.indexOf(family)]!, first: designated });
      if (made === undefined) {
        notes.push(`${b.op.operationId}: invalid case ${index} (${family}) could not be derived in ${MAX_ATTEMPTS} attempts and was not sent.`);
        continue;
      }
      exercised.add(family);
      sent.add(made.breaker);
      cases.push(made.testCase);
    }
    const unexercised = families.filter((family) => !exercised.has(family));
    if (unexercised.length > 0) notes.push(`${b.op.operationId}: with --count ${count}, no invalid request breaks a constraint of kind ${unexercised.join(', ')}.`);
    // A way that had its turn and was still not sent (its attempts gave no request breaking it alone)
    // is one no larger count sends: it is named, and left out of the advice.
    const unsent = breakers.list.filter((breaker) => !sent.has(breaker));
    const underivable = unsent.filter((breaker) => designatedOnce.has(breaker));
    if (underivable.length > 0) {
      notes.push(`${b.op.operationId}: no valid request could be turned into one that breaks ${underivable.map((breaker) => breaker.what ?? breaker.label).join(', ')} alone, so none was sent.`);
    }
    const missed = unsent.length - underivable.length;
    if (missed > 0 && unexercised.length === 0) {
      notes.push(`${b.op.operationId}: with --count ${count}, ${missed} of the ${breakers.list.length} ways to break a constraint were not sent; --count ${order.length} sends each once.`);
    }
  }
  return { cases, notes };
}

/** A valid request's pairs, redrawn until no declared parameter is empty and the generated decoder reads it back as valid. */
function validPairs({ bindings, seed }: { bindings: Bindings; seed: number }): Pair[] | undefined {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [request] = fc.sample(bindings.arbitrary, { seed: caseSeed(seed, attempt), numRuns: 1 });
    const pairs = bindings.toQuery(request);
    if (hasEmptyDeclared({ op: bindings.op, pairs })) continue;
    if (bindings.fromQuery(pairs).ok) return pairs;
  }
  return undefined;
}

function hasEmptyDeclared({ op, pairs }: { op: OperationModel; pairs: readonly Pair[] }): boolean {
  const names = new Set(op.request.properties.map((p) => p.name));
  return pairs.some(([name, value]) => value === '' && names.has(name));
}

function validCase({ bindings, seed, index }: { bindings: Bindings; seed: number; index: number }): Case {
  const { op } = bindings;
  const pairs = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'valid', index) });
  if (pairs === undefined) throw new Error(`${op.operationId}: the generated arbitrary gave no request the decoder accepts in ${MAX_ATTEMPTS} draws`);
  return { op, bindings, kind: 'valid', index, pairs, expected: { status: op.success.httpStatus } };
}

/** A valid request moved onto one documented limit, redrawn until the contract's decoder reads it back as valid (a rule between parameters may refuse it). */
function limitCase({ bindings, seed, index, keeper }: { bindings: Bindings; seed: number; index: number; keeper: LimitKeeper }): Case | undefined {
  const { op } = bindings;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'limit', index, attempt) });
    if (base === undefined) continue;
    if (keeper.container !== '' && !base.some(([name]) => name.startsWith(`${keeper.container}.`))) continue;
    const moved = keeper.make({ base });
    if (moved === undefined || !bindings.fromQuery(moved.pairs).ok) continue;
    return { op, bindings, kind: 'valid', index, pairs: moved.pairs, expected: { status: op.success.httpStatus }, keeps: moved.describe };
  }
  return undefined;
}

/**
 * Items grouped by family, in `familyOrder`, each family's in an order of the seed's, then taken
 * one of each family, a second of each that has one, and so on: with enough cases every item is
 * sent (a provider that skips one check is found on every seed, not on most), the kinds first,
 * and case i stays the same whatever --count is.
 */
function inTurns<T extends { readonly family: string }>({ items, familyOrder, seedOf }: { items: readonly T[]; familyOrder: readonly string[]; seedOf: (family: string) => number }): { families: string[]; turns: T[][]; order: T[] } {
  const families = familyOrder.filter((family) => items.some((item) => item.family === family));
  const turns = families.map((family) => shuffled({ items: items.filter((item) => item.family === family), rng: rngFrom(seedOf(family)) }));
  const order = Array.from({ length: Math.max(0, ...turns.map((queue) => queue.length)) }, (_, pass) => turns.flatMap((queue) => (pass < queue.length ? [queue[pass]!] : []))).flat();
  return { families, turns, order };
}

/** `first` is the breaker this case is for; only when no valid request lets it be broken does another of its family stand in. */
function invalidCase({ bindings, seed, index, breakers, first }: { bindings: Bindings; seed: number; index: number; breakers: readonly ConstraintBreaker[]; first: ConstraintBreaker }): { testCase: Case; breaker: ConstraintBreaker } | undefined {
  const { op } = bindings;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'invalid', index, attempt) });
    const rng = rngFrom(caseSeed(seed, op.operationId, 'invalid-choice', index, attempt));
    const breaker = attempt < MAX_ATTEMPTS / 2 ? first : pick({ items: breakers, rng });
    if (base === undefined || breaker === undefined) continue;
    if (breaker.container !== '' && !base.some(([name]) => name.startsWith(`${breaker.container}.`))) continue;
    const mutation = breaker.make({ base, rng });
    if (mutation === undefined) continue;
    // Exactly one broken constraint, by the contract's own decoder: a second one would blur which
    // code is owed. (One constraint may be reported once per offending pair, all naming one parameter.)
    // A header case keeps the valid query, which the decoder never sees the headers of.
    if (mutation.headers === undefined && !breaksOnlyIt({ decoded: bindings.fromQuery(mutation.pairs), breaker })) continue;
    const error = op.errors.find((e) => e.code === breaker.code);
    if (error === undefined) continue;
    const testCase: Case = {
      op,
      bindings,
      kind: 'invalid',
      index,
      pairs: mutation.pairs,
      expected: { status: error.httpStatus, code: error.code },
      breaks: `${breaker.label}: ${mutation.describe}`,
      breaksKind: breaker.label,
      ...(mutation.headers === undefined ? {} : { headers: mutation.headers }),
    };
    return { testCase, breaker };
  }
  return undefined;
}

function breaksOnlyIt({ decoded, breaker }: { decoded: ReturnType<Bindings['fromQuery']>; breaker: ConstraintBreaker }): boolean {
  const issues = decoded.issues ?? [];
  const first = issues[0];
  if (decoded.ok || first === undefined || first.kind !== breaker.family) return false;
  return issues.every((i) => i.code === breaker.code && i.kind === first.kind && i.parameter === first.parameter);
}
