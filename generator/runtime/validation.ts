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
  /**
   * For a request, the error code the service answers for this violation. For an answer (a
   * response or an error body), always `InvalidResponse` (ANSWER_CODE): the service's codes say
   * what is wrong with a request, and an answer that breaks the contract is found by the client.
   */
  readonly code: Code;
  readonly kind: ViolationKind;
  /** The wire name: `Items.3.Scope` (lists are 1-based on the wire); for an answer, the field's. */
  readonly parameter: string;
  /** The same place in the request or answer object: `["Items", 2, "Scope"]`. */
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

/**
 * A request as the client and the codec take it: read-only all through (`as const`, readonly lists),
 * and an optional field may be given as undefined, which is not given (code under
 * exactOptionalPropertyTypes writes `{ Name: maybe }`). Null is read as absent too, for JSON,
 * but no type offers it.
 */
export type Accepted<T> = T extends readonly (infer Item)[]
  ? readonly Accepted<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: {} extends Pick<T, K> ? Accepted<T[K]> | undefined : Accepted<T[K]> }
    : T;

export type ValidationResult<T, Code extends string = string> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly ValidationWarning[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue<Code>[]; readonly warnings: readonly ValidationWarning[] };

/** The code of every issue found in an answer of the service; see ValidationIssue.code. */
export const ANSWER_CODE = 'InvalidResponse';
export type AnswerCode = typeof ANSWER_CODE;

/** How a validator words and codes what it finds: in the request's terms or in the answer's. */
export type ViolationCatalog<Code extends string> = RequestCatalog<Code> | AnswerCatalog<Code>;

/** What the spec says about the operation's errors, as the generator wrote it out. */
export interface RequestCatalog<Code extends string> {
  readonly judges: 'request';
  /** Names the request in messages: "<operation> has no parameter …". */
  readonly subject: string;
  readonly codes: Readonly<Record<MappedKind, Code>>;
  readonly errors: Readonly<Record<Code, { readonly message: string }>>;
  /** x-acs-violations.missing.emptyTextIsMissing of this operation: a required text sent empty counts as not supplied. */
  readonly emptyTextIsMissing: boolean;
}

/** A response or an error body: its fields are the service's, so no request error code or advice applies. */
export interface AnswerCatalog<Code extends string> {
  readonly judges: 'answer';
  /** Names the answer in messages: "The <operation> response lacks …". */
  readonly subject: string;
  readonly code: Code;
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
 * One place in a schema where one kind of violation can happen, made once when the generated
 * module loads. Everything an issue says is known here except where the value sits, so reporting
 * a top-level parameter allocates nothing and a nested one only joins its wire name in.
 */
export class IssueSite {
  /** The catalog the wording below was made for: generated checks are shared by the validators of one document, so it rarely changes. */
  catalog: ViolationCatalog<string> | undefined = undefined;
  code = '';
  /** The service's message before and after the parameter's wire name, the detail included (for an answer, its own wording). */
  before = '';
  after = '';
  /** The whole issue at the top level, shared by every report: frozen, so one caller cannot change another's result. */
  top: ValidationIssue | undefined = undefined;

  readonly kind: MappedKind;
  /** The property's name; undefined for the items of a list, whose index is the key. */
  readonly key: string | undefined;
  /** What to do about it, after the service's message; undefined where the operation decides it (sendAdvice). */
  readonly detail: string | undefined;
  /** What is wrong with a field of an answer, after its name: "is not a string". */
  readonly fault: string;
  readonly limit: Limit | undefined;

  constructor({ kind, key, detail, fault, limit }: { kind: MappedKind; key: string | undefined; detail: string | undefined; fault: string; limit: Limit | undefined; }) {
    this.kind = kind;
    this.key = key;
    this.detail = detail;
    this.fault = fault;
    this.limit = limit;
  }

