import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { compareOutput } from './drift.js';
import { GeneratorError, formatDiagnostics } from './diagnostics.js';
import { generate } from './generate.js';

const FIX_COMMAND = 'npm run generate';

interface Options {
  readonly command: string;
  readonly spec: string;
  readonly out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const [command = 'generate', ...rest] = argv;
  const option = (name: string): string | undefined => {
    const index = rest.indexOf(`--${name}`);
    return index >= 0 ? rest[index + 1] : undefined;
  };
  return { command, spec: option('spec') ?? defaultSpec(), out: option('out') ?? 'generated' };
}

/** The one `*.openapi.yaml` in spec/; with several, the user names one. */
function defaultSpec(): string {
  const candidates = existsSync('spec') ? readdirSync('spec').filter((f) => /\.openapi\.ya?ml$/.test(f)) : [];
  if (candidates.length !== 1) {
    throw new UsageError(`expected exactly one spec/*.openapi.yaml, found ${candidates.length}; pass --spec <file>`);
  }
  return join('spec', candidates[0]!);
}

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  const name = relative(process.cwd(), options.spec).split('\\').join('/');
  const expected = await generate({ text: readFileSync(options.spec, 'utf8'), name });
  const { changed, missing, extra } = compareOutput({ expected, out: options.out });
  const show = (paths: readonly string[]) => paths.map((p) => join(options.out, p)).join(', ');

  if (options.command === 'check') {
    if (changed.length + missing.length + extra.length === 0) {
      console.log(`${options.out}/ is in sync with ${name} (${expected.size} files).`);
      return 0;
    }
    console.error(`${options.out}/ is out of date with ${name}:`);
    if (changed.length > 0) console.error(`  differs from what the spec produces: ${show(changed)}`);
    if (missing.length > 0) console.error(`  missing: ${show(missing)}`);
    if (extra.length > 0) console.error(`  not produced by the spec: ${show(extra)}`);
    console.error(`Fix: run \`${FIX_COMMAND}\` and commit the result.`);
    return 1;
  }
  if (options.command !== 'generate') throw new UsageError(`unknown command ${options.command} (generate | check)`);

  // Everything was generated in memory before the first write, so a failure leaves no partial output.
  for (const path of [...changed, ...missing]) {
    const target = join(options.out, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, expected.get(path)!);
  }
  for (const path of extra) rmSync(join(options.out, path));
  const untouched = expected.size - changed.length - missing.length;
  console.log(`Generated ${options.out}/ from ${name}: ${changed.length} changed, ${missing.length} added, ${extra.length} removed, ${untouched} unchanged.`);
  for (const path of changed) console.log(`  changed  ${join(options.out, path)}`);
  for (const path of missing) console.log(`  added    ${join(options.out, path)}`);
  for (const path of extra) console.log(`  removed  ${join(options.out, path)}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof GeneratorError) {
      console.error(`The spec has ${error.diagnostics.length} problem(s); nothing was written:\n${formatDiagnostics(error.diagnostics)}`);
    } else {
      console.error(error instanceof UsageError ? `emr-contract: ${error.message}` : error);
    }
    process.exit(2);
  },
);
