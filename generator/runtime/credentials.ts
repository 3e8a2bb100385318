/**
 * Where a client's credentials come from, and the checks that keep them out of every error: a
 * credential a header cannot carry is refused here, before fetch or node:http could quote it.
 */
import { ClientConfigurationError } from './errors.js';
import { nameOf } from './validation.js';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string | undefined;
}

/** Fixed credentials, or a function asked before every attempt (for ones that rotate). */
export type CredentialsOption = Credentials | (() => Credentials | Promise<Credentials>);

/** What a header value may hold for Node and fetch alike. */
export const HEADER_SAFE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Credentials live only in this closure: never on the client, an error or an event. Fixed ones and
 * the environment's come back without a promise, so only a function's wait is bounded by a timer.
 */
export function credentialSource(given: CredentialsOption | undefined): () => Credentials | Promise<Credentials> {
  if (typeof given === 'function') return async () => checkCredentials(await asked(given));
  if (given !== undefined) {
    const checked = checkCredentials(given);
    return () => checked;
  }
  return () =>
    checkCredentials({
      accessKeyId: process.env['ALIBABA_CLOUD_ACCESS_KEY_ID'] ?? '',
      accessKeySecret: process.env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] ?? '',
      ...(process.env['ALIBABA_CLOUD_SECURITY_TOKEN'] ? { securityToken: process.env['ALIBABA_CLOUD_SECURITY_TOKEN'] } : {}),
    });
}

/** What a credentials function gave; its own failure becomes the client's, with what it threw as the cause. */
async function asked(given: () => Credentials | Promise<Credentials>): Promise<Credentials> {
  try {
    return await given();
  } catch (error) {
    if (error instanceof ClientConfigurationError) throw error;
    // Its message is not quoted: a function that reads a secret may say it in its own error.
    throw new ClientConfigurationError(`the credentials function failed (${nameOf(error)}), so nothing was sent; what it threw is this error's cause`, { cause: error });
  }
}

function checkCredentials(credentials: Credentials): Credentials {
  if (typeof credentials?.accessKeyId !== 'string' || credentials.accessKeyId === '' || typeof credentials.accessKeySecret !== 'string' || credentials.accessKeySecret === '') {
    throw new ClientConfigurationError(
      'no credentials: pass credentials { accessKeyId, accessKeySecret } or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  }
  const token: unknown = credentials.securityToken;
  if (token !== undefined && typeof token !== 'string') {
    throw new ClientConfigurationError(`credentials.securityToken must be text or left out, not ${token === null ? 'null' : typeof token === 'object' ? 'an object' : `a ${typeof token}`}; check how it was read`);
  }
  // fetch quotes a header value it refuses in its own error; a credential must never get that far.
  for (const [name, value] of [['accessKeyId', credentials.accessKeyId], ['securityToken', credentials.securityToken]] as const) {
    if (value !== undefined && !HEADER_SAFE.test(value)) {
      throw new ClientConfigurationError(`credentials.${name} holds characters an HTTP header cannot carry (a line break, a control character or non-Latin-1 text); check how it was read`);
    }
  }
  return credentials;
}
