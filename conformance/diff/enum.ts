import { pointerTo } from '../../generator/diagnostics.js';
import type { NumericSchema, Scalar, StringSchema } from '../../generator/model.js';
import { judge, type Change } from './change.js';
import { memberName, say, type Place } from './place.js';

export function diffEnum({ before, after, place }: { before: StringSchema | NumericSchema; after: StringSchema | NumericSchema; place: Place }): Change[] {
  const old: readonly Scalar[] | undefined = before.enum;
  const now: readonly Scalar[] | undefined = after.enum;
  const name = memberName(place);
  const list = (values: readonly Scalar[]) => values.map((v) => JSON.stringify(v)).join(', ');
  if (old === undefined && now === undefined) return [];
  if (old === undefined) {
    return [{ pointer: pointerTo(after.pointer, 'enum'), kind: 'enum-added', message: say({ place, text: `${name} now only allows ${list(now!)}` }), ...judge({ effect: 'narrows', direction: place.direction }) }];
  }
  if (now === undefined) {
    return [{ pointer: pointerTo(before.pointer, 'enum'), kind: 'enum-removed', message: say({ place, text: `${name} no longer limited to ${list(old)}` }), ...judge({ effect: 'widens', direction: place.direction }) }];
  }
  const removed = old.filter((v) => !now.includes(v));
  const added = now.filter((v) => !old.includes(v));
  const pointer = pointerTo(after.pointer, 'enum');
  return [
    ...(removed.length === 0 ? [] : [{ pointer, kind: 'enum-value-removed', message: say({ place, text: `${name} no longer allows ${list(removed)}` }), ...judge({ effect: 'narrows', direction: place.direction }) }]),
    ...(added.length === 0 ? [] : [{ pointer, kind: 'enum-value-added', message: say({ place, text: `${name} now also allows ${list(added)}` }), ...judge({ effect: 'widens', direction: place.direction }) }]),
  ];
}
