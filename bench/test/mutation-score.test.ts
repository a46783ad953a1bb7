import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The committed mutation report (`pnpm mutate`) must be current and at or above the threshold: a rule about money
// that changes without its tests changing too shows up here, not in production.

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status:
    | 'Killed'
    | 'Survived'
    | 'NoCoverage'
    | 'Timeout'
    | 'CompileError'
    | 'RuntimeError'
    | 'Ignored'
    | 'Pending';
  location: { start: { line: number; column: number } };
}

interface MutationReport {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const root = new URL('../../', import.meta.url);
const strykerConfig: { mutate: string[] } = JSON.parse(
  readFileSync(new URL('stryker.config.json', root), 'utf8'),
);
const report: MutationReport = JSON.parse(readFileSync(new URL('docs/mutation/report.json', root), 'utf8'));
/** The README's table plus one file per folder in docs/mutation/equivalent-mutants/ (folders are worked on apart). */
const explainedDir = new URL('docs/mutation/equivalent-mutants/', root);
const explained = [
  readFileSync(new URL('docs/mutation/README.md', root), 'utf8'),
  ...readdirSync(explainedDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => readFileSync(new URL(name, explainedDir), 'utf8')),
].join('\n');
const threshold = 90;

/** A module that declares only types and interfaces: Stryker finds nothing to mutate in it and leaves it out. */
function typesOnly(source: string): boolean {
  return !/^\s*(export\s+)?(default\s+)?(async\s+)?(function|const|let|var|class|enum)\b/m.test(source);
}

const detected = (mutant: Mutant) => mutant.status === 'Killed' || mutant.status === 'Timeout';
const counted = (mutant: Mutant) =>
  detected(mutant) || mutant.status === 'Survived' || mutant.status === 'NoCoverage';

/** Stryker's score: detected mutants over all valid ones (errors and ignored mutants do not count). */
function score(mutants: Mutant[]): number {
  const valid = mutants.filter(counted);
  return valid.length === 0 ? 100 : (100 * valid.filter(detected).length) / valid.length;
}

describe('mutation testing (docs/mutation/report.json)', () => {
  it('covers exactly the files stryker.config.json mutates (a file of types only has no mutant to report)', () => {
    const reported = Object.keys(report.files);
    expect(reported.filter((path) => !strykerConfig.mutate.includes(path))).toEqual([]);
    const unreported = strykerConfig.mutate.filter((path) => !reported.includes(path));
    const withCode = unreported.filter((path) => !typesOnly(readFileSync(new URL(path, root), 'utf8')));
    expect(withCode, 'listed files with code but absent from the report: run pnpm mutate').toEqual([]);
  });

  it('mutates every source file of each mutated server folder (a new file cannot slip out of the run)', () => {
    const serverFolders = new Set(
      strykerConfig.mutate
        .filter((path) => path.startsWith('packages/server/src/'))
        .map((path) => path.slice(0, path.lastIndexOf('/'))),
    );
    for (const folder of serverFolders) {
      const sources = readdirSync(new URL(folder, root))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => `${folder}/${name}`);
      expect(strykerConfig.mutate.filter((path) => path.startsWith(`${folder}/`)).sort(), folder).toEqual(
        sources.sort(),
      );
    }
  });

  it.each(Object.keys(report.files))('was produced from the current source of %s', (path) => {
    const current = readFileSync(new URL(path, root), 'utf8');
    expect(current === report.files[path]?.source, `${path} changed since the report: run pnpm mutate`).toBe(
      true,
    );
  });

  it(`scores at least ${threshold}% in every folder`, () => {
    const folders = new Map<string, Mutant[]>();
    for (const [path, file] of Object.entries(report.files)) {
      const folder = path.slice(0, path.lastIndexOf('/'));
      folders.set(folder, [...(folders.get(folder) ?? []), ...file.mutants]);
    }
    for (const [folder, mutants] of folders) {
      expect(score(mutants), folder).toBeGreaterThanOrEqual(threshold);
    }
  });

  it('explains every surviving mutant in docs/mutation/README.md or equivalent-mutants/', () => {
    const unexplained = Object.entries(report.files).flatMap(([path, file]) =>
      file.mutants
        .filter((mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage')
        .map((mutant) => `${path}:${mutant.location.start.line}:${mutant.location.start.column}`)
        .filter((where) => !explained.includes(`\`${where}\``)),
    );
    expect(unexplained).toEqual([]);
  });
});
