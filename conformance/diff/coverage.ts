import type {
  ArraySchema,
  BooleanSchema,
  DocumentModel,
  ErrorModel,
  NumericSchema,
  ObjectSchema,
  OperationModel,
  PropertyModel,
  RuleModel,
  ServerModel,
  SignatureModel,
  StringSchema,
} from '../../generator/model.js';
import type { Change } from './change.js';
import { diffDefault } from './default.js';
import { diffProduct, diffServers, diffSignature } from './document.js';
import { diffEmptyText } from './empty-text.js';
import { diffEnum } from './enum.js';
import { diffErrors } from './errors.js';
import { diffLimits } from './limits.js';
import { diffBinding, diffOperations } from './operations.js';
import { diffResponses } from './responses.js';
import { diffRules } from './rules.js';
import { diffObject, diffSchema } from './schemas.js';

/**
 * How diff reads one field of the model: the comparisons that report a change to it, or why no
 * change to it can alter what a client sends or a provider answers.
 */
export type Reading = { readonly comparedBy: readonly [Comparison, ...Comparison[]] } | { readonly ignored: string };

type Comparison = (pair: never) => readonly Change[];

/** One reading for every field, none left out and none extra. */
type Readings<T> = { readonly [K in keyof T]-?: Reading };

type Rule<Name extends RuleModel['rule']> = Extract<RuleModel, { rule: Name }>;

export interface ModelCoverage {
  readonly document: Readings<DocumentModel>;
  readonly server: Readings<ServerModel>;
  readonly signature: Readings<SignatureModel>;
  readonly operation: Readings<OperationModel>;
  readonly error: Readings<ErrorModel>;
  readonly string: Readings<StringSchema>;
  readonly numeric: Readings<NumericSchema>;
  readonly boolean: Readings<BooleanSchema>;
  readonly array: Readings<ArraySchema>;
  readonly object: Readings<ObjectSchema>;
  readonly property: Readings<PropertyModel>;
  readonly notGreaterThan: Readings<Rule<'notGreaterThan'>>;
  readonly effectiveOnlyWhen: Readings<Rule<'effectiveOnlyWhen'>>;
  readonly ignoredWhenPresent: Readings<Rule<'ignoredWhenPresent'>>;
}

const WHERE: Reading = { ignored: 'where it is written, for pointing at: a schema moved into components and $ref’d is no change' };
const WORDS: Reading = { ignored: 'words for people: they change no verdict, nothing on the wire and nothing the client does' };
const BINDING: Reading = { comparedBy: [diffBinding] };

const SCHEMA = { pointer: WHERE, description: WORDS, default: { comparedBy: [diffDefault] }, kind: { comparedBy: [diffSchema] } } as const;
const RULE = { rule: { comparedBy: [diffRules] }, parameter: { comparedBy: [diffRules] }, severity: { comparedBy: [diffRules] }, code: { comparedBy: [diffRules] }, why: WORDS, pointer: WHERE } as const;

/**
 * Every field of the model and what diff does with it. It is typed as a complete record of each
 * model interface, so a field added to generator/model.ts fails the type-check here until someone
 * decides whether a change to it can change what a client or a provider does. That is how
 * emptyTextIsMissing went unreported: read into the model, obeyed by the validators, and compared
 * by nothing.
 */
export const MODEL_COVERAGE: ModelCoverage = {
  document: {
    title: WORDS,
    product: { comparedBy: [diffProduct] },
    version: { ignored: 'names the release, not what it allows: check holds it against the changes diff finds' },
    servers: { comparedBy: [diffServers] },
    signature: { comparedBy: [diffSignature] },
    operations: { comparedBy: [diffOperations] },
    objects: { ignored: 'the same schemas again: each is compared where an operation uses it, because where it sits decides whom a change breaks' },
  },
  server: { url: { comparedBy: [diffServers] }, network: { comparedBy: [diffServers] }, variables: { comparedBy: [diffServers] } },
  signature: { algorithm: { comparedBy: [diffSignature] }, header: { comparedBy: [diffSignature] } },
  operation: {
    // The key operations are matched by: another id is one operation removed and one added.
    operationId: { comparedBy: [diffOperations] },
    method: BINDING,
    path: { ignored: 'every operation travels to / (the reader refuses any other path; `/#Action` keeps them apart in the document alone)' },
    pointer: WHERE,
    summary: WORDS,
    fixedHeaders: BINDING,
    request: { comparedBy: [diffObject] },
    violations: BINDING,
    emptyTextIsMissing: { comparedBy: [diffEmptyText] },
    beforeRetry: {
      ignored:
        'advice the client prints on what to look at before calling again; whether it calls again is x-acs-retryable’s, so, like a message template, it changes no verdict, nothing on the wire and nothing the client does',
    },
    success: { comparedBy: [diffBinding, diffResponses] },
    errors: { comparedBy: [diffErrors] },
    errorSchema: { comparedBy: [diffResponses] },
    errorStatus: { ignored: 'which error response the body schema was read from, to type it; the codes and their statuses are compared as errors' },
  },
  error: {
    code: { comparedBy: [diffErrors] },
    httpStatus: { comparedBy: [diffErrors] },
    message: { ignored: 'the message template: clients act on the code, and the validators only word their issues with it' },
    retryable: { comparedBy: [diffErrors] },
    pointer: WHERE,
  },
  string: { ...SCHEMA, enum: { comparedBy: [diffEnum] } },
  numeric: { ...SCHEMA, minimum: { comparedBy: [diffLimits] }, maximum: { comparedBy: [diffLimits] }, enum: { comparedBy: [diffEnum] } },
  boolean: SCHEMA,
  array: { ...SCHEMA, items: { comparedBy: [diffSchema] }, minItems: { comparedBy: [diffLimits] }, maxItems: { comparedBy: [diffLimits] } },
  object: {
    ...SCHEMA,
    name: { comparedBy: [diffObject] },
    properties: { comparedBy: [diffObject] },
    closed: { comparedBy: [diffObject] },
    rules: { comparedBy: [diffRules] },
  },
  property: { name: { comparedBy: [diffObject] }, required: { comparedBy: [diffObject] }, schema: { comparedBy: [diffSchema] }, style: { comparedBy: [diffObject] }, pointer: WHERE },
  notGreaterThan: { ...RULE, than: { comparedBy: [diffRules] } },
  // when.default is the other parameter's default, so a change to it is that parameter's default-changed.
  effectiveOnlyWhen: { ...RULE, when: { comparedBy: [diffRules, diffDefault] } },
  ignoredWhenPresent: { ...RULE, present: { comparedBy: [diffRules] } },
};
