// The generator copies its runtime sources into every output folder, so the installed CLI carries
// them as files, beside the compiled generator that reads them (dist/generator/runtime/).
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const from = new URL('../../generator/runtime/', import.meta.url);
const to = new URL('../dist/generator/runtime/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from).filter((name) => name.endsWith('.ts'))) cpSync(new URL(file, from), new URL(file, to));
