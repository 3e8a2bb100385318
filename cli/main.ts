import { runCli } from './run.js';

// The process edge of the CLI: argv in, the exit code out. What runs in between (cli/run.ts) is
// what the tests call in process.
void runCli({ argv: process.argv.slice(2), out: (line) => console.log(line), err: (line) => console.error(line) }).then((code) => {
  process.exitCode = code;
});
