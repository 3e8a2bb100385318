/**
 * The heap a process still holds after full garbage collections: what is retained, not what merely
 * has not been collected yet. Unlike RSS, it does not move with the allocator or with when the
 * collector happened to run, so a bound on it can be tight enough to catch a small leak.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A context made after the flag is set gets the gc() function, without starting Node with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Bytes of objects alive after full collections. Code spaces are left out: the JIT's output grows
 * with how much of the program got optimised so far, not with how much the program keeps.
 */
export function retainedObjectBytes(): number {
  // Twice: objects with finalizers (sockets, streams) are freed by the collection after the one that finds them.
  gc();
  gc();
  return getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('code_'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}
