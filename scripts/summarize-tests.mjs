// Prints the plain closing line "N passed, N failed, N skipped" from Vitest's JSON report,
// so an empty or partial run is visible. Exits non-zero when nothing ran or something failed.
import { existsSync, readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? '.vitest-report.json';
if (!existsSync(reportPath)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${reportPath}: Vitest did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const passed = report.numPassedTests ?? 0;
// A file that failed to load has no failed test of its own: count it as one failure.
const brokenFiles = (report.testResults ?? []).filter(
  (file) => file.status === 'failed' && !file.assertionResults?.some((test) => test.status === 'failed'),
).length;
const failed = (report.numFailedTests ?? 0) + brokenFiles;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
