import type { ArraySchema, NumericSchema, ObjectSchema, OperationModel, RuleModel, ViolationKind } from '../../generator/model.js';
import { acceptedNumbers, misspelling, notInEnum, outOfRange, wrongTypeTexts } from './breaking-values.js';
import { itemPairs, listIndex, listOfCopies, reindex, sendsAny, wireName, withValue, without, type Pair } from './query-pairs.js';
import { pick, type Rng } from './seeded-random.js';
import { slotsOf } from './slots.js';

/** Texts a loose reader takes for integers and the contract's decoder does not: a leading zero, a plus sign. */
const LOOSE_INTEGER_TEXTS = ['03', '+3'];
/** The same for numbers, which the decoder reads in plain decimal only: Number() takes each of these, and parseFloat most. */
const LOOSE_NUMBER_TEXTS = ['03', '+3', '1e0', '.5', '2.', '0x1F', ' 7'];

/**
 * A list over maxItems is sent whole, items 1 to maxItems + 1 in a row, so that it breaks its size
 * alone: items 1–3 and 1,001 would also leave items 4–1,000 missing, and a provider that looks for
 * gaps first rightly answers MissingParameter. Past this many pairs (a maxItems in the thousands,
 * far beyond the largest valid request) one item beyond the limit is sent instead.
 */
export const FULL_LIST_PAIRS = 20_000;

/** Headers sent otherwise than a valid call sends them: a value instead, or left out (undefined). */
export type HeaderChanges = Readonly<Record<string, string | undefined>>;

/** One documented constraint, and how to turn a valid request into one that breaks it. */
export interface ConstraintBreaker {
  /** missing, range, enum, size, type, unknown, rule or header: the round-robin groups cases by it. */
  readonly family: string;
  /** What the report counts: the family, or `rule:<name>` for a cross-field rule. */
  readonly label: string;
  readonly code: string;
  /** The wire prefix of the object the constraint lives in (`List.1`), '' for the request itself. */
  readonly container: string;
  /** The constraint itself, for a note that it was never sent (`Weight maximum 99.5`); the label where it has none. */
  readonly what?: string;
  make(input: { base: readonly Pair[]; rng: Rng }): { pairs: Pair[]; describe: string; headers?: HeaderChanges } | undefined;
}

