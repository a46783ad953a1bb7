import type { DoctorFinding, DoctorReport } from './types';

const marks: Record<DoctorFinding['level'], string> = { ok: '✓', warning: '!', error: '✗' };

/**
 * Renders a report for a terminal: one line per finding (✓ ok, ! warning, ✗ error), its hint indented below,
 * then a summary line.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${marks[finding.level]} ${finding.fixed ? '[fixed] ' : ''}${finding.message}`);
    if (finding.hint && finding.level !== 'ok') lines.push(`    ${finding.hint}`);
  }
  const errors = report.findings.filter((finding) => finding.level === 'error').length;
  const warnings = report.findings.filter((finding) => finding.level === 'warning').length;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('');
  lines.push(
    report.ok
      ? `Ready for Plankit${warnings > 0 ? ` (${count(warnings, 'warning')})` : ''}.`
      : `Not ready: ${count(errors, 'error')}, ${count(warnings, 'warning')}.`,
  );
  if (report.webhookEndpoint?.secret) {
    lines.push(`Webhook signing secret (shown once): ${report.webhookEndpoint.secret}`);
  }
  return lines.join('\n');
}
