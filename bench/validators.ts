/**
 * Our generated request validator against Ajv, the fastest general-purpose JSON Schema validator,
 * both compiled in memory and as standalone code, on the same spec's request schema.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parse as parseYaml } from 'yaml';
import { validateIncreaseNodesRequest } from '../generated/index.js';
import { compareSync, ratio, type SyncTiming } from './harness.js';

export const SPEC_PATH = 'spec/increase-nodes.openapi.yaml';

/** What a validator side hands back: the verdict and the whole issue list. */
type Verdict = { readonly valid: boolean; readonly issues: number };

export interface ValidatorCaseResult {
  readonly name: string;
  readonly description: string;
  readonly ours: { readonly medianNs: number; readonly issues: number };
  readonly ajv: { readonly medianNs: number; readonly issues: number };
  readonly ajvStandalone: { readonly medianNs: number; readonly issues: number };
  /** Ajv's median time over ours: above 1 means ours is faster. */
  readonly ratioVsAjv: number;
  readonly ratioVsStandalone: number;
  readonly iterations: number;
}

/** The request schema the way a general-purpose tool sees it: the dereferenced query parameters as one object. */
export async function requestSchema(): Promise<Record<string, unknown>> {
  const document = parseYaml(readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
  const api = (await SwaggerParser.dereference(document as never)) as unknown as {
    paths: Record<string, Record<string, { parameters: { name: string; in: string; required?: boolean; schema: unknown }[] }>>;
  };
  const parameters = api.paths['/']!['post']!.parameters.filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required === true).map((p) => p.name),
    additionalProperties: false,
  };
}

type AjvValidate = ((data: unknown) => boolean) & { errors?: readonly unknown[] | null };

function ajvCompiled(schema: Record<string, unknown>): AjvValidate {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  return ajv.compile(schema) as AjvValidate;
}

/** Ajv's standalone module, loaded in this process through a CommonJS wrapper. */
function ajvStandalone(schema: Record<string, unknown>): AjvValidate {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false, code: { source: true, esm: false } });
  const source = standaloneCode.default(ajv, ajv.compile(schema));
  const module = { exports: {} as unknown };
  const load = new Function('module', 'exports', 'require', source) as (m: unknown, e: unknown, r: NodeJS.Require) => void;
  load(module, module.exports, createRequire(import.meta.url));
  return module.exports as AjvValidate;
}

const MINIMAL = { RegionId: 'cn-hangzhou', ClusterId: 'c-b933c5aac8fe****', NodeGroupId: 'ng-869471354ecd****', IncreaseNodeCount: 3 };

function applicationConfig(index: number): Record<string, string> {
  return {
    ApplicationName: 'HDFS',
    ConfigFileName: 'hdfs-site.xml',
    ConfigItemKey: `dfs.key.${index}`,
    ConfigItemValue: `${index}s`,
    ConfigScope: 'NODE_GROUP',
    NodeGroupId: 'ng-869471354ecd****',
  };
}

const full = () => ({
  ...MINIMAL,
  IncreaseNodeCount: 10,
  MinIncreaseNodeCount: 5,
  AutoPayOrder: true,
  AutoRenew: false,
  PaymentDuration: 12,
  PaymentDurationUnit: 'Month',
  ApplicationConfigs: Array.from({ length: 1000 }, (_, i) => applicationConfig(i)),
});

const manyBad = () => ({
  RegionId: 42,
  NodeGroupId: null,
  IncreaseNodeCount: 501,
  AutoPayOrder: 'yes',
  AutoRenw: true,
  PaymentDuration: 10,
  PaymentDurationUnit: 'Year',
  MinIncreaseNodeCount: 0,
  ApplicationConfigs: Array.from({ length: 10 }, (_, i) => ({ ApplicationName: 'HDFS', ConfigFileName: i, ConfigScope: 'EVERYWHERE' })),
});

