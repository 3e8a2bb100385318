import { readdirSync, readFileSync } from 'node:fs';
import { loadSpec, type LoadedSpec } from './load.js';
import { buildModel, type DocumentModel } from './model.js';
import { emitArbitraries } from './emit/arbitraries.js';
import { emitChangelog } from './emit/changelog.js';
import { emitClient } from './emit/client.js';
import { emitCodec } from './emit/codec.js';
import { emitErrors } from './emit/errors.js';
import { emitIndex } from './emit/index-file.js';
import { emitTypes } from './emit/types.js';
import { emitValidators } from './emit/validators.js';
import { GENERATOR, GENERATOR_NAME } from './identity.js';
import { openapiTypes, prepareOpenapiTypes } from './openapi-types.js';
import { header, markdownHeader, printFile, printText, type Provenance } from './print.js';
import { naming } from './diagnostics.js';

const RUNTIME_DIR = new URL('./runtime/', import.meta.url);

/** The document itself, byte for byte, so Prism or any tool can be pointed at exactly what the code came from. */
export const SPEC_COPY = 'openapi.yaml';

/**
 * The whole generator as one pure step: the spec's text in, every generated file out (path
 * relative to the output folder → content). The CLI and the drift check both call exactly this.
 */
export async function generate({ text, name }: { text: string; name: string }): Promise<Map<string, string>> {
  return (await generateWithModel({ text, name })).files;
}

/** The same, with the loaded spec and the model the files came from, for a caller that needs them and must not read the spec twice. */
export function generateWithModel({ text, name }: { text: string; name: string }): Promise<{ spec: LoadedSpec; model: DocumentModel; files: Map<string, string> }> {
  return generateFiles({ text, name, types: 'typed' });
}

/**
 * What runs, for the mock and verify: every file `generate` writes, the same bytes, but for
 * types.ts, which holds only types (its JavaScript is empty, and what imports it imports types
 * alone) and is the one file that needs openapi-typescript, whose loading was most of a mock's
 * start. Here types.ts exports nothing.
 */
export function generateRunnable({ text, name }: { text: string; name: string }): Promise<{ model: DocumentModel; files: Map<string, string> }> {
  return generateFiles({ text, name, types: 'erased' });
}

async function generateFiles({ text, name, types }: { text: string; name: string; types: 'typed' | 'erased' }): Promise<{ spec: LoadedSpec; model: DocumentModel; files: Map<string, string> }> {
  // The thread loads openapi-typescript (most of its cost) while the document is read; it gets the
  // document only once the document is known to generate, so a refused one costs it nothing.
  if (types === 'typed') prepareOpenapiTypes();
  const spec = await loadSpec({ text, name });
  const model = buildModel(spec);
  // Awaited last: the other emitters run meanwhile.
  const openapi = types === 'typed' ? openapiTypes(text) : Promise.resolve(undefined);
  openapi.catch(() => undefined);
  const provenance: Provenance = { generator: GENERATOR_NAME, specName: fileName(name), sha256: spec.sha256, version: model.version };
  const files = new Map<string, string>();
  files.set('errors.ts', printFile({ name: 'errors.ts', provenance, build: emitErrors(model) }));
  files.set('validators.ts', printFile({ name: 'validators.ts', provenance, build: emitValidators(model) }));
  files.set('codec.ts', printFile({ name: 'codec.ts', provenance, build: emitCodec(model) }));
  files.set('client.ts', printFile({ name: 'client.ts', provenance, build: emitClient({ model, userAgent: `${GENERATOR.name}/${GENERATOR.version}` }) }));
  files.set('arbitraries.ts', printFile({ name: 'arbitraries.ts', provenance, build: emitArbitraries(model) }));
  files.set('index.ts', printFile({ name: 'index.ts', provenance, build: emitIndex(['types', 'errors', 'validators', 'codec', 'client']) }));
  const changelog = naming({ document: name, work: () => emitChangelog({ document: spec.document, title: model.title, version: model.version }) });
  files.set('CHANGELOG.md', `${markdownHeader(provenance)}\n${changelog}`);
  files.set(SPEC_COPY, text);
  // Hand-written and formatted already, so copied as written: running the formatter over these
  // static files on every run was most of a cold generation's own work.
  for (const runtime of runtimeFiles()) {
    files.set(`runtime/${runtime}`, `${header(provenance)}\n${readFileSync(new URL(runtime, RUNTIME_DIR), 'utf8').trimStart()}`);
  }
  // Last, so the other emitters ran while openapi-typescript worked on its thread.
  const typed = await openapi;
  files.set('types.ts', typed === undefined ? `${header(provenance)}\nexport {};\n` : printText({ name: 'types.ts', provenance, text: emitTypes({ openapi: typed, model }) }));
  return { spec, model, files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * The operation-independent code every generated package carries, so it needs no runtime
 * dependency. Installed, this folder also holds the compiled modules and their declarations.
 */
function runtimeFiles(): string[] {
  return readdirSync(RUNTIME_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort();
}
