/**
 * Assertions for the bodies of properties that run thousands of times. Vitest's `expect` builds
 * a chai assertion on every call, about a third of a validator property's time; these compare
 * with Node's own strict deep equality and hand over to `expect` only to report a mismatch, so a
 * failure reads exactly as before.
 */
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

export function expectStrictEqual<T>(actual: T, expected: T, message?: string): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual, message).toStrictEqual(expected);
}

export function expectSame<T>(actual: T, expected: T, message?: string): void {
  if (!Object.is(actual, expected)) expect(actual, message).toBe(expected);
}
