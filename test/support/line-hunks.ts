/** Whether `part` appears in `whole` in order, gaps allowed (characters of a line, lines of a file). */
export function isSubsequence<T>({ part, whole }: { part: ArrayLike<T> & Iterable<T>; whole: Iterable<T> }): boolean {
  let at = 0;
  for (const item of whole) if (at < part.length && item === part[at]) at++;
  return at === part.length;
}

export interface Hunk {
  readonly removed: string[];
  readonly added: string[];
}

/** A longest-common-subsequence line diff, as runs of removed and added lines. */
export function lineHunks({ before, after }: { before: readonly string[]; after: readonly string[] }): Hunk[] {
  const lengths = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lengths[i]![j] = before[i] === after[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  const open = () => (current ??= (hunks.push({ removed: [], added: [] }), hunks[hunks.length - 1]!));
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      current = undefined;
      i++;
      j++;
    } else if (j < after.length && (i === before.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      open().added.push(after[j++]!);
    } else {
      open().removed.push(before[i++]!);
    }
  }
  return hunks;
}
