import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareOutput } from '../../conformance/drift.js';
import { generate } from '../../generator/generate.js';
import { displayName, specPath, stringOption, type Command } from './context.js';

/** Validates the spec, regenerates the output folder and says what changed. */
export const generateCommand: Command = async (context) => {
  const spec = specPath(context);
  const out = stringOption(context, 'out') ?? 'generated';
  const name = displayName(spec);
  const expected = await generate({ text: readFileSync(spec, 'utf8'), name });
  const { changed, missing, extra } = compareOutput({ expected, out });
  // Everything was generated in memory before the first write, so a failure leaves no partial output.
  for (const path of [...changed, ...missing]) {
    const target = join(out, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, expected.get(path)!);
  }
  for (const path of extra) rmSync(join(out, path));
  const unchanged = expected.size - changed.length - missing.length;
  if (context.format === 'json') {
    context.out(JSON.stringify({ spec: name, out, changed, added: missing, removed: extra, unchanged }));
    return 0;
  }
  context.out(`Generated ${out}/ from ${name}: ${changed.length} changed, ${missing.length} added, ${extra.length} removed, ${unchanged} unchanged.`);
  for (const path of changed) context.out(`  changed  ${join(out, path)}`);
  for (const path of missing) context.out(`  added    ${join(out, path)}`);
  for (const path of extra) context.out(`  removed  ${join(out, path)}`);
  return 0;
};
