import { pointerTo } from '../../generator/diagnostics.js';
import type { ObjectSchema, OperationModel, SchemaModel, StringSchema } from '../../generator/model.js';
import { combine, judge, type Change, type Effect } from './change.js';
import { child, itemsOf, say, type Place } from './place.js';

/**
 * x-acs-violations.missing.emptyTextIsMissing decides whether a required text sent empty
 * (`Name=`) is missing or a value, so flipping it moves requests across the line while no schema
 * changes. Only texts required on both sides are told here: one that became required, optional
 * or a text at all is told in its own change, and the flip cannot touch it on its own.
 */
export function diffEmptyText({ before, after }: { before: OperationModel; after: OperationModel }): Change[] {
  if (before.emptyTextIsMissing === after.emptyTextIsMissing) return [];
  const place: Place = { operation: after.operationId, direction: 'request', noun: 'parameter', path: '' };
  const old = new Set(requiredTexts({ object: before.request, place }).map((text) => text.path));
  const touched = requiredTexts({ object: after.request, place })
    .filter((text) => old.has(text.path))
    .map((text) => ({ path: text.path, effect: flipEffect({ schema: text.schema, after }) }))
    .filter((text) => text.effect !== 'neither');
  if (touched.length === 0) return [];
  const now = after.emptyTextIsMissing ? `now counts as missing (${after.violations.missing})` : 'no longer counts as missing';
  return [
    {
      pointer: pointerTo(after.pointer, 'x-acs-violations'),
      kind: 'empty-text-reading-changed',
      message: say({ place, text: `a required text sent empty (${touched.map((text) => text.path).join(', ')}) ${now}` }),
      ...judge({ effect: touched.map((text) => text.effect).reduce(combine), direction: 'request' }),
    },
  ];
}

/**
 * An empty text is a value to the validators unless the flag says otherwise, so the flip refuses
 * it or lets it through; but an enum without `""` already refused it as a wrong value, and then
 * only the code it is answered with can change.
 */
function flipEffect({ schema, after }: { schema: StringSchema; after: OperationModel }): Effect {
  if (schema.enum !== undefined && !schema.enum.includes('')) return after.violations.enum === after.violations.missing ? 'neither' : 'both';
  return after.emptyTextIsMissing ? 'narrows' : 'widens';
}

interface RequiredText {
  readonly path: string;
  readonly schema: StringSchema;
}

/** Where the validators test for empty text: required text members, at any depth, and text list items (an item is never optional). */
function requiredTexts({ object, place }: { object: ObjectSchema; place: Place }): RequiredText[] {
  return object.properties.flatMap((property) => textsIn({ schema: property.schema, required: property.required, place: child({ place, name: property.name }) }));
}

function textsIn({ schema, required, place }: { schema: SchemaModel; required: boolean; place: Place }): RequiredText[] {
  switch (schema.kind) {
    case 'string':
      return required ? [{ path: place.path, schema }] : [];
    case 'array':
      return textsIn({ schema: schema.items, required: true, place: itemsOf(place) });
    case 'object':
      return requiredTexts({ object: schema, place });
    default:
      return [];
  }
}
