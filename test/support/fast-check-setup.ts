import fc from 'fast-check';

// Every property is seeded so a CI failure replays locally: fast-check prints the seed and
// path of a failure; run again with FC_SEED=<seed> (and FC_PATH=<path> to jump straight to it).
const seed = Number(process.env.FC_SEED ?? 20_250_124);
const numRuns = Number(process.env.FC_NUM_RUNS ?? 1000);
const path = process.env.FC_PATH;

fc.configureGlobal({ seed, numRuns, ...(path === undefined ? {} : { path }) });
