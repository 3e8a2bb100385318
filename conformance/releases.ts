import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../generator/diagnostics.js';
import { loadSpec } from '../generator/load.js';
import { buildModel, type DocumentModel } from '../generator/model.js';
import { diffDocuments, type Change } from './diff/index.js';
import { displayName } from './display-name.js';

/** A problem with the released documents themselves, which the user must fix in spec/releases/. */
export class ReleaseError extends Error {}

/**
 * The newest release (by info.version, compared as semver, not by file name) diffed against the
 * current document, and whether the current MAJOR is above the release's: what a CI gate needs to
 * refuse a client-breaking change that was not announced by a major version.
 */
export async function breakingAgainstRelease({ current, releasesDir }: { current: DocumentModel; releasesDir: string }): Promise<{ release: string; changes: Change[]; versionBumped: boolean }> {
  const files = readdirSync(releasesDir)
    .filter((file) => /\.openapi\.(ya?ml|json)$/.test(file))
    .sort();
  if (files.length === 0) throw new ReleaseError(`no released document (*.openapi.yaml) in ${releasesDir}`);
  const releases = await Promise.all(
    files.map(async (file) => {
      const path = join(releasesDir, file);
      const model = await loadSpec({ text: readFileSync(path, 'utf8'), name: displayName(path) })
        .then(buildModel)
        .catch((error: unknown) => {
          // The diagnostics point into the release, so the message must say which one.
          throw error instanceof GeneratorError ? new ReleaseError(`the released document ${displayName(path)} does not load:\n${error.message}`) : error;
        });
      return { path, model, version: parseSemver({ version: model.version, source: path }) };
    }),
  );
  releases.sort((a, b) => compareSemver(b.version, a.version));
  const [newest, runnerUp] = releases;
  if (runnerUp !== undefined && compareSemver(newest!.version, runnerUp.version) === 0) {
    throw new ReleaseError(`${newest!.path} and ${runnerUp.path} both claim version ${newest!.model.version}`);
  }
  const currentVersion = parseSemver({ version: current.version, source: 'the current document' });
  return {
    release: newest!.path,
    changes: diffDocuments({ before: newest!.model, after: current }),
    versionBumped: currentVersion.major > newest!.version.major,
  };
}

interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

function parseSemver({ version, source }: { version: string; source: string }): Semver {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  if (match === null) throw new ReleaseError(`${source}: info.version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH)`);
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
