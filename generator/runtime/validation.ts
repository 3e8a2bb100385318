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

export const REQUIRED = true;
export const OPTIONAL = false;

type Container = object;

export class Checker<Code extends string> {
  readonly issues: ValidationIssue<Code>[] = [];
  readonly warnings: ValidationWarning[] = [];

  constructor(private readonly catalog: ViolationCatalog<Code>) {}

  string(container: Container, path: Path, key: PathSegment, required: boolean): void {
    const value = this.read(container, path, key, required);
    if (value !== undefined && typeof value !== 'string') this.wrongType(path, key, value, 'string');
  }

  boolean(container: Container, path: Path, key: PathSegment, required: boolean): void {
    const value = this.read(container, path, key, required);
    if (value !== undefined && typeof value !== 'boolean') this.wrongType(path, key, value, 'boolean');
  }

  integer(container: Container, path: Path, key: PathSegment, required: boolean, limits: NumericLimits): void {
    const value = this.read(container, path, key, required);
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.wrongType(path, key, value, 'integer');
    this.range(value, path, key, limits, 'an integer');
  }

  number(container: Container, path: Path, key: PathSegment, required: boolean, limits: NumericLimits): void {
    const value = this.read(container, path, key, required);
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.wrongType(path, key, value, 'number');
    this.range(value, path, key, limits, 'a number');
  }

  /** An enum: the type first, so `"3"` for an integer enum is a wrong type, not a wrong value. */
  oneOf(container: Container, path: Path, key: PathSegment, required: boolean, allowed: readonly (string | number)[]): void {
    const value = this.read(container, path, key, required);
    if (value === undefined) return;
    const type = typeof allowed[0] === 'string' ? 'string' : Number.isInteger(allowed[0]) ? 'integer' : 'number';
    if (!hasType(value, type)) return this.wrongType(path, key, value, type);
    if (allowed.includes(value as string | number)) return;
    this.report({
      kind: 'enum',
      path,
      key,
      detail: `Use one of ${allowed.join(', ')}; got ${describe(value)}.`,
      limit: { enum: allowed },
    });
  }