  resolve(catalog: ViolationCatalog<string>): void {
    let code: string;
    if (catalog.judges === 'answer') {
      code = catalog.code;
      [this.before, this.after] = answerParts({ kind: this.kind, subject: catalog.subject, fault: this.fault });
    } else {
      code = catalog.codes[this.kind];
      [this.before, this.after] = messageParts(catalog.errors[code]?.message ?? '', this.detail ?? sendAdvice(catalog));
    }
    this.code = code;
    const key = this.key;
    this.top = key === undefined ? undefined : frozenIssue({ code, kind: this.kind, parameter: key, path: [key], message: this.before + key + this.after, limit: this.limit });
    this.catalog = catalog;
  }
}

/** What a missing parameter is told: "non-empty" only where the operation reads an empty text as not supplied. */
function sendAdvice(catalog: RequestCatalog<string>): string {
  return catalog.emptyTextIsMissing ? 'Send it with a non-empty value.' : 'Send it.';
}

/** Without a key, the site of a list's item: one can only be missing as a gap in the numbering. */
export function missingSite({ key }: { key?: string; }): IssueSite {
  // A parameter's advice depends on the operation that reads it (sendAdvice), known only when resolved.
  const detail = key === undefined ? 'The items of a list are numbered from 1 with no gap (an item of fields travels as its fields, so one with none set is a gap): send this one, or number the items after it one lower.' : undefined;
  return new IssueSite({ kind: 'missing', key, detail, fault: 'is missing', limit: undefined });
}

export function typeSite({ key, type }: { key?: string; type: string; }): IssueSite {
  const what = `${article(type)} ${type}`;
  return new IssueSite({ kind: 'type', key, detail: `It must be ${what}.`, fault: `is not ${what}`, limit: Object.freeze({ type }) });
}

/** A number outside its bounds; `what` is "an integer" or "a number". */
export function rangeSite({ key, limits, what }: { key?: string; limits: NumericLimits; what: string; }): IssueSite {
  const { minimum = -Infinity, maximum = Infinity } = limits;
  const bounds =
    maximum === Infinity ? `at least ${minimum}` : minimum === -Infinity ? `at most ${maximum}` : `from ${minimum} to ${maximum}`;
  return new IssueSite({ kind: 'range', key, detail: `It must be ${what} ${bounds}.`, fault: `is out of range: it must be ${what} ${bounds}`, limit: Object.freeze({ ...limits }) });
}

export function enumSite({ key, values }: { key?: string; values: readonly (string | number)[]; }): IssueSite {
  const listed = values.join(', ');
  return new IssueSite({ kind: 'enum', key, detail: `Use one of ${listed}.`, fault: `is not one of ${listed}`, limit: Object.freeze({ enum: Object.freeze([...values]) }) });
}

/** A list with too few or too many items; its items are not walked (a million items never are). */
export function sizeSite({ key, limits }: { key?: string; limits: SizeLimits; }): IssueSite {
  const { minItems = 0, maxItems = Infinity } = limits;
  const bounds = maxItems === Infinity ? `at least ${minItems}` : `${minItems} to ${maxItems}`;
  return new IssueSite({ kind: 'size', key, detail: `Send ${bounds} items.`, fault: `must have ${bounds} items`, limit: Object.freeze({ ...limits }) });
}

/** The service's template split around its first `%s`, the detail after it; a template that cannot name the parameter is led by it. */
function messageParts(template: string, detail: string): readonly [string, string] {
  let split = templateSplits.get(template);
  if (split === undefined) {
    const at = template.indexOf('%s');
    // A template that starts or ends with the parameter leaves no stray space.
    split = at < 0 ? ['', template === '' ? ': ' : `: ${template} `] : [template.slice(0, at).trimStart(), `${template.slice(at + 2).trimEnd()} `];
    templateSplits.set(template, split);
  }
  return [split[0], split[1] + detail];
}

// Each template's text before its `%s` and after it (with the space before the detail), split once.
const templateSplits = new Map<string, readonly [string, string]>();

/**
 * An answer's issue around the field's wire name, in the answer's own terms: a field the service
 * sent, not a parameter the caller should send ("The X response lacks its required field F.",
 * "Field F of the X response is not a string.").
 */
function answerParts({ kind, subject, fault }: { kind: ViolationKind; subject: string; fault: string; }): readonly [string, string] {
  return kind === 'missing' ? [`The ${subject} lacks its required field `, '.'] : ['Field ', ` of the ${subject} ${fault}.`];
}

function frozenIssue<Code extends string>(issue: { code: Code; kind: ViolationKind; parameter: string; path: PathSegment[]; message: string; limit: Limit | undefined; }): ValidationIssue<Code> {
  Object.freeze(issue.path);
  return Object.freeze(issueOf(issue));
}

/** An issue with `limit` only when there is one. */
function issueOf<Code extends string>({ code, kind, parameter, path, message, limit }: { code: Code; kind: ViolationKind; parameter: string; path: Path; message: string; limit: Limit | undefined; }): ValidationIssue<Code> {
  return limit === undefined ? { code, kind, parameter, path, message } : { code, kind, parameter, path, message, limit };
}

/** `path` with `key` after it, in an array sized once: `slice` and `push` would copy the backing store twice. */
function appended(path: Path, key: PathSegment): PathSegment[] {
  const out: PathSegment[] = new Array(path.length + 1);
  for (let i = 0; i < path.length; i++) out[i] = path[i]!;
  out[path.length] = key;
  return out;
}

const NO_WARNINGS: readonly ValidationWarning[] = Object.freeze([]);
const TOP: PathSegment[] = Object.freeze([]) as unknown as PathSegment[];

/**
 * Collects what a generated check finds. The generated code tests each value itself and calls in
 * here only when something is wrong, so a valid request costs its result and no string.
 */
export class Checker<Code extends string = string> {
  issues: ValidationIssue<Code>[] | undefined = undefined;
  warnings: ValidationWarning[] | undefined = undefined;
  /** Whether some object of a request holds an optional or unknown key set to null: absent on the wire, so left out of the value. */
  holdsAbsent = false;
  /** Where the walk is: generated code enters a key before it walks into a list or an object and leaves it after. */
  private path: PathSegment[] = TOP;
  /** The wire name of `path`, made when a nested issue first needs it and dropped when the walk moves. */
  private prefix: string | undefined = undefined;

