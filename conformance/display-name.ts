import { relative } from 'node:path';

/** The name a file goes by in headers and messages: relative to the working directory, forward slashes. */
export function displayName(path: string): string {
  return relative(process.cwd(), path).split('\\').join('/');
}
