import type { Emulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { fetchBillingState } from '../src/state/fetch-billing-state';
import { readSnapshot } from '../src/state/snapshot-store';
import { syncCustomer } from '../src/state/sync-customer';
import { createMemoryStore } from '../src/store/memory-store';
import type { PlankitStore } from '../src/store/plankit-store';
import { webhookEventKey } from '../src/webhook/event-record';
import { stripeFor, subscribeDirectly } from './harness';

/** Stripe, a memory store and the reconcile context over both, for one test. */
export function reconcileFixture(emulator: Emulator) {
  const stripe = stripeFor(emulator);
  const store: PlankitStore = createMemoryStore();
  const ctx = { stripe, store, logger: { warn: () => {}, error: () => {} } };
  return { stripe, store, ctx, now: () => emulator.now() };
}

/** A Plankit customer (metadata names the user), linked in the store, optionally subscribed and synced. */
export async function plankitCustomer(
  fixture: ReturnType<typeof reconcileFixture>,
  userId: string,
  options: { plan?: string; sync?: boolean; link?: boolean } = {},
): Promise<{ customer: Stripe.Customer; subscription?: Stripe.Subscription }> {
  const customer = await fixture.stripe.customers.create({
    email: `${userId}@example.com`,
    metadata: { plankit_user_id: userId },
  });
  const subscription = options.plan
    ? await subscribeDirectly(fixture.stripe, customer.id, [options.plan])
    : undefined;
  if (options.link !== false) await fixture.store.set(`plankit:customer:${userId}`, customer.id);
  if (options.sync !== false) await syncCustomer(fixture.ctx, customer.id);
  return subscription ? { customer, subscription } : { customer };
}

/** Records every event so far as processed, as the webhook route would have after delivering them. */
export async function markAllDelivered(stripe: Stripe, store: PlankitStore): Promise<void> {
  for await (const event of stripe.events.list({ limit: 100 }))
    await store.set(webhookEventKey(event.id), 'done');
}

/** Whether the stored snapshot holds exactly what a fresh fetch from Stripe gives. */
export async function snapshotMatchesStripe(
  fixture: { stripe: Stripe; store: PlankitStore },
  customerId: string,
): Promise<boolean> {
  const stored = await readSnapshot(fixture.store, customerId);
  if (!stored) return false;
  const { version: _v, syncedAt: _s, ...facts } = stored;
  const fresh = JSON.parse(JSON.stringify(await fetchBillingState(fixture, customerId)));
  return JSON.stringify(facts) === JSON.stringify(fresh);
}
