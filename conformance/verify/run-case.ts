import type { Case } from './cases.js';
import type { Signer } from './generated-bindings.js';
import { judgeAnswer, type Verdict } from './judge-answer.js';
import type { Failure } from './report.js';
import { sendSigned } from './signed-request.js';
import { errorCode } from '../../generator/runtime/errors.js';

/** Enough of a body to recognise it in a failure without flooding the report. */
const BODY_PREFIX = 300;

export interface CaseResult {
  readonly checks: Verdict['checks'];
  readonly failure: Failure | undefined;
  /** The system's code when nothing listens at the address at all (ECONNREFUSED, ENOTFOUND). */
  readonly unreachable?: string;
}

/** Codes of a connection that never opened: no provider is there, so the other requests can only fail the same way. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export async function runCase({ testCase, baseUrl, signer, timeoutMs, seed }: { testCase: Case; baseUrl: string; signer: Signer; timeoutMs: number; seed: number }): Promise<CaseResult> {
  const { op } = testCase;
  const exchange = await sendSigned({ op, pairs: testCase.pairs, baseUrl, signer, timeoutMs, ...(testCase.headers === undefined ? {} : { changes: testCase.headers }) });
  const failure = ({ problems, response }: { problems: Failure['problems']; response?: Failure['response'] }): Failure => ({
    operation: op.operationId,
    case: testCase.kind,
    index: testCase.index,
    ...(testCase.breaks === undefined ? {} : { breaks: testCase.breaks }),
    ...(testCase.keeps === undefined ? {} : { keeps: testCase.keeps }),
    expected: testCase.expected,
    request: exchange.request,
    ...(response === undefined ? {} : { response }),
    problems,
    replay: `--seed ${seed} --count ${testCase.index + 1} (${testCase.kind} case ${testCase.index} of ${op.operationId})`,
  });
  if ('error' in exchange) {
    // AbortSignal.timeout's own words ("The operation was aborted due to timeout") leave out the limit.
    const reason = exchange.error instanceof Error && exchange.error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `no answer: ${describeError(exchange.error)}`;
    const unreachable = unreachableReason(exchange.error);
    return { checks: [], failure: failure({ problems: [{ check: 'transport', message: reason }] }), ...(unreachable === undefined ? {} : { unreachable }) };
  }

  const { answer } = exchange;
  const { checks, problems } = judgeAnswer({ testCase, answer });
  if (problems.length === 0) return { checks, failure: undefined };
  const body = answer.text.length > BODY_PREFIX ? `${answer.text.slice(0, BODY_PREFIX)}…` : answer.text;
  return { checks, failure: failure({ problems, response: { status: answer.status, contentType: answer.contentType, body } }) };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Why no request can reach the address, when that is so: the system's code, or a port fetch never connects to. */
function unreachableReason(error: unknown): string | undefined {
  // fetch rejects with a TypeError whose cause is the socket's error, which has the code.
  const code = errorCode(error);
  if (code !== undefined) return UNREACHABLE.has(code) ? code : undefined;
  // The Fetch standard's blocked ports (1, 7, 9, 6000, …): fetch fails before any connection.
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && cause.message === 'bad port' ? 'a port fetch refuses to connect to' : undefined;
}
