import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';
import { GENERATED_CODE_FOLDER_PREFIX } from '../conformance/generated-code.js';

/** Whether Vitest hands a file to Node untransformed: the config's patterns are regular expressions matched against the file's path. */
function leftToNode(file: string): boolean {
  const external = config.test?.server?.deps?.external ?? [];
  return external.some((pattern) => pattern instanceof RegExp && pattern.test(file));
}

describe('vitest.config.ts', () => {
  // Through Vite, each folder was transformed again and kept in the persistent module cache under
  // a path no later run asks for: about 3,800 files and 40 MB more after every run.
  it('leaves the code loadGeneratedCode writes to Node, so no run adds its folders to the module cache', () => {
    const folder = mkdtempSync(join(tmpdir(), GENERATED_CODE_FOLDER_PREFIX));
    try {
      expect(leftToNode(join(folder, 'runtime', 'wire.js'))).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('sends the repository through Vite wherever it is checked out, a temporary folder included', () => {
    const checkouts = [resolve('.'), join(tmpdir(), 'emr-contract-review'), join(tmpdir(), 'emr-contract-main00'), join(tmpdir(), '..', 'elsewhere', `${GENERATED_CODE_FOLDER_PREFIX}abcdef`)];
    expect(checkouts.filter((checkout) => leftToNode(join(checkout, 'test', 'codec.test.ts')))).toEqual([]);
  });
});
