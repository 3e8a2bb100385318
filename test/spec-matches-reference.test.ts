import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import {
  applicationConfigFields,
  changeHistory,
  errorCodes,
  lastUpdated,
  operation,
  requestParameters,
  responseFields,
  successSample,
  type ReferenceField,
  type ReferenceParameter,
  type Scalar,
} from './reference/increase-nodes.reference.js';

// The spec is checked against a hand transcription of the API reference, never against itself:
// every expected value below comes from ./reference/increase-nodes.reference.ts.

type Json = { readonly [key: string]: unknown };

const specPath = fileURLToPath(new URL('../spec/increase-nodes.openapi.yaml', import.meta.url));
const spec = asObject(await SwaggerParser.dereference(specPath), 'the spec');

/** Constraint keywords the reference never documents for this API; one in the spec is drift. */
const undocumentedKeywords = [
  'pattern',
  'minLength',
  'maxLength',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'const',
  'uniqueItems',
] as const;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, where: string): Json {
  if (value === undefined) throw new Error(`${where} is missing`);
  if (!isObject(value)) throw new Error(`${where} is not an object`);
  return value;
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

function postOperation(document: Json): Json {
  const pathItem = asObject(asObject(document.paths, 'paths')[operation.path], 'paths./');
  return asObject(pathItem[operation.method], `${operation.method.toUpperCase()} ${operation.path}`);
}

function parametersIn(document: Json, location: 'query' | 'header'): Json[] {
  return asArray(postOperation(document).parameters)
    .filter(isObject)
    .filter((parameter) => parameter.in === location);
}

function parameterNamed(document: Json, name: string): Json | undefined {
  return asArray(postOperation(document).parameters)
    .filter(isObject)
    .find((parameter) => parameter.name === name);
}

function sortedSet(values: readonly unknown[]): unknown[] {
  const unique = [...new Map(values.map((value) => [JSON.stringify(value), value])).values()];
  return unique.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : JSON.stringify(a).localeCompare(JSON.stringify(b)),
  );
}

/** The values a schema admits when it lists them: its enum, or both booleans for a boolean. */
function specValidValues(schema: Json): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return sortedSet(schema.enum);
  if (schema.type === 'boolean') return sortedSet([true, false]);
  return undefined;
}

function referenceValidValues(row: {
  readonly type: string;
  readonly validValues?: readonly Scalar[];
}): unknown[] | undefined {
  if (row.validValues !== undefined) return sortedSet(row.validValues);
  if (row.type === 'boolean') return sortedSet([true, false]);
  return undefined;
}

function mismatchCollector(subject: string): {
  problems: string[];
  differs: (what: string, got: unknown, want: unknown) => void;
} {
  const problems: string[] = [];
  const differs = (what: string, got: unknown, want: unknown): void => {
    if (isDeepStrictEqual(got, want)) return;
    problems.push(`${subject}: ${what} is ${show(got)}, the reference says ${show(want)}`);
  };
  return { problems, differs };
}

function undocumentedConstraints(subject: string, schema: Json): string[] {
  return undocumentedKeywords
    .filter((keyword) => schema[keyword] !== undefined)
    .map((keyword) => `${subject}: ${keyword} is ${show(schema[keyword])}, the reference documents none`);
}

/** Every way a spec query parameter differs from its reference row; empty when they agree. */
function compareParameter(specParam: unknown, row: ReferenceParameter): string[] {
  if (!isObject(specParam)) return [`${row.name}: the spec has no such parameter`];
  const { problems, differs } = mismatchCollector(row.name);
  const schema = isObject(specParam.schema) ? specParam.schema : {};
  differs('name', specParam.name, row.name);
  differs('location', specParam.in, 'query');
  differs('required', specParam.required === true, row.required);
  differs('type', schema.type, row.type);
  differs('minimum', schema.minimum, row.minimum);
  differs('maximum', schema.maximum, row.maximum);
  differs('minItems', schema.minItems, row.minItems);
  differs('maxItems', schema.maxItems, row.maxItems);
  differs('the set of valid values', specValidValues(schema), referenceValidValues(row));
  differs('default', schema.default, row.default);
  return [...problems, ...undocumentedConstraints(row.name, schema)];
}

