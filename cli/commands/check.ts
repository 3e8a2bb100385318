import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareOutput } from '../../conformance/drift.js';
import { generateWithModel } from '../../generator/generate.js';
import { lintSpec } from '../../conformance/lint.js';
import { displayName, specPath, stringOption, type Command } from './context.js';
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
  const out = stringOption(context, 'out') ?? 'generated';
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

  const { changed, missing, extra } = compareOutput({ expected, out });
  const show = (label: string, paths: readonly string[]) => (paths.length === 0 ? [] : [`${label}: ${paths.map((p) => join(out, p)).join(', ')}`]);
  const drift = [...show('differs from what the spec produces', changed), ...show('missing', missing), ...show('not produced by the spec', extra)];
  steps.push({ name: `${out}/ is what ${name} produces`, ok: drift.length === 0, problems: drift, ...(drift.length > 0 ? { fix: `run \`${regenerateCommand(context)}\` and commit the result` } : {}) });

  const givenReleases = stringOption(context, 'releases');
  const releasesDir = givenReleases ?? join(dirname(spec), 'releases');
  // Without releases/ beside the spec there is no gate to run; a folder asked for by name that is
  // not there is a mistake (a typo in CI would otherwise switch the gate off in silence).
  if (givenReleases !== undefined && !statSync(givenReleases, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--releases ${givenReleases} is not a folder; give the folder of released documents (*.openapi.yaml), or leave --releases out to use releases/ beside the spec`);
  }
  if (existsSync(releasesDir)) {
    const { release, changes, versionBumped } = await breakingAgainstRelease({ current: model, releasesDir }).catch((error: unknown) => {
      throw error instanceof ReleaseError ? new UsageError(error.message) : error;
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

  return report(context, steps);
};

/** The command that brings the output back in sync, with the same --spec and --out as this check. */
function regenerateCommand(context: Parameters<Command>[0]): string {
  const given = (['spec', 'out'] as const).flatMap((option) => {
    const value = stringOption(context, option);
    return value === undefined ? [] : [`--${option} ${/^[\w./@:-]+$/.test(value) ? value : JSON.stringify(value)}`];
  });
  return ['npx emr-contract generate', ...given].join(' ');
}

function report(context: Parameters<Command>[0], steps: readonly Step[]): number {
  const ok = steps.every((s) => s.ok);
  if (context.format === 'json') {
    context.out(JSON.stringify({ ok, steps }));
    return ok ? 0 : 1;
  }
  for (const step of steps) {
    const write = step.ok ? context.out : context.err;
    write(`${step.ok ? '✓' : '✗'} ${step.name}`);
    for (const problem of step.problems) write(`    ${problem}`);
    if (step.fix !== undefined) write(`    Fix: ${step.fix}.`);
  }
  return ok ? 0 : 1;
}
