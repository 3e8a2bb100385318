/**
 * How much work a backtracking regular-expression engine does on a string, counted in steps rather
 * than timed, so a verdict on a pattern's cost is the same on any machine, loaded or not.
 *
 * The pattern is compiled to a small program (character tests, splits, jumps, assertions) and run
 * the way a backtracking engine such as V8's irregexp runs it: depth first, trying the preferred
 * branch and coming back to the other on failure, from every start position for an unanchored
 * search, with no memo. That is the most work such an engine can do; the real one may skip some of
 * it, never add to it. A pattern whose count grows faster than the string here can blow up there.
 *
 * Only the syntax the generated code may use is understood. Anything else (lookaround,
 * backreferences, flags other than g/y/d) is refused with an error, never silently approximated.
 */

type CharTest = (code: number) => boolean;

type Node =
  | { readonly type: 'char'; readonly test: CharTest }
  | { readonly type: 'seq'; readonly items: readonly Node[] }
  | { readonly type: 'alt'; readonly branches: readonly Node[] }
  | { readonly type: 'repeat'; readonly body: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly type: 'assert'; readonly kind: 'start' | 'end' | 'boundary' | 'not-boundary' };

type Instruction =
  | { readonly op: 'char'; readonly test: CharTest }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { readonly op: 'assert'; readonly kind: 'start' | 'end' | 'boundary' | 'not-boundary' }
  | { readonly op: 'match' };

export class UnsupportedPattern extends Error {
  override readonly name = 'UnsupportedPattern';
}

const isDigit: CharTest = (c) => c >= 0x30 && c <= 0x39;
const isWord: CharTest = (c) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i)]);
const isSpace: CharTest = (c) => SPACE.has(c);
const isLineTerminator: CharTest = (c) => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
const not = (test: CharTest): CharTest => (c) => !test(c);
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d, '0': 0x00 };
const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = { d: isDigit, D: not(isDigit), w: isWord, W: not(isWord), s: isSpace, S: not(isSpace) };
const SIMPLE_QUANTIFIERS: Readonly<Record<string, { readonly min: number; readonly max: number }>> = { '*': { min: 0, max: Infinity }, '+': { min: 1, max: Infinity }, '?': { min: 0, max: 1 } };
/** Copies of a bounded repeat are spelled out; past this the pattern is refused rather than exploded. */
const MAX_SPELLED_OUT = 256;

/** Parses the subset of JavaScript pattern syntax described above. */
function parse(source: string): Node {
  let at = 0;
  const peek = () => source[at];
  const fail = (what: string): never => {
    throw new UnsupportedPattern(`/${source}/: ${what} at ${at}`);
  };

  function hex(length: number): number {
    const digits = source.slice(at, at + length);
    if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(digits)) fail('a malformed hex escape');
    at += length;
    return parseInt(digits, 16);
  }

  /** After a backslash: a character class escape, or one code unit. */
  function escape({ inClass }: { inClass: boolean }): CharTest | number {
    const char = source[at++];
    if (char === undefined) return fail('a trailing backslash');
    const named = CLASS_ESCAPES[char];
    if (named !== undefined) return named;
    if (char === 'x') return hex(2);
    if (char === 'u') return peek() === '{' ? fail('a \\u{…} escape (needs the u flag)') : hex(4);
    if (char in CONTROL_ESCAPES && !(char === '0' && /[0-9]/.test(peek() ?? ''))) return CONTROL_ESCAPES[char]!;
    if (char === 'b' && inClass) return 0x08;
    if (/[1-9]/.test(char) || char === 'k') return fail('a backreference');
    if (/[pPcq]/.test(char)) return fail(`the escape \\${char}`);
    return char.charCodeAt(0);
  }

  function characterClass(): Node {
    at++; // [
    const negated = peek() === '^';
    if (negated) at++;
    const tests: CharTest[] = [];
    const unit = (): CharTest | number => {
      const char = source[at++];
      if (char === undefined) return fail('an unterminated class');
      return char === '\\' ? escape({ inClass: true }) : char.charCodeAt(0);
    };
    while (peek() !== ']') {
      if (at >= source.length) fail('an unterminated class');
      const low = unit();
      if (peek() === '-' && source[at + 1] !== ']' && source[at + 1] !== undefined) {
        at++;
        const high = unit();
        if (typeof low !== 'number' || typeof high !== 'number') return fail('a range with a class escape');
        tests.push((c) => c >= low && c <= high);
      } else {
        tests.push(typeof low === 'number' ? (c) => c === low : low);
      }
    }
    at++; // ]
    const any: CharTest = (c) => tests.some((test) => test(c));
    return { type: 'char', test: negated ? not(any) : any };
  }

  function atom(): Node {
    const char = source[at]!;
    if (char === '(') {
      at++;
      if (source.startsWith('?:', at)) at += 2;
      else if (source.startsWith('?<', at) && !/^\?<[=!]/.test(source.slice(at))) at = source.indexOf('>', at) + 1;
      else if (peek() === '?') fail('a lookaround');
      const inner = alternation();
      if (peek() !== ')') fail('an unclosed group');
      at++;
      return inner;
    }
    if (char === '[') return characterClass();
    at++;
    if (char === '.') return { type: 'char', test: not(isLineTerminator) };
    if (char === '^') return { type: 'assert', kind: 'start' };
    if (char === '$') return { type: 'assert', kind: 'end' };
    if (char === '\\') {
      if (peek() === 'b' || peek() === 'B') return { type: 'assert', kind: source[at++] === 'b' ? 'boundary' : 'not-boundary' };
      const escaped = escape({ inClass: false });
      return { type: 'char', test: typeof escaped === 'number' ? (c) => c === escaped : escaped };
    }
    const code = char.charCodeAt(0);
    return { type: 'char', test: (c) => c === code };
  }

  /** A quantifier after an atom, or undefined; `{` that does not start one is a literal (Annex B). */
  function quantifier(): { min: number; max: number } | undefined {
    const char = peek();
    const simple = char === undefined ? undefined : SIMPLE_QUANTIFIERS[char];
    if (simple !== undefined) {
      at++;
      return simple;
    }
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
    if (char !== '{' || braces === null) return undefined;
    at += braces[0].length;
    const min = Number(braces[1]);
    const max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    return { min, max };
  }

  function sequence(): Node {
    const items: Node[] = [];
    while (at < source.length && peek() !== '|' && peek() !== ')') {
      const base = atom();
      const bounds = quantifier();
      if (bounds === undefined) {
        items.push(base);
        continue;
      }
      const greedy = peek() !== '?';
      if (!greedy) at++;
      items.push({ type: 'repeat', body: base, ...bounds, greedy });
    }
    return { type: 'seq', items };
  }

  function alternation(): Node {
    const branches = [sequence()];
    while (peek() === '|') {
      at++;
      branches.push(sequence());
    }
    return branches.length === 1 ? branches[0]! : { type: 'alt', branches };
  }

  const tree = alternation();
  if (at !== source.length) fail('an unbalanced )');
  return tree;
}

