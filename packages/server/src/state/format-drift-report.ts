import type { DriftReport } from './drift-report';

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
const mark = (fixed: boolean) => (fixed ? '✓ [fixed]' : '✗');

/** A section: its heading with a count, then one line per item (nothing when empty). */
function section(lines: string[], title: string, items: string[]): void {
  lines.push(`${title}: ${items.length === 0 ? 'none' : items.length}`);
  for (const item of items) lines.push(`  ${item}`);
}

/**
 * Renders a drift report for a terminal: what was checked, one section per kind of drift (✗ still wrong,
 * ✓ [fixed] repaired in this pass), the events window with Stripe's 30-day limit, then a summary line.
 */
export function formatDriftReport(report: DriftReport): string {
  if (report.outcome === 'ran-elsewhere') {
    return 'Another instance is reconciling right now (it holds the reconcile lease); nothing was done here.';
  }
  const lines: string[] = [
    `Checked ${count(report.customersChecked, 'customer')} linked to a Plankit user and ${count(report.subscriptionsSeen, 'subscription')}.`,
  ];
  if (!report.storeChecked) {
    lines.push(
      'No shared store given (--redis-url or --postgres-url): snapshots, user links and missed events were not checked.',
    );
  }
  lines.push('');
  if (report.storeChecked) {
    section(
      lines,
      'Wrong snapshots',
      report.wrongSnapshots.map(
        (d) =>
          `${mark(d.fixed)} ${d.customerId}${d.userId ? ` (user ${d.userId})` : ''}: ${
            d.missing ? 'no snapshot stored, has a live subscription' : `differs in ${d.fields.join(', ')}`
          }`,
      ),
    );
  }
  section(
    lines,
    'Customers with more than one live subscription',
    report.duplicateSubscriptions.map(
      (d) =>
        `${mark(d.canceled)} ${d.customerId}: keeps ${d.kept}, ${d.canceled ? 'canceled' : 'extra'} ${d.extra.join(', ')}${
          d.canceled ? '' : ' (cancel with --cancel-duplicates)'
        }`,
    ),
  );
  section(
    lines,
    'Incomplete subscriptions older than a day',
    report.staleIncomplete.map(
      (s) =>
        `✗ ${s.subscriptionId} of ${s.customerId}: incomplete for ${s.ageHours} h (created ${iso(s.created)})`,
    ),
  );
  if (report.storeChecked) {
    section(
      lines,
      'Customers without the user link',
      report.missingLinks.map(
        (l) =>
          `${mark(l.fixed)} user ${l.userId} -> ${l.customerId}: store has ${l.stored ?? 'nothing'}${l.reason ? `; ${l.reason}` : ''}`,
      ),
    );
    formatEvents(lines, report);
  }
  if (report.errors.length > 0) {
    lines.push('');
    section(
      lines,
      'Errors (this pass is incomplete; the event watermark did not move)',
      report.errors.map((e) => `${e.customerId ? `${e.customerId}: ` : ''}${e.message}`),
    );
  }
  lines.push('');
  lines.push(summary(report));
  return lines.join('\n');
}

function formatEvents(lines: string[], report: DriftReport): void {
  const missed = report.missedEvents;
  if (!missed.checked) {
    lines.push('Missed webhook events: not checked');
    return;
  }
  section(
    lines,
    `Missed webhook events from ${iso(missed.since)} to ${iso(missed.until)}`,
    missed.events.map(
      (e) =>
        `${e.id} ${e.type}${e.customerId ? ` (${e.customerId})` : ''} at ${iso(e.created)}${
          e.pendingWebhooks > 0 ? `, Stripe still has ${e.pendingWebhooks} delivery pending` : ''
        }`,
    ),
  );
  if (missed.clippedFrom !== undefined) {
    lines.push(
      `  Events before ${iso(missed.since)} (wanted from ${iso(missed.clippedFrom)}) were not checked: Stripe lists 30 days of events and Plankit keeps its record of a processed event for 4 days. Run reconcile at least daily.`,
    );
  }
}

function summary(report: DriftReport): string {
  if (report.driftFound === 0 && report.errors.length === 0) return 'No drift: the store matches Stripe.';
  if (report.unfixed === 0) return `Drift found and repaired: ${count(report.driftFound, 'item')}.`;
  const hint = report.fix ? '' : ' Run with --fix to repair what is safe.';
  return `Drift: ${count(report.driftFound, 'item')}, ${report.unfixed} not repaired.${hint}`;
}
