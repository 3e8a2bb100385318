/**
 * `npm run bench`: every comparison, then the table (printed, in bench/results.json and in
 * docs/benchmarks.md) and the chart (docs/benchmarks.svg). BENCH_SKIP_TESTS=1 skips `npm test`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { renderChart } from './chart.js';
import { benchClient, type ClientResults } from './client.js';
import { benchInstall, formatBytes, type InstallResults } from './install.js';
import { benchGeneration, type GenerationResults, type GrowthPoint } from './generation.js';
import { benchSuite, type SuiteResults } from './suite.js';
import { benchValidators, formatNs, type ValidatorCaseResult } from './validators.js';

const RESULTS = 'bench/results.json';
const DOC = 'docs/benchmarks.md';
const CHART = 'docs/benchmarks.svg';
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly reference: string;
  /** How many times better ours is (their time over ours, or our rate over theirs). */
  readonly ratio: string;
  readonly goal: string;
  readonly met: boolean;
}

const log = (line: string): void => console.log(line);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
const times = (value: number): string => (value >= 100 ? `${Math.round(value).toLocaleString('en-US')}×` : `${value.toFixed(2)}×`);

function validatorRows(results: readonly ValidatorCaseResult[]): Row[] {
  return results.map((r) => ({
    measure: `Validator: ${r.name}`,
    ours: `${formatNs(r.ours.medianNs)} (${plural(r.ours.issues, 'issue')})`,
    reference: `Ajv ${formatNs(r.ajv.medianNs)} · standalone ${formatNs(r.ajvStandalone.medianNs)} (${plural(r.ajv.issues, 'error')})`,
    ratio: `${times(r.ratioVsAjv)} · ${times(r.ratioVsStandalone)}`,
    goal: '≥ 2× both',
    met: r.ratioVsAjv >= 2 && r.ratioVsStandalone >= 2,
  }));
}

function clientRows(results: ClientResults): Row[] {
  const rows: Row[] = results.throughput.map((t) => ({
    measure: `Client round trip, concurrency ${t.concurrency}`,
    ours: `${t.ours.medianPerSecond.toFixed(0)} req/s`,
    reference: `openapi-core ${t.alibaba.medianPerSecond.toFixed(0)} req/s (bare fetch ${t.rawFetch.medianPerSecond.toFixed(0)}, bare node:http ${t.rawNodeHttp.medianPerSecond.toFixed(0)})`,
    ratio: times(t.ratio),
    goal: '≥ 2×',
    met: t.ratio >= 2,
  }));
  const { signing } = results;
  rows.push({
    measure: 'Build + sign one request (CPU)',
    ours: formatNs(signing.oursNs),
    reference: `openapi-core ${formatNs(signing.alibabaNs)}`,
    ratio: times(signing.ratio),
    goal: '≥ 2×',
    met: signing.ratio >= 2,
  });
  return rows;
}

function installRows(results: InstallResults): Row[] {
  const { library, alibaba, cli, cold, tarballs } = results;
  const packed = tarballs.map((t) => `${t.name} ${t.entryCount} files, ${formatBytes(t.size)}`).join('; ');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const versus = (ours: number) => cold.openapiTypescript.medianMs / ours;
  return [
    {
      measure: 'Install footprint of the library (tarball into an empty project)',
      ours: `${library.packages} package, ${formatBytes(library.bytes)}`,
      reference: `openapi-core: ${alibaba.packages} packages, ${formatBytes(alibaba.bytes)}`,
      ratio: `${times(alibaba.bytes / library.bytes)} fewer bytes`,
      goal: '≥ 2× smaller',
      met: alibaba.bytes >= 2 * library.bytes && library.packages * 2 <= alibaba.packages,
    },
    {
      measure: 'Install footprint of the CLI (both tarballs)',
      ours: `${cli.packages} packages, ${formatBytes(cli.bytes)}`,
      reference: `tarballs: ${packed}`,
      ratio: '—',
      goal: 'reported',
      met: true,
    },
    ...(['generate', 'check'] as const).map((command) => ({
      measure: `Cold \`emr-contract ${command}\` (installed, new process)`,
      ours: seconds(cold[command].medianMs),
      reference: `openapi-typescript CLI ${seconds(cold.openapiTypescript.medianMs)} (types only)`,
      ratio: times(versus(cold[command].medianMs)),
      goal: 'no slower (≥ 1×)',
      met: versus(cold[command].medianMs) >= 1,
    })),
  ];
}

/** Cost of one more unit between consecutive sizes: near-equal steps mean the growth is linear. */
export function marginal(points: readonly GrowthPoint[], x: (p: GrowthPoint) => number): number[] {
  return points.slice(1).map((p, i) => (p.medianMs - points[i]!.medianMs) / (x(p) - x(points[i]!)));
}

function linear(steps: readonly number[], r2: number): boolean {
  const [first, last] = [steps[0]!, steps[steps.length - 1]!];
  return r2 >= 0.98 && last <= first * 2;
}

