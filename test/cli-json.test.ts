/**
 * `--format json` is a promise to whoever reads stdout: JSON on every path, errors included, and
 * nothing else there. Each command is run on each way it can fail, in process through runCli (what
 * cli/main.ts calls); the real process only where the process is the subject: what reaches the
 * real stdout, and the mock, whose Prism child must really be started and stopped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emrContract, spawnEmrContract, type CliResult } from './support/cli.js';

const SPEC = 'spec/increase-nodes.openapi.yaml';
const work = mkdtempSync(join(tmpdir(), 'cli-json-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const INVALID = join(work, 'invalid.openapi.yaml');
writeFileSync(INVALID, 'openapi: 3.1.0\n');
const MISSING = join(work, 'missing.openapi.yaml');
const EMPTY_DIR = mkdtempSync(join(work, 'empty-'));
const NOBODY = 'http://127.0.0.1:9';

/** Every line of stdout parsed as JSON; a line that is not JSON fails the test here. */
function jsonLines(result: CliResult): unknown[] {
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

const failure = (kind: string) => ({ ok: false, error: expect.objectContaining({ kind, message: expect.any(String) }) });

// A CI step reads one field for the verdict, whichever command it ran; generate and diff had none.
describe('every command in JSON mode says ok: true when it exits 0', () => {
  it.each<[string, string[]]>([
    ['generate', ['generate', '--spec', SPEC, '--out', join(work, 'generated-ok')]],
    ['check', ['check']],
    ['diff of a document with itself', ['diff', SPEC, SPEC]],
  ])('%s', async (_, argv) => {
    const result = await emrContract(...argv, '--format', 'json');
    expect({ status: result.status, lines: jsonLines(result) }).toEqual({ status: 0, lines: [expect.objectContaining({ ok: true })] });
  });
});

describe('every command in JSON mode answers a failure with one JSON line and exit 2', () => {
  it.each<[string, { argv: string[]; kind: string }]>([
    ['generate: an invalid spec', { argv: ['generate', '--spec', INVALID, '--out', join(work, 'never')], kind: 'invalid-spec' }],
    ['generate: a spec that cannot be read', { argv: ['generate', '--spec', MISSING, '--out', join(work, 'never')], kind: 'usage' }],
    ['generate: an unknown option', { argv: ['generate', '--sepc', SPEC], kind: 'usage' }],
    ['check: an invalid spec', { argv: ['check', '--spec', INVALID], kind: 'invalid-spec' }],
    ['check: a spec that cannot be read', { argv: ['check', '--spec', MISSING], kind: 'usage' }],
    ['check: a releases folder without a release', { argv: ['check', '--spec', SPEC, '--releases', EMPTY_DIR], kind: 'usage' }],
    ['diff: a missing document argument', { argv: ['diff', SPEC], kind: 'usage' }],
    ['diff: a document that cannot be read', { argv: ['diff', MISSING, SPEC], kind: 'usage' }],
    ['diff: an invalid document', { argv: ['diff', SPEC, INVALID], kind: 'invalid-spec' }],
    ['mock: a port out of range', { argv: ['mock', '--port', '70000'], kind: 'usage' }],
    ['mock: an invalid spec', { argv: ['mock', '--spec', INVALID, '--port', '0'], kind: 'invalid-spec' }],
    ['mock: a spec that cannot be read', { argv: ['mock', '--spec', MISSING, '--port', '0'], kind: 'usage' }],
    ['verify: no --base-url', { argv: ['verify'], kind: 'usage' }],
    ['verify: a --count that is not a number', { argv: ['verify', '--base-url', NOBODY, '--count', 'many'], kind: 'usage' }],
    ['verify: an invalid spec', { argv: ['verify', '--spec', INVALID, '--base-url', NOBODY], kind: 'invalid-spec' }],
    ['verify: a spec that cannot be read', { argv: ['verify', '--spec', MISSING, '--base-url', NOBODY], kind: 'usage' }],
  ])('%s', async (_, { argv, kind }) => {
    const result = await emrContract(...argv, '--format', 'json');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: '' });
    expect(jsonLines(result)).toEqual([failure(kind)]);
  });

  it('lists every diagnostic of an invalid spec in the JSON', async () => {
    const [line] = jsonLines(await emrContract('check', '--spec', INVALID, '--format', 'json'));
    expect(line).toEqual(failure('invalid-spec'));
    expect((line as { error: { diagnostics: unknown[] } }).error.diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-openapi', pointer: '#' }));
  });

  it('says which file could not be read', async () => {
    const [line] = jsonLines(await emrContract('generate', '--spec', MISSING, '--format', 'json'));
    expect((line as { error: { message: string } }).error.message).toContain(`cannot read ${MISSING}`);
  });
});

