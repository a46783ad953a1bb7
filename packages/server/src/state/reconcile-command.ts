import { parseArgs } from 'node:util';
import { type OpenedStore, storeOpeners } from '../store/cli-stores';
import { createMemoryStore } from '../store/memory-store';
import { type CommandResult, refuseStripeTarget, stripeFor } from '../stripe/cli-stripe';
import { formatDriftReport } from './format-drift-report';
import { reconcile } from './reconcile';

const storeFlags = Object.keys(storeOpeners);

export const reconcileUsage = `Usage: plankit reconcile [options]

Compares what Plankit's store holds with Stripe and prints the drift: wrong or missing snapshots, customers with
more than one live subscription, incomplete subscriptions older than a day, missing user links, and webhook events
missed since the last complete run. The key comes from STRIPE_SECRET_KEY. Exit code 1 when drift remains.

Options:
${storeFlags.map((flag) => `  --${flag} <url>`.padEnd(33)).join('\n')}
                                 the store your app uses (without one, only what Stripe shows is checked)
  --fix                          repair what is safe: re-sync wrong snapshots, restore missing user links
  --cancel-duplicates            cancel every live subscription but the one kept (paid first, then the oldest)
  --since <time>                 look for missed events from this time (ISO date or unix seconds), not the watermark
  --emulator <url>               talk to a running @plankit/stripe-emulator, e.g. http://127.0.0.1:12111
  --json                         print the report as JSON
  -h, --help                     show this help`;

function parse(args: readonly string[]) {
  const stores = Object.fromEntries(storeFlags.map((flag) => [flag, { type: 'string' as const }]));
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ...stores,
      fix: { type: 'boolean' },
      'cancel-duplicates': { type: 'boolean' },
      since: { type: 'string' },
      emulator: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `--since`: unix seconds or anything `Date` parses; undefined when unreadable. */
function readSince(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** Runs `plankit reconcile` with the arguments after the command name. */
export async function reconcileCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parse(args).values;
  } catch (error) {
    return {
      code: 2,
      output: `${error instanceof Error ? error.message : String(error)}\n\n${reconcileUsage}`,
    };
  }
  if (values.help) return { code: 0, output: reconcileUsage };
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  const emulator = typeof values.emulator === 'string' ? values.emulator : undefined;
  const refused = refuseStripeTarget(secretKey, emulator);
  if (refused || !secretKey) return { code: 2, output: refused ?? '' };
  const given = storeFlags.filter((flag) => typeof values[flag] === 'string');
  if (given.length > 1)
    return { code: 2, output: `Give one store: ${given.map((f) => `--${f}`).join(' or ')}.` };
  const since = typeof values.since === 'string' ? readSince(values.since) : undefined;
  if (typeof values.since === 'string' && since === undefined) {
    return { code: 2, output: `--since "${values.since}" is not a time (an ISO date or unix seconds).` };
  }
  const [flag] = given;
  let opened: OpenedStore;
  try {
    opened = flag
      ? await (storeOpeners[flag] as (url: string) => Promise<OpenedStore>)(String(values[flag]))
      : { store: createMemoryStore(), close: async () => {} };
  } catch (error) {
    return {
      code: 2,
      output: `Could not open the store (--${flag}): ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  try {
    const report = await reconcile(
      { stripe: stripeFor(secretKey, emulator), store: opened.store, logger: console },
      {
        fix: values.fix === true,
        cancelDuplicates: values['cancel-duplicates'] === true,
        checkStore: flag !== undefined,
        ...(since !== undefined ? { since } : {}),
      },
    );
    return {
      code: report.unfixed > 0 ? 1 : 0,
      output: values.json ? JSON.stringify(report, null, 2) : formatDriftReport(report),
    };
  } finally {
    await opened.close();
  }
}
