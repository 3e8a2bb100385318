/**
 * The one place where text from the spec becomes TypeScript source. Everything interpolated into
 * generated code goes through `ts` (values become literals) or through the JSDoc and comment
 * escapes below, so a description holding a comment terminator, quotes or U+2028 cannot break the output.
 */

const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g;

/** Source text that is already code (an identifier, an expression); `ts` inserts it as it is. */
export class Code {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function code(text: string): Code {
  return new Code(text);
}

/** A tagged template: `Code` parts go in as written, every other value as a literal. */
export function ts(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((value, index) => {
    out += (value instanceof Code ? value.text : literal(value)) + strings[index + 1]!;
  });
  return out;
}

/** A TypeScript literal for JSON-like data; strings escape U+2028/U+2029 too. */
export function literal(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot write ${value} as a literal`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{ ${entries.map(([k, v]) => `${propertyName(k)}: ${literal(v)}`).join(', ')} }`;
  }
  throw new TypeError(`cannot write a ${typeof value} as a literal`);
}

/** An object literal whose values are literals, or code where a value is `Code` (shorthand when it is the key's name); undefined values are left out. */
export function objectLiteral(fields: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const member = ([k, v]: [string, unknown]): string => {
    if (!(v instanceof Code)) return `${propertyName(k)}: ${literal(v)}`;
    return v.text === k && k !== '__proto__' ? k : `${propertyName(k)}: ${v.text}`;
  };
  return `{ ${entries.map(member).join(', ')} }`;
}

/**
 * Keys an object literal shares with Object.prototype (`constructor`, `toString`, …). Under a
 * `Record<string, T>` TypeScript types such a member from the inherited one, not from `T`, so its
 * literal values widen (`"string"` becomes string) unless the value states its own type.
 */
const INHERITED_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export function isInheritedMember(name: string): boolean {
  return INHERITED_MEMBERS.has(name);
}

/** A key of an object literal; `__proto__`, quoted or not, would set the prototype instead, so it is computed. */
export function propertyName(name: string): string {
  if (name === '__proto__') return `[${literal(name)}]`;
  return isIdentifierName(name) ? name : literal(name);
}

/** Text for a JSDoc block (ts-morph writes the `*` prefixes): no comment terminator can end it early. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\r\n?|[\u2028\u2029]/g, '\n').trim();
}

/** A single-line `//` comment; a line terminator inside would turn the rest into code. */
export function lineComment(text: string): string {
  return `// ${text.replace(LINE_TERMINATORS, ' ').replace(/\s+/g, ' ').trim()}`;
}

// Declared names are handed out by names.ts alone; `lowerFirst` is kept here for callers that print code.
export { lowerFirst } from './names.js';

function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}
