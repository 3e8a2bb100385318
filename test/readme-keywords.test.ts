import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEYWORDS_BY_KIND, METADATA_KEYWORDS } from '../generator/openapi-reading.js';

// The CLI README's table of what a document may say is read against the generator's own lists,
// so a keyword the generator learns (or drops) cannot be missing from it (or stay in it).
const section = readFileSync('cli/README.md', 'utf8').split('## What a document may say')[1] ?? '';
const rows = new Map(
  [...section.matchAll(/^\| (.+?) \| (.+?) \|$/gm)].flatMap(([, kinds, keywords]) =>
    [...kinds!.matchAll(/`(\w+)`|^(any)$/g)].map((m) => [m[1] ?? m[2]!, [...keywords!.matchAll(/`(\$?\w+)`/g)].map((k) => k[1]!).sort()] as const),
  ),
);

describe("the CLI README's table of schema keywords", () => {
  it.each(Object.keys(KEYWORDS_BY_KIND))('lists exactly what the generator reads on %s', (kind) => {
    expect(rows.get(kind)).toEqual([...KEYWORDS_BY_KIND[kind as keyof typeof KEYWORDS_BY_KIND]].sort());
  });

  it('lists the keywords read on any schema', () => {
    expect(rows.get('any')).toEqual([...[...METADATA_KEYWORDS].filter((k) => k !== 'type'), '$ref'].sort());
  });
});
