/**
 * What the RPC gateway answers before it looks at an operation's parameters: the strict mock
 * answers these, and verify holds a provider to them. Each answer is owed only where the contract
 * documents its code, so a document of another gateway simply leaves them out.
 */

/** The header the gateway reads the operation from (signature V3). */
export const ACTION_HEADER = 'x-acs-action';
export const MISSING_ACTION = 'MissingAction';
export const INVALID_ACTION = 'InvalidAction';
export const INCOMPLETE_SIGNATURE = 'IncompleteSignature';

/** The path a request of the operation travels to: the document's path without its fragment. */
export function wirePath(path: string): string {
  const at = path.indexOf('#');
  return at === -1 ? path : path.slice(0, at) || '/';
}