  /** Returns the items to walk, or undefined when there is nothing sound to walk (a million items are never walked). */
  array(container: Container, path: Path, key: PathSegment, required: boolean, limits: SizeLimits): readonly unknown[] | undefined {
    const value = this.read(container, path, key, required);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.wrongType(path, key, value, 'list');
      return undefined;
    }
    const { minItems = 0, maxItems = Infinity } = limits;
    if (value.length >= minItems && value.length <= maxItems) return value;
    const bounds = maxItems === Infinity ? `at least ${minItems}` : `${minItems} to ${maxItems}`;
    this.report({ kind: 'size', path, key, detail: `Send ${bounds} items; got ${value.length}.`, limit: limits });
    return undefined;
  }

  object(container: Container, path: Path, key: PathSegment, required: boolean): Record<string, unknown> | undefined {
    const value = this.read(container, path, key, required);
    if (value === undefined) return undefined;
    if (isRecord(value)) return value;
    this.wrongType(path, key, value, 'object');
    return undefined;
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

  knownKeys(record: Record<string, unknown>, path: Path, known: ReadonlySet<string>, owner: string): void {
    for (const key of Object.keys(record)) {
      if (known.has(key) || record[key] === undefined) continue;
      const suggestion = closest(key, known);
      const hint = suggestion === undefined ? `Remove it; ${owner} takes ${[...known].join(', ')}.` : `Did you mean ${suggestion}?`;
      this.report({ kind: 'unknown', path, key, detail: `${owner} has no parameter ${key}. ${hint}` });
    }
  }

  notGreaterThan(record: Record<string, unknown>, path: Path, rule: { parameter: string; than: string; code: Code }): void {
    // A value that already failed its own check has been reported; comparing it would blame the other one.
    if (this.failed(path, rule.parameter) || this.failed(path, rule.than)) return;
    const value = own(record, rule.parameter);
    const other = own(record, rule.than);
    if (typeof value !== 'number' || typeof other !== 'number' || value <= other) return;
    this.report({
      kind: 'rule',
      code: rule.code,
      path,
      key: rule.parameter,
      detail: `${rule.parameter} (${value}) must not exceed ${rule.than} (${other}): lower ${rule.parameter} or raise ${rule.than}.`,
      limit: { notGreaterThan: rule.than },
    });
  }

  effectiveOnlyWhen(record: Record<string, unknown>, path: Path, rule: { parameter: string; when: string; equals: unknown; default?: unknown }): void {
    if (own(record, rule.parameter) === undefined || this.failed(path, rule.when)) return;
    const actual = own(record, rule.when) ?? rule.default;
    if (actual === rule.equals) return;
    const now = actual === undefined ? 'it is not set' : `it is ${typeof actual === "string" ? actual : describe(actual)}`;
    this.warn({
      rule: 'effectiveOnlyWhen',
      path,
      key: rule.parameter,
      message: `${rule.parameter} takes effect only when ${rule.when} is ${String(rule.equals)}, and ${now}: set ${rule.when} to ${String(rule.equals)} or remove ${rule.parameter}.`,
    });
  }

  ignoredWhenPresent(record: Record<string, unknown>, path: Path, rule: { parameter: string; present: string }): void {
    if (own(record, rule.parameter) === undefined || own(record, rule.present) === undefined) return;
    this.warn({
      rule: 'ignoredWhenPresent',
      path,
      key: rule.parameter,
      message: `${rule.parameter} is ignored because ${rule.present} is set: remove one of them.`,
    });
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

  /** Whether a place already has an issue, so rules built on it stay quiet. */
  private failed(path: Path, key: PathSegment): boolean {
    const parameter = wireName(path, key);
    return this.issues.some((issue) => issue.parameter === parameter);
  }

  private read(container: Container, path: Path, key: PathSegment, required: boolean): unknown {
    const value = own(container, key);
    if (value === undefined && required) {
      this.report({ kind: 'missing', path, key, detail: `Add ${wireName(path, key)} to the request.` });
    }
    return value;
  }

  private range(value: number, path: Path, key: PathSegment, limits: NumericLimits, what: string): void {
    const { minimum = -Infinity, maximum = Infinity } = limits;
    if (value >= minimum && value <= maximum) return;
    const bounds =
      maximum === Infinity ? `at least ${minimum}` : minimum === -Infinity ? `at most ${maximum}` : `from ${minimum} to ${maximum}`;
    this.report({ kind: 'range', path, key, detail: `It must be ${what} ${bounds}; got ${value}.`, limit: limits });
  }

  private wrongType(path: Path, key: PathSegment, value: unknown, type: string): void {
    const article = /^[aeiou]/.test(type) ? 'an' : 'a';
    this.report({ kind: 'type', path, key, detail: `It must be ${article} ${type}; got ${describe(value)}.`, limit: { type } });
  }

  /** Records a violation found by the caller (the wire decoder reports its own this way). */
  report(input: { kind: ViolationKind; code?: Code; path: Path; key: PathSegment; detail: string; limit?: Limit }): void {
    const code = input.code ?? this.catalog.codes[input.kind as MappedKind];
    const parameter = wireName(input.path, input.key);
    const template = this.catalog.errors[code]?.message ?? '';
    this.push({
      code,
      kind: input.kind,
      parameter,
      path: [...input.path, input.key],
      message: `${fill(template, parameter)} ${input.detail}`.trim(),
      ...(input.limit === undefined ? {} : { limit: input.limit }),
    });
  }

  private push(issue: Omit<ValidationIssue<Code>, 'code'> & { code?: Code }): void {
    this.issues.push({ ...issue, code: issue.code ?? this.catalog.codes.type });
  }

  private warn(input: { rule: string; path: Path; key: PathSegment; message: string }): void {
    this.warnings.push({ rule: input.rule, parameter: wireName(input.path, input.key), path: [...input.path, input.key], message: input.message });
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
  for (const segment of path) name += `${name === '' ? '' : '.'}${typeof segment === 'number' ? segment + 1 : segment}`;
  const last = typeof key === 'number' ? key + 1 : key;
  return name === '' ? String(last) : `${name}.${last}`;
}

/** Only own properties count: a key inherited from a prototype was never given. */
function own(container: Container, key: PathSegment): unknown {
  return Object.hasOwn(container, key) ? (container as Record<PathSegment, unknown>)[key] : undefined;
}

function fill(template: string, parameter: string): string {
  return template.includes('%s') ? template.replace('%s', parameter) : template;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return typeof value === 'number' && Number.isFinite(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** A known name one or two edits away (or differing only in case), for "did you mean". */
function closest(name: string, known: ReadonlySet<string>): string | undefined {
  if (name.length > 200) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
