import { format, parseArgs } from 'node:util';
import { GeneratorError, formatDiagnostics } from '../generator/diagnostics.js';
import { UsageError, type Command, type CommandContext } from './commands/context.js';
import { COMMAND_USAGE, OPTIONS, OVERVIEW, type CommandName, type OptionName } from './commands/usage.js';

// Each command is loaded only when it runs: --help must not pay for TypeScript, Prism or Ajv.
const COMMANDS: Readonly<Record<CommandName, () => Promise<Command>>> = {
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  mock: async () => (await import('./commands/mock.js')).mockCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
};

export interface CliRun {
  /** The arguments after the program name, as in `process.argv.slice(2)`. */
  readonly argv: readonly string[];
  /** Where a line of standard output goes. */
  readonly out: (line: string) => void;
  /** Where a line of standard error goes. */
  readonly err: (line: string) => void;
}

/**
 * One run of `emr-contract`, resolving with its exit code; it never rejects. An invalid spec or a
 * wrong argument is exit 2 with the message the user sees, in JSON when they asked for JSON.
 * Paths are read against the working directory of this process, as the CLI reads them.
 */
export async function runCli({ argv, out, err }: CliRun): Promise<number> {
  try {
    return await dispatch({ argv, out, err });
  } catch (error) {
    if (wantsJson(argv)) {
      out(JSON.stringify({ ok: false, error: describeError(error) }));
      return 2;
    }
    // Only generate writes, so only generate can promise that a refused spec left no partial output.
    err(errorText({ error, writes: commandOf(argv) === 'generate' }));
    return 2;
  }
}

async function dispatch({ argv, out, err }: CliRun): Promise<number> {
  const { positionals, values, tokens } = readArgv(argv);
  const [given, ...rest] = positionals;
  // --format comes first: in JSON mode the usage, too, must be JSON.
  const chosen = formatOption(values['format']);
  const help = (usage: string) => {
    out(chosen === 'json' ? JSON.stringify({ ok: true, usage }) : usage);
    return 0;
  };
  // Help wins over the rest of the line: whoever asks for it is finding out what to write there.
  if (given === 'help') return help(helpTopic(rest));
  if (values['help'] === true) return help(given === undefined ? OVERVIEW : COMMAND_USAGE[commandNamed(given)].usage);
  // Options before the command's name: an unknown option takes no value, so in `--sepc x.yaml`
  // the value reads as the command, and the option is what the user got wrong.
  const problem = optionProblem({ argv, tokens, command: given !== undefined && Object.hasOwn(COMMANDS, given) ? (given as CommandName) : undefined });
  if (problem !== undefined) throw new UsageError(problem);
  if (given === undefined) return help(withoutCommand(tokens));
  const name = commandNamed(given);
  const taken = COMMAND_USAGE[name].positionals;
  if (rest.length > taken) throw new UsageError(`${name} takes ${taken === 0 ? 'no arguments' : `${taken} arguments`}, but was given ${rest.slice(taken).join(' ')} too; see emr-contract ${name} --help`);
  const context: CommandContext = { positionals: rest, options: values, format: chosen, out, err };
  const command = await COMMANDS[name]();
  return command(context);
}

/**
 * The command line, read leniently: parseArgs's own refusals give advice that does not fit this
 * CLI (a `--` that only diff could use, `--port=-XYZ`, the general help), so optionProblem words them.
 */
function readArgv(argv: readonly string[]) {
  return parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
}

type OptionToken = Extract<ReturnType<typeof readArgv>['tokens'][number], { kind: 'option' }>;

function formatOption(value: string | boolean | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(value === true ? '--format takes text or json, as in --format json' : `--format takes text or json, not ${value}`);
}

function commandNamed(given: string): CommandName {
  if (Object.hasOwn(COMMANDS, given)) return given as CommandName;
  throw new UsageError(`no command ${given}; the commands are ${Object.keys(COMMANDS).join(', ')} (see emr-contract --help)`);
}

/** What `help [command]` prints. */
function helpTopic(topics: readonly string[]): string {
  const [topic, ...more] = topics;
  if (more.length > 0) {
    const example = topics.find((word) => Object.hasOwn(COMMANDS, word)) ?? 'check';
    throw new UsageError(`help takes one command name, but was given ${topics.join(' ')}; e.g. emr-contract help ${example}`);
  }
  return topic === undefined ? OVERVIEW : COMMAND_USAGE[commandNamed(topic)].usage;
}

/**
 * The first thing wrong with the options as written, said for the command they were given to:
 * one it does not read would be ignored in silence (`--host` to mock, `--spec` to diff), and a
 * value that starts with '-' is more often a forgotten value than a value.
 */
