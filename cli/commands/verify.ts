import { loadContract } from '../../conformance/contract.js';
import type { DocumentModel } from '../../generator/model.js';
import { CHECKS, planVerify, verifyProvider, type Failure, type Report } from '../../conformance/verify/engine.js';
import { shownValue, specPath, stringOption, UsageError, type Command, type CommandContext } from './context.js';

export const DEFAULT_COUNT = 50;
const MAX_URL_SHOWN = 400;

/** Sends spec-derived valid and invalid requests to a provider and reports every answer the contract does not allow. */
export const verifyCommand: Command = async (context) => {
  const baseUrl = baseUrlOption(context);
  const count = integerOption(context, 'count', { min: 1 }) ?? DEFAULT_COUNT;
  // A random seed by default, printed, so a failing run can be replayed exactly.
  const seed = integerOption(context, 'seed', {}) ?? Math.floor(Math.random() * 2 ** 31);
  // Node's timers hold at most 2^31 - 1 ms: a longer one fires at once, and every request would count as unanswered.
  const timeoutMs = integerOption(context, 'timeout-ms', { min: 1, max: 2 ** 31 - 1 });
  const { name, model, code } = await loadContract(specPath(context, { bundled: true }));

  if (context.format === 'text') context.out(`Verifying ${baseUrl} against ${name} (seed ${seed}, ${count} valid and ${count} invalid requests per operation)`);
  const report = await verifyProvider({ plan: planVerify({ model, code, count, seed }), baseUrl, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  if (context.format === 'json') {
    context.out(JSON.stringify({ spec: name, ...report }));
    return report.ok ? 0 : 1;
  }
  printReport({ context, report, model });
  return report.ok ? 0 : 1;
};

function baseUrlOption(context: CommandContext): string {
  const given = stringOption(context, 'base-url');
  if (given === undefined) throw new UsageError('verify needs --base-url, e.g. --base-url http://127.0.0.1:4010');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL, not ${shownValue(given)}`);
  }
  // Before any message that quotes the URL: CI logs keep what verify prints.
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--base-url must not hold a user name or password: verify signs each request (ACS3-HMAC-SHA256) and sends no other credentials; pass the origin alone, such as http://127.0.0.1:4010');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be an http(s) URL, not ${given}`);
  // Each request goes to its operation's path from the contract, so a path here would be dropped unseen.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new UsageError(`--base-url takes an origin such as http://127.0.0.1:4010, not ${given}: each request goes to its operation's path in the contract`);
  return given;
}

function integerOption(context: CommandContext, name: string, { min, max }: { min?: number; max?: number }): number | undefined {
  const text = stringOption(context, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range = max === undefined ? (min === undefined ? '' : ` of at least ${min}`) : min === undefined ? ` of at most ${max}` : ` from ${min} to ${max}`;
    throw new UsageError(`--${name} takes a whole number${range}, not ${shownValue(text)}`);
  }
  return value;
}

function printReport({ context, report, model }: { context: CommandContext; report: Report; model: DocumentModel }): void {
  const kinds = Object.entries(report.invalid.kinds).map(([kind, n]) => `${kind} ${n}`);
  context.out(`valid requests:   ${report.valid.sent} sent, ${report.valid.ok} ok${report.valid.atLimits > 0 ? ` (${report.valid.atLimits} on a documented limit)` : ''}`);
  context.out(`invalid requests: ${report.invalid.sent} sent, ${report.invalid.ok} ok${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`);
  if (report.unanswered > 0) context.out(`no answer:        ${report.unanswered}`);
  context.out('checks:');
  const width = Math.max(...CHECKS.map((c) => c.length));
  for (const name of CHECKS) {
    const { checked, ok } = report.checks[name];
    context.out(`  ${name.padEnd(width)}  ${ok}/${checked} ok`);
  }
  for (const note of report.notes) context.out(`note: ${note}`);
  if (report.ok) {
    context.out('✓ the provider answers as the contract says');
    return;
  }
  const answered = report.failures.length - report.unanswered;
  const counts = [answered > 0 ? `${answered} request(s) answered against the contract` : undefined, report.unanswered > 0 ? `${report.unanswered} request(s) not answered` : undefined];
  context.err(`✗ ${counts.filter((count) => count !== undefined).join(', ')}:`);
  const signatureHeader = model.signature?.header;
  const watchedOf = (operation: string) => [...(model.operations.find((op) => op.operationId === operation)?.fixedHeaders.map((h) => h.name) ?? []), ...(signatureHeader === undefined ? [] : [signatureHeader])];
  for (const failure of report.failures) printFailure({ context, failure, watched: watchedOf(failure.operation), signatureHeader });
  context.err(`Replay the run with --seed ${report.seed} --count ${report.count}.`);
}

function printFailure({ context, failure, watched, signatureHeader }: { context: CommandContext; failure: Failure; watched: readonly string[]; signatureHeader: string | undefined }): void {
  const expected = `${failure.expected.status}${failure.expected.code === undefined ? '' : ` ${failure.expected.code}`}`;
  const what = failure.breaks !== undefined ? `breaks ${failure.breaks}` : failure.keeps !== undefined ? `a valid request on the limit ${failure.keeps}` : 'a valid request';
  context.err(`  ${failure.case} case ${failure.index} of ${failure.operation} (${what}; expected ${expected})`);
  const url = failure.request.url;
  const shown = url.length > MAX_URL_SHOWN ? `${url.slice(0, MAX_URL_SHOWN)}… (${url.length} characters; --format json has it whole)` : url;
  context.err(`    request:  ${failure.request.method} ${shown}`);
  // The headers the gateway reads before any parameter (--format json has every header sent).
  const sent = new Map(Object.entries(failure.request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const shownHeaders = watched.map((name) => {
    const value = sent.get(name.toLowerCase());
    if (value === undefined) return `${name} not sent`;
    // A signature is long and made with test keys: its scheme is what tells one case from another.
    return name.toLowerCase() === signatureHeader?.toLowerCase() ? `${name}: ${value.split(' ')[0]} …` : `${name}: ${value}`;
  });
  if (shownHeaders.length > 0) context.err(`    headers:  ${shownHeaders.join('; ')}`);
  for (const problem of failure.problems) context.err(`    ${`${problem.check}:`.padEnd(14)}${problem.message}`);
  if (failure.response !== undefined) context.err(`    answer:   ${failure.response.status} ${failure.response.body}`);
  context.err(`    replay:   ${failure.replay}`);
}
