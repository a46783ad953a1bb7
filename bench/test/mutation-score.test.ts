import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mutateExcludedServerTests } from '../../vitest.mutate.config';

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
  /** The test files that ran, by path. */
  testFiles: Record<string, unknown>;
  /** The Stryker options the report was made with. */
  config: { mutate: string[]; testFiles: string[] };
}

const root = new URL('../../', import.meta.url);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

/** What the budget test reads of a focused run's Stryker options (`mutation/<name>.stryker.mjs`). */
interface StrykerOptions {
  mutate: string[];
  testFiles: string[];
  jsonReporter: { fileName: string };
  incrementalFile: string;
}

/** One `pnpm mutate` run: the files it mutates, the suites it may run (every suite when none) and its report. */
interface MutationRun {
  name: string;
  mutate: string[];
  testFiles: string[];
  report: MutationReport;
}

const focused = readJson<Record<string, { mutate: string[]; testFiles: string[] }>>(
  'mutation/focused-runs.json',
);
const runs: MutationRun[] = [
  {
    name: 'all-suites',
    mutate: readJson<{ mutate: string[] }>('stryker.config.json').mutate,
    testFiles: [],
    report: readJson('docs/mutation/report.json'),
  },
  ...Object.entries(focused).map(([name, run]) => ({
    name,
    ...run,
    report: readJson<MutationReport>(`docs/mutation/${name}/report.json`),
  })),
];
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

describe('the mutation runs (stryker.config.json, mutation/focused-runs.json)', () => {
  it('mutate each file in one run only', () => {
    const files = runs.flatMap((run) => run.mutate);
    expect(files.filter((file, index) => files.indexOf(file) !== index)).toEqual([]);
  });

  it('have a configuration file each, which runs them, and every configuration file a run', async () => {
    const configFiles = readdirSync(new URL('mutation/', root)).filter((name) =>
      name.endsWith('.stryker.mjs'),
    );
    expect(configFiles.sort()).toEqual(
      Object.keys(focused)
        .map((name) => `${name}.stryker.mjs`)
        .sort(),
    );
    for (const [name, run] of Object.entries(focused)) {
      const options: { default: StrykerOptions } = await import(
        new URL(`mutation/${name}.stryker.mjs`, root).href
      );
      expect(options.default, name).toMatchObject({
        mutate: run.mutate,
        testFiles: run.testFiles,
        jsonReporter: { fileName: `docs/mutation/${name}/report.json` },
        incrementalFile: `docs/mutation/${name}/stryker-incremental.json`,
      });
    }
  });

  it('focus on suites that exist and that vitest.mutate.config.ts does not leave out', () => {
    const excluded = mutateExcludedServerTests.map((path) => `packages/server/${path}`);
    for (const run of runs) {
      expect(
        run.testFiles.filter((path) => !existsSync(new URL(path, root))),
        run.name,
      ).toEqual([]);
      expect(
        run.testFiles.filter((path) => excluded.includes(path)),
        run.name,
      ).toEqual([]);
    }
  });
});

describe.each(runs)('mutation run $name', ({ mutate, testFiles, report }) => {
  it('was made with the files and suites the run now lists', () => {
    expect(report.config.mutate).toEqual(mutate);
    expect(report.config.testFiles).toEqual(testFiles);
  });

  it('ran every suite it lists (a suite that imports none of the mutated code adds nothing)', () => {
    expect(testFiles.filter((path) => !(path in report.testFiles))).toEqual([]);
  });

  it('reports exactly the files it mutates (a file of types only has no mutant to report)', () => {
    const reported = Object.keys(report.files);
    expect(reported.filter((path) => !mutate.includes(path))).toEqual([]);
    const unreported = mutate.filter((path) => !reported.includes(path));
    const withCode = unreported.filter((path) => !typesOnly(readFileSync(new URL(path, root), 'utf8')));
    expect(withCode, 'listed files with code but absent from the report: run pnpm mutate').toEqual([]);
  });

  it('mutates every source file of each server folder it mutates (a new file cannot slip out of the run)', () => {
    const serverFolders = new Set(
      mutate
        .filter((path) => path.startsWith('packages/server/src/'))
        .map((path) => path.slice(0, path.lastIndexOf('/'))),
    );
    for (const folder of serverFolders) {
      const sources = readdirSync(new URL(folder, root))
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => `${folder}/${name}`);
      expect(mutate.filter((path) => path.startsWith(`${folder}/`)).sort(), folder).toEqual(sources.sort());
    }
  });

  it('was produced from the current source of each file', () => {
    const stale = Object.entries(report.files)
      .filter(([path, file]) => readFileSync(new URL(path, root), 'utf8') !== file.source)
      .map(([path]) => path);
    expect(stale, 'changed since the report: run pnpm mutate').toEqual([]);
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
