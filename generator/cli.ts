import { parseArgs } from 'node:util';
import { GeneratorError, formatDiagnostics } from './diagnostics.js';
import { checkCommand } from './commands/check.js';
import { UsageError, type Command, type CommandContext } from './commands/context.js';
import { diffCommand } from './commands/diff.js';
import { generateCommand } from './commands/generate.js';
import { mockCommand } from './commands/mock.js';
import { verifyCommand } from './commands/verify.js';

const COMMANDS: Readonly<Record<string, Command>> = {
  generate: generateCommand,
  check: checkCommand,
  diff: diffCommand,
  mock: mockCommand,
  verify: verifyCommand,
};

const USAGE = `usage: emr-contract <command> [options]
  generate               validate the spec and regenerate generated/
  check                  the CI gate: spec valid, house rules, generated/ in sync, no unannounced breaking change
  diff <old> <new>       classify every difference between two versions of the spec
  mock [--strict]        serve the spec with Prism on 127.0.0.1 (--port, default 4010)
  verify --base-url URL  check that a provider answers as the contract says (--count, --seed)
options: --spec <file>  --out <dir>  --format text|json`;

/** The only place that reads argv or decides the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      port: { type: 'string' },
      strict: { type: 'boolean' },
      'base-url': { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      releases: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...rest] = positionals;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (values['help'] === true || command === undefined) {
    (command === undefined && name !== undefined ? console.error : console.log)(USAGE);
    return name === undefined || values['help'] === true ? 0 : 2;
  }
  const format = values['format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json, not ${String(format)}`);
  const context: CommandContext = {
    positionals: rest,
    options: values,
    format,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
  return command(context);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof GeneratorError) {
      console.error(`The spec has ${error.diagnostics.length} problem(s); nothing was written:\n${formatDiagnostics(error.diagnostics)}`);
    } else {
      console.error(error instanceof UsageError ? `emr-contract: ${error.message}` : error);
    }
    process.exitCode = 2;
  },
);