function optionProblem({ argv, tokens, command }: { argv: readonly string[]; tokens: ReturnType<typeof readArgv>['tokens']; command: CommandName | undefined }): string | undefined {
  const options = tokens.filter((token): token is OptionToken => token.kind === 'option');
  const see = `see emr-contract ${command === undefined ? '' : `${command} `}--help`;
  const known = Object.keys(OPTIONS) as OptionName[];
  const read: readonly string[] = command === undefined ? known : [...COMMAND_USAGE[command].options, 'format', 'help'];
  // A group of short options is named as written: `-old.yaml` is a file name that lost its `--`, not -o, -l, -d….
  const asWritten = (option: OptionToken) => (option.rawName.startsWith('--') ? option.rawName : argv[option.index]!);
  const refused = [...new Set(options.filter((option) => !read.includes(option.name)).map(asWritten))].join(', ');
  if (refused !== '' && command === undefined) return `unknown option ${refused}; the options are ${dashed(known)} (${see})`;
  const dashedArguments = command !== undefined && COMMAND_USAGE[command].positionals > 0 ? ", and an argument that starts with '-' goes after --" : '';
  if (refused !== '') return `${command} does not take ${refused}; it takes ${dashed(read.filter((option) => option !== 'help'))}${dashedArguments} (${see})`;
  // Given twice, one of the two would be dropped in silence: `--spec a --spec b` reads only b.
  const twice = options.find((option, index) => options.findIndex((other) => other.name === option.name) !== index);
  if (twice !== undefined) return `--${twice.name} is given twice; give it once (${see})`;
  const problem = options.map(valueProblem).find((found) => found !== undefined);
  return problem === undefined ? undefined : `${problem} (${see})`;
}

function valueProblem({ name, rawName, value, inlineValue }: OptionToken): string | undefined {
  const option = OPTIONS[name as OptionName];
  if (option.type === 'boolean') return value === undefined ? undefined : `${rawName} takes no value; write ${rawName} alone`;
  if (value === undefined) return `${rawName} takes a value, as in ${rawName} ${option.value}`;
  // Written --port=-1, it is the value: the command's own check then says whether it fits.
  if (inlineValue !== true && value.startsWith('-')) return `${rawName} takes a value, but was followed by ${value}; write ${rawName}=${value} if that is the value`;
  return undefined;
}

/**
 * The overview, when the line names no command and only asks how it is to be printed. Any other
 * option would be ignored: a CI step that forgot `check` must not pass for having printed the help.
 */
function withoutCommand(tokens: ReturnType<typeof readArgv>['tokens']): string {
  const given = [...new Set(tokens.flatMap((token) => (token.kind === 'option' && token.name !== 'format' ? [token.rawName] : [])))];
  if (given.length === 0) return OVERVIEW;
  throw new UsageError(`no command given for ${given.join(', ')}; name one of ${Object.keys(COMMANDS).join(', ')} (see emr-contract --help)`);
}

const dashed = (names: readonly string[]): string => names.map((name) => `--${name}`).join(', ');

/** The command named on the command line, as the dispatcher reads it. */
function commandOf(argv: readonly string[]): string | undefined {
  return readArgv(argv).positionals[0];
}

/** Whether the caller asked for JSON, read without the parser, so even a usage error answers in JSON. */
function wantsJson(argv: readonly string[]): boolean {
  // The last --format wins, as it does for parseArgs.
  let format: string | undefined;
  argv.forEach((arg, i) => {
    if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--format') format = argv[i + 1];
  });
  return format === 'json';
}

/** "The spec [document] has N problem(s)", as the text and the JSON modes both say it. */
function specProblems(error: GeneratorError): string {
  return `The spec${error.document === undefined ? '' : ` ${error.document}`} has ${error.diagnostics.length} problem(s)`;
}

/** What a failure reads as on standard error; anything unexpected as console.error would show it. */
function errorText({ error, writes }: { error: unknown; writes: boolean }): string {
  if (error instanceof GeneratorError) return `${specProblems(error)}${writes ? '; nothing was written' : ''}:\n${formatDiagnostics(error.diagnostics)}`;
  if (error instanceof UsageError) return `emr-contract: ${error.message}`;
  return format(error);
}

function describeError(error: unknown): { kind: string; message: string; document?: string; diagnostics?: readonly unknown[] } {
  if (error instanceof GeneratorError) {
    return { kind: 'invalid-spec', message: specProblems(error), ...(error.document === undefined ? {} : { document: error.document }), diagnostics: error.diagnostics };
  }
  if (error instanceof UsageError) return { kind: 'usage', message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
