import { pointerTo } from '../../generator/diagnostics.js';
import type { ObjectSchema, PropertyModel } from '../../generator/model.js';
import { combine, judge, type Change, type Effect } from './change.js';
import { child, kindOf, memberName, say, type Place } from './place.js';
import { describeRule, triggers } from './rules.js';

/**
 * Where a member is written. An object's properties sit under it. An operation's parameters do
 * not sit under the request's pointer, and the model keeps only where each one's schema is: an
 * inline schema sits right under its parameter; for a shared one the parameter list is the best
 * place to point at.
 */
export function memberPointer({ object, property, parameters }: { object: ObjectSchema; property: PropertyModel; parameters: boolean }): string {
  if (!parameters) return pointerTo(object.pointer, 'properties', property.name);
  return property.pointer ?? object.pointer;
}

/**
 * Old clients still send a removed parameter: a closed object now refuses it, an open one ignores
 * it, and either way the call no longer does what they wrote. Old clients read a removed response
 * field; a provider that keeps sending it breaks only a closed response.
 */
export function removalEffect({ after, place }: { after: ObjectSchema; place: Place }): Effect {
  if (place.direction === 'request') return 'narrows';
  return after.closed ? 'both' : 'widens';
}

export function addedMember({ before, after, property, place, pointer }: { before: ObjectSchema; after: ObjectSchema; property: PropertyModel; place: Place; pointer: string }): Change {
  const rules = after.rules.filter((rule) => triggers(rule).includes(property.name));
  const note = rules.length === 0 ? '' : `, with its rules: ${rules.map(describeRule).join('; ')}`;
  return {
    pointer,
    kind: kindOf({ place, what: 'added' }),
    message: say({ place, text: `${property.required ? 'required' : 'optional'} ${memberName(child({ place, name: property.name }))} added${note}` }),
    ...judge({ effect: additionEffect({ before, property, place }), direction: place.direction }),
  };
}

/**
 * An old provider refuses any new parameter as unknown; a required one is also missing from every
 * old client's call. In a response, an old provider never sends the new field (breaking only when it
 * is required), and an old client refuses it only where the object was closed.
 */
export function additionEffect({ before, property, place }: { before: ObjectSchema; property: PropertyModel; place: Place }): Effect {
  if (place.direction === 'request') return property.required ? 'both' : 'widens';
  return combine(property.required ? 'narrows' : 'neither', before.closed ? 'widens' : 'neither');
}
