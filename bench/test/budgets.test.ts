import { readFileSync } from 'node:fs';
import type { Emulator } from '@plankit/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BundleSize,
  externalPeers,
  measurePeers,
  measurePlankit,
  peerRatioBudget,
  sizeOf,
  smallestPricingPage,
} from '../src/bundle-size';
import type { PeerComparison } from '../src/peer/compare-peer';
import { type KitAction, measurePlankitActions } from '../src/peer/side-by-side-actions';
import { type RaceCustomer, type RaceResult, racePlankit } from '../src/peer/subscribe-race';
import { type KitShuffleResult, shufflePlankit } from '../src/peer/webhook-shuffle';
import { startBenchEmulator } from '../src/stripe-calls/billing-fixture';
import { type ActionCalls, countStripeCalls } from '../src/stripe-calls/count-calls';
import { scenarios } from '../src/stripe-calls/scenarios';

// Bytes of minified JavaScript gzipped at level 9, peers (React, TanStack Query) external.
const pricingTableBudget = 8 * 1024;
const wholePackageBudget = 20 * 1024;

describe('bundle budgets (esbuild, minified, gzip -9)', () => {
  let plankit: BundleSize[];
  let peers: BundleSize[];
  beforeAll(async () => {
    plankit = await measurePlankit();
    peers = await measurePeers();
  });

  it('PricingTable with the provider is at most 8 KB', () => {
    expect(sizeOf(plankit, 'plankit-pricing-table').gzipped).toBeLessThanOrEqual(pricingTableBudget);
  });

  it('the whole package is at most 20 KB', () => {
    expect(sizeOf(plankit, 'plankit-whole-package').gzipped).toBeLessThanOrEqual(wholePackageBudget);
  });

  it('every entry imports only the peers, and bundles nothing from node_modules (no zod)', () => {
    for (const size of plankit) {
      expect(size.packages, size.id).toEqual([]);
      for (const name of size.externalImports) expect(externalPeers, size.id).toContain(name);
    }
  });

  it('each component alone is smaller than the whole package', () => {
    const whole = sizeOf(plankit, 'plankit-whole-package').gzipped;
    for (const size of plankit.filter((candidate) => candidate.kind === 'component')) {
      expect(size.gzipped, size.id).toBeLessThan(whole);
    }
  });

  // 0.62, not 0.5: issue 20's accessibility fixes, then issue 18's visible states (see peerRatioBudget).
  it(`PricingTable with the provider is at most ${peerRatioBudget} of the smallest peer pricing page`, () => {
    const smallest = smallestPricingPage(peers);
    const ours = sizeOf(plankit, 'plankit-pricing-table').gzipped;
    const limit = smallest.gzipped * peerRatioBudget;
    expect(
      ours,
      `PricingTable + provider ${ours} B vs ${smallest.id} ${smallest.gzipped} B (${peerRatioBudget}: ${limit}; ` +
        'raised from 0.5 for issue 20 (accessibility) and issue 18 (stale tab, canceling state, portal return, localized texts), see BENCHMARKS.md)',
    ).toBeLessThanOrEqual(limit);
  });
});

