import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffDocuments, type Change } from '../diff.js';
import { loadSpec } from '../load.js';
import { buildModel, type DocumentModel } from '../model.js';
import { displayName, UsageError, type Command } from './context.js';

export const DIFF_USAGE = `usage: emr-contract diff <old> <new> [--format text|json]
  Lists every difference between two versions of the spec that changes what a client or a
  provider does, each judged twice: for clients (code written against <old> keeps working against
  a service that follows <new>) and for providers (a fake, proxy or mock written to <old> still
  satisfies <new>). Descriptions and examples are not compared.
  Exit code: 1 when at least one change breaks clients; 0 otherwise, even when some break only
  providers; 2 when a document cannot be read or is invalid, or the arguments are wrong.`;

// Clients are who the gate protects, so the verdict for them comes first; a change that only
// providers must follow (an optional addition, a widening) reads as non-breaking.
const MARKERS = {
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
    context.out(JSON.stringify({ changes, breaking }));
  } else {
    for (const change of changes) context.out(`${marker(change).padEnd(MARKER_WIDTH)}  ${change.message}  ${change.pointer} [${change.kind}]`);
    context.out(summary({ changes, breaking, before: displayName(oldPath), after: displayName(newPath) }));
  }
  return breaking.client > 0 ? 1 : 0;
};

/**
 * The newest release (by info.version, compared as semver, not by file name) diffed against the
 * current document, and whether the current MAJOR is above the release's: what a CI gate needs to
 * refuse a client-breaking change that was not announced by a major version.
 */
export async function breakingAgainstRelease({ current, releasesDir }: { current: DocumentModel; releasesDir: string }): Promise<{ release: string; changes: Change[]; versionBumped: boolean }> {
  const files = readdirSync(releasesDir)
    .filter((file) => /\.openapi\.(ya?ml|json)$/.test(file))
    .sort();
  if (files.length === 0) throw new UsageError(`no released document (*.openapi.yaml) in ${releasesDir}`);
  const releases = await Promise.all(
    files.map(async (file) => {
      const path = join(releasesDir, file);
      const model = await modelAt(path);
      return { path, model, version: parseSemver({ version: model.version, source: path }) };
    }),
  );
  releases.sort((a, b) => compareSemver(b.version, a.version));
  const [newest, runnerUp] = releases;
  if (runnerUp !== undefined && compareSemver(newest!.version, runnerUp.version) === 0) {
    throw new UsageError(`${newest!.path} and ${runnerUp.path} both claim version ${newest!.model.version}`);
  }
  const currentVersion = parseSemver({ version: current.version, source: 'the current document' });
  return {
    release: newest!.path,
    changes: diffDocuments({ before: newest!.model, after: current }),
    versionBumped: currentVersion.major > newest!.version.major,
  };
}

async function modelAt(path: string): Promise<DocumentModel> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return buildModel(await loadSpec({ text, name: displayName(path) }));
}

function marker(change: Change): string {
  if (change.client === 'breaking') return MARKERS.client;
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

interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

function parseSemver({ version, source }: { version: string; source: string }): Semver {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (match === null) throw new UsageError(`${source}: info.version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH)`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4]?.split('.') ?? [] };
}

/** Semver precedence: numbers as numbers, a prerelease before its release (build metadata ignored). */
function compareSemver(a: Semver, b: Semver): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const order = comparePrereleasePart(a.prerelease[i]!, b.prerelease[i]!);
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

function comparePrereleasePart(a: string, b: string): number {
  const numeric = (s: string) => /^\d+$/.test(s);
  if (numeric(a) && numeric(b)) return Number(a) - Number(b);
  if (numeric(a) !== numeric(b)) return numeric(a) ? -1 : 1;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
