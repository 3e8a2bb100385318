import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Compares what the spec produces with what is on disk; the keys are output-relative paths. */
export function compareOutput({ expected, out }: { expected: ReadonlyMap<string, string>; out: string }): { changed: string[]; missing: string[]; extra: string[] } {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of expected) {
    const target = join(out, path);
    if (!existsSync(target)) missing.push(path);
    else if (readFileSync(target, 'utf8') !== content) changed.push(path);
  }
  const extra = listFiles(out).filter((path) => !expected.has(path));
  return { changed, missing, extra };
}

export function listFiles(root: string, prefix = ''): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, path) : [path];
  });
}

