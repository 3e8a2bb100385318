import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorError } from '../generator/diagnostics.js';
import { loadSpec } from '../generator/load.js';
import { buildModel, type DocumentModel } from '../generator/model.js';
import { compareSemver, parseSemver, type Semver } from '../generator/semver.js';
import { diffDocuments, type Change } from './diff/index.js';
import { displayName } from './display-name.js';

/** A problem with the released documents themselves, which the user must fix in spec/releases/. */
export class ReleaseError extends Error {}

/**
 * The newest release (by info.version, compared as semver, not by file name) diffed against the
 * current document, and whether the current MAJOR is above the release's: what a CI gate needs to
 * refuse a client-breaking change that was not announced by a major version.
 */
export async function breakingAgainstRelease({ current, currentPath, releasesDir }: {
  current: DocumentModel;
  /** The current document's file: kept beside its releases, it is not one of them. */
  currentPath?: string;
  releasesDir: string;
}): Promise<{
  release: string;
  releaseVersion: string;
  changes: Change[];
  versionBumped: boolean;
  /** The current version against the release's: below 0 is older, 0 the same. */
  order: number;
}> {
  const itself = currentPath === undefined ? undefined : realpathSync(currentPath);
  const files = readdirSync(releasesDir)
    .filter((file) => /\.openapi\.(ya?ml|json)$/.test(file) && realpathSync(join(releasesDir, file)) !== itself)
    .sort();
  if (files.length === 0) throw new ReleaseError(`no released document (*.openapi.yaml) in ${releasesDir}${itself === undefined ? '' : ' besides the current document'}`);
  const releases = await Promise.all(
    files.map(async (file) => {
      const path = join(releasesDir, file);
      const model = await loadSpec({ text: readFileSync(path, 'utf8'), name: displayName(path) })
        .then(buildModel)
        .catch((error: unknown) => {
          // The diagnostics point into the release, so the message must say which one.
          throw error instanceof GeneratorError ? new ReleaseError(`the released document ${displayName(path)} does not load:\n${error.message}`) : error;
        });
      return { path, model, version: semverOf({ version: model.version, source: path }) };
    }),
  );
  releases.sort((a, b) => compareSemver(b.version, a.version));
  const [newest, runnerUp] = releases;
  if (runnerUp !== undefined && compareSemver(newest!.version, runnerUp.version) === 0) {
    throw new ReleaseError(`${newest!.path} and ${runnerUp.path} both claim version ${newest!.model.version}`);
  }
  const currentVersion = semverOf({ version: current.version, source: 'the current document' });
  return {
    release: newest!.path,
    releaseVersion: newest!.model.version,
    changes: diffDocuments({ before: newest!.model, after: current }),
    versionBumped: currentVersion.major > newest!.version.major,
    order: compareSemver(currentVersion, newest!.version),
  };
}

function semverOf({ version, source }: { version: string; source: string }): Semver {
  const parsed = parseSemver(version);
  if (parsed === undefined) throw new ReleaseError(`${source}: info.version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH)`);
  return parsed;
}