  constructor(readonly catalog: ViolationCatalog<Code>) { }

  /**
   * The operation's reading of a required text sent empty. Only a check shared by operations that
   * read it differently asks, and only for an empty text, so it is worked out then, not per walk.
   */
  get emptyTextIsMissing(): boolean {
    const catalog = this.catalog;
    return catalog.judges === 'request' && catalog.emptyTextIsMissing;
  }

  /** A check shared by a request and an answer asks whether a list holding nothing is missing: on the wire it sends nothing, in JSON it is there. */
  get judgesRequest(): boolean {
    return this.catalog.judges === 'request';
  }

  enter(key: PathSegment): void {
    // Most requests never leave the top level; the shared empty path saves them an allocation.
    if (this.path === TOP) this.path = [];
    this.path.push(key);
    this.prefix = undefined;
  }

  leave(): void {
    this.path.pop();
    this.prefix = undefined;
  }

  /** The violation a site describes, for the site's own key. */
  report(site: IssueSite): void {
    if (site.catalog !== this.catalog) site.resolve(this.catalog);
    this.push(this.path.length === 0 ? (site.top as ValidationIssue<Code>) : this.nested(site, site.key!));
  }

  /** The violation a list's item site describes, for the item at `index`. */
  reportItem(site: IssueSite, index: number): void {
    if (site.catalog !== this.catalog) site.resolve(this.catalog);
    this.push(this.nested(site, index));
  }

  private nested(site: IssueSite, key: PathSegment): ValidationIssue<Code> {
    const parameter = (this.prefix ??= `${wireName(this.path)}.`) + (typeof key === 'number' ? String(key + 1) : key);
    const message = site.before + parameter + site.after;
    return issueOf({ code: site.code as Code, kind: site.kind, parameter, path: appended(this.path, key), message, limit: site.limit });
  }

  unknownKey({ key, known, owner }: { key: string; known: ReadonlySet<string>; owner: string; }): void {
    const names = knownNames(known);
    const suggestion = closest(key, names.candidates);
    if (this.catalog.judges === 'answer') {
      this.add({ kind: 'unknown', key, detail: `is not one the contract lists (${suggestion === undefined ? names.listed || 'it lists none' : `did you mean ${suggestion}?`})` });
      return;
    }
    const hint = suggestion === undefined ? `Remove it; ${owner} takes ${names.listed || 'no parameter at all'}.` : `Did you mean ${suggestion}?`;
    this.add({ kind: 'unknown', key, detail: `${owner} has no parameter ${key}. ${hint}` });
  }

  /** The generated check found `value` above `other`. */
  notGreaterThan({ rule, value, other }: { rule: { readonly parameter: string; readonly than: string; readonly code?: Code; }; value: unknown; other: unknown; }): void {
    // A value that already failed its own check has been reported; comparing it would blame the other one.
    if (this.failed(rule.parameter) || this.failed(rule.than)) return;
    this.ruleFinding({
      rule: 'notGreaterThan',
      code: rule.code,
      key: rule.parameter,
      answerDetail: `is ${value}, above ${rule.than} (${other})`,
      message: `${rule.parameter} (${value}) must not exceed ${rule.than} (${other}): lower ${rule.parameter} or raise ${rule.than}.`,
      limit: { notGreaterThan: rule.than },
    });
  }