describe('emr-contract check --format json', () => {
  it('reports an output folder out of sync as a failed step, in JSON, with exit 1', async () => {
    const result = await emrContract('check', '--spec', SPEC, '--out', EMPTY_DIR, '--releases', 'spec/releases', '--format', 'json');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: '' });
    const [report, ...rest] = jsonLines(result) as { ok: boolean; steps: { ok: boolean; fix?: string }[] }[];
    expect(rest).toEqual([]);
    expect(report!.ok).toBe(false);
    expect(report!.steps.map((s) => s.ok)).toEqual([true, false, true, true]);
  });
});

describe('emr-contract itself in JSON mode', () => {
  it('answers an unknown command with a JSON usage failure', async () => {
    const result = await emrContract('frobnicate', '--format', 'json');
    expect(result.status).toBe(2);
    expect(jsonLines(result)).toEqual([failure('usage')]);
  });

  it('answers options without a command with one JSON usage failure naming them, not with the usage', async () => {
    const result = await emrContract('--format', 'json', '--spec', SPEC);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: '' });
    expect(jsonLines(result)).toEqual([{ ok: false, error: { kind: 'usage', message: 'no command given for --spec; name one of generate, check, diff, mock, verify (see emr-contract --help)' } }]);
  });

  it('answers --help with JSON', async () => {
    const result = await emrContract('--help', '--format', 'json');
    expect(result.status).toBe(0);
    expect(jsonLines(result)).toEqual([expect.objectContaining({ usage: expect.stringContaining('usage: emr-contract') })]);
  });

  it('writes nothing but JSON lines to the real stdout when the spec is invalid', async () => {
    const result = await spawnEmrContract('check', '--spec', INVALID, '--format', 'json');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: '' });
    expect(jsonLines(result)).toEqual([failure('invalid-spec')]);
  });
});

/** The real mock in JSON mode, its stdout read line by line as it comes. */
function startJsonMock(): { lines: unknown[]; firstLine: Promise<{ prismPid: number }>; exited: Promise<{ code: number | null; stderr: string }>; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'mock', '--port', '0', '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: unknown[] = [];
  let pending = '';
  let stderr = '';
  let announced: (line: { prismPid: number }) => void = () => undefined;
  const firstLine = new Promise<{ prismPid: number }>((resolve) => (announced = resolve));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line));
    if (lines.length > 0) announced(lines[0] as { prismPid: number });
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('close', (code) => resolve({ code, stderr })));
  return { lines, firstLine, exited, kill: (signal) => child.kill(signal) };
}

describe('emr-contract mock --format json', () => {
  it('reports Prism stopping unexpectedly as a JSON failure on stdout, with exit 1', async () => {
    const mock = startJsonMock();
    try {
      const { prismPid } = await mock.firstLine;
      process.kill(prismPid, 'SIGKILL');
      expect(await mock.exited).toEqual({ code: 1, stderr: '' });
      expect(mock.lines.slice(1)).toEqual([failure('prism-exited')]);
    } finally {
      mock.kill('SIGKILL');
    }
  });

  it('says in JSON that it stopped, and why', async () => {
    const mock = startJsonMock();
    try {
      await mock.firstLine;
      mock.kill('SIGTERM');
      expect(await mock.exited).toEqual({ code: 0, stderr: '' });
      expect(mock.lines.slice(1)).toEqual([{ event: 'stopped', reason: 'SIGTERM' }]);
    } finally {
      mock.kill('SIGKILL');
    }
  });
});

describe('the process edge of emr-contract', () => {
  it('ends as the command did when its reader closes the pipe first (| head): no EPIPE crash', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The read end is gone before the first line is written, so every write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('emr-contract mock on a port already taken', () => {
  async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('says so as a usage error, without a stack trace', async () => {
    const { port, release } = await takenPort();
    try {
      const result = await emrContract('mock', '--port', String(port));
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 2, stderr: `emr-contract: port ${port} on 127.0.0.1 is already in use; pick another with --port (0 takes any free one)\n` });
    } finally {
      await release();
    }
  });

  it('says so in JSON as kind usage with --strict too, before any spec is read or Prism started', async () => {
    const { port, release } = await takenPort();
    try {
      const result = await emrContract('mock', '--strict', '--port', String(port), '--format', 'json');
      expect({ status: result.status, lines: jsonLines(result) }).toEqual({ status: 2, lines: [{ ok: false, error: { kind: 'usage', message: `port ${port} on 127.0.0.1 is already in use; pick another with --port (0 takes any free one)` } }] });
    } finally {
      await release();
    }
  });
});
