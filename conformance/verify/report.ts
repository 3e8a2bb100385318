export type CheckName = 'status' | 'code' | 'body' | 'content-type';
export const CHECKS: readonly CheckName[] = ['status', 'code', 'body', 'content-type'];

export interface Report {
  readonly ok: boolean;
  readonly baseUrl: string;
  readonly seed: number;
  readonly count: number;
  /** `atLimits`: how many valid requests sat on a documented limit (a range's end, a list's maxItems, an enum value). */
  readonly valid: { readonly sent: number; readonly ok: number; readonly atLimits: number };
  /** `kinds`: how many invalid requests broke each kind of constraint (`rule:<code>` for a cross-field rule). */
  readonly invalid: { readonly sent: number; readonly ok: number; readonly kinds: Readonly<Record<string, number>> };
  /** Requests that got no answer at all (refused connection, timeout). */
  readonly unanswered: number;
  readonly checks: Readonly<Record<CheckName, { readonly checked: number; readonly ok: number }>>;
  readonly failures: readonly Failure[];
  /** What the verification could not exercise, so a pass is read for what it is. */
  readonly notes: readonly string[];
}

export interface Failure {
  readonly operation: string;
  readonly case: 'valid' | 'invalid';
  readonly index: number;
  /** For an invalid case: the one constraint it breaks. */
  readonly breaks?: string;
  /** For a valid case on a documented limit: the limit. */
  readonly keeps?: string;
  readonly expected: { readonly status: number; readonly code?: string };
  /** `headers`: every header sent (signed with made-up test credentials), so the request can be replayed by hand. */
  readonly request: { readonly method: string; readonly url: string; readonly query: string; readonly headers: Readonly<Record<string, string>> };
  readonly response?: { readonly status: number; readonly contentType: string | undefined; readonly body: string };
  readonly problems: readonly { readonly check: CheckName | 'transport'; readonly message: string }[];
  /** The options that send this case again (as the last of the run). */
  readonly replay: string;
}
