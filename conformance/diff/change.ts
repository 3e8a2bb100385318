export type Verdict = 'breaking' | 'non-breaking';

/** One difference between two versions of a contract, judged from both ends of the wire. */
export interface Change {
  /** Where to look: in the new document, or in the old one for something that was removed. */
  readonly pointer: string;
  /** A stable id (`parameter-removed`, `maximum-lowered`, …) for tools and tests. */
  readonly kind: string;
  /** One line, in the API's own names. */
  readonly message: string;
  /** Does code written against the old contract keep working against a service that follows the new one? */
  readonly client: Verdict;
  /** Does a provider (fake, proxy, mock) written to the old contract still satisfy the new one? */
  readonly provider: Verdict;
}

export type Verdicts = Pick<Change, 'client' | 'provider'>;

export type Direction = 'request' | 'response';

/**
 * How a change moves the set of messages the contract allows. Fewer allowed requests break the
 * clients that sent the others. A provider must answer every request as the contract says (what
 * `verify` holds it to), refusals included, so any move of that set breaks it: one written to the
 * old contract accepts what is now refused, or refuses what is now allowed. For what the provider
 * sends back, fewer allowed answers break it and more break the clients that read them.
 */
export type Effect = 'narrows' | 'widens' | 'both' | 'neither';

export function breaks({ client, provider }: { client: boolean; provider: boolean }): Verdicts {
  return { client: client ? 'breaking' : 'non-breaking', provider: provider ? 'breaking' : 'non-breaking' };
}

export function judge({ effect, direction }: { effect: Effect; direction: Direction }): Verdicts {
  const narrows = effect === 'narrows' || effect === 'both';
  const widens = effect === 'widens' || effect === 'both';
  return direction === 'request' ? breaks({ client: narrows, provider: narrows || widens }) : breaks({ client: widens, provider: narrows });
}

export function combine(a: Effect, b: Effect): Effect {
  if (a === 'neither' || a === b) return b;
  if (b === 'neither') return a;
  return 'both';
}

export const BOTH = breaks({ client: true, provider: true });
export const CLIENTS_ONLY = breaks({ client: true, provider: false });
