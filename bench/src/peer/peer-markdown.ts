import type { PeerComparison } from './compare-peer';
import type { RaceResult } from './subscribe-race';
import type { KitShuffleResult, SubscriptionView } from './webhook-shuffle';

const code = (calls: string[]) => calls.map((call) => `\`${call}\``).join(', ') || '(none)';

/** How many Stripe-call rows Plankit is at or below the plugin on, and which rows it is not. */
export function callRowsSummary(peer: PeerComparison): { atOrBelow: number; above: string[] } {
  const above = peer.actions.filter((action) => action.plankit.count > action.peer.count);
  return { atOrBelow: peer.actions.length - above.length, above: above.map((action) => action.id) };
}

/** `20 x 1` when every customer has the same count, else `2 + 1`. */
function perCustomer(counts: number[]): string {
  if (counts.length === 0) return '0';
  if (counts.length > 2 && counts.every((count) => count === counts[0]))
    return `${counts.length} customers x ${counts[0]}`;
  return counts.join(' + ');
}

function raceRow(race: RaceResult): string {
  const kit = race.kit === 'plankit' ? 'Plankit' : 'better-auth + plugin';
  const statuses = Object.entries(race.statuses)
    .map(([status, count]) => `${count} x ${status}`)
    .join(', ');
  return `| ${kit} | ${race.customer} | ${race.instances} | ${statuses} | ${race.sessionsHandedOut} | ${race.sessionsPaid} | ${race.customers} | **${race.liveSubscriptions}** (${perCustomer(race.perCustomer)}) | **${race.duplicates}** | ${race.stripeCalls} |`;
}

/** The fields of each wrong view that differ from Stripe, e.g. `cancelAtPeriodEnd false (Stripe: true) in trials 3, 4`. */
function wrongFields(result: KitShuffleResult, seeds: number[]): string {
  const byField = new Map<string, number[]>();
  result.views.forEach((view, index) => {
    for (const field of Object.keys(result.stripeTruth) as Array<keyof SubscriptionView>) {
      if (view[field] === result.stripeTruth[field]) continue;
      const key = `${field} ${String(view[field])} (Stripe: ${String(result.stripeTruth[field])})`;
      byField.set(key, [...(byField.get(key) ?? []), seeds[index]!]);
    }
  });
  return (
    [...byField]
      .map(([key, trials]) => `${key} in trial${trials.length === 1 ? '' : 's'} ${trials.join(', ')}`)
      .join('; ') || '(none)'
  );
}

function shuffleRow(kit: string, result: KitShuffleResult, seeds: number[]): string {
  const logged =
    result.logged.map((line) => `\`${line.replace(/[|`]/g, ' ').slice(0, 120)}\``).join(', ') || '(none)';
  return `| ${kit} | **${result.correct} / ${result.trials}** | ${result.deliveriesPerTrial} | ${result.rejected} | ${result.webhookStripeCalls} | ${logged} | ${wrongFields(result, seeds)} |`;
}