describe('Stripe calls per action (emulator request log)', () => {
  let actions: ActionCalls[];
  beforeAll(async () => {
    actions = await countStripeCalls();
  });

  it('measures every scenario, each answering as expected', () => {
    expect(actions.map((action) => action.id)).toEqual(scenarios.map((scenario) => scenario.id));
  });

  it.each(scenarios.map((scenario) => [scenario.id, scenario] as const))(
    '%s stays within its budget, and every call above the minimum is explained',
    (id, scenario) => {
      const action = actions.find((candidate) => candidate.id === id)!;
      expect(action.count, action.calls.join(', ')).toBeLessThanOrEqual(scenario.budget);
      expect(action.count).toBeGreaterThanOrEqual(scenario.minimum);
      if (scenario.budget > scenario.minimum) expect(scenario.aboveMinimum).not.toBe('');
    },
  );

  it('warm reads are free: the catalog from cache, the subscription from its snapshot (issue 17)', () => {
    expect(actions.find((action) => action.id === 'catalog-warm')?.calls).toEqual([]);
    expect(actions.find((action) => action.id === 'subscription')?.calls).toEqual([]);
  });

  it('no read creates anything in Stripe', () => {
    for (const id of [
      'catalog-cold',
      'catalog-warm',
      'subscription',
      'subscription-cold-server',
      'subscription-new-user',
    ]) {
      const calls = actions.find((action) => action.id === id)!.calls;
      expect(
        calls.filter((call) => !call.startsWith('GET ')),
        id,
      ).toEqual([]);
    }
  });
});

describe("beside better-auth's Stripe plugin (Plankit measured now, the plugin from bench/results/peer-comparison.json)", () => {
  // The plugin's side takes ~20 s (sign-ups hash passwords, 20-request races); `pnpm bench` measures both in one run.
  const recorded = JSON.parse(
    readFileSync(new URL('../results/peer-comparison.json', import.meta.url), 'utf8'),
  ) as PeerComparison;
  let emulator: Emulator;
  let actions: Array<KitAction & { id: string }>;
  const races: RaceResult[] = [];
  let shuffle: KitShuffleResult;
  beforeAll(async () => {
    emulator = await startBenchEmulator();
    actions = await measurePlankitActions(emulator);
    for (const customer of ['new', 'existing'] as RaceCustomer[]) {
      for (const instances of [1, 2] as const) races.push(await racePlankit(emulator, instances, customer));
    }
    shuffle = await shufflePlankit(emulator, recorded.shuffle.seeds);
  });
  afterAll(() => emulator.close());

  it('the recorded run compares the same actions as the bench defines', () => {
    expect(recorded.actions.map((action) => action.id)).toEqual(actions.map((action) => action.id));
  });

  it.each(recorded.actions.map((action) => [action.id, action] as const))(
    '%s: Plankit makes at most as many Stripe calls as the plugin (every row, issue 19)',
    (id, peerAction) => {
      const ours = actions.find((action) => action.id === id)!;
      expect(
        ours.count,
        `${ours.calls.join(', ')} vs ${peerAction.peer.calls.join(', ')}`,
      ).toBeLessThanOrEqual(peerAction.peer.count);
    },
  );

  it('the read is served from the snapshot: 0 Stripe calls, like the plugin reading its database', () => {
    expect(actions.find((action) => action.id === 'read-subscription')?.calls).toEqual([]);
  });

  it.each([
    ['new', 1],
    ['new', 2],
    ['existing', 1],
    ['existing', 2],
  ] as const)(
    '20 concurrent subscribes, %s customer, %i instance(s): one session, one customer, 0 duplicates',
    (customer, instances) => {
      const race = races.find(
        (candidate) => candidate.customer === customer && candidate.instances === instances,
      )!;
      expect(race.statuses).toEqual({ 200: 20 });
      expect(race.sessionsHandedOut).toBe(1);
      expect(race.sessionsPaid).toBe(1);
      expect(race.customers).toBe(1);
      expect(race.liveSubscriptions).toBe(1);
      expect(race.duplicates).toBe(0);
    },
  );

  it("after every shuffled, duplicated webhook stream Plankit's view equals a fresh fetch from Stripe", () => {
    expect(shuffle.trials).toBe(recorded.shuffle.seeds.length);
    expect(shuffle.eventTypes).toContain('customer.subscription.updated');
    expect(shuffle.rejected).toBe(0);
    expect(shuffle.logged).toEqual([]);
    expect(shuffle.correct).toBe(shuffle.trials);
    expect(shuffle.stripeTruth).toMatchObject({ plan: 'pro', quantity: 3, cancelAtPeriodEnd: true });
  });
});
