/** Wall time of the whole test suite, as a contributor runs it: `npm test`, once, in a new process. */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface SuiteResults {
  readonly command: string;
  readonly wallMs: number;
  readonly exitCode: number | null;
  /** Vitest's own summary lines ("Tests  302 passed"), when it printed them. */
  readonly summary: readonly string[];
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function benchSuite({ log }: { log: (line: string) => void }): SuiteResults {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = performance.now();
  const result = spawnSync(npm, ['test'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  const wallMs = performance.now() - started;
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.replace(ANSI, '');
  const summary = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(Test Files|Tests|Duration)\s/.test(line));
  log(`  npm test: ${(wallMs / 1000).toFixed(1)} s, exit ${result.status}${summary.length > 0 ? ` (${summary.join('; ')})` : ''}`);
  return { command: 'npm test', wallMs, exitCode: result.status, summary };
}
