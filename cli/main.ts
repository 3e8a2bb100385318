import { runCli } from './run.js';

// A reader that stops early (`emr-contract generate | head -1`) closes the pipe. What is left to
// print has nowhere to go, and that must not turn a command that did its work into a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// The process edge of the CLI: argv in, the exit code out. What runs in between (cli/run.ts) is
// what the tests call in process.
void runCli({ argv: process.argv.slice(2), out: (line) => console.log(line), err: (line) => console.error(line) }).then((code) => {
  process.exitCode = code;
});
