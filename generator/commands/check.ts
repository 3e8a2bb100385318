import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareOutput } from '../drift.js';
import { generate } from '../generate.js';
import { displayName, specPath, stringOption, type Command } from './context.js';

const FIX_COMMAND = 'npm run generate';

/** The CI gate: the spec is valid and generated/ is exactly what it produces. */
export const checkCommand: Command = async (context) => {
  const spec = specPath(context);
  const out = stringOption(context, 'out') ?? 'generated';
  const name = displayName(spec);
  const expected = await generate({ text: readFileSync(spec, 'utf8'), name });
  const { changed, missing, extra } = compareOutput({ expected, out });
  const inSync = changed.length + missing.length + extra.length === 0;
  if (context.format === 'json') {
    context.out(JSON.stringify({ spec: name, ok: inSync, drift: { changed, missing, extra }, fix: inSync ? undefined : FIX_COMMAND }));
    return inSync ? 0 : 1;
  }
  if (inSync) {
    context.out(`${out}/ is in sync with ${name} (${expected.size} files).`);
    return 0;
  }
  const show = (paths: readonly string[]) => paths.map((p) => join(out, p)).join(', ');
  context.err(`${out}/ is out of date with ${name}:`);
  if (changed.length > 0) context.err(`  differs from what the spec produces: ${show(changed)}`);
  if (missing.length > 0) context.err(`  missing: ${show(missing)}`);
  if (extra.length > 0) context.err(`  not produced by the spec: ${show(extra)}`);
  context.err(`Fix: run \`${FIX_COMMAND}\` and commit the result.`);
  return 1;
};
