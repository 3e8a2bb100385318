import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MUTANTS, placesOf } from '../bench/mutant-list.js';

// bench/mutants.ts is not part of npm test (it runs vitest once per mutant); a mutant whose code
// has moved on proves nothing, so that much is checked here, on every run.
describe('the mutants of bench/mutants.ts', () => {
  it.each(MUTANTS.map((mutant) => [mutant.id, mutant] as const))('%s still finds its search text exactly once', (_id, mutant) => {
    const text = readFileSync(mutant.file, 'utf8');
    expect(placesOf({ text, search: mutant.search }).length, `${mutant.file}: ${mutant.search}`).toBe(1);
  });

  it.each(MUTANTS.map((mutant) => [mutant.id, mutant] as const))('%s names a test file that exists', (_id, mutant) => {
    expect(existsSync(mutant.test), mutant.test).toBe(true);
  });

  it('gives every mutant its own id', () => {
    const ids = MUTANTS.map((mutant) => mutant.id);
    expect(ids.filter((id, at) => ids.indexOf(id) !== at)).toEqual([]);
  });
});
