import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';
import { GENERATED_CODE_FOLDER_PREFIX } from '../conformance/generated-code.js';

describe('vitest.config.ts', () => {
  // Through Vite, each folder was transformed again and kept in the persistent module cache under
  // a path no later run asks for: about 3,800 files and 40 MB more after every run.
  it('leaves the code loadGeneratedCode writes to Node, so no run adds its folders to the module cache', () => {
    const folder = mkdtempSync(join(tmpdir(), GENERATED_CODE_FOLDER_PREFIX));
    try {
      const external = config.test?.server?.deps?.external ?? [];
      const file = join(folder, 'runtime', 'wire.js');
      expect(external.some((pattern) => (typeof pattern === 'string' ? file.includes(pattern) : pattern.test(file)))).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
