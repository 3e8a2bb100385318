import { readFileSync } from 'node:fs';

/** How often a long-running command looks whether whoever started it is still there. */
const POLL_MS = 500;

/**
 * Calls `onGone` once the process that started this one is gone, however it went: killed outright
 * (SIGKILL forwards nothing) or ended without stopping us. A long-running command (the mock) uses
 * it so that nothing it started is left listening for nobody. Under `npx` the chain is
 * npm → `sh -c` → node, and the shell outlives an npm killed outright, so npm is watched too.
 */
export function watchLifeline(onGone: () => void): () => void {
  const parent = process.ppid;
  const watched = process.env['npm_command'] === undefined ? [] : [parentOf(parent)].filter((pid): pid is number => pid !== undefined && pid > 1);
  const timer = setInterval(() => {
    if (process.ppid !== parent || watched.some((pid) => !alive(pid))) {
      clearInterval(timer);
      onGone();
    }
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent of another process, where the system says (Linux's /proc); undefined elsewhere. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
