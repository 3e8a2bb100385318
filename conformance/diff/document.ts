import { pointerTo } from '../../generator/diagnostics.js';
import type { DocumentModel, ServerModel, SignatureModel } from '../../generator/model.js';
import { BOTH, breaks, CLIENTS_ONLY, type Change } from './change.js';
import { diffOperations } from './operations.js';

/**
 * Every difference that can change what a client or a provider does, in a fixed order (pointer,
 * then kind). Both sides are models, so a schema moved into components and $ref'd is no change.
 * Descriptions, examples, message templates, advice and the changelog are not compared; coverage.ts
 * says, for every field of the model, what compares it or why nothing does.
 */
export function diffDocuments({ before, after }: { before: DocumentModel; after: DocumentModel }): Change[] {
  const changes = [
    ...diffServers({ before: before.servers, after: after.servers }),
    ...diffSignature({ before: before.signature, after: after.signature }),
    ...diffProduct({ before: before.product, after: after.product }),
    ...diffOperations({ before: before.operations, after: after.operations }),
  ];
  // One schema reached from several places (a component used twice) is one change, said once.
  const unique = [...new Map(changes.map((change) => [JSON.stringify([change.pointer, change.kind, change.message]), change])).values()];
  return unique.sort((x, y) => compareText(x.pointer, y.pointer) || compareText(x.kind, y.kind) || compareText(x.message, y.message));
}

/**
 * Servers are where clients send: a provider (a fake, a proxy) answers wherever it runs, verify
 * is pointed at it with --base-url, so no server change breaks one. A server's one variable is
 * the client's option (a region, say), required or replaced by an endpoint: its default is only the
 * example a message gives, so only its name is compared.
 */
export function diffServers({ before, after }: { before: readonly ServerModel[]; after: readonly ServerModel[] }): Change[] {
  const changes: Change[] = [];
  const describe = (s: ServerModel) => (s.network === undefined ? s.url : `${s.url} (${s.network})`);
  const at = (servers: readonly ServerModel[], server: ServerModel) => pointerTo('#/servers', servers.indexOf(server));
  // Matched as the client picks one, by its network (x-acs-network), so reordering them is no change;
  // one without a network, by the origin it sends to. What is left is paired by origin: a network changed.
  const oldByKey = new Map(before.map((s) => [serverKey(s), s]));
  const pairs: [ServerModel, ServerModel][] = [];
  const added: ServerModel[] = [];
  for (const now of after) {
    const old = oldByKey.get(serverKey(now));
    if (old === undefined) added.push(now);
    else pairs.push([old, now]);
  }
  const paired = new Set(pairs.map(([old]) => old));
  const removed = before.filter((s) => !paired.has(s));
  for (const now of [...added]) {
    const old = removed.find((s) => destinationOf(s) === destinationOf(now));
    if (old === undefined) continue;
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(now), 1);
    pairs.push([old, now]);
  }
  for (const old of removed) changes.push({ pointer: at(before, old), kind: 'server-removed', message: `server ${describe(old)} removed`, ...CLIENTS_ONLY });
  for (const now of added) changes.push({ pointer: at(after, now), kind: 'server-added', message: `server ${describe(now)} added`, ...breaks({ client: false, provider: false }) });
  for (const [old, now] of pairs) {
    const pointer = at(after, now);
    if (destinationOf(old) !== destinationOf(now)) changes.push({ pointer, kind: 'server-url-changed', message: `server URL ${old.url} became ${now.url}`, ...CLIENTS_ONLY });
    if (old.network !== now.network) {
      changes.push({ pointer, kind: 'server-network-changed', message: `server ${now.url} network ${String(old.network)} became ${String(now.network)}`, ...CLIENTS_ONLY });
    }
    const variables = (s: ServerModel) => JSON.stringify(Object.keys(s.variables).sort(compareText));
    if (variables(old) !== variables(now)) {
      changes.push({ pointer: pointerTo(pointer, 'variables'), kind: 'server-variables-changed', message: `server ${now.url} variables ${variables(old)} became ${variables(now)}`, ...CLIENTS_ONLY });
    }
  }
  return changes;
}

function serverKey(server: ServerModel): string {
  return server.network === undefined ? `origin ${destinationOf(server)}` : `network ${server.network}`;
}

/**
 * What the client sends to: the URL's origin, its variables in place (a path, a trailing slash or
 * the scheme's case is no change). A URL that does not parse is compared as written.
 */
function destinationOf(server: ServerModel): string {
  const filled = server.url.replace(/\{([^{}]*)\}/g, (_, name: string) => `var-${name}`);
  try {
    return new URL(filled).origin;
  } catch {
    return server.url;
  }
}

export function diffSignature({ before, after }: { before: SignatureModel | undefined; after: SignatureModel | undefined }): Change[] {
  const describe = (s: SignatureModel | undefined) => (s === undefined ? 'no signature' : `${s.algorithm} in the ${s.header} header`);
  if (describe(before) === describe(after)) return [];
  return [{ pointer: '#/security', kind: 'signature-changed', message: `requests were signed with ${describe(before)}, now ${describe(after)}`, ...BOTH }];
}

/** The product names the client's error class, so code that catches it by name stops compiling. */
export function diffProduct({ before, after }: { before: string | undefined; after: string | undefined }): Change[] {
  if (before === after) return [];
  return [{ pointer: '#/info/x-acs-product', kind: 'product-changed', message: `product ${String(before)} became ${String(after)}`, ...CLIENTS_ONLY }];
}

/** Code-unit order, so the output does not depend on the locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
