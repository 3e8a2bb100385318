import type { ObjectSchema, PropertyModel } from '../../generator/model.js';
import { wireName } from './query-pairs.js';

export interface Slot {
  readonly wire: string;
  readonly container: string;
  readonly property: PropertyModel;
}

/** Every place a value can sit on the wire: the request's properties, then those of the first item of each list of objects. */
export function slotsOf({ object, container, depth = 0 }: { object: ObjectSchema; container: string; depth?: number }): { slots: Slot[]; objects: { object: ObjectSchema; container: string }[] } {
  const slots: Slot[] = [];
  const objects = [{ object, container }];
  for (const property of object.properties) {
    const wire = wireName({ container, name: property.name });
    slots.push({ wire, container, property });
    const items = property.schema.kind === 'array' ? property.schema.items : undefined;
    if (items?.kind === 'object' && depth < 3) {
      const nested = slotsOf({ object: items, container: `${wire}.1`, depth: depth + 1 });
      slots.push(...nested.slots);
      objects.push(...nested.objects);
    }
  }
  return { slots, objects };
}
