import type { DocumentModel } from '../../generator/model.js';
import type { GeneratedCode } from '../generated-code.js';
import { buildCases, type Case } from './cases.js';
import { mapConcurrently } from './concurrent-map.js';
import { findGenerated, type Signer } from './generated-bindings.js';
import { CHECKS, type CheckName, type Failure, type Report } from './report.js';
import { runCase, type CaseResult } from './run-case.js';

export { CHECKS, type CheckName, type Failure, type Report } from './report.js';
export { rngFrom } from './seeded-random.js';

/**
 * Is a provider faithful to the contract? Valid requests, drawn from the generated arbitrary or
 * moved onto a documented limit, must succeed with a body the contract accepts; invalid ones, each breaking exactly one documented
 * constraint, must fail with the documented status and code. Everything here is derived from the
 * model, so any spec the generator accepts can be verified the same way.
 */

const CONCURRENCY = 4;
const TIMEOUT_MS = 10_000;
const EMPTY_VALUE_NOTE =
  'Valid requests send no empty value for a declared parameter: OpenAPI\'s allowEmptyValue defaults to false, and Prism reads `Name=` as not supplied.';

/** The requests verify sends for one document, count and seed: derived once, sent to any number of providers. */
export interface VerifyPlan {
  readonly count: number;
  readonly seed: number;
  readonly cases: readonly Case[];
  readonly notes: readonly string[];
  readonly signer: Signer;
}

export function planVerify({
  model,
  code,
  count,
  seed,
}: {
  model: DocumentModel;
  /** The code `generate` produced for this document (loadGeneratedCode). */
  code: GeneratedCode;
  count: number;
  seed: number;
}): VerifyPlan {
  const { bindings, signer } = findGenerated({ model, code });
  const { cases, notes } = buildCases({ bindings, count, seed, signatureHeader: model.signature?.header });
  return { count, seed, cases, notes, signer };
}

export async function verifyProvider({ plan, baseUrl, timeoutMs = TIMEOUT_MS }: { plan: VerifyPlan; baseUrl: string; timeoutMs?: number }): Promise<Report> {
  const { cases, notes, signer, count, seed } = plan;
  const run = (testCase: Case) => runCase({ testCase, baseUrl, signer, timeoutMs, seed });
  // One request first: when nothing listens there, every other request would fail the same way,
  // and one line says so better than a failure per request.
  const first = await run(cases[0]!);
  if (first.unreachable !== undefined) {
    const stopped = `Nothing answers at ${baseUrl} (${first.unreachable}): verify stopped after the first request. Start the provider, or check --base-url.`;
    const { valid, invalid, unanswered, checks, failures } = tally({ cases: cases.slice(0, 1), results: [first] });
    return { ok: false, baseUrl, seed, count, valid, invalid, unanswered, checks, failures, notes: [stopped, EMPTY_VALUE_NOTE, ...notes] };
  }
  const rest = await mapConcurrently({ items: cases.slice(1), concurrency: CONCURRENCY, work: run });
  const results = [first, ...rest];
  const { valid, invalid, unanswered, checks, failures } = tally({ cases, results });
  return { ok: failures.length === 0, baseUrl, seed, count, valid, invalid, unanswered, checks, failures, notes: [EMPTY_VALUE_NOTE, ...notes] };
}

/** `results[i]` is the answer to `cases[i]`. */
function tally({ cases, results }: { cases: readonly Case[]; results: readonly CaseResult[] }): Pick<Report, 'valid' | 'invalid' | 'unanswered' | 'checks' | 'failures'> {
  const checks = Object.fromEntries(CHECKS.map((name) => [name, { checked: 0, ok: 0 }])) as Record<CheckName, { checked: number; ok: number }>;
  const failures: Failure[] = [];
  const kinds: Record<string, number> = {};
  let validOk = 0;
  let invalidOk = 0;
  let unanswered = 0;
  results.forEach((result, i) => {
    const testCase = cases[i]!;
    if (testCase.kind === 'invalid') kinds[testCase.breaksKind!] = (kinds[testCase.breaksKind!] ?? 0) + 1;
    for (const [name, ok] of result.checks) {
      checks[name].checked++;
      if (ok) checks[name].ok++;
    }
    if (result.failure === undefined) {
      if (testCase.kind === 'valid') validOk++;
      else invalidOk++;
      return;
    }
    if (result.failure.response === undefined) unanswered++;
    failures.push(result.failure);
  });
  const validSent = cases.filter((c) => c.kind === 'valid').length;
  const atLimits = cases.filter((c) => c.keeps !== undefined).length;
  return { valid: { sent: validSent, ok: validOk, atLimits }, invalid: { sent: cases.length - validSent, ok: invalidOk, kinds }, unanswered, checks, failures };
}