  /** The generated check found the parameter set while `when` (`actual`, or its default) is not `equals`. */
  effectiveOnlyWhen(rule: { readonly parameter: string; readonly when: string; readonly equals: unknown; readonly default?: unknown; readonly code?: Code; }, actual: unknown): void {
    if (this.failed(rule.when)) return;
    const value = actual ?? rule.default;
    // The condition's values are scalars (the reader refuses any other `equals`): said as they are, `false` as false.
    const now = value === undefined ? 'it is not set' : `it is ${typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : describeValue(value)}`;
    this.ruleFinding({
      rule: 'effectiveOnlyWhen',
      code: rule.code,
      key: rule.parameter,
      answerDetail: `is set while ${rule.when} is not ${String(rule.equals)}`,
      message: `${rule.parameter} takes effect only when ${rule.when} is ${String(rule.equals)}, and ${now}: set ${rule.when} to ${String(rule.equals)} or remove ${rule.parameter}.`,
    });
  }

  /** The generated check found both parameters set. */
  ignoredWhenPresent(rule: { readonly parameter: string; readonly present: string; readonly code?: Code; }): void {
    this.ruleFinding({
      rule: 'ignoredWhenPresent',
      code: rule.code,
      key: rule.parameter,
      answerDetail: `is set together with ${rule.present}`,
      message: `${rule.parameter} is ignored because ${rule.present} is set: remove one of them.`,
    });
  }

  /**
   * A rule's finding as its severity says: a rule with an error code of its own is an issue the
   * service answers with that code; a warning rule only warns, and the request stays valid.
   */
  private ruleFinding({ rule, code, key, answerDetail, message, limit }: { rule: string; code: Code | undefined; key: PathSegment; answerDetail: string; message: string; limit?: Limit }): void {
    if (code === undefined) {
      this.warn({ rule, key, message });
      return;
    }
    this.add({ kind: 'rule', code, key, detail: this.catalog.judges === 'answer' ? answerDetail : message, ...(limit === undefined ? {} : { limit }) });
  }

  /** Whether a place already has an issue, so rules built on it stay quiet. */
  private failed(key: PathSegment): boolean {
    const parameter = wireName(this.path, key);
    return this.issues?.some((issue) => issue.parameter === parameter) ?? false;
  }

  /** The top of a request or body: anything but an object is one issue with an empty parameter. */
  root(input: unknown): Record<string, unknown> | undefined {
    if (isRecord(input)) return input;
    const { subject } = this.catalog;
    const named = this.catalog.judges === 'answer' ? 'fields' : 'parameters';
    this.push({
      code: this.codeOf('type'),
      kind: 'type',
      parameter: '',
      path: [],
      message: `The ${subject} must be an object of named ${named}; got ${describeValue(input)}.`,
      limit: { type: 'object' },
    });
    return undefined;
  }

  /** A fault of the input as a whole, not of one parameter: `detail` completes "The <subject>'s …". */
  reportWhole(detail: string): void {
    this.push({ code: this.codeOf('type'), kind: 'type', parameter: '', path: [], message: `The ${this.catalog.subject}'s ${detail}.` });
  }

  /** Getters and proxies can throw while being read; that is an unreadable request, not a crash. */
  unreadable(error: unknown): void {
    const reason = nameOf(error);
    const advice = this.catalog.judges === 'answer' ? '' : '; pass plain data';
    this.push({
      code: this.codeOf('type'),
      kind: 'type',
      parameter: '',
      path: [],
      message: `The ${this.catalog.subject} could not be read (reading it threw ${reason})${advice}.`,
    });
  }

  /** Records a violation found by the caller at an explicit place (the wire decoder reports its own this way). */
  reportAt(input: { kind: ViolationKind; code?: Code; path: Path; key: PathSegment; detail: string; limit?: Limit; }): void {
    this.addAt({ path: input.path, input });
  }

  /** `detail` follows the service's message for a request, and the field's name for an answer ("is not …"). */
  private add(input: { kind: ViolationKind; code?: Code | undefined; key: PathSegment; detail: string; limit?: Limit; }): void {
    this.addAt({ path: this.path, input });
  }

