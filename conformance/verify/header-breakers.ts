import type { OperationModel } from '../../generator/model.js';
import { ACTION_HEADER, INCOMPLETE_SIGNATURE, INVALID_ACTION, MISSING_ACTION } from '../gateway.js';
import type { ConstraintBreaker } from './constraint-breakers.js';

/** A value no fixed header takes: each allows exactly one. */
const OTHER_VALUE = 'not-the-documented-one';

/**
 * The headers every call carries, each left out or sent with another value: what the gateway
 * refuses before it reads a parameter. Without these a provider that ignores its headers would
 * pass every other case. Each is sent only where the contract documents the code it owes.
 */
export function headerBreakers({ op, signatureHeader }: { op: OperationModel; signatureHeader: string | undefined }): ConstraintBreaker[] {
  const documented = new Set(op.errors.map((error) => error.code));
  const list: ConstraintBreaker[] = [];
  const add = ({ header, code, value }: { header: string; code: string; value: string | undefined }) => {
    if (!documented.has(code)) return;
    const describe = value === undefined ? `header ${header} left out` : `header ${header}: ${value}`;
    list.push({ family: 'header', label: `header:${header}`, code, container: '', make: ({ base }) => ({ pairs: [...base], headers: { [header]: value }, describe }) });
  };
  for (const { name, value } of op.fixedHeaders) {
    const routes = name.toLowerCase() === ACTION_HEADER;
    add({ header: name, code: routes ? MISSING_ACTION : op.violations.missing, value: undefined });
    add({ header: name, code: routes ? INVALID_ACTION : op.violations.enum, value: OTHER_VALUE });
    // Near misses of the one value: a provider that compares loosely, or by prefix, takes these.
    for (const near of [value.toLowerCase(), `${value}X`]) if (near !== value) add({ header: name, code: routes ? INVALID_ACTION : op.violations.enum, value: near });
  }
  if (signatureHeader !== undefined) {
    add({ header: signatureHeader, code: INCOMPLETE_SIGNATURE, value: undefined });
    add({ header: signatureHeader, code: INCOMPLETE_SIGNATURE, value: 'garbage' });
  }
  return list;
}
