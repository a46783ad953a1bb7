import { describe, expect, it } from 'vitest';
import { checkLinks } from '../src/state/link-drift';
import { reconcile } from '../src/state/reconcile';
import { subscribeDirectly, useEmulator } from './harness';
import {
  markAllDelivered,
  plankitCustomer,
  reconcileFixture,
  snapshotMatchesStripe,
} from './reconcile-helpers';

const t = useEmulator();

describe('reconcile: snapshots', () => {
  it('finds nothing on a store that matches Stripe, and says so', async () => {
    const fixture = reconcileFixture(t.emulator);
    await plankitCustomer(fixture, 'calm', { plan: 'pro_monthly' });
    await plankitCustomer(fixture, 'idle');
    await markAllDelivered(fixture.stripe, fixture.store);
    const report = await reconcile(fixture.ctx, { now: fixture.now });
    expect(report).toMatchObject({
      outcome: 'ran',
      complete: true,
      customersChecked: 2,
      driftFound: 0,
      unfixed: 0,
    });
    expect(report.subscriptionsSeen).toBe(1);
  });

  it('reports a snapshot that differs from Stripe, field by field, and fix re-syncs it', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer, subscription } = await plankitCustomer(fixture, 'drifter', { plan: 'pro_monthly' });
    const sub = subscription?.id ?? '';
    // A change whose webhook never arrived.
    await fixture.stripe.subscriptions.update(sub, { cancel_at_period_end: true });
    const report = await reconcile(fixture.ctx, { now: fixture.now });
    expect(report.wrongSnapshots).toEqual([
      expect.objectContaining({ customerId: customer.id, userId: 'drifter', missing: false, fixed: false }),
    ]);
    expect(report.wrongSnapshots[0]?.fields).toContain(`subscriptions[${sub}].cancelAtPeriodEnd`);
    expect(report.unfixed).toBeGreaterThan(0);
    expect(await snapshotMatchesStripe(fixture, customer.id)).toBe(false);

    const fixed = await reconcile(fixture.ctx, { now: fixture.now, fix: true });
    expect(fixed.wrongSnapshots).toEqual([expect.objectContaining({ customerId: customer.id, fixed: true })]);
    expect(await snapshotMatchesStripe(fixture, customer.id)).toBe(true);
    expect((await reconcile(fixture.ctx, { now: fixture.now })).wrongSnapshots).toEqual([]);
  });

  it('counts a missing snapshot only for a customer with a live subscription', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer } = await plankitCustomer(fixture, 'cold', { plan: 'starter_monthly', sync: false });
    await plankitCustomer(fixture, 'never-paid', { sync: false });
    const report = await reconcile(fixture.ctx, { now: fixture.now, fix: true });
    expect(report.wrongSnapshots).toEqual([
      { customerId: customer.id, userId: 'cold', missing: true, fields: [], fixed: true },
    ]);
    expect(await snapshotMatchesStripe(fixture, customer.id)).toBe(true);
  });
});

describe('reconcile: subscriptions', () => {
  it('reports a customer with two live subscriptions and cancels the newer one only with cancelDuplicates', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer, subscription } = await plankitCustomer(fixture, 'twice', { plan: 'pro_monthly' });
    const extra = await subscribeDirectly(fixture.stripe, customer.id, ['starter_monthly']);
    const found = await reconcile(fixture.ctx, { now: fixture.now, fix: true });
    expect(found.duplicateSubscriptions).toEqual([
      { customerId: customer.id, kept: subscription?.id, extra: [extra.id], canceled: false },
    ]);
    expect(found.unfixed).toBeGreaterThan(0);
    expect((await fixture.stripe.subscriptions.retrieve(extra.id)).status).toBe('active');

    const canceled = await reconcile(fixture.ctx, { now: fixture.now, fix: true, cancelDuplicates: true });
    expect(canceled.duplicateSubscriptions[0]).toMatchObject({ extra: [extra.id], canceled: true });
    expect((await fixture.stripe.subscriptions.retrieve(extra.id)).status).toBe('canceled');
    expect((await fixture.stripe.subscriptions.retrieve(subscription?.id ?? '')).status).toBe('active');
    // The snapshot follows the cancellation in the same pass.
    expect(await snapshotMatchesStripe(fixture, customer.id)).toBe(true);
    expect((await reconcile(fixture.ctx, { now: fixture.now })).duplicateSubscriptions).toEqual([]);
  });

  it('reports an incomplete subscription older than the threshold, not a fresh one', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer } = await plankitCustomer(fixture, 'stuck');
    const prices = await fixture.stripe.prices.list({ lookup_keys: ['pro_monthly'] });
    const incomplete = await fixture.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: prices.data[0]?.id ?? '' }],
      payment_behavior: 'default_incomplete',
    });
    expect(incomplete.status).toBe('incomplete');
    expect((await reconcile(fixture.ctx, { now: fixture.now, fix: true })).staleIncomplete).toEqual([]);
    t.emulator.advanceClock(2 * 3600);
    const report = await reconcile(fixture.ctx, {
      now: fixture.now,
      fix: true,
      staleIncompleteAfterSeconds: 3600,
    });
    expect(report.staleIncomplete).toEqual([
      expect.objectContaining({ customerId: customer.id, subscriptionId: incomplete.id, ageHours: 2 }),
    ]);
    // Not something reconcile may repair: it stays unfixed.
    expect(report.unfixed).toBeGreaterThan(0);
    expect((await reconcile(fixture.ctx, { now: fixture.now })).staleIncomplete).toEqual([]);
  });
});

