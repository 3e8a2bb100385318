import { describe, expect, it } from 'vitest';
import { printFile, printText, type Provenance } from '../generator/print.js';

const PROVENANCE: Provenance = { generator: 'test-generator 0.0.0', specName: 'widget.openapi.yaml', sha256: '0'.repeat(64), version: '1.0.0' };
const body = (text: string) => text.split('\n').slice(3).join('\n');

describe('printText and printFile', () => {
  it('format each file from its own text, even right after another file of the same name', () => {
    const first = printText({ name: 'types.ts', provenance: PROVENANCE, text: 'const   x=1;' });
    const second = printText({ name: 'types.ts', provenance: PROVENANCE, text: 'let   later  =  3;' });
    expect([body(first), body(second)]).toEqual(['const x = 1;\n', 'let later = 3;\n']);
  });

  it('format a built file from what was built, also when the same build gave a result before', () => {
    const build = (statement: string) => printFile({ name: 'codec.ts', provenance: PROVENANCE, build: (file) => file.addStatements([statement]) });
    const printed = ['let   a  =  1;', 'let   bb  =  2;', 'let   a  =  1;', 'let   ccc  =  3;'].map((statement) => body(build(statement)));
    expect(printed).toEqual(['let a = 1;\n', 'let bb = 2;\n', 'let a = 1;\n', 'let ccc = 3;\n']);
  });
});