function compile(tree: Node): Instruction[] {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction) => program.push(instruction) - 1;
  const optional = ({ body, greedy }: { body: Node; greedy: boolean }) => {
    const split = { op: 'split' as const, x: 0, y: 0 };
    emit(split);
    const start = program.length;
    visit(body);
    [split.x, split.y] = greedy ? [start, program.length] : [program.length, start];
  };
  const visit = (node: Node): void => {
    switch (node.type) {
      case 'char':
        emit({ op: 'char', test: node.test });
        return;
      case 'assert':
        emit({ op: 'assert', kind: node.kind });
        return;
      case 'seq':
        for (const item of node.items) visit(item);
        return;
      case 'alt': {
        const jumps: { op: 'jmp'; x: number }[] = [];
        node.branches.forEach((branch, index) => {
          if (index === node.branches.length - 1) return visit(branch);
          const split = { op: 'split' as const, x: program.length + 1, y: 0 };
          emit(split);
          visit(branch);
          const jump = { op: 'jmp' as const, x: 0 };
          emit(jump);
          jumps.push(jump);
          split.y = program.length;
        });
        for (const jump of jumps) jump.x = program.length;
        return;
      }
      case 'repeat': {
        const finite = node.max === Infinity ? node.min : node.max;
        if (finite > MAX_SPELLED_OUT) throw new UnsupportedPattern(`a repeat of ${finite} is too long to spell out`);
        for (let i = 0; i < node.min; i++) visit(node.body);
        if (node.max !== Infinity) {
          for (let i = node.min; i < node.max; i++) optional(node);
          return;
        }
        // loop: split body, out; body; jmp loop
        const loop = program.length;
        const split = { op: 'split' as const, x: 0, y: 0 };
        emit(split);
        const body = program.length;
        visit(node.body);
        emit({ op: 'jmp', x: loop });
        [split.x, split.y] = node.greedy ? [body, program.length] : [program.length, body];
        return;
      }
    }
  };
  visit(tree);
  emit({ op: 'match' });
  return program;
}

function holds({ kind, sp, input }: { kind: 'start' | 'end' | 'boundary' | 'not-boundary'; sp: number; input: string }): boolean {
  if (kind === 'start') return sp === 0;
  if (kind === 'end') return sp === input.length;
  const word = (at: number) => at >= 0 && at < input.length && isWord(input.charCodeAt(at));
  return (word(sp - 1) !== word(sp)) === (kind === 'boundary');
}

export interface Search {
  /** Whether the pattern matched; undefined when the budget ran out first. */
  readonly matched: boolean | undefined;
  readonly steps: number;
}

export interface CostedPattern {
  /** A backtracking search (`test`, from position 0) of `input`, counted in steps, given up at `budget`. */
  search(input: string, budget: number): Search;
}

/** Compiles a pattern for counting; throws UnsupportedPattern for what the counter does not model. */
export function costed({ source, flags }: { source: string; flags: string }): CostedPattern {
  const unsupportedFlags = flags.replace(/[gyd]/g, '');
  if (unsupportedFlags !== '') throw new UnsupportedPattern(`/${source}/${flags}: the flags ${unsupportedFlags} are not modelled`);
  const program = compile(parse(source));
  return {
    search(input, budget) {
      let steps = 0;
      for (let start = 0; start <= input.length; start++) {
        const stack: number[] = [0, start];
        while (stack.length > 0) {
          let sp = stack.pop()!;
          let pc = stack.pop()!;
          for (;;) {
            if (++steps >= budget) return { matched: undefined, steps };
            const instruction = program[pc]!;
            if (instruction.op === 'match') return { matched: true, steps };
            if (instruction.op === 'jmp') {
              pc = instruction.x;
              continue;
            }
            if (instruction.op === 'split') {
              stack.push(instruction.y, sp);
              pc = instruction.x;
              continue;
            }
            if (instruction.op === 'char') {
              if (sp >= input.length || !instruction.test(input.charCodeAt(sp))) break;
              pc++;
              sp++;
              continue;
            }
            if (!holds({ kind: instruction.kind, sp, input })) break;
            pc++;
          }
        }
      }
      return { matched: false, steps };
    },
  };
}
