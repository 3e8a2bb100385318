// openapi-typescript on a thread of its own: loading it (and the TypeScript compiler it brings) is
// most of a cold generation, and it needs nothing the rest of the generator computes, so it runs
// beside the validation and the other emitters instead of before them. Plain JavaScript, so the
// same file serves the TypeScript sources (tsx, vitest) and the installed, compiled CLI.
import { parentPort } from 'node:worker_threads';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

parentPort.on('message', async ({ id, text }) => {
  try {
    // The same reading as load.ts; defaultNonNullable would make every property with a default
    // required, but a caller may omit it. An object without properties or additionalProperties
    // allows any fields, as the validators read it; openapi-typescript's default types it as
    // `Record<string, never>`, which refuses every one.
    const ast = await openapiTS(parse(text, { maxAliasCount: 0 }), { silent: true, defaultNonNullable: false, emptyObjectsUnknown: true });
    parentPort.postMessage({ id, text: astToString(ast) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
