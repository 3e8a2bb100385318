import { GeneratorError, pointerTo, type Diagnostic } from '../diagnostics.js';
import { compareSemver, parseSemver } from '../semver.js';

interface ChangelogEntry {
  readonly version: string;
  readonly date?: string;
  readonly summary: string;
}

const POINTER = '#/info/x-changelog';

/**
 * The contract's history (`info.x-changelog`) as the CHANGELOG a package ships, newest first.
 * Without the extension there is no history to tell, so the file says only the current version.
 */
export function emitChangelog({ document, title, version }: { document: Record<string, unknown>; title: string; version: string }): string {
  const entries = readChangelog(document);
  // A history that stops before the current version would ship a CHANGELOG silent about it.
  if (entries.length > 0 && !entries.some((entry) => entry.version === version)) {
    throw new GeneratorError([invalid(POINTER, `info.x-changelog has no entry for info.version ${version}: add one that says what changed`)]);
  }
  const lines = [`# Changelog of ${title}`, '', 'Versions of the contract (`info.version`), newest first.', ''];
  if (entries.length === 0) lines.push(`## ${version}`, '', 'No history is recorded in the contract (info.x-changelog).', '');
  for (const entry of newestFirst(entries)) lines.push(`## ${entry.version}${entry.date === undefined ? '' : ` — ${entry.date}`}`, '', entry.summary, '');
  return lines.join('\n');
}

/** By semver precedence, whichever order the list is written in (readChangelog made every version one, and each once). */
function newestFirst(entries: readonly ChangelogEntry[]): ChangelogEntry[] {
  return [...entries].sort((a, b) => compareSemver(parseSemver(b.version)!, parseSemver(a.version)!));
}

function readChangelog(document: Record<string, unknown>): ChangelogEntry[] {
  const info = document['info'] as Record<string, unknown> | undefined;
  const raw = info?.['x-changelog'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new GeneratorError([invalid(POINTER, 'info.x-changelog must be a list of { version, summary, date? }')]);
  const diagnostics: Diagnostic[] = [];
  const entries: ChangelogEntry[] = [];
  raw.forEach((item: unknown, index) => {
    const record = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const text = (field: string) => (typeof record[field] === 'string' && record[field] !== '' ? (record[field] as string) : undefined);
    const [version, summary, date] = [text('version'), text('summary'), text('date')];
    const lacking = [version === undefined ? 'version' : '', summary === undefined ? 'summary' : '', record['date'] !== undefined && date === undefined ? 'date' : ''].filter(Boolean);
    if (version === undefined || summary === undefined || lacking.length > 0) {
      diagnostics.push(invalid(pointerTo(POINTER, index), `a changelog entry needs a non-empty text for ${lacking.join(', ')}`));
      return;
    }
    // Sorted newest first, so each version must be one semver can order, and told once.
    if (parseSemver(version) === undefined) {
      diagnostics.push(invalid(pointerTo(POINTER, index, 'version'), `version ${JSON.stringify(version)} is not a semantic version (MAJOR.MINOR.PATCH), so the CHANGELOG cannot place it`));
      return;
    }
    const earlier = entries.findIndex((entry) => entry.version === version);
    if (earlier !== -1) {
      diagnostics.push(invalid(pointerTo(POINTER, index, 'version'), `version ${version} is told twice (also at ${pointerTo(POINTER, earlier)}); merge the two entries`));
      return;
    }
    entries.push({ version, summary, ...(date === undefined ? {} : { date }) });
  });
  if (diagnostics.length > 0) throw new GeneratorError(diagnostics);
  return entries;
}

function invalid(pointer: string, message: string): Diagnostic {
  return { code: 'invalid-changelog', pointer, message };
}
