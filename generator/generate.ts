import { readdirSync, readFileSync } from 'node:fs';
import { loadSpec } from './load.js';
import { buildModel } from './model.js';
import { emitArbitraries } from './emit/arbitraries.js';
import { emitClient } from './emit/client.js';
import { emitCodec } from './emit/codec.js';
import { emitErrors } from './emit/errors.js';
import { emitIndex } from './emit/index-file.js';
import { emitTypes } from './emit/types.js';
import { emitValidators } from './emit/validators.js';
import { printFile, printText, type Provenance } from './print.js';

const RUNTIME_DIR = new URL('./runtime/', import.meta.url);
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const GENERATOR_NAME = `${PACKAGE.name} generator ${PACKAGE.version}`;

/**
 * The whole generator as one pure step: the spec's text in, every generated file out (path
 * relative to the output folder → content). The CLI and the drift check both call exactly this.
 */
export async function generate({ text, name }: { text: string; name: string }): Promise<Map<string, string>> {
  const spec = await loadSpec({ text, name });
  const model = buildModel(spec);
  const provenance: Provenance = { generator: GENERATOR_NAME, specName: name, sha256: spec.sha256, version: model.version };
  const files = new Map<string, string>();
  files.set('types.ts', printText({ name: 'types.ts', provenance, text: await emitTypes({ spec, model }) }));
  files.set('errors.ts', printFile({ name: 'errors.ts', provenance, build: emitErrors(model) }));
  files.set('validators.ts', printFile({ name: 'validators.ts', provenance, build: emitValidators(model) }));
  files.set('codec.ts', printFile({ name: 'codec.ts', provenance, build: emitCodec(model) }));
  files.set('client.ts', printFile({ name: 'client.ts', provenance, build: emitClient({ model, userAgent: `${PACKAGE.name}/${PACKAGE.version}` }) }));
  files.set('arbitraries.ts', printFile({ name: 'arbitraries.ts', provenance, build: emitArbitraries(model) }));
  files.set('index.ts', printFile({ name: 'index.ts', provenance, build: emitIndex(['types', 'errors', 'validators', 'codec', 'client']) }));
  for (const runtime of runtimeFiles()) {
    files.set(`runtime/${runtime}`, printText({ name: runtime, provenance, text: readFileSync(new URL(runtime, RUNTIME_DIR), 'utf8') }));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The operation-independent code every generated package carries, so it needs no runtime dependency. */
function runtimeFiles(): string[] {
  return readdirSync(RUNTIME_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
}
