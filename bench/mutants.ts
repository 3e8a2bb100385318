/**
 * Mutation testing of the tests that claim to guard something: each mutant breaks one behaviour in
 * a private copy of the repository, and the one test that claims that behaviour must go red. A
 * mutant that survives is a test that cannot fail (docs/mutants.md).
 *
 *   npx tsx bench/mutants.ts                 # every mutant, two at a time
 *   npx tsx bench/mutants.ts --only C1,F2    # some of them
 *   npx tsx bench/mutants.ts --jobs 1        # one at a time
 *
 * Not part of `npm test`: it runs vitest once per mutant. The repository is never touched: it is
 * copied (without node_modules, .git and .tmp) into a temporary folder, node_modules is linked in
 * entry by entry (so caches land in the copy), and each mutant gets a copy of that copy.
 *
 * Mutants edit what the tests import: generated/ for the library (its runtime/ is the generator's
 * runtime, copied), generator/runtime/signer.ts for the signer tests, which import it directly. No
 * mutant needs a regeneration, so one does not depend on the generator's state at the moment. Other
 * people edit these files while this runs: a search text that is no longer there is reported as
 * `search text not found`, and a test that is red without any mutation as `baseline red`; neither
 * is counted as a kill.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS, placesOf, type Mutant } from './mutant-list.js';

type Status = 'killed' | 'survived' | 'search text not found' | 'search text ambiguous' | 'baseline red' | 'no test matched' | 'broken' | 'timed out';

interface Outcome {
  readonly mutant: Mutant;
  readonly status: Status;
  readonly detail: string;
  readonly seconds: number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
/** Per run: a hang detector for a mutant that makes a test wait forever, not a verdict on speed. */
const RUN_TIMEOUT_MS = 15 * 60_000;
/** Left out of the copy: dependencies (linked instead), history, scratch output. */
const NOT_COPIED = new Set(['node_modules', '.git', '.tmp']);
/** The workspace packages' links, pointing into the copy rather than into the repository. */
const WORKSPACE_LINKS: Readonly<Record<string, string>> = { 'emr-increase-nodes-contract': '../generated', 'emr-contract': '../cli' };



function copyRepository({ to }: { to: string }): void {
  cpSync(ROOT, to, {
    recursive: true,
    filter: (source) => !relative(ROOT, source).split(sep).some((part) => NOT_COPIED.has(part)),
  });
  const modules = join(to, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    // Caches (.vite) stay out, so nothing a run writes lands in the repository's node_modules.
    if (entry.startsWith('.') && entry !== '.bin') continue;
    symlinkSync(WORKSPACE_LINKS[entry] ?? join(ROOT, 'node_modules', entry), join(modules, entry));
  }
}

function escapeForVitest(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Run {
  readonly code: number | null;
  readonly timedOut: boolean;
  readonly report: VitestReport | undefined;
  readonly log: string;
}

interface VitestReport {
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly { readonly status: string; readonly message?: string; readonly assertionResults: readonly { readonly status: string; readonly fullName: string; readonly failureMessages: readonly string[] }[] }[];
}

/** Runs one test file (one test of it, with `name`) in `dir`, with vitest's JSON report. */
function runVitest({ dir, test, name }: { dir: string; test: string; name: string | undefined }): Promise<Run> {
  const output = join(dir, `.vitest-report-${process.hrtime.bigint()}.json`);
  const args = [VITEST, 'run', test, '--reporter=json', `--outputFile=${output}`, ...(name === undefined ? [] : ['-t', escapeForVitest(name)])];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  // The documented sizes and seeds, whatever the caller's shell says.
  for (const variable of ['RELIABILITY_SCALE', 'RELIABILITY_SEED', 'FC_SEED', 'FC_PATH', 'FC_NUM_RUNS']) delete env[variable];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // The whole group: vitest's workers too.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const report = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as VitestReport) : undefined;
      done({ code, timedOut, report, log });
    });
  });
}

/** The first failure message of a report, shortened, to show why a mutant was killed. */
function firstFailure(report: VitestReport): string {
  for (const file of report.testResults) {
    for (const assertion of file.assertionResults) {
      if (assertion.status === 'failed') return `${assertion.fullName}: ${(assertion.failureMessages[0] ?? '').split('\n')[0]!.slice(0, 160)}`;
    }
    if (file.status === 'failed' && file.message) return file.message.split('\n')[0]!.slice(0, 160);
  }
  return '';
}

