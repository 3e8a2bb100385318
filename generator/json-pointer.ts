/**
 * JSON pointers (RFC 6901) in their URI-fragment form (`#/paths/~1/post`), both ways, in one
 * place: the loader checks `$ref`s, the reader follows them and the house rules find nodes by the
 * pointers diagnostics print, and three hand-written walks had drifted apart (one skipped `~0`/`~1`,
 * one climbed the prototype chain).
 */

/**
 * Appends segments to a pointer. `~` and `/` are escaped as RFC 6901 says, and `%` as `%25`
 * because a fragment is percent-decoded before it is split: without it a key such as `%41`
 * would come back from resolvePointer as `A`.
 */
export function pointerTo(base: string, ...segments: readonly (string | number)[]): string {
  const escaped = segments.map((s) => String(s).replaceAll('%', '%25').replaceAll('~', '~0').replaceAll('/', '~1'));
  return [base, ...escaped].join('/');
}

/**
 * The keys a pointer names, decoded, or undefined when it is not a local pointer (`#` or `#/…`)
 * or holds a malformed percent-escape. `~1` is decoded before `~0`, so `~01` stays the key `~1`.
 */
export function pointerSegments(pointer: string): string[] | undefined {
  if (pointer === '#') return [];
  if (!pointer.startsWith('#/')) return undefined;
  const segments: string[] = [];
  for (const raw of pointer.slice(2).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    segments.push(decoded.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return segments;
}

/**
 * The value a local pointer names in a document, or undefined when it names nothing. Only a
 * node's own keys count, so `#/__proto__` or `#/constructor` find nothing rather than Object's
 * internals, and an array is entered only by a canonical index (`0`, `12`; not `01`, `-`, `length`).
 */
export function resolvePointer({ document, pointer }: { document: unknown; pointer: string }): unknown {
  const segments = pointerSegments(pointer);
  if (segments === undefined) return undefined;
  let node: unknown = document;
  for (const key of segments) {
    node = ownChild({ node, key });
    if (node === undefined) return undefined;
  }
  return node;
}

function ownChild({ node, key }: { node: unknown; key: string }): unknown {
  if (Array.isArray(node)) return /^(0|[1-9]\d*)$/.test(key) && Number(key) < node.length ? node[Number(key)] : undefined;
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
  return (node as Record<string, unknown>)[key];
}
