import { pointerTo } from '../../generator/diagnostics.js';
import { VIOLATION_KINDS, type OperationModel } from '../../generator/model.js';
import { BOTH, breaks, CLIENTS_ONLY, type Change } from './change.js';
import { diffEmptyText } from './empty-text.js';
import { diffErrors } from './errors.js';
import { quote } from './quote.js';
import { wirePath } from '../gateway.js';
import { diffResponses } from './responses.js';
import { diffObject } from './schemas.js';

/**
 * Operations are matched by operationId, so one moved to another path is a change to it, not a
 * new one; an operationId that changed while the call travels as before (method, wire path and
 * fixed headers such as x-acs-action) is a rename: the same call under another name in the code.
 */
export function diffOperations({ before, after }: { before: readonly OperationModel[]; after: readonly OperationModel[] }): Change[] {
  const byId = new Map(before.map((op) => [op.operationId, op]));
  /** Each operation after the change, with the one it was before. */
  const pairs = new Map<OperationModel, OperationModel>();
  for (const op of after) {
    const same = byId.get(op.operationId);
    if (same !== undefined) pairs.set(op, same);
  }
  const kept = new Set(pairs.values());
  const gone = before.filter((op) => !kept.has(op));
  const added: OperationModel[] = [];
  const renamed: Change[] = [];
  for (const op of after) {
    if (pairs.has(op)) continue;
    const at = gone.findIndex((old) => callOf(old) === callOf(op));
    if (at === -1) {
      added.push(op);
      continue;
    }
    const [old] = gone.splice(at, 1);
    pairs.set(op, old!);
    // The generated method and type names follow the operationId; the wire does not.
    renamed.push({ pointer: pointerTo(op.pointer, 'operationId'), kind: 'operation-renamed', message: `${old!.operationId}: operation renamed to ${op.operationId}`, ...CLIENTS_ONLY });
  }
  return [
    // A fake of the old contract still answers the call, which the new one refuses (InvalidAction), as it refuses a removed parameter.
    ...gone.map((op) => ({ pointer: op.pointer, kind: 'operation-removed', message: `${op.operationId}: operation removed`, ...BOTH })),
    ...added.map((op) => ({ pointer: op.pointer, kind: 'operation-added', message: `${op.operationId}: operation added`, ...breaks({ client: false, provider: true }) })),
    ...renamed,
    ...after.flatMap((op) => {
      const previous = pairs.get(op);
      return previous === undefined ? [] : diffOperation({ before: previous, after: op });
    }),
  ];
}

/** What tells a call apart on the wire: its method, its path as sent, and its fixed headers. */
function callOf(op: OperationModel): string {
  const headers = op.fixedHeaders.map((h) => `${h.name.toLowerCase()}=${h.value}`).sort();
  return JSON.stringify([op.method, wirePath(op.path), headers]);
}

function diffOperation({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const name = after.operationId;
  return [
    ...diffBinding({ before, after }),
    ...diffObject({ before: before.request, after: after.request, place: { operation: name, direction: 'request', noun: 'parameter', path: '', formerOperation: before.operationId }, parameters: true }),
    ...diffEmptyText({ before, after }),
    ...diffResponses({ before, after }),
    ...diffErrors({ before, after }),
  ];
}

/** How a call travels and what it is answered with: old clients and old providers both assume the old one. */
export function diffBinding({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const changes: Change[] = [];
  const binding = ({ kind, message, pointer = after.pointer }: { kind: string; message: string; pointer?: string }) =>
    changes.push({ pointer, kind, message: `${after.operationId}: ${message}`, ...BOTH });
  if (before.method !== after.method) binding({ kind: 'method-changed', message: `method ${before.method} became ${after.method}` });
  // Header names ignore case: x-acs-action written X-Acs-Action is the same header.
  const valueOf = (op: OperationModel, name: string) => op.fixedHeaders.find((h) => h.name.toLowerCase() === name)?.value;
  for (const header of new Set([...before.fixedHeaders, ...after.fixedHeaders].map((h) => h.name.toLowerCase()))) {
    const old = valueOf(before, header);
    const now = valueOf(after, header);
    if (old !== now) binding({ kind: 'fixed-header-changed', message: `fixed header ${header}: ${quote(old)} became ${quote(now)}`, pointer: pointerTo(after.pointer, 'parameters') });
  }
  for (const kind of VIOLATION_KINDS) {
    const old = before.violations[kind];
    const now = after.violations[kind];
    if (old !== now) binding({ kind: 'violation-code-changed', message: `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} violation answered ${old}, now ${now}`, pointer: pointerTo(after.pointer, 'x-acs-violations') });
  }
  if (before.success.httpStatus !== after.success.httpStatus) {
    binding({ kind: 'success-status-changed', message: `success answered ${before.success.httpStatus}, now ${after.success.httpStatus}`, pointer: pointerTo(after.pointer, 'responses') });
  }
  return changes;
}