  private addAt({ path, input }: { path: Path; input: { kind: ViolationKind; code?: Code | undefined; key: PathSegment; detail: string; limit?: Limit; }; }): void {
    const { kind, limit } = input;
    const catalog = this.catalog;
    const parameter = wireName(path, input.key);
    if (catalog.judges === 'answer') {
      // The answer's own code and words, whatever code a request rule would carry.
      const [before, after] = answerParts({ kind, subject: catalog.subject, fault: input.detail });
      this.push(issueOf({ code: catalog.code, kind, parameter, path: appended(path, input.key), message: before + parameter + after, limit }));
      return;
    }
    // A rule without a code of its own reads as a wrong value.
    const code = input.code ?? this.codeOf(kind === 'rule' ? 'type' : kind);
    const [before, after] = messageParts(catalog.errors[code]?.message ?? '', input.detail);
    this.push(issueOf({ code, kind, parameter, path: appended(path, input.key), message: before + parameter + after, limit }));
  }

  private codeOf(kind: MappedKind): Code {
    const catalog = this.catalog;
    return catalog.judges === 'answer' ? catalog.code : catalog.codes[kind];
  }

  private push(issue: ValidationIssue<Code>): void {
    const issues = this.issues;
    if (issues === undefined) this.issues = [issue];
    else issues.push(issue);
  }

  private warn(input: { rule: string; key: PathSegment; message: string; }): void {
    const warning = { rule: input.rule, parameter: wireName(this.path, input.key), path: appended(this.path, input.key), message: input.message };
    if (this.warnings === undefined) this.warnings = [warning];
    else this.warnings.push(warning);
  }
}

/** Runs a generated check and turns what it found into a result; never throws. */
export function runValidation<T, Code extends string>({ input, catalog, check }: {
  input: unknown;
  catalog: ViolationCatalog<Code>;
  /** Absent for an object that declares nothing to check: any object is valid. */
  check?: (checker: Checker<Code>, record: Record<string, unknown>) => void;
}): ValidationResult<T, Code> {
  // The checker of the last clean walk is taken out while in use, so a getter that validates again
  // while this walk reads it gets a checker of its own.
  let checker = spare as Checker<Code> | undefined;
  if (checker !== undefined && checker.catalog === catalog) spare = undefined;
  else checker = new Checker(catalog);
  try {
    const record = checker.root(input);
    if (record !== undefined && check !== undefined) check(checker, record);
  } catch (error) {
    checker.unreadable(error);
  }
  const { issues, warnings } = checker;
  if (issues !== undefined) return { ok: false, issues, warnings: warnings ?? NO_WARNINGS };
  // A valid request with a field set to null comes back as a copy without it, which its type
  // describes. The copy is judged again: a getter read a second time may answer otherwise, or throw.
  if (checker.holdsAbsent) {
    let copy: unknown;
    try {
      copy = withoutAbsent(input);
    } catch (error) {
      const reread = new Checker(catalog);
      reread.unreadable(error);
      return { ok: false, issues: reread.issues!, warnings: NO_WARNINGS };
    }
    return runValidation({ input: copy, catalog, check });
  }
  if (warnings !== undefined) return { ok: true, value: input as T, warnings };
  // Found nothing, so it holds nothing: the next walk can use it as it is.
  spare = checker as Checker<string>;
  return { ok: true, value: input as T, warnings: NO_WARNINGS };
}

// A valid request is the common case, and its walk leaves the checker as it found it.
let spare: Checker<string> | undefined;

/** One line an issue, for people: `- Count: The input parameter … [InvalidParameterValue]`. */
export function formatIssues(issues: readonly (ValidationIssue | ValidationWarning)[]): string {
  return issues
    .map((issue) => {
      const tag = 'code' in issue ? issue.code : `warning: ${issue.rule}`;
      // An issue of the whole input has no parameter; an answer's is told apart by its code.
      const whole = 'code' in issue && issue.code === ANSWER_CODE ? '(answer)' : '(request)';
      return `- ${issue.parameter || whole}: ${issue.message} [${tag}]`;
    })
    .join('\n');
}

/** The wire name of a place, or of `key` within it: lists are flattened 1-based (`Items.1.Name`). */
export function wireName(path: Path, key?: PathSegment): string {
  let name = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    name += (name === '' ? '' : '.') + (typeof segment === 'number' ? String(segment + 1) : segment);
  }
  if (key === undefined) return name;
  const last = typeof key === 'number' ? String(key + 1) : key;
  return name === '' ? last : `${name}.${last}`;
}