function applyMutant({ dir, mutant }: { dir: string; mutant: Mutant }): { status: Status; detail: string } | undefined {
  const path = join(dir, mutant.file);
  if (!existsSync(path)) return { status: 'search text not found', detail: `${mutant.file} does not exist` };
  const text = readFileSync(path, 'utf8');
  const matches = placesOf({ text, search: mutant.search });
  if (matches.length === 0) return { status: 'search text not found', detail: mutant.search };
  if (matches.length > 1) return { status: 'search text ambiguous', detail: `${matches.length} places` };
  const at = matches[0]!.index!;
  writeFileSync(path, text.slice(0, at) + mutant.replace + text.slice(at + matches[0]![0].length));
  return undefined;
}

function verdict({ run }: { run: Run }): { status: Status; detail: string } {
  if (run.timedOut) return { status: 'timed out', detail: `no result within ${RUN_TIMEOUT_MS / 60_000} min` };
  const report = run.report;
  if (report === undefined) return { status: 'broken', detail: run.log.split('\n').find((line) => /Error/.test(line))?.slice(0, 160) ?? `exit ${run.code}` };
  if (report.numFailedTests > 0) return { status: 'killed', detail: firstFailure(report) };
  if (report.testResults.some((file) => file.status === 'failed')) return { status: 'broken', detail: firstFailure(report) };
  if (report.numPassedTests === 0) return { status: 'no test matched', detail: '' };
  return { status: 'survived', detail: `${report.numPassedTests} passed` };
}

async function main(): Promise<void> {
  const argument = (flag: string) => {
    const at = process.argv.indexOf(flag);
    return at < 0 ? undefined : process.argv[at + 1];
  };
  const only = argument('--only')?.split(',');
  const jobs = Math.max(1, Number(argument('--jobs') ?? Math.min(2, availableParallelism())));
  const mutants = only === undefined ? MUTANTS : MUTANTS.filter((m) => only.includes(m.id));
  const work = mkdtempSync(join(tmpdir(), 'mutants-'));
  const base = join(work, 'base');
  console.log(`copying ${ROOT} to ${base}`);
  copyRepository({ to: base });

  try {
    // Baselines first: a test that is red with no mutation says nothing about any mutant.
    const targets = [...new Map(mutants.map((m) => [`${m.test}\u0000${m.name ?? ''}`, m])).values()];
    const baseline = new Map<string, { status: Status; detail: string }>();
    const key = (m: Mutant) => `${m.test}\u0000${m.name ?? ''}`;
    await pool({
      items: targets,
      jobs,
      run: async (target) => {
        const found = verdict({ run: await runVitest({ dir: base, test: target.test, name: target.name }) });
        baseline.set(key(target), found);
        console.log(`baseline ${target.test}${target.name === undefined ? '' : ` -t "${target.name}"`}: ${found.status === 'survived' ? 'green' : `${found.status} ${found.detail}`}`);
      },
    });

    const outcomes: Outcome[] = [];
    await pool({
      items: mutants,
      jobs,
      run: async (mutant) => {
        const started = performance.now();
        const done = (found: { status: Status; detail: string }) => {
          const outcome = { mutant, ...found, seconds: (performance.now() - started) / 1000 };
          outcomes.push(outcome);
          console.log(`${mutant.id.padEnd(4)} ${found.status.padEnd(21)} ${mutant.breaks}${found.detail ? ` — ${found.detail}` : ''}`);
        };
        const before = baseline.get(key(mutant))!;
        if (before.status !== 'survived') return done({ status: before.status === 'no test matched' ? 'no test matched' : 'baseline red', detail: before.detail });
        const dir = join(work, mutant.id);
        cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
        try {
          const refused = applyMutant({ dir, mutant });
          if (refused !== undefined) return done(refused);
          done(verdict({ run: await runVitest({ dir, test: mutant.test, name: mutant.name }) }));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });

    printTable(MUTANTS.flatMap((m) => outcomes.filter((o) => o.mutant === m)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function pool<T>({ items, jobs, run }: { items: readonly T[]; jobs: number; run: (item: T) => Promise<void> }): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

function printTable(outcomes: readonly Outcome[]): void {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  console.log('\n| mutant | file | breaks | test that must go red | result |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const { mutant, status } of outcomes) {
    console.log(`| ${mutant.id} | ${mutant.file} | ${cell(mutant.breaks)} | ${mutant.test}${mutant.name === undefined ? '' : ` › ${cell(mutant.name)}`} | ${status} |`);
  }
  const counts = new Map<Status, number>();
  for (const { status } of outcomes) counts.set(status, (counts.get(status) ?? 0) + 1);
  console.log(`\n${outcomes.length} mutants: ${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}`);
  // A mutant that could not be applied or judged proves no more than one that survived.
  if (outcomes.some(({ status }) => status !== 'killed')) process.exitCode = 1;
}

await main();
