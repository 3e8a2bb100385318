import { pointerTo } from '../../generator/diagnostics.js';
import { upperFirst } from '../../generator/emit/names.js';
import type { ArraySchema, NumericSchema, ObjectSchema, PropertyModel, SchemaModel, StringSchema } from '../../generator/model.js';
import { BOTH, CLIENTS_ONLY, combine, judge, type Change } from './change.js';
import { diffDefault } from './default.js';
import { diffEnum } from './enum.js';
import { diffLimits, type Limit } from './limits.js';
import { addedMember, additionEffect, memberPointer, removalEffect } from './members.js';
import { child, itemsOf, kindOf, memberName, say, type Place } from './place.js';
import { diffRules } from './rules.js';
import { sameShape } from './shape.js';

export function diffSchema({ before, after, place }: { before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  const changes: Change[] = [];
  if (before.kind !== after.kind) {
    const changed = { pointer: after.pointer, kind: 'type-changed', message: say({ place, text: `${memberName(place)} was ${before.kind}, now ${after.kind}` }) };
    if (!(isNumeric(before) && isNumeric(after))) return [{ ...changed, ...BOTH }];
    // Every integer is a number, and travels as the same text: integer to number lets more values through, and back fewer.
    changes.push({ ...changed, ...judge({ effect: after.kind === 'number' ? 'widens' : 'narrows', direction: place.direction }) });
  }
  changes.push(...diffDefault({ before, after, place }));
  // The kinds are equal (checked above), so each cast only restates what `after.kind` says.
  switch (after.kind) {
    case 'string':
      return [...changes, ...diffEnum({ before: before as StringSchema, after, place })];
    case 'integer':
    case 'number': {
      const old = before as NumericSchema;
      const rewritten = diffAllowedIntegers({ before: old, after, place });
      if (rewritten !== undefined) return [...changes, ...rewritten];
      const limits: Limit[] = [
        { keyword: 'minimum', before: old.minimum, after: after.minimum },
        { keyword: 'maximum', before: old.maximum, after: after.maximum },
      ];
      return [...changes, ...diffLimits({ limits, before, after, place }), ...diffEnum({ before: old, after, place })];
    }
    case 'boolean':
      return changes;
    case 'array': {
      const old = before as ArraySchema;
      const limits: Limit[] = [
        { keyword: 'minItems', before: old.minItems, after: after.minItems },
        { keyword: 'maxItems', before: old.maxItems, after: after.maxItems },
      ];
      return [...changes, ...diffLimits({ limits, before, after, place }), ...diffSchema({ before: old.items, after: after.items, place: itemsOf(place) })];
    }
    case 'object':
      return [...changes, ...diffObject({ before: before as ObjectSchema, after, place, parameters: false })];
  }
}

/** Past this many values a bounded integer is compared by its bounds alone. */
const LISTED_INTEGERS = 10_000;

/** The integers a schema allows, where they are few enough to list: its enum within its bounds, or its whole bounded range. */
function allowedIntegers(schema: NumericSchema): number[] | undefined {
  if (schema.kind !== 'integer') return undefined;
  const within = (v: number) => (schema.minimum === undefined || v >= schema.minimum) && (schema.maximum === undefined || v <= schema.maximum);
  if (schema.enum !== undefined) return schema.enum.filter(within);
  if (schema.minimum === undefined || schema.maximum === undefined || schema.maximum - schema.minimum >= LISTED_INTEGERS) return undefined;
  const low = Math.ceil(schema.minimum);
  return Array.from({ length: Math.floor(schema.maximum) - low + 1 }, (_, i) => low + i);
}

/**
 * An enum written as bounds, or bounds as an enum (`enum: [1, 2, 3]` and `minimum: 1, maximum: 3`),
 * is judged by the values each allows: keyword by keyword, the same values read as a maximum added
 * and an enum removed, breaking both sides. Undefined where one side's values cannot be listed, or
 * both are written alike (their keywords already say what moved).
 */
function diffAllowedIntegers({ before, after, place }: { before: NumericSchema; after: NumericSchema; place: Place }): Change[] | undefined {
  if ((before.enum === undefined) === (after.enum === undefined)) return undefined;
  const old = allowedIntegers(before);
  const now = allowedIntegers(after);
  if (old === undefined || now === undefined) return undefined;
  const name = memberName(place);
  const removed = old.filter((v) => !now.includes(v));
  const added = now.filter((v) => !old.includes(v));
  const pointer = after.enum === undefined ? after.pointer : pointerTo(after.pointer, 'enum');
  const list = (values: readonly number[]) => (values.length <= 20 ? values.join(', ') : `${values.slice(0, 20).join(', ')} and ${values.length - 20} more`);
  return [
    ...(removed.length === 0 ? [] : [{ pointer, kind: 'allowed-values-removed', message: say({ place, text: `${name} no longer allows ${list(removed)}` }), ...judge({ effect: 'narrows', direction: place.direction }) }]),
    ...(added.length === 0 ? [] : [{ pointer, kind: 'allowed-values-added', message: say({ place, text: `${name} now also allows ${list(added)}` }), ...judge({ effect: 'widens', direction: place.direction }) }]),
  ];
}

function isNumeric(schema: SchemaModel): schema is NumericSchema {
  return schema.kind === 'integer' || schema.kind === 'number';
}

/**
 * The generated type, its validator, catalog and arbitrary are named after the object (a component's
 * name, or one made from the operation's id and the path to it): code that imports them by name
 * stops compiling, as it does when the operation is renamed, which alone does not count here twice.
 */
function typeRenamed({ before, after, place }: { before: ObjectSchema; after: ObjectSchema; place: Place }): Change | undefined {
  // The same name is the same type: a component named like the operation (`<Operation>Response`)
  // keeps its name when the operation is renamed. Names are made from it with its first letter in
  // either case (names.ts), so `part` and `Part` name the same type and arbitrary.
  if (upperFirst(after.name) === upperFirst(before.name)) return undefined;
  const former = place.formerOperation;
  const expected = former !== undefined && former !== place.operation && before.name.startsWith(former) ? `${place.operation}${before.name.slice(former.length)}` : before.name;
  if (upperFirst(after.name) === upperFirst(expected)) return undefined;
  const where = place.path === '' ? '' : ` (${place.path})`;
  return { pointer: after.pointer, kind: 'type-renamed', message: say({ place, text: `generated type ${before.name}${where} renamed to ${after.name}` }), ...CLIENTS_ONLY };
}

/** `parameters` says the object is an operation's request, whose members are written as parameters, not properties. */
export function diffObject({ before, after, place, parameters }: { before: ObjectSchema; after: ObjectSchema; place: Place; parameters: boolean }): Change[] {
  const changes: Change[] = [];
  const renamed = typeRenamed({ before, after, place });
  if (renamed !== undefined) changes.push(renamed);
  const removed = before.properties.filter((p) => !after.properties.some((q) => q.name === p.name));
  const added = after.properties.filter((p) => !before.properties.some((q) => q.name === p.name));
  const at = ({ object, property }: { object: ObjectSchema; property: PropertyModel }) => memberPointer({ object, property, parameters });
  const placeOf = (property: PropertyModel) => child({ place, name: property.name });

  const [gone] = removed;
  const [fresh] = added;
  // One member out and one in, with the same schema, in the same place: most likely a rename, which
  // reads better as one change than as an unrelated removal and addition, and hurts whom both do.
  if (removed.length === 1 && added.length === 1 && gone !== undefined && fresh !== undefined && sameShape(gone.schema, fresh.schema)) {
    const effect = combine(removalEffect({ after, place }), additionEffect({ before, property: fresh, place }));
    changes.push({ pointer: at({ object: after, property: fresh }), kind: kindOf({ place, what: 'renamed' }), message: say({ place, text: `${memberName(placeOf(gone))} renamed to ${placeOf(fresh).path}` }), ...judge({ effect, direction: place.direction }) });
  } else {
    for (const property of removed) {
      changes.push({
        pointer: at({ object: before, property }),
        kind: kindOf({ place, what: 'removed' }),
        message: say({ place, text: `${memberName(placeOf(property))} removed` }),
        ...judge({ effect: removalEffect({ after, place }), direction: place.direction }),
      });
    }
    for (const property of added) changes.push(addedMember({ before, after, property, place, pointer: at({ object: after, property }) }));
  }

  for (const property of after.properties) {
    const old = before.properties.find((p) => p.name === property.name);
    if (old === undefined) continue;
    const here = placeOf(property);
    if (old.required !== property.required) {
      const effect = property.required ? 'narrows' : 'widens';
      const what = property.required ? 'made-required' : 'made-optional';
      changes.push({ pointer: at({ object: after, property }), kind: kindOf({ place, what }), message: say({ place, text: `${memberName(here)} is now ${property.required ? 'required' : 'optional'}` }), ...judge({ effect, direction: place.direction }) });
    }
    if (old.schema.kind === property.schema.kind && old.style !== property.style) {
      changes.push({ pointer: at({ object: after, property }), kind: 'list-style-changed', message: say({ place, text: `${memberName(here)} travels as ${String(property.style)}, not ${String(old.style)}` }), ...BOTH });
    }
    changes.push(...diffSchema({ before: old.schema, after: property.schema, place: here }));
  }

  if (before.closed !== after.closed) {
    const where = place.path === '' ? after.name : place.path;
    const message = after.closed ? `${where} now refuses unknown fields` : `${where} now allows unknown fields`;
    changes.push({ pointer: pointerTo(after.pointer, 'additionalProperties'), kind: after.closed ? 'object-closed' : 'object-opened', message: say({ place, text: message }), ...judge({ effect: after.closed ? 'narrows' : 'widens', direction: place.direction }) });
  }
  changes.push(...diffRules({ before, after, place }));
  return changes;
}
