/**
 * How long `npm run generate` takes: cold, in a new process on the real spec, and warm, in this
 * process, on synthetic documents of growing size, to see whether the cost grows linearly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate } from '../generator/generate.js';
import { fitLine, median } from './harness.js';
import { SPEC_PATH } from './validators.js';

export interface GrowthPoint {
  readonly operations: number;
  readonly parametersPerOperation: number;
  readonly medianMs: number;
  readonly samplesMs: readonly number[];
  /** Characters of generated code, to show the output grows with the input. */
  readonly outputChars: number;
}

export interface Fit {
  /** Milliseconds per parameter or per operation. */
  readonly slope: number;
  readonly interceptMs: number;
  readonly r2: number;
}

export interface GenerationResults {
  readonly cold: { readonly medianMs: number; readonly samplesMs: readonly number[]; readonly command: string };
  /** `generate()` alone in a new process, after its modules are loaded: the work without start-up. */
  readonly coldSplit: { readonly importMs: number; readonly generateMs: number; readonly processMs: number };
  readonly warmRealSpecMs: number;
  readonly byParameters: readonly GrowthPoint[];
  readonly byOperations: readonly GrowthPoint[];
  readonly perParameter: Fit;
  readonly perOperation: Fit;
}

// The compiled CLI, as users run it (npm ci builds it; so does packing it).
const CLI = 'cli/bin/emr-contract.js';

/** The compiled CLI on the real spec, into a throw-away folder, timed from spawn to exit. */
function coldRun(): number {
  const out = mkdtempSync(join(tmpdir(), 'emr-bench-'));
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, [CLI, 'generate', '--spec', SPEC_PATH, '--out', out], { encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`generate failed: ${result.stderr}`);
    return elapsed;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The same work in a new process, reporting how much of it is loading modules and how much is generating. */
function coldSplit(): GenerationResults['coldSplit'] {
  const script = [
    "const { readFileSync } = await import('node:fs');",
    'const started = performance.now();',
    "const { generate } = await import('./cli/dist/generator/generate.js');",
    'const imported = performance.now();',
    `await generate({ text: readFileSync(${JSON.stringify(SPEC_PATH)}, 'utf8'), name: ${JSON.stringify(SPEC_PATH)} });`,
    'const done = performance.now();',
    'console.log(JSON.stringify({ importMs: imported - started, generateMs: done - imported }));',
  ].join('\n');
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const processMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`generate failed: ${result.stderr}`);
  const { importMs, generateMs } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { importMs: number; generateMs: number };
  return { importMs, generateMs, processMs };
}

const KINDS = ['string', 'integer', 'boolean', 'enum', 'number', 'list'] as const;

/** One made-up query parameter of each kind in turn, with the limits a real one would carry. */
function parameter({ index, round }: { index: number; round: string }): Record<string, unknown> {
  const kind = KINDS[index % KINDS.length]!;
  const base = { name: `Param${round}${index}`, in: 'query', required: index === 0, description: `Parameter number ${index}.` };
  switch (kind) {
    case 'string':
      return { ...base, schema: { type: 'string' }, example: 'text' };
    case 'integer':
      return { ...base, schema: { type: 'integer', minimum: 1, maximum: 100 }, example: 5 };
    case 'boolean':
      return { ...base, schema: { type: 'boolean' }, example: true };
    case 'enum':
      return { ...base, schema: { type: 'string', enum: ['alpha', 'beta', 'gamma'] }, example: 'beta' };
    case 'number':
      return { ...base, schema: { type: 'number', minimum: 0.5, maximum: 99.5 }, example: 1.5 };
    case 'list':
      return { ...base, 'x-acs-style': 'repeatList', schema: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'string' } }, example: ['a'] };
  }
}

/** A made-up RPC operation with its own parameters, violation codes, a 200 body and named error examples. */
function operation({ index, parameters, round }: { index: number; parameters: number; round: string }): Record<string, unknown> {
  const error = (code: string, message: string) => ({ 'x-acs-message': message, value: { Code: code, Message: message.replace('%s', `Param${round}0`) } });
  return {
    operationId: `Operation${round}${index}`,
    summary: `Made-up operation ${index}.`,
    parameters: [
      { name: 'x-acs-action', in: 'header', required: true, schema: { type: 'string', enum: [`Operation${round}${index}`] } },
      { name: 'x-acs-version', in: 'header', required: true, schema: { type: 'string', enum: ['2000-01-01'] } },
      ...Array.from({ length: parameters }, (_, i) => parameter({ index: i, round })),
    ],
    'x-acs-violations': {
      missing: { code: 'Absent' },
      type: { code: 'Malformed' },
      range: { code: 'Malformed' },
      enum: { code: 'Malformed' },
      size: { code: 'Malformed' },
      unknown: { code: 'Unexpected' },
    },
    responses: {
      '200': {
        description: 'Done.',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['ResultId'], properties: { ResultId: { type: 'string' } } },
            examples: { Done: { value: { ResultId: 'r-1' } } },
          },
        },
      },
      '400': {
        description: 'Refused.',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Problem' },
            examples: {
              Absent: error('Absent', 'Parameter %s is absent.'),
              Malformed: error('Malformed', 'Parameter %s is malformed.'),
              Unexpected: error('Unexpected', 'Parameter %s is unexpected.'),
            },
          },
        },
      },
    },
  };
}

/**
 * A whole document the generator accepts: `operations` operations of `parameters` parameters each.
 * `round` goes into every operation's and parameter's name, so each round is a document the
 * process has not generated before and none of its files is a result the generator kept.
 */
