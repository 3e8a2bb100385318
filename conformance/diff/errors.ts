import type { OperationModel } from '../../generator/model.js';
import { retriesUndocumented } from '../../generator/runtime/client.js';
import { BOTH, breaks, type Change, type Verdicts } from './change.js';

/**
 * The set of codes is open: the error body's Code may be "another code the service added later",
 * and a generated client keeps such a code as sent (`documented: false`). So a code added breaks no
 * client, which meets it as one it already handles; a code removed, or a status a client did not
 * expect for a code, changes what a client or a provider written to the old contract does.
 */
export function diffErrors({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  const name = after.operationId;
  const changes: Change[] = [];
  for (const error of before.errors) {
    if (after.errors.some((e) => e.code === error.code)) continue;
    // Removed is breaking for providers too: one written to the old contract still answers it.
    changes.push({ pointer: error.pointer, kind: 'error-removed', message: `${name}: error ${error.code} (${error.httpStatus}) removed`, ...BOTH });
  }
  for (const error of after.errors) {
    const old = before.errors.find((e) => e.code === error.code);
    const report = ({ kind, message, verdicts }: { kind: string; message: string; verdicts: Verdicts }) =>
      changes.push({ pointer: error.pointer, kind, message: `${name}: error ${error.code} ${message}`, ...verdicts });
    if (old === undefined) {
      // A client built on the earlier contract retried this code as the gateway's throttling; now it is said not to be safe to repeat.
      const retriedBefore = retriesUndocumented(error.code) && !error.retryable;
      const said = retriedBefore ? '; a client built on the earlier contract retries it as throttling, which is no longer safe' : '';
      report({ kind: 'error-added', message: `(${error.httpStatus}) added${said}`, verdicts: breaks({ client: retriedBefore, provider: false }) });
      continue;
    }
    if (old.httpStatus !== error.httpStatus) report({ kind: 'error-status-changed', message: `status ${old.httpStatus} became ${error.httpStatus}`, verdicts: BOTH });
    // A client built on the old contract keeps retrying a failure that is no longer safe to repeat;
    // one that no longer retries a now-retryable failure only gives up sooner.
    if (old.retryable !== error.retryable) {
      report({ kind: 'error-retryable-changed', message: error.retryable ? 'is now safe to retry' : 'is no longer safe to retry', verdicts: breaks({ client: old.retryable, provider: false }) });
    }
  }
  return changes;
}