/** Most values a lone-surrogate search reads: a request at its documented maximum has thousands; a hostile one is the validator's to refuse. */
const MAX_TEXT_VISITS = 100_000;

/**
 * An issue for each text in `input` holding a lone UTF-16 surrogate (a string cut in the middle of
 * an emoji). UTF-8 cannot carry one: it would reach the service as U+FFFD, a value the caller never
 * wrote, under a valid signature. A client runs this beside the validator, which judges only what
 * the contract documents; an unreadable or too-deep value is the validator's to report.
 */
export function loneSurrogateIssues<Code extends string>({ input, catalog }: { input: unknown; catalog: ViolationCatalog<Code> }): ValidationIssue<Code>[] {
  const checker = new Checker(catalog);
  // One path, grown and shrunk as the walk goes: a request at its maximum has thousands of values.
  const path: PathSegment[] = [];
  let visits = 0;
  const visit = (value: unknown): void => {
    if (++visits > MAX_TEXT_VISITS) return;
    if (typeof value === 'string') {
      const at = loneSurrogateAt(value);
      if (at !== -1 && path.length > 0) reportLoneSurrogate({ checker, path, text: value, at });
      return;
    }
    if (typeof value !== 'object' || value === null || path.length >= MAX_NOTHING_DEPTH) return;
    const depth = path.length;
    try {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length && visits <= MAX_TEXT_VISITS; i++) {
          path.push(i);
          visit(value[i]);
          path.pop();
        }
      } else {
        for (const key of Object.keys(value)) {
          path.push(key);
          visit((value as Record<string, unknown>)[key]);
          path.pop();
        }
      }
    } catch {
      // A getter or a proxy that throws: the validator has reported the value it could not read.
      path.length = depth;
    }
  };
  visit(input);
  return checker.issues ?? [];
}

function reportLoneSurrogate<Code extends string>({ checker, path, text, at }: { checker: Checker<Code>; path: readonly PathSegment[]; text: string; at: number }): void {
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  // A person counts characters, not UTF-16 code units: a string iterates by code point.
  const character = [...text.slice(0, at)].length + 1;
  checker.reportAt({
    kind: 'type',
    path: path.slice(0, -1),
    key: path[path.length - 1]!,
    detail: `It holds a lone UTF-16 surrogate (U+${unit}) at character ${character}, which UTF-8 cannot carry: the service would receive U+FFFD in its place. Remove it, or complete the surrogate pair.`,
  });
}

/** Where the first unpaired surrogate is, or -1; a well-formed string (most are) is told by one native call. */
function loneSurrogateAt(text: string): number {
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    else return i;
  }
  return -1;
}

/** Deeper than any schema the wire can carry; a value nested further is left to the other checks. */
const MAX_NOTHING_DEPTH = 64;

/**
 * Whether a value would travel as no query pair at all, as the codec flattens it: undefined, or a
 * list or an object holding nothing but such values, an object's null fields among them (the
 * codec leaves them out). A null item of a list is a wrong value, not nothing: it cannot be left out.
 */
export function sendsNothing(value: unknown, depth = 0): boolean {
  if (value === undefined) return true;
  if (depth > MAX_NOTHING_DEPTH || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!sendsNothing(value[index], depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (Object.prototype.hasOwnProperty.call(value, key) && field !== null && !sendsNothing(field, depth + 1)) return false;
  }
  return true;
}

/** A plain object of named values: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a thrown value is, by name alone: its message may quote what it was given. Read so that it
 * cannot throw in turn, as a thrown revoked proxy or an error whose `name` getter throws would.
 */
export function nameOf(thrown: unknown): string {
  try {
    const name = thrown instanceof Error ? thrown.name : typeof thrown;
    return typeof name === 'string' ? name : 'Error';
  } catch {
    return 'an unreadable value';
  }
}

/**
 * Plain data as it travels: an object that holds a key set to null or undefined, or such an object
 * beneath it, is copied without those keys; everything else is kept as it is, so one null beside a
 * list of a thousand items copies the one object that holds it.
 */
function withoutAbsent(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const kept = withoutAbsent(item);
      if (kept !== item) (copy ??= value.slice())[index] = kept;
    }
    return copy ?? value;
  }
  if (!isRecord(value) || !holdsAbsent(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const member = value[key];
    if (member == null) continue;
    const inner = withoutAbsent(member);
    // Defined, not assigned, where assigning would set the prototype: an own `__proto__` stays a key.
    if (key === '__proto__') Object.defineProperty(kept, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else kept[key] = inner;
  }
  return kept;
}

/** Whether an object, or one beneath it, has an own key set to null or undefined; an untouched one is kept, not copied. */
function holdsAbsent(value: object): boolean {
  if (Array.isArray(value)) {
    // A null item stays: a list cannot leave one out without renumbering the rest.
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      if (typeof item === 'object' && item !== null && holdsAbsent(item)) return true;
    }
    return false;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const member: unknown = (value as Record<string, unknown>)[key];
    if (member == null || (typeof member === 'object' && holdsAbsent(member))) return true;
  }
  return false;
}