/** Inputs are built on demand, so a process timing one case does not carry the others (a million-item list) in its heap. */
export const VALIDATOR_CASES: readonly { name: string; description: string; input: () => unknown; valid: boolean }[] = [
  { name: 'minimal valid', description: 'the four required parameters', input: () => ({ ...MINIMAL }), valid: true },
  { name: 'full valid, 1,000 configs', description: 'every parameter, ApplicationConfigs at its 1,000-item maximum', input: full, valid: true },
  { name: 'one bad field', description: 'minimal request with IncreaseNodeCount 0 (below its minimum)', input: () => ({ ...MINIMAL, IncreaseNodeCount: 0 }), valid: false },
  {
    name: 'many bad fields',
    description: 'wrong types, out of range, not in enum, a misspelt name, a missing one, and 10 bad configs (39 issues)',
    input: manyBad,
    valid: false,
  },
  {
    name: '1,000,000 configs',
    description: 'ApplicationConfigs with a million items: above maxItems, must be rejected without walking it',
    input: () => ({ ...MINIMAL, ApplicationConfigs: new Array(1_000_000).fill(applicationConfig(0)) }),
    valid: false,
  },
];

/** One case, in this process: the verdicts are checked to agree, then the three sides are timed interleaved. */
export async function benchValidatorCase(index: number): Promise<ValidatorCaseResult> {
  const testCase = VALIDATOR_CASES[index];
  if (testCase === undefined) throw new Error(`no validator case ${index}`);
  const schema = await requestSchema();
  const ajv = ajvCompiled(schema);
  const standalone = ajvStandalone(schema);
  const input = testCase.input();
  const ours = validateIncreaseNodesRequest(input);
  const verdicts = {
    ours: { valid: ours.ok, issues: ours.ok ? 0 : ours.issues.length },
    ajv: { valid: ajv(input), issues: ajv.errors?.length ?? 0 },
    ajvStandalone: { valid: standalone(input), issues: standalone.errors?.length ?? 0 },
  } satisfies Record<string, Verdict>;
  for (const [side, verdict] of Object.entries(verdicts)) {
    if (verdict.valid !== testCase.valid) throw new Error(`${side} says ${testCase.name} is ${verdict.valid ? 'valid' : 'invalid'}`);
  }
  const timings = compareSync({
    sides: [
      // Each side hands back what a caller needs: the verdict and, when invalid, every issue.
      { name: 'ours', run: () => validateIncreaseNodesRequest(input) },
      { name: 'ajv', run: () => (ajv(input) ? true : ajv.errors) },
      { name: 'ajvStandalone', run: () => (standalone(input) ? true : standalone.errors) },
    ],
  });
  const [o, a, s] = timings as [SyncTiming, SyncTiming, SyncTiming];
  return {
    name: testCase.name,
    description: testCase.description,
    ours: { medianNs: o.medianNs, issues: verdicts.ours.issues },
    ajv: { medianNs: a.medianNs, issues: verdicts.ajv.issues },
    ajvStandalone: { medianNs: s.medianNs, issues: verdicts.ajvStandalone.issues },
    ratioVsAjv: ratio({ ours: o.medianNs, theirs: a.medianNs }),
    ratioVsStandalone: ratio({ ours: o.medianNs, theirs: s.medianNs }),
    iterations: o.iterations,
  };
}

/** Every case, each in a new process (see validator-case.ts). */
export function benchValidators({ log }: { log: (line: string) => void }): ValidatorCaseResult[] {
  return VALIDATOR_CASES.map((testCase, index) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/validator-case.ts', String(index)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`validator case ${testCase.name} failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as ValidatorCaseResult;
    log(
      `  ${result.name}: ours ${formatNs(result.ours.medianNs)} (issues: ${result.ours.issues}), ajv ${formatNs(result.ajv.medianNs)} (errors: ${result.ajv.issues}, ×${result.ratioVsAjv.toFixed(2)}), standalone ${formatNs(result.ajvStandalone.medianNs)} (×${result.ratioVsStandalone.toFixed(2)})`,
    );
    return result;
  });
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}