function generationRows(results: GenerationResults): Row[] {
  const perParameter = marginal(results.byParameters, (p) => p.parametersPerOperation);
  const perOperation = marginal(results.byOperations, (p) => p.operations);
  const steps = (values: readonly number[], unit: string) => values.map((v) => `${v.toFixed(v < 10 ? 2 : 1)} ${unit}`).join(' → ');
  return [
    {
      measure: 'Generation, cold (new process, real spec)',
      ours: `${(results.cold.medianMs / 1000).toFixed(2)} s`,
      reference: `of which loading modules ${(results.coldSplit.importMs / 1000).toFixed(2)} s, generating ${(results.coldSplit.generateMs / 1000).toFixed(2)} s`,
      ratio: '—',
      goal: '< 2 s',
      met: results.cold.medianMs < 2000,
    },
    {
      measure: 'Generation growth per parameter (10 → 100 → 1,000)',
      ours: `${results.perParameter.slope.toFixed(2)} ms/parameter, R² ${results.perParameter.r2.toFixed(4)}`,
      reference: `marginal ${steps(perParameter, 'ms')}`,
      ratio: '—',
      goal: 'linear',
      met: linear(perParameter, results.perParameter.r2),
    },
    {
      measure: 'Generation growth per operation (1 → 10 → 100)',
      ours: `${results.perOperation.slope.toFixed(1)} ms/operation, R² ${results.perOperation.r2.toFixed(4)}`,
      reference: `marginal ${steps(perOperation, 'ms')}`,
      ratio: '—',
      goal: 'linear',
      met: linear(perOperation, results.perOperation.r2),
    },
  ];
}

function suiteRows(results: SuiteResults | undefined): Row[] {
  if (results === undefined) return [{ measure: 'npm test wall time', ours: 'skipped (BENCH_SKIP_TESTS=1)', reference: '—', ratio: '—', goal: '< 90 s', met: false }];
  return [
    {
      measure: 'npm test wall time',
      ours: `${(results.wallMs / 1000).toFixed(2)} s${results.exitCode === 0 ? '' : ` (exit ${results.exitCode})`}`,
      reference: results.summary.join('; ') || '—',
      ratio: '—',
      goal: '< 90 s, green',
      met: results.wallMs < 90_000 && results.exitCode === 0,
    },
  ];
}

export function markdownTable(rows: readonly Row[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Measure | Ours | Reference | Ours better by | Goal | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.measure)} | ${cell(r.ours)} | ${cell(r.reference)} | ${cell(r.ratio)} | ${cell(r.goal)} | ${r.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

function textTable(rows: readonly Row[]): string {
  const columns = ['measure', 'ours', 'ratio', 'goal', 'met'] as const;
  const value = (row: Row, column: (typeof columns)[number]) => (column === 'met' ? (row.met ? 'yes' : 'NO') : row[column]);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => value(row, column).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((row) => line(columns.map((column) => value(row, column))))].join('\n');
}

function updateDoc({ table, meta }: { table: string; meta: string }): void {
  if (!existsSync(DOC)) return;
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} … ${END} section for the table`);
  writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n\n${meta}\n\n${table}\n\n${doc.slice(end)}`);
}

async function main(): Promise<void> {
  const started = performance.now();
  const meta = { date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadBefore: loadavg() };

  log('Validators (each case in its own process; ours vs Ajv vs Ajv standalone, interleaved):');
  const validators = benchValidators({ log });
  log('Client (local keep-alive server on its own thread; ours vs @alicloud/openapi-core, interleaved):');
  const client = await benchClient({ log });
  log('What users install (packed tarballs into empty projects; cold CLI runs vs openapi-typescript, interleaved):');
  const install = benchInstall({ log });
  log('Generation:');
  const generation = await benchGeneration({ log });
  let suite: SuiteResults | undefined;
  if (process.env['BENCH_SKIP_TESTS'] === '1') {
    log('Test suite: skipped (BENCH_SKIP_TESTS=1)');
  } else {
    log('Test suite:');
    suite = benchSuite({ log });
  }

  const rows = [...validatorRows(validators), ...clientRows(client), ...installRows(install), ...generationRows(generation), ...suiteRows(suite)];
  const totalMs = performance.now() - started;
  const metaLine = `Measured ${meta.date.slice(0, 10)} on ${meta.cpus} × ${meta.cpuModel.trim()}, Node ${meta.node}; load average ${meta.loadBefore.map((l) => l.toFixed(1)).join(' / ')} at the start; the bench took ${(totalMs / 1000).toFixed(0)} s.`;
  console.log(`\n${textTable(rows)}\n`);
  console.log(metaLine);

  mkdirSync('docs', { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ meta: { ...meta, loadAfter: loadavg(), totalMs }, rows, validators, client, install, generation, suite: suite ?? null }, null, 2)}\n`);
  writeFileSync(CHART, renderChart({ generation, validators }));
  updateDoc({ table: markdownTable(rows), meta: metaLine });
  log(`Wrote ${RESULTS}, ${CHART}${existsSync(DOC) ? ` and the table in ${DOC}` : ''}.`);
}

await main();
