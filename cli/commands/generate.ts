import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compareOutput, whyOwn } from '../../conformance/drift.js';
import { lintSpec } from '../../conformance/lint.js';
import { generateWithModel } from '../../generator/generate.js';
import { displayName, folderKind, outFolder, specPath, UsageError, type Command } from './context.js';

/**
 * Validates the spec, regenerates the output folder and says what changed. A house rule the spec
 * breaks does not stop generation, but `check` will refuse it, so it is said now, as a warning.
 */
export const generateCommand: Command = async (context) => {
  const spec = specPath(context);
  const out = outFolder(context);
  const name = displayName(spec);
  if (folderKind(out) === 'not-a-folder') throw new UsageError(`--out ${out} is a file or runs through one; give the folder to generate into`);
  const { spec: loaded, model, files: expected } = await generateWithModel({ text: readFileSync(spec, 'utf8'), name });
  const findings = await lintSpec({ spec: loaded, model });
  const { changed, foreign, missing, extra, blocked } = compareOutput({ expected, out });
  refuseToOverwriteOwnFiles({ out, foreign, blocked });
  // Everything was generated in memory before the first write, so a failure leaves no partial output.
  const writes = [...changed, ...missing];
  writes.forEach((path, done) => {
    const target = join(out, path);
    try {
      makeFolders(dirname(target));
      writeFileSync(target, expected.get(path)!);
    } catch (error) {
      throw writeRefused({ error, target, done, of: writes.length });
    }
  });
  for (const path of extra) rmSync(join(out, path));
  const unchanged = expected.size - changed.length - missing.length;
  if (context.format === 'json') {
    context.out(JSON.stringify({ ok: true, spec: name, out, changed, added: missing, removed: extra, unchanged, findings }));
    return 0;
  }
  for (const f of findings) context.err(`warning: ${f.pointer}: ${f.message} [${f.rule}]; check refuses the spec until this is fixed`);
  context.out(`Generated ${out}/ from ${name}: ${changed.length} changed, ${missing.length} added, ${extra.length} removed, ${unchanged} unchanged.`);
  for (const path of changed) context.out(`  changed  ${join(out, path)}`);
  for (const path of missing) context.out(`  added    ${join(out, path)}`);
  for (const path of extra) context.out(`  removed  ${join(out, path)}`);
  return 0;
};

/**
 * mkdirSync's recursive mode retries forever where a folder exists but refuses to hold new ones
 * with ENOENT (/proc, some network and FUSE mounts): making each missing folder on its own turns
 * that refusal into an error naming the folder.
 */
function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let path = resolve(folder); !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) mkdirSync(path);
}

/** A folder that cannot take the output is the user's to fix, so it is said as such, not as a crash with a stack. */
function writeRefused({ error, target, done, of }: { error: unknown; target: string; done: number; of: number }): unknown {
  const { code, syscall, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (typeof code !== 'string') return error;
  const what = syscall === 'mkdir' ? `create the folder ${path ?? dirname(target)}` : `write ${target}`;
  const before = done === 0 ? 'nothing was written' : `${done} of ${of} files were written before it`;
  return new UsageError(`could not ${what} (${code}): ${before}. Give --out a folder this process can write to, then run generate again.`);
}

/** The user's own files at generated paths (compareOutput's `foreign`), and anything in their way, are not overwritten: nothing is written. */
function refuseToOverwriteOwnFiles({ out, foreign, blocked }: { out: string; foreign: readonly string[]; blocked: readonly string[] }): void {
  const reasons = [
    ...foreign.map((path) => `${join(out, path)} ${whyOwn(path)}, so the generator does not replace it`),
    ...blocked.map((path) => {
      const folder = statSync(join(out, path)).isDirectory();
      return `${join(out, path)} is in the way of what the generator writes (a ${folder ? 'folder where it writes a file' : 'file where it writes a folder'})`;
    }),
  ];
  if (reasons.length === 0) return;
  const them = reasons.length === 1 ? 'it' : 'them';
  throw new UsageError(`${reasons.join('; ')}. Move ${them} out of ${out}/ (or delete ${them}) and run generate again. Nothing was written.`);
}
