import type { Outcome } from './generated-bindings.js';
import type { Case } from './cases.js';
import type { CheckName } from './report.js';
import type { Answer } from './signed-request.js';

export interface Verdict {
  readonly checks: readonly [CheckName, boolean][];
  readonly problems: readonly { readonly check: CheckName; readonly message: string }[];
}

/** Every check that applies to the case, each recorded whether it passed or not, so the report can count them. */
export function judgeAnswer({ testCase, answer }: { testCase: Case; answer: Answer }): Verdict {
  const problems: { check: CheckName; message: string }[] = [];
  const checks: [CheckName, boolean][] = [];
  const record = ({ check, ok, message }: { check: CheckName; ok: boolean; message: string }) => {
    checks.push([check, ok]);
    if (!ok) problems.push({ check, message });
  };
  const { contentType, status, text } = answer;
  record({ check: 'content-type', ok: contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType), message: `expected application/json, got ${contentType ?? 'none'}` });
  record({ check: 'status', ok: status === testCase.expected.status, message: `expected ${testCase.expected.status}, got ${status}` });
  const body = parseJson(text);
  if (testCase.kind === 'valid') {
    const verdict = body.parsed ? testCase.bindings.validateResponse(body.value) : undefined;
    record({ check: 'body', ok: verdict !== undefined && verdict.ok, message: verdict === undefined ? 'not JSON' : `not the success body the contract describes: ${issueText(verdict)}` });
    return { checks, problems };
  }
  const { value } = body;
  const code = body.parsed && typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Code'] : undefined;
  const documented = typeof code === 'string' && testCase.op.errors.some((e) => e.code === code);
  record({ check: 'code', ok: code === testCase.expected.code, message: `expected ${testCase.expected.code}, got ${typeof code === 'string' ? `${code}${documented ? '' : ' (not a documented code)'}` : 'no Code'}` });
  const validate = testCase.bindings.validateError;
  const verdict = body.parsed && validate !== undefined ? validate(value) : undefined;
  const bodyOk = body.parsed && (verdict === undefined ? typeof code === 'string' : verdict.ok);
  record({ check: 'body', ok: bodyOk, message: body.parsed ? `not the error body the contract describes: ${verdict === undefined ? 'no Code' : issueText(verdict)}` : 'not JSON' });
  return { checks, problems };
}

function parseJson(text: string): { parsed: boolean; value: unknown } {
  try {
    return { parsed: true, value: JSON.parse(text) };
  } catch {
    return { parsed: false, value: undefined };
  }
}

/** What the answer's own validator found, in its words: they name fields of the answer, not parameters of a request. */
function issueText(outcome: Outcome): string {
  const issues = outcome.issues ?? [];
  return issues.length === 0 ? 'invalid' : issues.map((issue) => issue.message).join(' ');
}