/** Every way a property of the ApplicationConfig item schema differs from its reference row. */
function compareField(itemSchema: Json, field: ReferenceField): string[] {
  const subject = `ApplicationConfig.${field.name}`;
  const property = asObject(itemSchema.properties, 'ApplicationConfig.properties')[field.name];
  if (!isObject(property)) return [`${subject}: the spec has no such property`];
  const { problems, differs } = mismatchCollector(subject);
  differs('required', asArray(itemSchema.required).includes(field.name), field.required);
  differs('type', property.type, field.type);
  differs('the set of valid values', specValidValues(property), referenceValidValues(field));
  differs('default', property.default, field.default);
  return [...problems, ...undocumentedConstraints(subject, property)];
}

function jsonContent(response: unknown, where: string): Json {
  const content = asObject(asObject(response, where).content, `${where}.content`);
  return asObject(content['application/json'], `${where} application/json`);
}

function responseAt(status: string): Json {
  return asObject(asObject(postOperation(spec).responses, 'responses')[status], `response ${status}`);
}

function namedExamples(media: Json): Json {
  return isObject(media.examples) ? media.examples : {};
}

function templatePattern(template: string): RegExp {
  const escaped = template.split('%s').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.+')}$`);
}

const itemSchema = (): Json => {
  const parameter = asObject(parameterNamed(spec, 'ApplicationConfigs'), 'ApplicationConfigs');
  const schema = asObject(parameter.schema, 'ApplicationConfigs.schema');
  return asObject(schema.items, 'ApplicationConfigs.schema.items');
};

describe('query parameters', () => {
  it.each(requestParameters.map((row) => [row.name, row] as const))(
    '%s matches the reference',
    (name, row) => {
      expect(compareParameter(parameterNamed(spec, name), row)).toEqual([]);
    },
  );

  it('has no query parameter the reference lacks', () => {
    const documented = new Set<string>(requestParameters.map((row) => row.name));
    const extra = parametersIn(spec, 'query')
      .map((parameter) => parameter.name)
      .filter((name) => typeof name !== 'string' || !documented.has(name));
    expect(extra).toEqual([]);
  });
});

