// Files the compiled generator reads or runs as they are, copied beside it: the runtime sources it
// copies into every output folder (dist/generator/runtime/), and the plain-JavaScript worker that
// runs openapi-typescript on its own thread.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const generator = new URL('../../generator/', import.meta.url);
const dist = new URL('../dist/generator/', import.meta.url);
mkdirSync(new URL('runtime/', dist), { recursive: true });
for (const file of readdirSync(new URL('runtime/', generator)).filter((name) => name.endsWith('.ts'))) {
  cpSync(new URL(`runtime/${file}`, generator), new URL(`runtime/${file}`, dist));
}
cpSync(new URL('openapi-types-worker.js', generator), new URL('openapi-types-worker.js', dist));
