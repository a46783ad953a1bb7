import { describe, expect, it } from 'vitest';
import { formatDriftReport } from '../src/state/format-drift-report';
import { reconcileWatermarkKey } from '../src/state/missed-events';
import { reconcile } from '../src/state/reconcile';
import { reconcileLeaseKey } from '../src/state/reconcile-lease';
import { webhookEventKey } from '../src/webhook/event-record';
import { useEmulator } from './harness';
import { markAllDelivered, plankitCustomer, reconcileFixture } from './reconcile-helpers';

const t = useEmulator();
const day = 24 * 3600;

describe('reconcile: missed webhook events', () => {
  it('lists handled events the store has no record of, from the watermark on, and moves it after a complete pass', async () => {
    const fixture = reconcileFixture(t.emulator);
    await plankitCustomer(fixture, 'seen', { plan: 'pro_monthly' });
    await markAllDelivered(fixture.stripe, fixture.store);
    const { customer, subscription } = await plankitCustomer(fixture, 'unseen', { plan: 'starter_monthly' });
    t.emulator.advanceClock(120); // past the minute an event may still be on its way
    const first = await reconcile(fixture.ctx, { now: fixture.now });
    expect(first.complete).toBe(true);
    expect(first.missedEvents.checked).toBe(true);
    const missed = first.missedEvents.events;
    // customer.created is not a type Plankit handles; the subscription's creation and its paid invoice are.
    expect(missed.map((e) => e.type).sort()).toEqual(['customer.subscription.created', 'invoice.paid']);
    expect(missed.every((e) => e.customerId === customer.id && e.pendingWebhooks === 0)).toBe(true);
    const created = missed.find((e) => e.type === 'customer.subscription.created');
    const event = (await fixture.stripe.events.retrieve(created?.id ?? '')).data.object as { id: string };
    expect(event.id).toBe(subscription?.id);
    expect(Number(await fixture.store.get(reconcileWatermarkKey))).toBe(first.missedEvents.until);

    // Next pass starts at the watermark: the event is behind it now.
    const second = await reconcile(fixture.ctx, { now: fixture.now });
    expect(second.missedEvents).toMatchObject({
      since: first.missedEvents.until,
      watermark: first.missedEvents.until,
    });
    expect(second.missedEvents.events).toEqual([]);
    // `since` looks again; a recorded event is not missed.
    for (const e of missed) await fixture.store.set(webhookEventKey(e.id), 'done');
    const again = await reconcile(fixture.ctx, { now: fixture.now, since: first.missedEvents.since });
    expect(again.missedEvents.events).toEqual([]);
  });

  it('cuts the window to what can be judged (Stripe 30 days, dedupe records 4 days) and says so', async () => {
    const fixture = reconcileFixture(t.emulator);
    const now = fixture.now();
    const report = await reconcile(fixture.ctx, { now: fixture.now, since: now - 40 * day });
    expect(report.missedEvents.clippedFrom).toBe(now - 40 * day);
    expect(report.missedEvents.since).toBeGreaterThan(now - 4 * day);
    expect(formatDriftReport(report)).toMatch(/Stripe lists 30 days of events and Plankit keeps its record/);
  });

  it('does not move the watermark after an incomplete pass', async () => {
    const fixture = reconcileFixture(t.emulator);
    const { customer } = await plankitCustomer(fixture, 'flaky');
    const mark = String(fixture.now() - 3600);
    await fixture.store.set(reconcileWatermarkKey, mark);
    // Every attempt of the customer's fresh fetch fails (the client retries twice).
    const path = `/v1/customers/${customer.id}`;
    t.emulator.failNext({ fault: 'api_error', count: 3, match: { method: 'GET', path } });
    const report = await reconcile(fixture.ctx, { now: fixture.now });
    expect(report.complete).toBe(false);
    expect(report.errors).toEqual([{ customerId: customer.id, message: expect.any(String) }]);
    expect(report.unfixed).toBeGreaterThan(0);
    expect(await fixture.store.get(reconcileWatermarkKey)).toBe(mark);
    expect(formatDriftReport(report)).toMatch(/this pass is incomplete; the event watermark did not move/);
  });
});

