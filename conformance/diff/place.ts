import type { Direction } from './change.js';

/**
 * Changes are judged and worded by where a schema sits, not by the schema alone: the same range
 * narrowed breaks clients in a request and providers in a response.
 */
export interface Place {
  readonly operation: string;
  readonly direction: Direction;
  /** How a message names a member here: `parameter`, `response field`, `error body field`. */
  readonly noun: string;
  /** The path from the top of the request or response, e.g. `Parts[].Label`; empty at the top. */
  readonly path: string;
  /** The operation's id before the change, when it was renamed: names made from it follow it. */
  readonly formerOperation?: string;
}

export function say({ place, text }: { place: Place; text: string }): string {
  return `${place.operation}: ${text}`;
}

export function child({ place, name }: { place: Place; name: string }): Place {
  return { ...place, path: place.path === '' ? name : `${place.path}.${name}` };
}

export function itemsOf(place: Place): Place {
  return { ...place, path: `${place.path}[]` };
}

/** `parameter Parts[].Label`, `response field OperationId`. */
export function memberName(place: Place): string {
  return `${place.noun} ${place.path}`;
}

export function kindOf({ place, what }: { place: Place; what: string }): string {
  return `${place.direction === 'request' ? 'parameter' : 'response-field'}-${what}`;
}
