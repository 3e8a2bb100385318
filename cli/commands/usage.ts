/**
 * What `emr-contract <command> --help` prints, and what each command takes. Kept apart from the
 * commands so that help and argument checks load nothing heavy (TypeScript, Prism, Ajv).
 */

/**
 * Every option of the command line: how it is read, and what its value is called in the help and
 * in the messages that say how to write it.
 */
export const OPTIONS = {
  spec: { type: 'string', value: '<file>' },
  out: { type: 'string', value: '<dir>' },
  releases: { type: 'string', value: '<dir>' },
  port: { type: 'string', value: '<n>' },
  strict: { type: 'boolean' },
  'base-url': { type: 'string', value: '<url>' },
  count: { type: 'string', value: '<n>' },
  seed: { type: 'string', value: '<n>' },
  'timeout-ms': { type: 'string', value: '<n>' },
  format: { type: 'string', value: 'text|json' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, { type: 'string'; value: string } | { type: 'boolean'; short?: string }>;

export type OptionName = keyof typeof OPTIONS;

export interface CommandUsage {
  readonly usage: string;
  /** The options the command reads, beyond --format and --help, which every command takes. */
  readonly options: readonly OptionName[];
  /** How many positional arguments it takes. */
  readonly positionals: number;
}

const FORMAT = '[--format text|json]';

export const COMMAND_USAGE = {
  generate: {
    usage: `usage: emr-contract generate [--spec <file>] [--out <dir>] ${FORMAT}
  Validates the spec and writes the code it generates into --out (default generated/). Only files
  with the generator's header are replaced or removed; a file of your own at one of their paths
  stops it before anything is written. A house rule the spec breaks (check refuses it) is a
  warning on stderr, and in --format json the list "findings".`,
    options: ['spec', 'out'],
    positionals: 0,
  },
  check: {
    usage: `usage: emr-contract check [--spec <file>] [--out <dir>] [--releases <dir>] ${FORMAT}
  The CI gate: the spec is valid and keeps the house rules; --out (default generated/) is exactly
  what it generates; and no change breaks clients of the newest release in --releases (default
  releases/ beside the spec, skipped when there is none) without a new major version.
  Exit code: 1 when a step fails; 2 when the spec or an argument is wrong.`,
    options: ['spec', 'out', 'releases'],
    positionals: 0,
  },
  diff: {
    usage: `usage: emr-contract diff <old> <new> ${FORMAT}
  Lists every difference between two versions of the spec that changes what a client or a
  provider does, each judged twice: for clients (code written against <old> keeps working against
  a service that follows <new>) and for providers (a fake, proxy or mock written to <old> still
  answers every request as <new> says, refusals included, as verify checks). Words are not
  compared: descriptions, examples, error message templates (x-acs-message) and the advice a
  client gives when a call may have been processed (x-acs-before-retry).
  Exit code: 1 when at least one change breaks clients; 0 otherwise, even when some break only
  providers; 2 when a document cannot be read or is invalid, or the arguments are wrong.`,
    options: [],
    positionals: 2,
  },
  mock: {
    usage: `usage: emr-contract mock [--spec <file>] [--port <n>] [--strict] ${FORMAT}
  Serves the spec with Prism on 127.0.0.1 (--port, default 4010; 0 for any free port) until
  SIGINT, SIGTERM or SIGHUP. With --strict a front checks every request against the whole contract first
  and answers an invalid one as the service would.`,
    options: ['spec', 'port', 'strict'],
    positionals: 0,
  },
  verify: {
    usage: `usage: emr-contract verify --base-url <url> [--spec <file>] [--count <n>] [--seed <n>] [--timeout-ms <n>] ${FORMAT}
  Sends --count (default 50) valid and as many invalid requests, drawn from the contract with
  --seed (random by default, and printed), to the provider at --base-url, and reports every answer
  the contract does not allow. A request unanswered after --timeout-ms (default 10000) counts as
  not answered. When nothing listens at --base-url, it stops after the first request.
  Exit code: 1 when one is found.`,
    options: ['spec', 'base-url', 'count', 'seed', 'timeout-ms'],
    positionals: 0,
  },
} as const satisfies Record<string, CommandUsage>;

export type CommandName = keyof typeof COMMAND_USAGE;

/** The commands that read an option, taken from what each reads, so the overview cannot promise it elsewhere. */
function commandsTaking(option: OptionName): string {
  const names = Object.keys(COMMAND_USAGE) as CommandName[];
  return names.filter((name) => (COMMAND_USAGE[name].options as readonly OptionName[]).includes(option)).join(', ');
}

/** What `emr-contract --help` prints. */
export const OVERVIEW = `usage: emr-contract <command> [options]
  generate               validate the spec and regenerate the output folder (--out, default generated/)
  check                  the CI gate: spec valid, house rules, generated/ in sync, no unannounced breaking change (--releases)
  diff <old> <new>       classify every difference between two versions of the spec
  mock [--strict]        serve the spec with Prism on 127.0.0.1 (--port, default 4010; 0 for any free port)
  verify --base-url URL  check that a provider answers as the contract says (--count, --seed, --timeout-ms)
options:
  --spec <file>          for ${commandsTaking('spec')}: the spec to work on; without it, the one
                         spec/*.openapi.yaml in the working directory (mock and verify fall back to
                         the IncreaseNodes contract installed with emr-increase-nodes-contract)
  --out <dir>            for ${commandsTaking('out')}: the output folder (default generated/)
  --format text|json     for every command: with json, every line on stdout is JSON, errors included
  A value that starts with '-' is written with '=': --port=-1, --seed=-5.
emr-contract <command> --help (or emr-contract help <command>) for everything one command takes.`;