/** A value as a message names it: its kind, and a short string or number as it is. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
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

/** A known name, ready to be compared: lowercased, and its character masks for the edit distance. */
interface Candidate {
  readonly name: string;
  readonly lower: string;
  /** Undefined for a name too long for one machine word; the table distance is used then. */
  readonly pattern: Pattern | undefined;
}

interface Pattern {
  readonly ascii: Int32Array;
  readonly other: ReadonlyMap<number, number>;
}

// A closed object's known names, prepared once: a misspelt name is then compared without allocating.
const prepared = new WeakMap<ReadonlySet<string>, { readonly candidates: readonly Candidate[]; readonly listed: string; }>();

function knownNames(known: ReadonlySet<string>): { readonly candidates: readonly Candidate[]; readonly listed: string; } {
  let names = prepared.get(known);
  if (names === undefined) {
    const candidates = [...known].map((name) => ({ name, lower: name.toLowerCase(), pattern: patternOf(name) }));
    names = { candidates, listed: [...known].join(', ') };
    prepared.set(known, names);
  }
  return names;
}

/** A known name one or two edits away (or differing only in case), for "did you mean". */
function closest(name: string, candidates: readonly Candidate[]): string | undefined {
  if (name.length > 200) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    // A length gap is a lower bound on the distance: most names are ruled out before any work.
    if (Math.abs(candidate.name.length - name.length) >= bestDistance) continue;
    const distance = candidate.lower === lower ? 0 : editDistance({ a: name, candidate, limit: bestDistance });
    if (distance < bestDistance) {
      best = candidate.name;
      bestDistance = distance;
    }
  }
  return best;
}

// Myers' bit-parallel edit distance: each known name's character masks are made once, and a name
// is then compared one character at a time with a few integer operations.
const MAX_PATTERN = 31;

function patternOf(text: string): Pattern | undefined {
  if (text.length === 0 || text.length > MAX_PATTERN) return undefined;
  const ascii = new Int32Array(128);
  const other = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char < 128) ascii[char]! |= 1 << i;
    else other.set(char, (other.get(char) ?? 0) | (1 << i));
  }
  return { ascii, other };
}

/** Levenshtein distance of `a` and a known name, or `limit` when it is at least `limit`. */
function editDistance({ a, candidate, limit }: { a: string; candidate: Candidate; limit: number; }): number {
  const b = candidate.name;
  if (Math.abs(a.length - b.length) >= limit) return limit;
  const pattern = candidate.pattern;
  if (pattern === undefined) return Math.min(tableDistance(a, b), limit);
  const { ascii, other } = pattern;
  const last = 1 << (b.length - 1);
  let positive = -1;
  let negative = 0;
  let score = b.length;
  for (let j = 0; j < a.length; j++) {
    const char = a.charCodeAt(j);
    const equal = char < 128 ? ascii[char]! : (other.get(char) ?? 0);
    const vertical = equal | negative;
    const horizontal = (((equal & positive) + positive) ^ positive) | equal;
    let up = negative | ~(horizontal | positive);
    let down = positive & horizontal;
    if ((up & last) !== 0) score++;
    else if ((down & last) !== 0) score--;
    up = (up << 1) | 1;
    down <<= 1;
    positive = down | ~(vertical | up);
    negative = up & vertical;
  }
  return Math.min(score, limit);
}

/** The plain dynamic-programming distance, for names too long for one machine word. */
function tableDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