describe('reconcile: one pass at a time', () => {
  it('answers ran-elsewhere while another instance holds the lease, and frees the lease when done', async () => {
    const fixture = reconcileFixture(t.emulator);
    await fixture.store.setIfAbsent(reconcileLeaseKey, 'other-instance', 60_000);
    const elsewhere = await reconcile(fixture.ctx, { now: fixture.now });
    expect(elsewhere).toMatchObject({ outcome: 'ran-elsewhere', complete: false, driftFound: 0, unfixed: 0 });
    expect(formatDriftReport(elsewhere)).toMatch(/Another instance is reconciling/);
    await fixture.store.delete(reconcileLeaseKey);
    expect((await reconcile(fixture.ctx, { now: fixture.now })).outcome).toBe('ran');
    expect(await fixture.store.get(reconcileLeaseKey)).toBeNull();
  });

  it('lets one of two concurrent passes on a shared store run', async () => {
    const fixture = reconcileFixture(t.emulator);
    for (const user of ['a', 'b', 'c']) await plankitCustomer(fixture, user, { plan: 'pro_monthly' });
    const other = { ...fixture.ctx };
    const reports = await Promise.all([
      reconcile(fixture.ctx, { now: fixture.now }),
      reconcile(other, { now: fixture.now }),
    ]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(['ran', 'ran-elsewhere']);
  });
});

describe('formatDriftReport', () => {
  it('renders each kind of drift, what was fixed, and the summary', async () => {
    const fixture = reconcileFixture(t.emulator);
    await markAllDelivered(fixture.stripe, fixture.store); // the seed's catalog events
    await plankitCustomer(fixture, 'plain', { plan: 'pro_monthly', sync: false, link: false });
    t.emulator.advanceClock(120);
    const found = formatDriftReport(await reconcile(fixture.ctx, { now: fixture.now }));
    expect(found).toMatch(/^Checked 1 customer linked to a Plankit user and 1 subscription\.$/m);
    expect(found).toMatch(
      /^Wrong snapshots: 1\n {2}✗ cus_\w+ \(user plain\): no snapshot stored, has a live subscription$/m,
    );
    expect(found).toMatch(
      /^Customers without the user link: 1\n {2}✗ user plain -> cus_\w+: store has nothing$/m,
    );
    expect(found).toMatch(
      /^Missed webhook events from .* to .*: 2\n {2}evt_\w+ (customer\.subscription\.created|invoice\.paid) \(cus_\w+\)/m,
    );
    expect(found).toMatch(/^Drift: 4 items, 4 not repaired\. Run with --fix to repair what is safe\.$/m);
    const fixed = formatDriftReport(await reconcile(fixture.ctx, { now: fixture.now, fix: true, since: 0 }));
    expect(fixed).toMatch(/✓ \[fixed\] cus_\w+ \(user plain\)/);
    expect(fixed).toMatch(/^Drift found and repaired: 4 items\.$/m);
    await markAllDelivered(fixture.stripe, fixture.store);
    const clean = formatDriftReport(await reconcile(fixture.ctx, { now: fixture.now }));
    expect(clean).toMatch(/^No drift: the store matches Stripe\.$/m);
  });

  it('says what it could not check without a store', async () => {
    const fixture = reconcileFixture(t.emulator);
    await plankitCustomer(fixture, 'nostore', { plan: 'pro_monthly', sync: false, link: false });
    const report = await reconcile(fixture.ctx, { now: fixture.now, checkStore: false });
    expect(report).toMatchObject({
      storeChecked: false,
      driftFound: 0,
      wrongSnapshots: [],
      missingLinks: [],
    });
    expect(report.missedEvents.checked).toBe(false);
    expect(formatDriftReport(report)).toMatch(/snapshots, user links and missed events were not checked/);
  });
});