/** BENCHMARKS.md's section on the side-by-side run. */
export function peerSection(peer: PeerComparison): string[] {
  const { shuffle } = peer;
  const sameTypes = JSON.stringify(shuffle.plankit.eventTypes) === JSON.stringify(shuffle.peer.eventTypes);
  return [
    "## Beside better-auth's Stripe plugin",
    '',
    `Measured ${peer.measuredAt.slice(0, 16).replace('T', ' ')} UTC (its own run, \`bench/results/peer-comparison.json\`).`,
    '',
    `Versions: ${Object.entries(peer.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
    'Method: bench/src/peer runs both kits in one run against one emulator, each through its own fetch handler with the',
    "app's `Origin`: Plankit as above (identity from `identify()`), and better-auth with email and password, its",
    'in-memory adapter (`memoryAdapter`), rate limiting off (every bench request comes from one address) and',
    '`@better-auth/stripe` with `subscription.enabled` and the same plans by lookup key (starter, pro, team; monthly,',
    'and yearly as `annualDiscountLookupKey`), every other option at its default (so `createCustomerOnSignUp` is off and',
    'the customer is created at the first upgrade). Its users sign up through `POST /sign-up/email` and send the session',
    'cookie. The plugin declares `stripe` ^18 to ^22 as its peer, so it gets stripe 22 (installed as `stripe-v22`),',
    "pointed at the emulator with host, port and protocol; Plankit gets the workspace's stripe. Events reach each kit's",
    "webhook signed with its own secret (`Stripe-Signature`, the SDK's test header). The emulator is reset before each",
    'side of each measurement; setup calls are cleared from the request log before the measured request.',
    '',
    '### Stripe calls per action',
    '',
    '| action | Plankit route | Plankit | plugin route | plugin | Plankit calls made | plugin calls made |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...peer.actions.map(
      (action) =>
        `| ${action.label} | \`${action.plankit.route}\` | **${action.plankit.count}** | \`${action.peer.route}\` | **${action.peer.count}** | ${code(action.plankit.calls)} | ${code(action.peer.calls)} |`,
    ),
    '',
    ...peer.actions.map((action) => `- **${action.label}**: ${action.note}`),
    '',
    `### ${peer.races[0]?.requests ?? 20} concurrent subscribe requests for one user`,
    '',
    'Each row: 20 `Subscribe to Pro monthly` requests at once for one signed-in user, either to one server instance or',
    "alternating between two. Plankit's two instances share only Stripe (each has its own memory store); the plugin's",
    'two share one database, as its sessions require. `new`: the user has no Stripe customer yet; `existing`: it has',
    'one (an earlier Checkout, expired). Then every distinct Checkout URL handed out is paid on the hosted page over',
    "HTTP (test-utils' `payCheckout`), and the live subscriptions of the user's customers are counted in the",
    "emulator's state. Duplicates: live subscriptions beyond the first.",
    '',
    '| kit | customer | instances | replies | sessions handed out | paid | customers | live subscriptions (per customer) | duplicates | Stripe calls |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...peer.races.map(raceRow),
    '',
    '### Shuffled, duplicated webhooks',
    '',
    'Each kit subscribes a user to Starter through its own flow (Checkout paid on the hosted page), then the bench makes',
    'the changes a portal would on Stripe: Pro with 3 seats, then cancel at period end. The events of that history',
    `(${shuffle.plankit.eventTypes.length} for each kit, ${sameTypes ? 'the same types in the same order' : '**different types**'}: ${shuffle.plankit.eventTypes.join(', ')})`,
    `go to the kit's webhook every one twice, in a seeded random order; ${shuffle.seeds.length} orders (seeds ${shuffle.seeds[0]}-${shuffle.seeds.at(-1)}),`,
    "the same positions for both kits, each into a fresh instance: Plankit's with an empty store and the app's users",
    "table as its `customers` mapping (the user's customer id, as the plugin keeps it in `user.stripeCustomerId`), the",
    "plugin's on a copy of its database from before any webhook. Then each kit's view (Plankit's `GET /subscription`, the plugin's `GET /subscription/list`: plan,",
    'interval, status, cancel at period end, seats) is compared with a fresh `subscriptions.retrieve` from Stripe.',
    '',
    '| kit | view equal to Stripe | deliveries per trial | non-2xx answers | Stripe calls from webhook handling (all trials) | warnings and errors logged | what differed |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    shuffleRow('Plankit', shuffle.plankit, shuffle.seeds),
    shuffleRow('better-auth + plugin', shuffle.peer, shuffle.seeds),
    '',
    "Plankit's view does not depend on webhook order: every billing webhook only re-fetches its customer's whole state",
    'from Stripe into the snapshot (`syncCustomer`, one `subscriptions.list`, versioned so an older fetch never',
    'overwrites a newer one), and `GET /subscription` reads that snapshot (the 0 calls in the read row above). The',
    'plugin copies each `customer.subscription.updated`',
    "event's object into its row (only `checkout.session.completed` re-reads the subscription), so when the older update",
    'is the last of them to arrive, its state overwrites the newer one.',
    '',
    '### What was not measured, and why',
    '',
    "- The plugin's `scheduleAtPeriodEnd` upgrades (subscription schedules), `/subscription/restore`, organizations and",
    '  seat prices: outside the actions compared here, so not run.',
    "- The plugin's `/subscription/success` return handler (it re-reads the Checkout session and subscription when the",
    '  browser comes back): no browser returns in these runs; its webhook is the sync path that was measured.',
    `- Stripe's API versions: the emulator answers every request in its pinned version (${peer.versions['API version the emulator answers in']}),`,
    `  also the plugin's, whose stripe 22 asks for ${peer.versions['API version the plugin SDK asks for']}; the fields the plugin reads (status,`,
    "  cancel_at_period_end, cancel_at, the items' price, quantity and current_period_*) are in both versions' types.",
    '- Real Stripe: everything ran against the emulator. Stripe itself gives no ordering guarantee and retries',
    '  deliveries, which the shuffled stream imitates; its search index can lag behind writes, which would not help',
    "  the plugin's `customers.search` in the race (the 20 requests run before any of them has created a customer).",
    '',
  ];
}
