// A focused mutation run (`pnpm mutate catalog`): one folder's mutants against the suites that own its rules
// (Stryker's `testFiles`), listed in focused-runs.json. Code such as the catalog load or the store runs in nearly
// every server test, and a surviving mutant runs every test that covers it: against the whole server suite that is
// about a minute a survivor, hours a folder. A mutant the owning suites kill, the whole suite kills too; timeouts
// and ignored static mutants are the exceptions (docs/mutation/README.md, "The runs").
import { readFileSync } from 'node:fs';

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

/** The Stryker options of the focused run `name`: stryker.config.json's, with its own files and reports. */
export function focusedRun(name) {
  const run = read('./focused-runs.json')[name];
  if (!run) throw new Error(`mutation/focused-runs.json has no run named ${name}`);
  const folder = `docs/mutation/${name}`;
  return {
    ...read('../stryker.config.json'),
    mutate: run.mutate,
    testFiles: run.testFiles,
    incrementalFile: `${folder}/stryker-incremental.json`,
    htmlReporter: { fileName: `${folder}/report.html` },
    jsonReporter: { fileName: `${folder}/report.json` },
  };
}