/** Every constraint of the operation's request that can be broken on the wire, and notes on those that cannot. */
export function constraintBreakers(op: OperationModel): { list: ConstraintBreaker[]; notes: string[] } {
  const list: ConstraintBreaker[] = [];
  const notes: string[] = [];
  const { slots, objects } = slotsOf({ object: op.request, container: '' });
  const add = ({ family, container, what, make }: { family: ViolationKind; container: string; what?: string; make: ConstraintBreaker['make'] }) =>
    list.push({ family, label: family, code: op.violations[family], container, ...(what === undefined ? {} : { what }), make });
  // Texts of a wrong type by group (`integer`, `boolean`, `loose integer`), with the parameters each goes to.
  const wrongTexts = new Map<string, { values: readonly string[]; why: string; slots: { wire: string; container: string }[] }>();
  const sendWrong = ({ group, values, why, slot }: { group: string; values: readonly string[]; why: string; slot: { wire: string; container: string } }) => {
    const found = wrongTexts.get(group) ?? { values, why, slots: [] };
    found.slots.push(slot);
    wrongTexts.set(group, found);
  };

  for (const { wire, container, property } of slots) {
    const schema = property.schema;
    if (property.required) {
      add({ family: 'missing', container, make: ({ base }) => (sendsAny({ pairs: base, wire }) ? { pairs: without({ pairs: base, wire }), describe: `${wire} left out` } : undefined) });
      // Where the contract reads an empty text as not supplied, `Name=` is owed the same answer.
      if (op.emptyTextIsMissing && schema.kind === 'string') {
        add({ family: 'missing', container, make: ({ base }) => (sendsAny({ pairs: base, wire }) ? { pairs: withValue({ pairs: base, wire, value: '' }), describe: `${wire}= (empty, which the contract reads as not supplied)` } : undefined) });
      }
    }
    if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum === undefined) {
      // Each side its own breaker: a provider that checks one bound is found on every seed.
      for (const { value, limit } of outOfRange(schema)) {
        if (value === undefined) notes.push(`${op.operationId}: no number lies past the ${limit} of ${wire}, so it cannot be broken.`);
        else add({ family: 'range', container, what: `${wire} ${limit}`, make: ({ base }) => ({ pairs: withValue({ pairs: base, wire, value }), describe: `${wire}=${value} (${limit})` }) });
      }
    }
    const outside = notInEnum(schema);
    if (outside.length > 0) {
      add({
        family: 'enum',
        container,
        make: ({ base, rng }) => {
          const value = pick({ items: outside, rng })!;
          return { pairs: withValue({ pairs: base, wire, value }), describe: `${wire}=${value} (not one of ${(schema as { enum: readonly unknown[] }).enum.join(', ')})` };
        },
      });
    }
    // A provider that reads with Number() or parseInt takes these as numbers: their own group, so one is always sent.
    if (schema.kind === 'integer') sendWrong({ group: 'loose integer', values: LOOSE_INTEGER_TEXTS, why: 'not an integer as the contract reads one', slot: { wire, container } });
    if (schema.kind === 'number') sendWrong({ group: 'loose number', values: LOOSE_NUMBER_TEXTS, why: 'not a number as the contract reads one (plain decimal)', slot: { wire, container } });
    const wrong = wrongTypeTexts(schema);
    if (wrong.length > 0) sendWrong({ group: schema.kind, values: wrong, why: `not ${article(schema.kind)}`, slot: { wire, container } });
    if (schema.kind === 'array') {
      add({ family: 'type', container, make: ({ base }) => ({ pairs: [...without({ pairs: base, wire }), [wire, 'x']], describe: `${wire}=x (a single value where a list is expected)` }) });
      if (schema.maxItems !== undefined) {
        const maxItems = schema.maxItems;
        add({
          family: 'size',
          container,
          make: ({ base }) => {
            const item = itemPairs({ pairs: base, wire, index: 1 });
            if (item.length === 0) return undefined;
            if ((maxItems + 1) * item.length <= FULL_LIST_PAIRS) {
              return { pairs: [...without({ pairs: base, wire }), ...listOfCopies({ item, wire, length: maxItems + 1 })], describe: `${wire} with ${maxItems + 1} items (maxItems ${maxItems})` };
            }
            return { pairs: [...base, ...reindex({ item, wire, index: maxItems + 1 })], describe: `${wire}.${maxItems + 1} sent (maxItems ${maxItems})` };
          },
        });
      }
      const laterItem = laterItemBreaker({ wire, schema, code: op.violations.missing });
      // Its container is the first item: only a request that sends one can be given a broken second.
      if (laterItem !== undefined) list.push({ ...laterItem, container: `${wire}.1` });
      else if (schema.items.kind === 'object') notes.push(`${op.operationId}: no item of ${wire} past the first is sent broken (its items have no required field, or it takes one item).`);
      if (schema.minItems !== undefined && schema.minItems >= 2) {
        const minItems = schema.minItems;
        add({
          family: 'size',
          container,
          make: ({ base }) => {
            if (itemPairs({ pairs: base, wire, index: minItems }).length === 0) return undefined;
            const kept = base.filter(([name]) => !name.startsWith(`${wire}.`) || listIndex({ name, wire }) < minItems);
            return { pairs: kept, describe: `${wire} with ${minItems - 1} items (minItems ${minItems})` };
          },
        });
      } else if (schema.minItems === 1) {
        notes.push(`${op.operationId}: minItems 1 of ${wire} cannot be broken on the wire (an empty list sends no pair at all).`);
      }
    }
  }

  // Each text of a group is its own check a provider may skip (a leading zero, a plus sign, `TRUE`):
  // every text is sent, and every parameter is sent one, however few parameters the group has.
  for (const { slots, values, why } of wrongTexts.values()) {
    for (let turn = 0; turn < Math.max(slots.length, values.length); turn++) {
      const { wire, container } = slots[turn % slots.length]!;
      const value = values[turn % values.length]!;
      add({ family: 'type', container, make: ({ base }) => ({ pairs: withValue({ pairs: base, wire, value }), describe: `${wire}=${JSON.stringify(value)} (${why})` }) });
    }
  }

  for (const { object, container } of objects) {
    if (!object.closed) continue;
    const known = object.properties.map((p) => p.name);
    add({
      family: 'unknown',
      container,
      make: ({ base, rng }) => {
        // An object that declares nothing has no name to misspell: any name is unknown to it.
        const name = known.length === 0 ? 'Unexpected' : misspelling({ known, rng });
        if (name === undefined) return undefined;
        const wire = wireName({ container, name });
        return { pairs: [...base, [wire, 'x']], describe: `${wire}=x (not a parameter${container === '' ? '' : ` of ${container}`})` };
      },
    });
    for (const rule of object.rules) {
      const breaker = ruleBreaker({ rule, object, container });
      if (breaker !== undefined) list.push(breaker);
      else if (rule.severity === 'error') notes.push(`${op.operationId}: the ${rule.rule} rule on ${rule.parameter} is not exercised.`);
    }
  }
  return { list, notes };
}

