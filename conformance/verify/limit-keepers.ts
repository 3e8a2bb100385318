import type { OperationModel, RuleModel } from '../../generator/model.js';
import { FULL_LIST_PAIRS } from './constraint-breakers.js';
import { itemPairs, listOfCopies, wireName, without, withValue, type Pair } from './query-pairs.js';
import { decimalText } from '../../generator/runtime/wire.js';
import { slotsOf } from './slots.js';

/**
 * One documented limit, and how to move a valid request onto it: a provider stricter than the
 * contract (a maximum one below, a list capped short of maxItems, an enum value forgotten) refuses
 * it. Random valid requests reach such a value only now and then; these reach each one in turn.
 */
export interface LimitKeeper {
  /** range, size or enum: valid cases take the families in turn, as invalid ones do. */
  readonly family: string;
  /** The wire prefix of the object the limit lives in (`List.1`), '' for the request itself. */
  readonly container: string;
  make(input: { base: readonly Pair[] }): { pairs: Pair[]; describe: string } | undefined;
}

export const LIMIT_FAMILIES: readonly string[] = ['range', 'size', 'enum'];

/** Every documented limit of the operation's request that a valid request can sit on. */
export function limitKeepers(op: OperationModel): LimitKeeper[] {
  const list: LimitKeeper[] = [];
  const { slots, objects } = slotsOf({ object: op.request, container: '' });
  const rulesIn = new Map(objects.map(({ object, container }) => [container, object.rules]));
  for (const { wire, container, property } of slots) {
    const schema = property.schema;
    const at = ({ family, value, why }: { family: string; value: string | number; why: string }) =>
      list.push({
        family,
        container,
        make: ({ base }) => {
          // As the codec writes a number: String() gives 1e-7, which the decoder refuses.
          const text = typeof value === 'number' ? decimalText(value) : value;
          const moved = withValue({ pairs: base, wire, value: text });
          const kept = typeof value === 'number' ? keepOrder({ pairs: moved, rules: rulesIn.get(container) ?? [], container, name: property.name, value }) : { pairs: moved, also: [] };
          return { pairs: kept.pairs, describe: `${wire}=${text} (${[why, ...kept.also].join('; ')})` };
        },
      });
    if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum === undefined) {
      if (schema.minimum !== undefined) at({ family: 'range', value: schema.minimum, why: `minimum ${decimalText(schema.minimum)}` });
      if (schema.maximum !== undefined) at({ family: 'range', value: schema.maximum, why: `maximum ${decimalText(schema.maximum)}` });
    }
    const values: readonly (string | number)[] = schema.kind === 'string' || schema.kind === 'integer' || schema.kind === 'number' ? (schema.enum ?? []) : [];
    // An empty text is no limit a valid request sits on: valid requests send no empty value for a declared parameter (Prism reads `Name=` as not supplied).
    for (const [position, value] of values.entries()) if (value !== '') at({ family: 'enum', value, why: enumPlace({ values, position }) });
    if (schema.kind === 'array') {
      const lengths = [...new Set([schema.minItems, schema.maxItems])].filter((length): length is number => length !== undefined && length >= 2);
      for (const length of lengths) {
        const why = [length === schema.minItems ? `minItems ${length}` : undefined, length === schema.maxItems ? `maxItems ${length}` : undefined].filter(Boolean).join(', ');
        list.push({
          family: 'size',
          container,
          make: ({ base }) => {
            const item = itemPairs({ pairs: base, wire, index: 1 });
            if (item.length === 0 || item.length * length > FULL_LIST_PAIRS) return undefined;
            return { pairs: [...without({ pairs: base, wire }), ...listOfCopies({ item, wire, length })], describe: `${wire} with ${length} items (${why})` };
          },
        });
      }
    }
  }
  return list;
}

/** Where a value sits in its enum, the values named when they are few enough to read. */
function enumPlace({ values, position }: { values: readonly (string | number)[]; position: number }): string {
  return values.length <= 20 ? `one of ${values.join(', ')}` : `value ${position + 1} of the enum's ${values.length}`;
}

/**
 * A number moved onto its limit may put it past the other side of an error rule (a minimum above
 * the count it may not exceed): the other parameter, where sent, moves with it to the same value,
 * which the rule allows, and the decoder has the last word on whether that is valid.
 */
function keepOrder({ pairs, rules, container, name, value }: { pairs: Pair[]; rules: readonly RuleModel[]; container: string; name: string; value: number }): { pairs: Pair[]; also: string[] } {
  const also: string[] = [];
  let kept = pairs;
  for (const rule of rules) {
    if (rule.rule !== 'notGreaterThan' || rule.severity !== 'error' || (rule.parameter !== name && rule.than !== name)) continue;
    const other = wireName({ container, name: rule.parameter === name ? rule.than : rule.parameter });
    const sent = kept.find(([wire]) => wire === other)?.[1];
    if (sent === undefined) continue;
    const broken = rule.parameter === name ? Number(sent) < value : Number(sent) > value;
    if (!broken) continue;
    kept = withValue({ pairs: kept, wire: other, value: decimalText(value) });
    also.push(`${other}=${decimalText(value)} with it, as ${rule.parameter} may not exceed ${rule.than}`);
  }
  return { pairs: kept, also };
}
