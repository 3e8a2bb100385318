import { pointerTo } from '../../generator/diagnostics.js';
import type { SchemaModel } from '../../generator/model.js';
import { judge, type Change } from './change.js';
import { memberName, say, type Place } from './place.js';

type LimitKeyword = 'minimum' | 'maximum' | 'minItems' | 'maxItems';

export interface Limit {
  readonly keyword: LimitKeyword;
  readonly before: number | undefined;
  readonly after: number | undefined;
}

/** Each limit, named as in its kinds, with the way it moves to let fewer values through. */
const LIMITS: Record<LimitKeyword, { readonly id: string; readonly tighterWhen: 'raised' | 'lowered' }> = {
  minimum: { id: 'minimum', tighterWhen: 'raised' },
  maximum: { id: 'maximum', tighterWhen: 'lowered' },
  minItems: { id: 'min-items', tighterWhen: 'raised' },
  maxItems: { id: 'max-items', tighterWhen: 'lowered' },
};

export function diffLimits({ limits, before, after, place }: { limits: readonly Limit[]; before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  return limits.flatMap((limit) => diffLimit({ limit, before, after, place }));
}

function diffLimit({ limit, before, after, place }: { limit: Limit; before: SchemaModel; after: SchemaModel; place: Place }): Change[] {
  const { keyword } = limit;
  const { id, tighterWhen } = LIMITS[keyword];
  const name = memberName(place);
  if (limit.before === limit.after) return [];
  if (limit.after === undefined) {
    return [{ pointer: pointerTo(before.pointer, keyword), kind: `${id}-removed`, message: say({ place, text: `${name} ${keyword} ${limit.before} removed` }), ...judge({ effect: 'widens', direction: place.direction }) }];
  }
  if (limit.before === undefined) {
    return [{ pointer: pointerTo(after.pointer, keyword), kind: `${id}-added`, message: say({ place, text: `${name} ${keyword} ${limit.after} added` }), ...judge({ effect: 'narrows', direction: place.direction }) }];
  }
  const moved = limit.after > limit.before ? 'raised' : 'lowered';
  const effect = moved === tighterWhen ? 'narrows' : 'widens';
  return [{ pointer: pointerTo(after.pointer, keyword), kind: `${id}-${moved}`, message: say({ place, text: `${name} ${keyword} ${moved} from ${limit.before} to ${limit.after}` }), ...judge({ effect, direction: place.direction }) }];
}
