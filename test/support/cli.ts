/**
 * emr-contract for tests, answering as `spawnSync` did: { status, stdout, stderr }.
 *
 * `emrContract` runs the CLI in this process through runCli, exactly what cli/main.ts calls, in
 * the working directory of the tests (the repository root), so relative paths and the default
 * spec/ resolve as they did for a child started there. `spawnEmrContract` starts the real
 * process, for the few tests whose subject is the process boundary: exit codes as the shell sees
 * them, what reaches stdout and stderr, the TypeScript loader and the lazy command imports.
 */
import { spawn } from 'node:child_process';
import { runCli } from '../../cli/run.js';

export interface CliResult {
  /** The exit code; null when the spawned process ended by a signal. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function emrContract(...argv: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runCli({ argv, out: (line) => stdout.push(line), err: (line) => stderr.push(line) });
  // console.log writes each line with its newline; so does the text kept here.
  const text = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('');
  return { status, stdout: text(stdout), stderr: text(stderr) };
}

/** Asynchronous, so that servers in this process (providers, mocks) go on answering the child. */
export function spawnEmrContract(...argv: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
