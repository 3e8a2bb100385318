import { readFileSync } from 'node:fs';
import { loadSpec } from '../generator/load.js';
import { buildModel, type DocumentModel } from '../generator/model.js';
import { displayName } from './display-name.js';
import type { GeneratedCode } from './generated-code.js';

/** A contract ready for the mock or verify: its model, and the code it generates, loaded. */
export interface LoadedContract {
  /** The path it goes by in messages: relative to the working directory, forward slashes. */
  readonly name: string;
  readonly model: DocumentModel;
  readonly code: GeneratedCode;
}

/** Reads a spec file and builds its model; throws GeneratorError on an invalid spec. */
export async function readModel(path: string): Promise<{ name: string; text: string; model: DocumentModel }> {
  const text = readFileSync(path, 'utf8');
  const name = displayName(path);
  return { name, text, model: buildModel(await loadSpec({ text, name })) };
}

/** The model, and the code the spec generates, compiled and loaded; the spec is read once. */
export async function loadContract(path: string): Promise<LoadedContract> {
  const text = readFileSync(path, 'utf8');
  const name = displayName(path);
  // The generator (ts-morph) and TypeScript load here, not with this module: a plain mock and a
  // command that stops at a usage error need the model alone, and start in a fraction of the time.
  const [{ generateRunnable }, { loadGeneratedCode }] = await Promise.all([import('../generator/generate.js'), import('./generated-code.js')]);
  const { model, files } = await generateRunnable({ text, name });
  return { name, model, code: await loadGeneratedCode(files) };
}
