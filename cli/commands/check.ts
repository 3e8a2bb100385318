import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareOutput, whyOwn } from '../../conformance/drift.js';
import { generateWithModel } from '../../generator/generate.js';
import { lintSpec } from '../../conformance/lint.js';
import { displayName, folderKind, outFolder, shownValue, specPath, stringOption, type Command } from './context.js';
import { breakingAgainstRelease, ReleaseError } from '../../conformance/releases.js';
import { UsageError } from './context.js';


interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly fix?: string;
}

/**
 * The CI gate, in the order a reviewer would ask: is the spec valid and does it keep the house
 * rules; is generated/ exactly what it produces; does it break clients of the last release without
 * saying so (spec/releases/ beside the spec, or --releases).
 */
export const checkCommand: Command = async (context) => {
  const spec = specPath(context);
  const out = outFolder(context);
  if (folderKind(out) === 'not-a-folder') throw new UsageError(`--out ${out} is a file or runs through one; give the folder the code was generated into`);
  const name = displayName(spec);
  const text = readFileSync(spec, 'utf8');
  // One reading of the spec serves the house rules, the drift check and the release gate.
  const { spec: loaded, model, files: expected } = await generateWithModel({ text, name });
  const steps: Step[] = [];

  const findings = await lintSpec({ spec: loaded, model });
  steps.push({
    name: 'spec is valid OpenAPI and keeps the house rules',
    ok: findings.length === 0,
    problems: findings.map((f) => `${f.pointer}: ${f.message} [${f.rule}]`),
  });

  const { changed, foreign, missing, extra, blocked } = compareOutput({ expected, out });
  const show = (label: string, paths: readonly string[]) => (paths.length === 0 ? [] : [`${label}: ${paths.map((p) => join(out, p)).join(', ')}`]);
  const drift = [
    ...show('differs from what the spec produces', changed),
    ...foreign.map((path) => `is a file of your own where the generator writes one (it ${whyOwn(path)}): ${join(out, path)}`),
    ...show('in the way of what the generator writes (a file where it writes a folder, or a folder where it writes a file)', blocked),
    ...show('missing', missing),
    ...show('not produced by the spec', extra),
  ];
  const regenerate = `run \`${regenerateCommand(context)}\` and commit the result`;
  const own = [...foreign, ...blocked];
  const fix = own.length > 0 ? `move ${own.map((p) => join(out, p)).join(', ')} out of ${out}/, then ${regenerate}` : regenerate;
  steps.push({ name: `${out}/ is what ${name} produces`, ok: drift.length === 0, problems: drift, ...(drift.length > 0 ? { fix } : {}) });

  const givenReleases = stringOption(context, 'releases');
  const releasesDir = givenReleases ?? join(dirname(spec), 'releases');
  // Without releases/ beside the spec there is no gate to run; a folder asked for by name that is
  // not there is a mistake (a typo in CI would otherwise switch the gate off in silence).
  if (givenReleases !== undefined && folderKind(givenReleases) !== 'folder') {
    throw new UsageError(`--releases ${shownValue(givenReleases)} is not a folder; give the folder of released documents (*.openapi.yaml), or leave --releases out to use releases/ beside the spec`);
  }
  const notes: string[] = [];
  if (folderKind(releasesDir) !== 'folder') {
    // Said, not silent: releases/ at the project's root instead of beside the spec switched the gate off unseen.
    notes.push(`no ${releasesDir}/ folder, so the release checks (info.version, unannounced breaking changes) were skipped: keep released documents there, or pass --releases <folder>`);
  } else {
    const { release, releaseVersion, changes, versionBumped, order } = await breakingAgainstRelease({ current: model, currentPath: spec, releasesDir }).catch((error: unknown) => {
      throw error instanceof ReleaseError ? new UsageError(error.message) : error;
    });
    // A version that goes back, or stays while the contract changed, leaves two contracts under one
    // number (and the changelog, newest first, out of order).
    const behind = order < 0 ? `info.version ${model.version} is below ${releaseVersion}, the version of ${displayName(release)}` : undefined;
    const unchanged = order === 0 && changes.length > 0 ? `info.version ${model.version} is the version of ${displayName(release)}, yet the contract changed (${changes.length} change${changes.length === 1 ? '' : 's'}, as \`emr-contract diff\` lists them)` : undefined;
    const wrong = behind ?? unchanged;
    steps.push({
      name: `info.version follows ${displayName(release)}`,
      ok: wrong === undefined,
      problems: wrong === undefined ? [] : [wrong],
      ...(wrong === undefined ? {} : { fix: `set info.version above ${releaseVersion}: the minor number for a compatible change, the major for a breaking one` }),
    });
    const breaking = changes.filter((c) => c.client === 'breaking');
    const announced = breaking.length === 0 || versionBumped;
    steps.push({
      name: `no unannounced breaking change against ${displayName(release)}`,
      ok: announced,
      problems: breaking.map((c) => `${c.message} (${c.pointer})${versionBumped ? ' — announced by the major version' : ''}`),
      ...(announced ? {} : { fix: `raise the major number of info.version (now ${model.version}) or make the change backward compatible` }),
    });
  }

  return report({ context, steps, notes });
};

/** The command that brings the output back in sync, with the same --spec and --out as this check. */
function regenerateCommand(context: Parameters<Command>[0]): string {
  const given = (['spec', 'out'] as const).flatMap((option) => {
    const value = stringOption(context, option);
    return value === undefined ? [] : [`--${option} ${/^[\w./@:-]+$/.test(value) ? value : JSON.stringify(value)}`];
  });
  return ['npx emr-contract generate', ...given].join(' ');
}

function report({ context, steps, notes }: { context: Parameters<Command>[0]; steps: readonly Step[]; notes: readonly string[] }): number {
  const ok = steps.every((s) => s.ok);
  if (context.format === 'json') {
    context.out(JSON.stringify({ ok, steps, notes }));
    return ok ? 0 : 1;
  }
  for (const step of steps) {
    const write = step.ok ? context.out : context.err;
    write(`${step.ok ? '✓' : '✗'} ${step.name}`);
    for (const problem of step.problems) write(`    ${problem}`);
    if (step.fix !== undefined) write(`    Fix: ${step.fix}.`);
  }
  for (const note of notes) context.out(`- ${note}`);
  return ok ? 0 : 1;
}