describe('reconcile: user links', () => {
  it('restores a missing link, a "no customer" mark and a link to a deleted customer; leaves two claimants alone', async () => {
    const fixture = reconcileFixture(t.emulator);
    const missing = await plankitCustomer(fixture, 'unlinked', { link: false });
    const marked = await plankitCustomer(fixture, 'marked', { link: false });
    await fixture.store.set('plankit:customer:marked', '-', 60_000);
    const gone = await fixture.stripe.customers.create({ metadata: { plankit_user_id: 'moved' } });
    await fixture.stripe.customers.del(gone.id);
    const moved = await plankitCustomer(fixture, 'moved', { link: false });
    await fixture.store.set('plankit:customer:moved', gone.id);
    const first = await plankitCustomer(fixture, 'split', { link: false });
    const second = await plankitCustomer(fixture, 'split', { link: false });
    await plankitCustomer(fixture, 'fine');

    const report = await reconcile(fixture.ctx, { now: fixture.now });
    const byUser = Object.fromEntries(report.missingLinks.map((l) => [`${l.userId}:${l.customerId}`, l]));
    expect(byUser[`unlinked:${missing.customer.id}`]).toMatchObject({ stored: null, fixed: false });
    expect(byUser[`marked:${marked.customer.id}`]).toMatchObject({ stored: 'none', fixed: false });
    expect(byUser[`moved:${moved.customer.id}`]).toMatchObject({ stored: gone.id, fixed: false });
    expect(byUser[`split:${first.customer.id}`]).toMatchObject({ fixed: false, reason: expect.any(String) });
    expect(byUser[`split:${second.customer.id}`]).toMatchObject({ fixed: false });
    expect(report.missingLinks).toHaveLength(5);

    const fixed = await reconcile(fixture.ctx, { now: fixture.now, fix: true });
    expect(
      fixed.missingLinks
        .filter((l) => l.fixed)
        .map((l) => l.userId)
        .sort(),
    ).toEqual(['marked', 'moved', 'unlinked']);
    expect(await fixture.store.get('plankit:customer:unlinked')).toBe(missing.customer.id);
    expect(await fixture.store.get('plankit:customer:marked')).toBe(marked.customer.id);
    expect(await fixture.store.get('plankit:customer:moved')).toBe(moved.customer.id);
    expect(await fixture.store.get('plankit:customer:split')).toBeNull();
    const after = await reconcile(fixture.ctx, { now: fixture.now });
    expect(after.missingLinks.map((l) => l.userId)).toEqual(['split', 'split']);
  });

  it('keeps a link to a customer the walk did not see that still names the user, replaces one that does not', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer } = await plankitCustomer(fixture, 'racer', { link: false });
    // Created by a checkout after the walk listed customers: right, and must stay.
    const newer = await fixture.stripe.customers.create({ metadata: { plankit_user_id: 'racer' } });
    await fixture.store.set('plankit:customer:racer', newer.id);
    const walked = [{ customerId: customer.id, userId: 'racer' }];
    expect(await checkLinks(fixture.stripe, fixture.store, walked, true)).toEqual([]);
    expect(await fixture.store.get('plankit:customer:racer')).toBe(newer.id);
    // A customer that names another user is no claimant.
    const other = await fixture.stripe.customers.create({ metadata: { plankit_user_id: 'someone-else' } });
    await fixture.store.set('plankit:customer:racer', other.id);
    expect(await checkLinks(fixture.stripe, fixture.store, walked, true)).toEqual([
      { userId: 'racer', customerId: customer.id, stored: other.id, fixed: true },
    ]);
    expect(await fixture.store.get('plankit:customer:racer')).toBe(customer.id);
  });
});
