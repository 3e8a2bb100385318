/**
 * The checks every generated validator is made of. Generated code calls them one property at a
 * time with the limits from the spec written in as literals, so this file holds no knowledge of
 * any operation: only how a violation becomes an issue a person can act on.
 */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export type ViolationKind = 'missing' | 'type' | 'range' | 'enum' | 'size' | 'unknown' | 'rule';
type MappedKind = Exclude<ViolationKind, 'rule'>;

export interface Limit {
  readonly type?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly (string | number)[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly notGreaterThan?: string;
}

export interface ValidationIssue<Code extends string = string> {
  /** The error code the service answers for this violation. */
  readonly code: Code;
  readonly kind: ViolationKind;
  /** The wire name: `Items.3.Scope` (lists are 1-based on the wire). */
  readonly parameter: string;
  /** The same place in the request object: `["Items", 2, "Scope"]`. */
  readonly path: Path;
  readonly message: string;
  /** The limit the value broke, when there is one. */
  readonly limit?: Limit;
}

export interface ValidationWarning {
  readonly rule: string;
  readonly parameter: string;
  readonly path: Path;
  readonly message: string;
}

export type ValidationResult<T, Code extends string = string> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly ValidationWarning[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue<Code>[]; readonly warnings: readonly ValidationWarning[] };

/** What the spec says about the operation's errors, as the generator wrote it out. */
export interface ViolationCatalog<Code extends string> {
  /** Names the request in messages: "<operation> has no parameter …". */
  readonly subject: string;
  readonly codes: Readonly<Record<MappedKind, Code>>;
  readonly errors: Readonly<Record<Code, { readonly message: string }>>;
}

export interface NumericLimits {
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface SizeLimits {
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Names the article of a type in messages ("an integer", "a string"). */
function article(type: string): string {
  return 'aeiou'.includes(type.charAt(0)) && type !== '' ? 'an' : 'a';
}

/**
 * Collects what a generated check finds. The generated code tests each value itself and calls in
 * here only when something is wrong, so a valid request costs no call, no string and no path.
 */
export class Checker<Code extends string> {
  readonly issues: ValidationIssue<Code>[] = [];
  readonly warnings: ValidationWarning[] = [];
  /** Where the walk is: generated code pushes a key before it walks into a list or an object and pops it after. */
  readonly path: PathSegment[] = [];

  constructor(private readonly catalog: ViolationCatalog<Code>) {}

  missing(key: PathSegment): void {
    const parameter = wireName(this.path, key);
    this.add({ kind: 'missing', key, parameter, detail: `Add ${parameter} to the request, with a non-empty value.` });
  }

  wrongType(key: PathSegment, value: unknown, type: string): void {
    this.add({ kind: 'type', key, parameter: wireName(this.path, key), detail: `It must be ${article(type)} ${type}; got ${describe(value)}.`, limit: { type } });
  }

  /** A number outside its bounds; `what` is "an integer" or "a number". */
  outOfRange(key: PathSegment, value: number, limits: NumericLimits, what: string): void {
    const { minimum = -Infinity, maximum = Infinity } = limits;
    const bounds =
      maximum === Infinity ? `at least ${minimum}` : minimum === -Infinity ? `at most ${maximum}` : `from ${minimum} to ${maximum}`;
    this.add({ kind: 'range', key, parameter: wireName(this.path, key), detail: `It must be ${what} ${bounds}; got ${value}.`, limit: limits });
  }

  notOneOf(key: PathSegment, value: unknown, allowed: readonly (string | number)[]): void {
    this.add({ kind: 'enum', key, parameter: wireName(this.path, key), detail: `Use one of ${listed(allowed)}; got ${describe(value)}.`, limit: { enum: allowed } });
  }

  /** A list with too few or too many items; its items are not walked (a million items never are). */
  badSize(key: PathSegment, length: number, limits: SizeLimits): void {
    const { minItems = 0, maxItems = Infinity } = limits;
    const bounds = maxItems === Infinity ? `at least ${minItems}` : `${minItems} to ${maxItems}`;
    this.add({ kind: 'size', key, parameter: wireName(this.path, key), detail: `Send ${bounds} items; got ${length}.`, limit: limits });
  }

  unknownKey(key: string, known: ReadonlySet<string>, owner: string): void {
    const suggestion = closest(key, known);
    const hint = suggestion === undefined ? `Remove it; ${owner} takes ${listed(known)}.` : `Did you mean ${suggestion}?`;
    this.add({ kind: 'unknown', key, parameter: wireName(this.path, key), detail: `${owner} has no parameter ${key}. ${hint}` });
  }

  /** The generated check found `value` above `other`. */
  notGreaterThan(rule: { readonly parameter: string; readonly than: string; readonly code?: Code }, value: unknown, other: unknown): void {
    // A value that already failed its own check has been reported; comparing it would blame the other one.
    if (this.failed(rule.parameter) || this.failed(rule.than)) return;
    this.add({
      kind: 'rule',
      code: rule.code,
      key: rule.parameter,
      parameter: wireName(this.path, rule.parameter),
      detail: `${rule.parameter} (${value}) must not exceed ${rule.than} (${other}): lower ${rule.parameter} or raise ${rule.than}.`,
      limit: { notGreaterThan: rule.than },
    });
  }

  /** The generated check found the parameter set while `when` (`actual`, or its default) is not `equals`. */
  effectiveOnlyWhen(rule: { readonly parameter: string; readonly when: string; readonly equals: unknown; readonly default?: unknown }, actual: unknown): void {
    if (this.failed(rule.when)) return;
    const value = actual ?? rule.default;
    const now = value === undefined ? 'it is not set' : `it is ${typeof value === 'string' ? value : describe(value)}`;
    this.warn({
      rule: 'effectiveOnlyWhen',
      key: rule.parameter,
      message: `${rule.parameter} takes effect only when ${rule.when} is ${String(rule.equals)}, and ${now}: set ${rule.when} to ${String(rule.equals)} or remove ${rule.parameter}.`,
    });
  }

  /** The generated check found both parameters set. */
  ignoredWhenPresent(rule: { readonly parameter: string; readonly present: string }): void {
    this.warn({
      rule: 'ignoredWhenPresent',
      key: rule.parameter,
      message: `${rule.parameter} is ignored because ${rule.present} is set: remove one of them.`,
    });
  }

  /** Whether a place already has an issue, so rules built on it stay quiet. */
  private failed(key: PathSegment): boolean {
    const parameter = wireName(this.path, key);
    return this.issues.some((issue) => issue.parameter === parameter);
  }

  /** The top of a request or body: anything but an object is one issue with an empty parameter. */
  root(input: unknown): Record<string, unknown> | undefined {
    if (isRecord(input)) return input;
    this.push({
      kind: 'type',
      parameter: '',
      path: [],
      message: `The ${this.catalog.subject} must be an object of named parameters; got ${describe(input)}.`,
      limit: { type: 'object' },
    });
    return undefined;
  }

  /** Getters and proxies can throw while being read; that is an unreadable request, not a crash. */
  unreadable(error: unknown): void {
    const reason = error instanceof Error ? error.name : typeof error;
    this.push({
      kind: 'type',
      parameter: '',
      path: [],
      message: `The ${this.catalog.subject} could not be read (reading it threw ${reason}); pass plain data.`,
    });
  }

  /** Records a violation found by the caller at an explicit place (the wire decoder reports its own this way). */
  report(input: { kind: ViolationKind; code?: Code; path: Path; key: PathSegment; detail: string; limit?: Limit }): void {
    this.addAt({ path: input.path, input: { ...input, parameter: wireName(input.path, input.key) }, plainEnd: false });
  }

  private add(input: { kind: ViolationKind; code?: Code | undefined; key: PathSegment; parameter: string; detail: string; limit?: Limit }): void {
    this.addAt({ path: this.path, input, plainEnd: true });
  }

  /** `plainEnd`: the detail is known to end in a plain character (every reporter's own ends in `.` or `?`). */
  private addAt({ path, input, plainEnd }: { path: Path; input: { kind: ViolationKind; code?: Code | undefined; key: PathSegment; parameter: string; detail: string; limit?: Limit }; plainEnd: boolean }): void {
    const { kind, parameter, limit } = input;
    const code = input.code ?? this.catalog.codes[kind as MappedKind];
    const template = this.catalog.errors[code]?.message ?? '';
    const joined = `${fill(template, parameter)} ${input.detail}`;
    // Trimming copies the whole message; it can only change one whose edges are not plain characters.
    const message = plainEnd && plainStart(template) ? joined : joined.trim();
    const at = appended(path, input.key);
    // A rule without a code of its own reads as a wrong value.
    const resolved = code ?? this.catalog.codes.type;
    this.issues.push(limit === undefined ? { code: resolved, kind, parameter, path: at, message } : { code: resolved, kind, parameter, path: at, message, limit });
  }

  private push(issue: Omit<ValidationIssue<Code>, 'code'> & { code?: Code }): void {
    this.issues.push({ ...issue, code: issue.code ?? this.catalog.codes.type });
  }

  private warn(input: { rule: string; key: PathSegment; message: string }): void {
    this.warnings.push({ rule: input.rule, parameter: wireName(this.path, input.key), path: [...this.path, input.key], message: input.message });
  }
}

/** Runs a generated check and turns what it found into a result; never throws. */
export function runValidation<T, Code extends string>(
  input: unknown,
  catalog: ViolationCatalog<Code>,
  check: (checker: Checker<Code>, record: Record<string, unknown>) => void,
): ValidationResult<T, Code> {
  const checker = new Checker(catalog);
  try {
    const record = checker.root(input);
    if (record !== undefined) check(checker, record);
  } catch (error) {
    checker.unreadable(error);
  }
  const { issues, warnings } = checker;
  return issues.length === 0 ? { ok: true, value: input as T, warnings } : { ok: false, issues, warnings };
}

/** One line an issue, for people: `- Count: The input parameter … [InvalidParameterValue]`. */
export function formatIssues(issues: readonly (ValidationIssue | ValidationWarning)[]): string {
  return issues
    .map((issue) => {
      const tag = 'code' in issue ? issue.code : `warning: ${issue.rule}`;
      return `- ${issue.parameter || '(request)'}: ${issue.message} [${tag}]`;
    })
    .join('\n');
}

/** The wire name of a place: lists are flattened 1-based (`Items.1.Name`). */
export function wireName(path: Path, key: PathSegment): string {
  let name = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    name += (name === '' ? '' : '.') + (typeof segment === 'number' ? String(segment + 1) : segment);
  }
  const last = typeof key === 'number' ? String(key + 1) : key;
  return name === '' ? last : `${name}.${last}`;
}

// A template's text before and after its first `%s`, found once per template.
const templateParts = new Map<string, readonly [string, string] | undefined>();

/** The service's message template with the parameter in place of its first `%s`. */
function fill(template: string, parameter: string): string {
  let parts = templateParts.get(template);
  if (parts === undefined && !templateParts.has(template)) {
    const at = template.indexOf('%s');
    parts = at < 0 ? undefined : [template.slice(0, at), template.slice(at + 2)];
    templateParts.set(template, parts);
  }
  if (parts === undefined) return template;
  // `replace` expands `$&`-style patterns in a parameter name; only then is it needed to say the same.
  if (parameter.includes('$')) return template.replace('%s', parameter);
  return parts[0] + parameter + parts[1];
}

function appended(path: Path, key: PathSegment): PathSegment[] {
  const out = path.slice();
  out.push(key);
  return out;
}

// Enum values and known names are module constants of the generated code: each is joined once.
const joined = new WeakMap<object, string>();

/** `a, b, c`, for messages. */
function listed(values: Iterable<string | number> & object): string {
  let text = joined.get(values);
  if (text === undefined) {
    text = [...values].join(', ');
    joined.set(values, text);
  }
  return text;
}

/** A plain object of named values: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${quoted(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** `JSON.stringify` of a string, without its cost when nothing needs escaping. */
function quoted(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char < 0x20 || char > 0x7e || char === 0x22 || char === 0x5c) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** True when `trim()` cannot remove anything from the start of a message made from this template. */
function plainStart(template: string): boolean {
  if (template === '' || template.startsWith('%s')) return false;
  const char = template.charCodeAt(0);
  return char > 0x20 && char < 0x7f;
}

/** A known name one or two edits away (or differing only in case), for "did you mean". */
function closest(name: string, known: ReadonlySet<string>): string | undefined {
  if (name.length > 200) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance({ a: name, b: candidate, limit: bestDistance });
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

// Two rows of the edit-distance table, reused: a misspelt name costs no allocation per candidate.
const ROW_A: number[] = [];
const ROW_B: number[] = [];

/** Levenshtein distance, or `limit` as soon as it is certain to be at least `limit`. */
function editDistance({ a, b, limit }: { a: string; b: string; limit: number }): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = ROW_A;
  let current = ROW_B;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = previous[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, cost);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    // Every later row is at least this row's minimum, so the distance can only stay at or above it.
    if (rowMinimum >= limit) return limit;
    const filled = current;
    current = previous;
    previous = filled;
  }
  return Math.min(previous[b.length]!, limit);
}
