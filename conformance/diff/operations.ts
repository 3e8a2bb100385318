import { pointerTo } from '../../generator/diagnostics.js';
import { VIOLATION_KINDS, type OperationModel } from '../../generator/model.js';
import { BOTH, breaks, type Change } from './change.js';
import { diffEmptyText } from './empty-text.js';
import { diffErrors } from './errors.js';
import { quote } from './quote.js';
import { diffResponses } from './responses.js';
import { diffObject } from './schemas.js';

/** Operations are matched by operationId, so one moved to another path is a change to it, not a new one. */
export function diffOperations({ before, after }: { before: readonly OperationModel[]; after: readonly OperationModel[] }): Change[] {
  const old = new Map(before.map((op) => [op.operationId, op]));
  const now = new Map(after.map((op) => [op.operationId, op]));
  return [
    ...before
      .filter((op) => !now.has(op.operationId))
      .map((op) => ({ pointer: op.pointer, kind: 'operation-removed', message: `${op.operationId}: operation removed`, ...breaks({ client: true, provider: false }) })),
    ...after
      .filter((op) => !old.has(op.operationId))
      .map((op) => ({ pointer: op.pointer, kind: 'operation-added', message: `${op.operationId}: operation added`, ...breaks({ client: false, provider: true }) })),
    ...after.flatMap((op) => {
      const previous = old.get(op.operationId);
      return previous === undefined ? [] : diffOperation({ before: previous, after: op });
    }),
  ];
}

function diffOperation({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const name = after.operationId;
  return [
    ...diffBinding({ before, after }),
    ...diffObject({ before: before.request, after: after.request, place: { operation: name, direction: 'request', noun: 'parameter', path: '' }, parameters: true }),
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
  if (before.path !== after.path) binding({ kind: 'path-changed', message: `path ${before.path} became ${after.path}` });
  for (const header of new Set([...before.fixedHeaders, ...after.fixedHeaders].map((h) => h.name))) {
    const old = before.fixedHeaders.find((h) => h.name === header)?.value;
    const now = after.fixedHeaders.find((h) => h.name === header)?.value;
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
