import { describe, expect, it } from 'vitest';
import { GeneratorError } from '../generator/diagnostics.js';
import { emitChangelog } from '../generator/emit/changelog.js';

const TITLE = 'A contract';
const document = (changelog: unknown) => ({ info: { title: TITLE, version: '2.0.0', 'x-changelog': changelog } });

function diagnostics(run: () => unknown): { code: string; pointer: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof GeneratorError) return error.diagnostics.map(({ code, pointer }) => ({ code, pointer }));
    throw error;
  }
  return [];
}

describe('the CHANGELOG written from info.x-changelog', () => {
  it('lists the versions newest first, each with its date when it has one', () => {
    const text = emitChangelog({ document: document([{ version: '1.0.0', date: '2024-01-02', summary: 'First.' }, { version: '2.0.0', summary: 'Second.' }]), title: TITLE, version: '2.0.0' });
    expect(text.indexOf('## 2.0.0\n\nSecond.')).toBeGreaterThan(0);
    expect(text.indexOf('## 1.0.0 — 2024-01-02\n\nFirst.')).toBeGreaterThan(text.indexOf('## 2.0.0'));
  });

  it.each<[string, string[]]>([
    ['out of order, 1.10.0 last', ['1.2.2', '1.9.0', '2.0.0', '1.10.0']],
    ['newest first', ['2.0.0', '1.10.0', '1.9.0', '1.2.2']],
  ])('orders the versions by semver whichever order they are written in: %s', (_, written) => {
    const text = emitChangelog({ document: document(written.map((version) => ({ version, summary: `Summary of ${version}.` }))), title: TITLE, version: '2.0.0' });
    expect([...text.matchAll(/^## (\S+)/gm)].map((match) => match[1])).toEqual(['2.0.0', '1.10.0', '1.9.0', '1.2.2']);
  });

  it('refuses a version semver cannot order, and one told twice, at each', () => {
    const entries = [{ version: '1.3', summary: 'Short.' }, { version: '2.0.0', summary: 'Second.' }, { version: '2.0.0', summary: 'Again.' }];
    expect(diagnostics(() => emitChangelog({ document: document(entries), title: TITLE, version: '2.0.0' }))).toEqual([
      { code: 'invalid-changelog', pointer: '#/info/x-changelog/0/version' },
      { code: 'invalid-changelog', pointer: '#/info/x-changelog/2/version' },
    ]);
  });

  it('says there is no history when the document records none', () => {
    expect(emitChangelog({ document: { info: { version: '2.0.0' } }, title: TITLE, version: '2.0.0' })).toContain('No history is recorded');
  });

  it('refuses a history without an entry for the current version', () => {
    expect(diagnostics(() => emitChangelog({ document: document([{ version: '1.0.0', summary: 'First.' }]), title: TITLE, version: '2.0.0' }))).toEqual([{ code: 'invalid-changelog', pointer: '#/info/x-changelog' }]);
  });

  it('names every malformed entry by its pointer', () => {
    const found = diagnostics(() => emitChangelog({ document: document([{ version: '2.0.0' }, 'text', { version: '2.0.0', summary: 'ok', date: 5 }]), title: TITLE, version: '2.0.0' }));
    expect(found).toEqual([
      { code: 'invalid-changelog', pointer: '#/info/x-changelog/0' },
      { code: 'invalid-changelog', pointer: '#/info/x-changelog/1' },
      { code: 'invalid-changelog', pointer: '#/info/x-changelog/2' },
    ]);
  });

  it('refuses a changelog that is not a list', () => {
    expect(diagnostics(() => emitChangelog({ document: document({ version: '2.0.0' }), title: TITLE, version: '2.0.0' }))).toEqual([{ code: 'invalid-changelog', pointer: '#/info/x-changelog' }]);
  });
});