/**
 * A list whose first item is whole and a later one lacks a required field: a provider that checks
 * only the first item answers it as valid. The later item is added after those sent, or is the
 * last one where the list is already full.
 */
function laterItemBreaker({ wire, schema, code }: { wire: string; schema: ArraySchema; code: string }): Omit<ConstraintBreaker, 'container'> | undefined {
  const items = schema.items;
  const maxItems = schema.maxItems ?? Number.POSITIVE_INFINITY;
  if (items.kind !== 'object' || maxItems < 2) return undefined;
  const required = items.properties.filter((p) => p.required).map((p) => p.name);
  if (required.length === 0) return undefined;
  return {
    family: 'missing',
    label: 'missing',
    code,
    make: ({ base, rng }) => {
      const first = itemPairs({ pairs: base, wire, index: 1 });
      if (first.length === 0) return undefined;
      const sent = new Set(base.filter(([name]) => name.startsWith(`${wire}.`)).map(([name]) => listIndex({ name, wire }))).size;
      const index = Math.max(2, Math.min(sent + 1, maxItems));
      const field = pick({ items: required, rng })!;
      const broken = reindex({ item: first, wire, index }).filter(([name]) => name !== `${wire}.${index}.${field}` && !name.startsWith(`${wire}.${index}.${field}.`));
      const kept = base.filter(([name]) => !name.startsWith(`${wire}.`) || listIndex({ name, wire }) !== index);
      return { pairs: [...kept, ...broken], describe: `${wire}.${index}.${field} left out (item ${index} of ${Math.max(sent, index)}; item 1 is whole)` };
    },
  };
}

function ruleBreaker({ rule, object, container }: { rule: RuleModel; object: ObjectSchema; container: string }): ConstraintBreaker | undefined {
  if (rule.severity !== 'error' || rule.code === undefined || rule.rule !== 'notGreaterThan') return undefined;
  const schemaOf = (name: string) => object.properties.find((p) => p.name === name)?.schema as NumericSchema | undefined;
  const parameter = schemaOf(rule.parameter);
  const than = schemaOf(rule.than);
  if (parameter === undefined || than === undefined) return undefined;
  const wire = (name: string) => wireName({ container, name });
  return {
    family: 'rule',
    label: `rule:${rule.rule}`,
    code: rule.code,
    container,
    make: ({ base, rng }) => {
      const lower = acceptedNumbers(than).filter((t) => acceptedNumbers(parameter).some((p) => p > t));
      const t = pick({ items: lower, rng });
      if (t === undefined) return undefined;
      const p = Math.min(...acceptedNumbers(parameter).filter((v) => v > t));
      const pairs = withValue({ pairs: withValue({ pairs: base, wire: wire(rule.than), value: String(t) }), wire: wire(rule.parameter), value: String(p) });
      return { pairs, describe: `${wire(rule.parameter)}=${p} is greater than ${wire(rule.than)}=${t}` };
    },
  };
}

function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
