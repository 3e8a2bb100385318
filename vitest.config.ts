import { realpathSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { defineConfig } from 'vitest/config';

// The packed-tarball tests have their own config and command (npm run test:packages).
const EXCLUDE = ['test/packages/**', '**/node_modules/**'];

/** A folder as the temporary directory, or its real path, spells it, either separator matching. */
const folderPattern = (folder: string): string => folder.split(/[\\/]/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\\\/]');
/** The folders conformance/generated-code.ts loads generated code from: mkdtemp's, under the temporary directory only. */
const GENERATED_CODE_FOLDERS = new RegExp(
  `^(?:${[...new Set([tmpdir(), realpathSync(tmpdir())])].map(folderPattern).join('|')})[\\\\/]emr-contract-generated-code-[^\\\\/]{6}[\\\\/]`,
);

export default defineConfig({
  test: {
    setupFiles: ['test/support/fast-check-setup.ts'],
    // Hang detectors, never speed verdicts: with its cache cold and five CPU-bound processes
    // beside it, the type check of the repository alone took over 60 s on a 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The property and hostile-input suites allocate millions of short-lived values; a larger
    // young generation collects them in fewer scavenges (about 6 % of the suite's CPU time here).
    execArgv: ['--max-semi-space-size=64'],
    // Each test file used to load TypeScript, ts-morph and the generator afresh; the files share
    // one module cache per worker instead. No test relies on a fresh module state.
    isolate: false,
    // Vitest's default leaves one CPU free, which on a 2-CPU machine runs the files one by one
    // while most of them wait on a child process or a socket. --maxWorkers=<n> overrides it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    include: ['test/**/*.test.ts'],
    // Transformed modules kept in node_modules/.experimental-vitest-cache, keyed by their content:
    // a second run on the same checkout skips most of the main process's transform work (about
    // 8 s of it). A fresh clone (CI) starts empty, and the suite has no plugin whose output
    // depends on anything but a file's content.
    experimental: { fsModuleCache: true },
    // The code mock and verify generate is plain JavaScript, written to a new temporary folder
    // each time (conformance/generated-code.ts): Node imports it as it is. Through Vite, each of
    // about 240 such folders a run was transformed again, and kept in the module cache above under
    // a path no later run asks for (about 3,800 files, 40 MB, added by every run).
    server: { deps: { external: [GENERATED_CODE_FOLDERS] } },
    exclude: EXCLUDE,
  },
});
