import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withLf } from '../generator/load.js';
import { isGenerated } from '../generator/print.js';

/**
 * Compares what the spec produces with what is on disk; the keys are output-relative paths. Only
 * the folders the generator writes into are looked at, and only files with its header count as
 * extra: the output folder may be a package with its own package.json, README, dist/ and
 * node_modules/, which are not the generator's to judge or remove.
 */
export function compareOutput({ expected, out }: { expected: ReadonlyMap<string, string>; out: string }): { changed: string[]; foreign: string[]; missing: string[]; extra: string[] } {
  const changed: string[] = [];
  const foreign: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const target = join(out, path);
    if (!existsSync(target)) {
      missing.push(path);
      continue;
    }
    // Line endings are compared as LF: a CRLF checkout holds the same code.
    const found = readFileSync(target, 'utf8');
    if (withLf(found) === withLf(content)) continue;
    // A file the generator writes with its header, found without one, is the user's own: generate
    // does not replace it, so "run generate" would not fix it. (The copy of the spec has no header
    // to tell by, and is replaced.)
    if (isGenerated(content) && !isGenerated(found)) foreign.push(path);
    else changed.push(path);
  }
  const folders = new Set([...expected.keys()].map(folderOf));
  const extra = [...folders]
    .flatMap((folder) => filesIn({ out, folder }))
    .filter((path) => !expected.has(path) && isGenerated(readFileSync(join(out, path), 'utf8')))
    .sort();
  return { changed, foreign, missing, extra };
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function filesIn({ out, folder }: { out: string; folder: string }): string[] {
  const dir = join(out, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => (folder === '' ? entry.name : `${folder}/${entry.name}`));
}
