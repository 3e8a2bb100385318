import fc from 'fast-check';
import type { OperationModel } from '../../generator/model.js';
import { constraintBreakers, type ConstraintBreaker, type HeaderChanges } from './constraint-breakers.js';
import { headerBreakers } from './header-breakers.js';
import type { Bindings } from './generated-bindings.js';
import type { Pair } from './query-pairs.js';
import { caseSeed, pick, rngFrom } from './seeded-random.js';

export interface Case {
  readonly op: OperationModel;
  readonly bindings: Bindings;
  readonly kind: 'valid' | 'invalid';
  readonly index: number;
  readonly pairs: readonly Pair[];
  readonly expected: { readonly status: number; readonly code?: string };
  readonly breaks?: string;
  readonly breaksKind?: string;
  /** Headers sent otherwise than a valid call sends them (a header case). */
  readonly headers?: HeaderChanges;
}

const MAX_ATTEMPTS = 40;
const FAMILY_ORDER: readonly string[] = ['missing', 'range', 'enum', 'size', 'type', 'unknown', 'rule', 'header'];

/**
 * `count` valid and up to `count` invalid cases per operation. Invalid cases take the families in
 * turn so that a small count still breaks every kind of constraint; the notes say what was not sent.
 */
export function buildCases({ bindings, count, seed, signatureHeader }: { bindings: readonly Bindings[]; count: number; seed: number; signatureHeader: string | undefined }): { cases: Case[]; notes: string[] } {
  const cases: Case[] = [];
  const notes: string[] = [];
  for (const b of bindings) {
    const found = constraintBreakers(b.op);
    const breakers = { list: [...found.list, ...headerBreakers({ op: b.op, signatureHeader })], notes: found.notes };
    notes.push(...breakers.notes);
    for (let index = 0; index < count; index++) cases.push(validCase({ bindings: b, seed, index }));
    const families = FAMILY_ORDER.filter((family) => breakers.list.some((breaker) => breaker.family === family));
    const exercised = new Set<string>();
    for (let index = 0; index < count && families.length > 0; index++) {
      const family = families[index % families.length]!;
      const made = invalidCase({ bindings: b, seed, index, breakers: breakers.list.filter((breaker) => breaker.family === family) });
      if (made === undefined) {
        notes.push(`${b.op.operationId}: invalid case ${index} (${family}) could not be derived in ${MAX_ATTEMPTS} attempts and was not sent.`);
        continue;
      }
      exercised.add(family);
      cases.push(made);
    }
    const unexercised = families.filter((family) => !exercised.has(family));
    if (unexercised.length > 0) notes.push(`${b.op.operationId}: with --count ${count}, no invalid request breaks a constraint of kind ${unexercised.join(', ')}.`);
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

function invalidCase({ bindings, seed, index, breakers }: { bindings: Bindings; seed: number; index: number; breakers: readonly ConstraintBreaker[] }): Case | undefined {
  const { op } = bindings;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = validPairs({ bindings, seed: caseSeed(seed, op.operationId, 'invalid', index, attempt) });
    const rng = rngFrom(caseSeed(seed, op.operationId, 'invalid-choice', index, attempt));
    const breaker = pick({ items: breakers, rng });
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
    return {
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
  }
  return undefined;
}

function breaksOnlyIt({ decoded, breaker }: { decoded: ReturnType<Bindings['fromQuery']>; breaker: ConstraintBreaker }): boolean {
  const issues = decoded.issues ?? [];
  const first = issues[0];
  if (decoded.ok || first === undefined || first.kind !== breaker.family) return false;
  return issues.every((i) => i.code === breaker.code && i.kind === first.kind && i.parameter === first.parameter);
}
