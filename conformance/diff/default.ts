import { pointerTo } from '../../generator/diagnostics.js';
import type { SchemaModel } from '../../generator/model.js';
import { breaks, type Change } from './change.js';
import { memberName, say, type Place } from './place.js';
import { quote } from './quote.js';

/**
 * A request default is what the service does when a client leaves the value out. Changing it changes
 * what existing calls do and what an old provider does; a new default binds only providers; a removed
 * one leaves clients that relied on it without a promise.
 */
export function diffDefault({ before, after, place }: { before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  if (place.direction !== 'request' || before.default === after.default) return [];
  const message = say({ place, text: `${memberName(place)} default ${quote(before.default)} became ${quote(after.default)}` });
  const pointer = pointerTo(after.default === undefined ? before.pointer : after.pointer, 'default');
  return [{ pointer, kind: 'default-changed', message, ...breaks({ client: before.default !== undefined, provider: after.default !== undefined }) }];
}
