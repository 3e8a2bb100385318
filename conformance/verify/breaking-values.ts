import type { NumericSchema, SchemaModel } from '../../generator/model.js';
import { decimalText } from '../../generator/runtime/wire.js';
import { pick, type Rng } from './seeded-random.js';

/** Some values a numeric schema accepts, for building a rule's counter-example. */
export function acceptedNumbers(schema: NumericSchema): number[] {
  if (schema.enum !== undefined) return [...schema.enum];
  const low = schema.minimum ?? 0;
  const high = schema.maximum ?? low + 100;
  const span = Math.min(high - low, 100);
  return Array.from({ length: Math.floor(span) + 1 }, (_, i) => low + i);
}

/**
 * A value past each bound, as the decimal text the wire carries (1e25 + 1 is 1e25 again, and
 * String() writes an exponent the decoder refuses as a type); none past the largest number there is.
 */
export function outOfRange(schema: NumericSchema): { value: string | undefined; limit: string }[] {
  const side = (bound: number, direction: 1 | -1) => {
    const past = beyond(bound, direction);
    return Number.isFinite(past) ? decimalText(past) : undefined;
  };
  const sides: { value: string | undefined; limit: string }[] = [];
  if (schema.maximum !== undefined) sides.push({ value: side(schema.maximum, 1), limit: `maximum ${schema.maximum}` });
  if (schema.minimum !== undefined) sides.push({ value: side(schema.minimum, -1), limit: `minimum ${schema.minimum}` });
  return sides;
}

/** One past a bound, or, where one is lost in the bound's precision, the nearest number beyond it that is not. */
function beyond(bound: number, direction: 1 | -1): number {
  const next = bound + direction;
  if (next !== bound) return next;
  // A few units in the last place, so the text written and read back is still past the bound.
  return bound + direction * Math.abs(bound) * Number.EPSILON * 4;
}

/** Texts the schema's enum does not hold: a case variant first (Prism compares names loosely), then plainly wrong ones. */
export function notInEnum(schema: SchemaModel): string[] {
  if (schema.kind === 'string' && schema.enum !== undefined) {
    const first = schema.enum[0]!;
    const values = [first.toLowerCase(), first.toUpperCase(), `${first}_X`, 'BOGUS'];
    return [...new Set(values)].filter((v) => v !== '' && !schema.enum!.includes(v));
  }
  if ((schema.kind === 'integer' || schema.kind === 'number') && schema.enum !== undefined) {
    const values = schema.enum;
    const low = Math.min(...values);
    const high = Math.max(...values);
    const gaps: string[] = [];
    for (let v = Math.ceil(low); v <= high && gaps.length < 3; v++) if (!values.includes(v)) gaps.push(String(v));
    // Past either end too: a provider that checks the span rather than the set passes the gaps' test alone.
    return [...gaps, String(Math.ceil(low) - 1), String(Math.floor(high) + 1)];
  }
  return [];
}

/** Texts the wire decoder cannot read as the schema's type (every query value is text, so strings have none). */
export function wrongTypeTexts(schema: SchemaModel): string[] {
  switch (schema.kind) {
    case 'integer':
      return ['3.0', 'abc', '0x1F', '1e2', ' 7'];
    case 'number':
      return ['abc', '1,5', 'NaN'];
    case 'boolean':
      return ['yes', 'True', 'TRUE', '1'];
    default:
      return [];
  }
}

/** A name one edit away from a real one, and no real name in any case. */
export function misspelling({ known, rng }: { known: readonly string[]; rng: Rng }): string | undefined {
  const lower = new Set(known.map((k) => k.toLowerCase()));
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = pick({ items: known, rng });
    if (name === undefined || name.length < 2) continue;
    const at = 1 + Math.floor(rng() * (name.length - 1));
    const edits = [
      `${name}s`,
      name.slice(0, at) + name.slice(at + 1),
      name.slice(0, at) + name[at] + name.slice(at),
      name.slice(0, at - 1) + (name[at] ?? '') + name[at - 1] + name.slice(at + 1),
    ];
    const candidate = pick({ items: edits, rng })!;
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(candidate) && !lower.has(candidate.toLowerCase())) return candidate;
  }
  return undefined;
}
