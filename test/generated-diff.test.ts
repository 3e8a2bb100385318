import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { generate } from '../generator/generate.js';
import { isSubsequence, lineHunks } from './support/line-hunks.js';

// A one-parameter edit of the real spec must give a diff of generated/ about that parameter alone:
// no line about another parameter is rewritten. Positional names (`p0 … pN`) broke this: inserting
// one parameter after ClusterId renamed the locals of every parameter after it.

const SPEC = 'spec/increase-nodes.openapi.yaml';
const specText = readFileSync(SPEC, 'utf8');

type Doc = Record<string, any>;
const parameters = (d: Doc): unknown[] => d.paths['/'].post.parameters;
/** Where a parameter of the operation is in its list: the list holds `$ref`s to components/parameters. */
const at = (d: Doc, name: string): number => parameters(d).findIndex((p: any) => p.$ref === `#/components/parameters/${name}`);

interface Edit {
  readonly parameter: string;
  readonly edit: (document: Doc) => void;
  /** Whether the edit only adds lines (an insertion) or only takes them out (a removal). */
  readonly only?: 'added' | 'removed';
}

const edits: [string, Edit][] = [
  [
    'an optional text inserted after ClusterId',
    { parameter: 'DeploymentSetId', only: 'added', edit: (d) => parameters(d).splice(at(d, 'ClusterId') + 1, 0, { name: 'DeploymentSetId', in: 'query', schema: { type: 'string' } }) },
  ],
  [
    'a required bounded integer inserted after NodeGroupId',
    {
      parameter: 'SpotNodeCount',
      only: 'added',
      edit: (d) => parameters(d).splice(at(d, 'NodeGroupId') + 1, 0, { name: 'SpotNodeCount', in: 'query', required: true, schema: { type: 'integer', minimum: 0, maximum: 9 } }),
    },
  ],
  [
    'a list inserted before the other list',
    {
      parameter: 'SecurityGroupIds',
      only: 'added',
      edit: (d) =>
        parameters(d).splice(at(d, 'ApplicationConfigs'), 0, { name: 'SecurityGroupIds', in: 'query', 'x-acs-style': 'repeatList', schema: { type: 'array', maxItems: 5, items: { type: 'string' } } }),
    },
  ],
  ['AutoPayOrder removed from the middle', { parameter: 'AutoPayOrder', only: 'removed', edit: (d) => parameters(d).splice(at(d, 'AutoPayOrder'), 1) }],
  ['AutoRenew moved to the end', { parameter: 'AutoRenew', edit: (d) => parameters(d).push(...parameters(d).splice(at(d, 'AutoRenew'), 1)) }],
];

describe('a one-parameter edit of the real spec', () => {
  it.each(edits)('%s changes only lines about it', async (_, { parameter, edit, only }) => {
    const document = parse(specText) as Doc;
    edit(document);
    const before = await generate({ text: specText, name: SPEC });
    const after = await generate({ text: stringify(document), name: SPEC });
    // The first two lines name the spec's SHA-256, which any edit changes.
    const body = (text: string | undefined) => (text ?? '').split('\n').slice(2);
    const changed = [...after].filter(([path, text]) => path.endsWith('.ts') && body(text).join('\n') !== body(before.get(path)).join('\n'));
    expect(changed.length).toBeGreaterThan(0);
    const about = (line: string) => line.toLowerCase().includes(parameter.toLowerCase());
    // A line that survives with only the parameter's text put in (or taken out): `requiredKeys: [...]`.
    const kept = (line: string, into: readonly string[]) => into.some((other) => about(other) && isSubsequence({ part: line, whole: other }));
    const comment = (line: string) => /^\s*(\/\/|\/\*\*|\*)/.test(line);
    // What closes a block of its code: `}`, `continue;`, `c.leave();`.
    const structure = (line: string) => (line.match(/[A-Za-z_$][\w$]*/g) ?? []).every((word) => ['continue', 'else', 'c', 'leave'].includes(word));
    for (const [path, text] of changed) {
      const hunks = lineHunks({ before: body(before.get(path)), after: body(text) });
      const added = new Set(hunks.flatMap((hunk) => hunk.added));
      for (const hunk of hunks) {
        const lines = [...hunk.removed, ...hunk.added];
        expect(lines.some(about), `${path}, a hunk not about ${parameter}:\n${lines.join('\n')}`).toBe(true);
        for (const line of hunk.removed) {
          // About it, its doc comment, the end of its block, moved with it, or kept with it inserted: nothing else was rewritten.
          const fine = only === 'added' ? kept(line, hunk.added) : about(line) || comment(line) || structure(line) || added.has(line) || kept(line, hunk.added);
          expect(fine, `${path}: ${line}`).toBe(true);
        }
        if (only === 'removed') for (const line of hunk.added) expect(kept(line, hunk.removed), `${path}: a removal wrote ${line}`).toBe(true);
      }
    }
  });
});
