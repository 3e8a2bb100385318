import type { ObjectSchema, OperationModel } from '../../generator/model.js';
import { judge, type Change } from './change.js';
import type { Place } from './place.js';
import { diffObject } from './schemas.js';

export function diffResponses({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const success: Place = { operation: after.operationId, direction: 'response', noun: 'response field', path: '', formerOperation: before.operationId };
  return [
    ...diffObject({ before: before.success.schema, after: after.success.schema, place: success, parameters: false }),
    ...diffErrorBody({ before: before.errorSchema, after: after.errorSchema, operation: after, formerOperation: before.operationId }),
  ];
}

function diffErrorBody({ before, after, operation, formerOperation }: { before: ObjectSchema | undefined; after: ObjectSchema | undefined; operation: OperationModel; formerOperation: string }): Change[] {
  const place: Place = { operation: operation.operationId, direction: 'response', noun: 'error body field', path: '', formerOperation };
  if (before !== undefined && after !== undefined) return diffObject({ before, after, place, parameters: false });
  if (before === after) return [];
  const pointer = (after ?? before)!.pointer;
  const kind = after === undefined ? 'error-body-removed' : 'error-body-added';
  const effect = after === undefined ? 'widens' : 'narrows';
  return [{ pointer, kind, message: `${operation.operationId}: error body schema ${after === undefined ? 'removed' : 'added'}`, ...judge({ effect, direction: 'response' }) }];
}
