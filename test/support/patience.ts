/**
 * How long a test's client waits for a real process (Prism, the strict front before it) to answer.
 * A hang detector, never a speed verdict: the client's own default (10 s) is a user's choice for a
 * real service, and a loaded machine took longer than that for Prism to read the largest request.
 * Four fifths of the suite's 5-minute test timeout, so the call that hung is the one reported.
 */
export const ANSWER_TIMEOUT_MS = 240_000;
