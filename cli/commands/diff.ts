import { readFileSync } from 'node:fs';
import { diffDocuments, type Change } from '../../conformance/diff/index.js';
import { loadSpec } from '../../generator/load.js';
import { buildModel, type DocumentModel } from '../../generator/model.js';
import { displayName, readablePath, UsageError, type Command } from './context.js';
import { COMMAND_USAGE } from './usage.js';

/** Printed when the arguments are wrong, as with --help. */
export const DIFF_USAGE = COMMAND_USAGE.diff.usage;

// Clients are who the gate protects, so the verdict for them comes first; a change that only
// providers must follow (an optional addition, a widening) reads as non-breaking.
const MARKERS = {
  both: 'BREAKING (client, provider)',
  client: 'BREAKING (client)',
  provider: 'non-breaking (providers must follow)',
  none: 'non-breaking',
} as const;
const MARKER_WIDTH = Math.max(...Object.values(MARKERS).map((m) => m.length));

/** Classifies every difference between two documents; exits 1 when a client would break. */
export const diffCommand: Command = async (context) => {
  const [oldPath, newPath, ...extra] = context.positionals;
  if (oldPath === undefined || newPath === undefined || extra.length > 0) throw new UsageError(DIFF_USAGE);
  const before = await modelAt(oldPath);
  const after = await modelAt(newPath);
  const changes = diffDocuments({ before, after });
  const breaking = countBreaking(changes);
  if (context.format === 'json') {
    // `ok` as every command's JSON has it: false exactly when the exit status is 1.
    context.out(JSON.stringify({ ok: breaking.client === 0, changes, breaking }));
  } else {
    for (const change of changes) context.out(`${marker(change).padEnd(MARKER_WIDTH)}  ${change.message}  ${change.pointer} [${change.kind}]`);
    context.out(summary({ changes, breaking, before: displayName(oldPath), after: displayName(newPath) }));
  }
  return breaking.client > 0 ? 1 : 0;
};

async function modelAt(path: string): Promise<DocumentModel> {
  const text = readFileSync(readablePath(path), 'utf8');
  return buildModel(await loadSpec({ text, name: displayName(path) }));
}

function marker(change: Change): string {
  if (change.client === 'breaking') return change.provider === 'breaking' ? MARKERS.both : MARKERS.client;
  return change.provider === 'breaking' ? MARKERS.provider : MARKERS.none;
}

function countBreaking(changes: readonly Change[]): { client: number; provider: number } {
  return {
    client: changes.filter((c) => c.client === 'breaking').length,
    provider: changes.filter((c) => c.provider === 'breaking').length,
  };
}

function summary({ changes, breaking, before, after }: { changes: readonly Change[]; breaking: { client: number; provider: number }; before: string; after: string }): string {
  if (changes.length === 0) return `No change between ${before} and ${after} that a client or a provider would notice.`;
  return `${changes.length} change(s) from ${before} to ${after}: ${breaking.client} breaking for clients, ${breaking.provider} breaking for providers.`;
}
