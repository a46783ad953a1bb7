// A StrykerJS reporter for `pnpm mutate`: appends each mutant that survived, has no coverage or timed out to
// .stryker-live/survivors.tsv the moment it is tested (or reused from the incremental file), so tests for
// survivors can be written while a long run goes on (Stryker's own reports appear only at the end). Positions are
// `file:line:column` as in report.json.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';

const folder = '.stryker-live';
const file = `${folder}/survivors.tsv`;
const reported = new Set(['Survived', 'NoCoverage', 'Timeout']);

class LiveSurvivors {
  started = false;

  /** A fresh file per run; nothing is written when the module is only loaded. */
  start() {
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, 'status\twhere\tmutator\treplacement\n');
    this.started = true;
  }

  onDryRunCompleted() {
    this.start();
  }

  onMutantTested(result) {
    if (!reported.has(result.status)) return;
    if (!this.started) this.start();
    const { line, column } = result.location.start;
    const where = `${result.fileName.replace(`${process.cwd()}/`, '')}:${line}:${column}`;
    appendFileSync(
      file,
      `${result.status}\t${where}\t${result.mutatorName}\t${JSON.stringify(result.replacement)}\n`,
    );
  }
}

export const strykerPlugins = [{ kind: 'Reporter', name: 'live-survivors', value: new LiveSurvivors() }];