describe('compareParameter reports drift', () => {
  const row = (name: string): ReferenceParameter => {
    const found = requestParameters.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no reference row ${name}`);
    return found;
  };
  const schemaOf = (parameter: Json): Json => asObject(parameter.schema, 'schema');

  const cases: ReadonlyArray<
    readonly [string, { given: { name: string; change: (parameter: Json) => void }; want: string[] }]
  > = [
    [
      'IncreaseNodeCount maximum raised to 501',
      {
        given: { name: 'IncreaseNodeCount', change: (p) => Object.assign(schemaOf(p), { maximum: 501 }) },
        want: ['IncreaseNodeCount: maximum is 501, the reference says 500'],
      },
    ],
    [
      'ClusterId made optional',
      {
        given: { name: 'ClusterId', change: (p) => Object.assign(p, { required: false }) },
        want: ['ClusterId: required is false, the reference says true'],
      },
    ],
    [
      'RegionId moved to a header',
      {
        given: { name: 'RegionId', change: (p) => Object.assign(p, { in: 'header' }) },
        want: ['RegionId: location is "header", the reference says "query"'],
      },
    ],
    [
      'IncreaseNodeCount typed as a string',
      {
        given: { name: 'IncreaseNodeCount', change: (p) => Object.assign(schemaOf(p), { type: 'string' }) },
        want: ['IncreaseNodeCount: type is "string", the reference says "integer"'],
      },
    ],
    [
      'PaymentDuration without 60',
      {
        given: {
          name: 'PaymentDuration',
          change: (p) => Object.assign(schemaOf(p), { enum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48] }),
        },
        want: [
          'PaymentDuration: the set of valid values is [1,2,3,4,5,6,7,8,9,12,24,36,48], ' +
            'the reference says [1,2,3,4,5,6,7,8,9,12,24,36,48,60]',
        ],
      },
    ],
    [
      'PaymentDuration enum reordered (sets are equal)',
      {
        given: {
          name: 'PaymentDuration',
          change: (p) => Object.assign(schemaOf(p), { enum: [...(row('PaymentDuration').validValues ?? [])].reverse() }),
        },
        want: [],
      },
    ],
    [
      'AutoRenew default flipped to true',
      {
        given: { name: 'AutoRenew', change: (p) => Object.assign(schemaOf(p), { default: true }) },
        want: ['AutoRenew: default is true, the reference says false'],
      },
    ],
    [
      'ApplicationConfigs maxItems lowered to 999',
      {
        given: { name: 'ApplicationConfigs', change: (p) => Object.assign(schemaOf(p), { maxItems: 999 }) },
        want: ['ApplicationConfigs: maxItems is 999, the reference says 1000'],
      },
    ],
    [
      'RegionId given an undocumented pattern',
      {
        given: { name: 'RegionId', change: (p) => Object.assign(schemaOf(p), { pattern: '^cn-' }) },
        want: ['RegionId: pattern is "^cn-", the reference documents none'],
      },
    ],
  ];

  it.each(cases)('%s', (_, { given, want }) => {
    const clone = structuredClone(spec);
    const parameter = asObject(parameterNamed(clone, given.name), given.name);
    given.change(parameter);
    expect(compareParameter(parameter, row(given.name))).toEqual(want);
  });
});

describe('ApplicationConfigs items', () => {
  it('require exactly the fields the reference requires', () => {
    const want = applicationConfigFields.filter((field) => field.required).map((field) => field.name);
    expect(sortedSet(asArray(itemSchema().required))).toEqual(sortedSet(want));
  });

  it('have exactly the properties the reference lists', () => {
    const properties = Object.keys(asObject(itemSchema().properties, 'properties'));
    expect(sortedSet(properties)).toEqual(sortedSet(applicationConfigFields.map((field) => field.name)));
  });

  it('reject properties the reference does not list (additionalProperties: false)', () => {
    expect(itemSchema().additionalProperties).toBe(false);
  });

  it.each(applicationConfigFields.map((field) => [field.name, field] as const))(
    '%s matches the reference',
    (_, field) => {
      expect(compareField(itemSchema(), field)).toEqual([]);
    },
  );
});

describe('the 200 response', () => {
  const success = (): Json => jsonContent(responseAt('200'), 'response 200');
  const successSchema = (): Json => asObject(success().schema, 'response 200 schema');

  it.each(responseFields.map((field) => [field.name, field] as const))(
    'has %s as a string property',
    (name, field) => {
      const property = asObject(successSchema().properties, 'properties')[name];
      expect(isObject(property) ? property.type : property).toBe(field.type);
    },
  );

  it('has no property the reference lacks', () => {
    const properties = Object.keys(asObject(successSchema().properties, 'properties'));
    expect(sortedSet(properties)).toEqual(sortedSet(responseFields.map((field) => field.name)));
  });

  it("has the reference's sample success response as an example", () => {
    const media = success();
    const examples = [
      ...(media.example === undefined ? [] : [media.example]),
      ...Object.values(namedExamples(media)).map((example) => asObject(example, 'example').value),
    ];
    expect(examples).toContainEqual(successSample);
  });
});

describe.each(errorCodes.map((row) => [row.code, row.status, row] as const))(
  'error %s (HTTP %i)',
  (code, status, { message }) => {
    const example = (): Json => {
      const examples = namedExamples(jsonContent(responseAt(String(status)), `response ${status}`));
      return asObject(examples[code], `example ${code} under ${status}`);
    };
    const body = (): Json => asObject(example().value, `example ${code} value`);

    it(`is a named example under HTTP ${status} whose Code is ${code}`, () => {
      expect(body().Code).toBe(code);
    });

    it("carries the reference's message template as x-acs-message", () => {
      expect(example()['x-acs-message']).toBe(message);
    });

    it.each(['RequestId', 'HostId', 'Code', 'Message', 'Recommend'])(
      'has a non-empty %s in its body',
      (field) => {
        expect(body()[field]).toEqual(expect.stringMatching(/./));
      },
    );

    it('has a Message that fills the template', () => {
      expect(body().Message).toMatch(templatePattern(message));
    });
  },
);

describe('error responses', () => {
  const specErrorExamples = (): string[] =>
    Object.entries(asObject(postOperation(spec).responses, 'responses'))
      .filter(([status]) => !status.startsWith('2'))
      .flatMap(([status, response]) =>
        Object.keys(namedExamples(jsonContent(response, `response ${status}`))).map(
          (code) => `${status} ${code}`,
        ),
      );

  it('have no example code the reference lacks at any status', () => {
    const documented = new Set<string>(errorCodes.map(({ status, code }) => `${status} ${code}`));
    expect(specErrorExamples().filter((entry) => !documented.has(entry))).toEqual([]);
  });

  it('hold exactly the 18 documented codes', () => {
    expect(errorCodes).toHaveLength(18);
    expect(specErrorExamples()).toHaveLength(errorCodes.length);
  });

  it('use no HTTP status the reference lacks', () => {
    const statuses = Object.keys(asObject(postOperation(spec).responses, 'responses')).filter(
      (status) => !status.startsWith('2'),
    );
    expect(sortedSet(statuses)).toEqual(sortedSet(errorCodes.map(({ status }) => String(status))));
  });
});

describe('templatePattern', () => {
  const cases: ReadonlyArray<readonly [string, { given: string; want: boolean }]> = [
    ['a filled placeholder matches', { given: 'The action IncreaseNode requested is invalid.', want: true }],
    ['an empty placeholder does not match', { given: 'The action  requested is invalid.', want: false }],
    ['text before the template does not match', { given: 'Error: The action X requested is invalid.', want: false }],
    ['a changed fixed part does not match', { given: 'The action X requested is not valid.', want: false }],
  ];

  it.each(cases)('%s', (_, { given, want }) => {
    expect(templatePattern('The action %s requested is invalid.').test(given)).toBe(want);
  });
});

describe('info.x-changelog', () => {
  const dates = [...changeHistory.map((entry) => entry.date), lastUpdated];

  it.each(dates)('has an entry dated %s', (date) => {
    const entries = asArray(asObject(spec.info, 'info')['x-changelog']).filter(isObject);
    expect(entries.map((entry) => entry.date)).toContain(date);
  });
});

describe('wire binding', () => {
  it.each([
    ['x-acs-action', [operation.action]],
    ['x-acs-version', [operation.version]],
  ] as const)('header %s is required and allows only %j', (name, values) => {
    const parameter = parametersIn(spec, 'header').find((candidate) => candidate.name === name);
    const schema = isObject(parameter?.schema) ? parameter.schema : {};
    expect({ required: parameter?.required, enum: schema.enum }).toEqual({
      required: true,
      enum: values,
    });
  });

  it('is signed with an apiKey in the Authorization header', () => {
    const requirements = asArray(postOperation(spec).security ?? spec.security).filter(isObject);
    const schemes = asObject(asObject(spec.components, 'components').securitySchemes, 'securitySchemes');
    const used = requirements.flatMap((requirement) => Object.keys(requirement)).map((name) => schemes[name]);
    expect(used.length).toBeGreaterThan(0);
    const apiKeyInAuthorization = { type: 'apiKey', in: 'header', name: 'Authorization' };
    expect(used).toEqual(used.map(() => expect.objectContaining(apiKeyInAuthorization)));
  });
});