export function syntheticDocument({ operations, parameters, round = '' }: { operations: number; parameters: number; round?: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Synthetic', version: '1.0.0' },
    servers: [{ url: 'https://synthetic.{Zone}.example.test', 'x-acs-network': 'public', variables: { Zone: { default: 'zone-a' } } }],
    security: [{ sig: [] }],
    paths: Object.fromEntries(Array.from({ length: operations }, (_, i) => [`/#operation-${i}`, { post: operation({ index: i, parameters, round }) }])),
    components: {
      securitySchemes: { sig: { type: 'apiKey', in: 'header', name: 'Authorization', 'x-acs-signature-algorithm': 'ACS3-HMAC-SHA256' } },
      schemas: {
        Problem: { type: 'object', required: ['Code', 'Message'], properties: { Code: { type: 'string' }, Message: { type: 'string' } } },
      },
    },
  };
}

/** `textOf(round)` is the document of one timed round: the same text each round times the generator's kept results, a new one times the work. */
async function timeGenerate({ textOf, repeats }: { textOf: (round: number) => string; repeats: number }): Promise<{ samplesMs: number[]; outputChars: number }> {
  const samplesMs: number[] = [];
  let outputChars = 0;
  for (let i = 0; i < repeats; i++) {
    const text = textOf(i);
    const started = performance.now();
    const files = await generate({ text, name: 'synthetic.openapi.json' });
    samplesMs.push(performance.now() - started);
    outputChars = [...files.values()].reduce((sum, file) => sum + file.length, 0);
  }
  return { samplesMs, outputChars };
}

async function growth({ operations, parameters, repeats }: { operations: number; parameters: number; repeats: number }): Promise<GrowthPoint> {
  // A round name of its own per size and round: no two timed documents share a generated file.
  const textOf = (prefix: string) => (round: number) => JSON.stringify(syntheticDocument({ operations, parameters, round: `${prefix}${operations}x${parameters}n${round}` }));
  // Two rounds of this size left untimed first, for what the JIT has still to learn of it.
  await timeGenerate({ textOf: textOf('W'), repeats: 2 });
  const { samplesMs, outputChars } = await timeGenerate({ textOf: textOf('R'), repeats });
  return { operations, parametersPerOperation: parameters, medianMs: median(samplesMs), samplesMs, outputChars };
}

function fit(points: readonly { x: number; y: number }[]): Fit {
  const { slope, intercept, r2 } = fitLine(points);
  return { slope, interceptMs: intercept, r2 };
}

export async function benchGeneration({ log, coldRuns = 3 }: { log: (line: string) => void; coldRuns?: number }): Promise<GenerationResults> {
  const samplesMs = Array.from({ length: coldRuns }, coldRun);
  const cold = { medianMs: median(samplesMs), samplesMs, command: `node ${CLI} generate --out <tmp>` };
  log(`  cold (new process, real spec): ${cold.medianMs.toFixed(0)} ms (runs: ${samplesMs.map((ms) => ms.toFixed(0)).join(', ')})`);
  const split = coldSplit();
  log(`  cold split: ${split.processMs.toFixed(0)} ms process, of which ${split.importMs.toFixed(0)} ms loading the generator's modules, ${split.generateMs.toFixed(0)} ms generating`);

  const real = readFileSync(SPEC_PATH, 'utf8');
  await timeGenerate({ textOf: () => real, repeats: 2 });
  // The same text again, as `check` after `generate` in one process: mostly the generator's kept results.
  const warmRealSpecMs = median((await timeGenerate({ textOf: () => real, repeats: 3 })).samplesMs);
  log(`  warm, real spec generated again: ${warmRealSpecMs.toFixed(0)} ms`);

  // About fifteen documents pass before a small one generates at its steady speed (the
  // openapi-typescript thread and ours both learn the shape); untimed, or the first step is flattened.
  for (let round = 0; round < 16; round++) {
    const text = JSON.stringify(syntheticDocument({ operations: 1 + (round % 3), parameters: 10 * (1 + (round % 4)), round: `Warm${round}` }));
    await timeGenerate({ textOf: () => text, repeats: 1 });
  }
  const byParameters: GrowthPoint[] = [];
  for (const parameters of [10, 100, 1000]) byParameters.push(await growth({ operations: 1, parameters, repeats: parameters >= 1000 ? 3 : 7 }));
  const byOperations: GrowthPoint[] = [];
  for (const operations of [1, 10, 100]) byOperations.push(await growth({ operations, parameters: 5, repeats: operations >= 100 ? 3 : 7 }));
  const perParameter = fit(byParameters.map((p) => ({ x: p.parametersPerOperation, y: p.medianMs })));
  const perOperation = fit(byOperations.map((p) => ({ x: p.operations, y: p.medianMs })));
  for (const p of byParameters) log(`  1 operation, ${p.parametersPerOperation} parameters: ${p.medianMs.toFixed(0)} ms`);
  log(`  → ${perParameter.slope.toFixed(3)} ms per parameter, R² ${perParameter.r2.toFixed(4)}`);
  for (const p of byOperations) log(`  ${p.operations} operations of ${p.parametersPerOperation} parameters: ${p.medianMs.toFixed(0)} ms`);
  log(`  → ${perOperation.slope.toFixed(2)} ms per operation, R² ${perOperation.r2.toFixed(4)}`);
  return { cold, coldSplit: split, warmRealSpecMs, byParameters, byOperations, perParameter, perOperation };
}
