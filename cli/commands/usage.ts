/**
 * What `emr-contract <command> --help` prints, and what each command takes. Kept apart from the
 * commands so that help and argument checks load nothing heavy (TypeScript, Prism, Ajv).
 */
export interface CommandUsage {
  readonly usage: string;
  /** The options the command reads, beyond --format and --help, which every command takes. */
  readonly options: readonly string[];
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
