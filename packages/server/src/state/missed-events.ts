import type Stripe from 'stripe';
import { requiredWebhookEvents } from '../doctor/webhook-events';
import type { PlankitStore } from '../store/plankit-store';
import { processedEventTtlMs, webhookEventKey } from '../webhook/event-record';
import type { MissedEvent, MissedEvents } from './drift-report';

/** Where the last complete pass stopped looking at events (Stripe unix seconds); durable. */
export const reconcileWatermarkKey = 'plankit:reconcile:watermark';
/** Stripe lists events of the last 30 days only. */
export const stripeEventRetentionSeconds = 30 * 24 * 60 * 60;
/** Events younger than this may still be on their way (first delivery, early retries): left for the next pass. */
export const eventSettleSeconds = 60;
/** Margin kept from the edges of what Stripe and the store still hold, so an edge event is not misjudged. */
const edgeMarginSeconds = 60 * 60;

/** The events window to check: from the watermark (or `since`) to a minute ago, cut to what can be judged. */
export function eventWindow(
  now: number,
  watermark: number | null,
  since: number | undefined,
): Pick<MissedEvents, 'since' | 'until' | 'watermark' | 'clippedFrom'> {
  const until = now - eventSettleSeconds;
  // An event older than the webhook route's record of it cannot be told from a missed one; Stripe's 30 days bound
  // the list itself. The nearer limit wins.
  const kept = Math.min(stripeEventRetentionSeconds, Math.floor(processedEventTtlMs / 1000));
  const floor = now - kept + edgeMarginSeconds;
  const wanted = since ?? watermark ?? floor;
  const start = Math.min(Math.max(wanted, floor), until);
  return {
    since: start,
    until,
    watermark: since === undefined ? watermark : null,
    ...(wanted < floor ? { clippedFrom: wanted } : {}),
  };
}

export async function readWatermark(store: PlankitStore): Promise<number | null> {
  const raw = await store.get(reconcileWatermarkKey);
  const value = raw === null ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : null;
}

export async function writeWatermark(store: PlankitStore, until: number): Promise<void> {
  await store.set(reconcileWatermarkKey, String(until));
}

function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as {
    object?: string;
    id?: string;
    customer?: string | { id: string } | null;
  };
  if (object.object === 'customer') return object.id ?? null;
  if (!object.customer) return null;
  return typeof object.customer === 'string' ? object.customer : object.customer.id;
}

/**
 * Events of the types Plankit's webhook route handles, created in `[since, until)`, that the store holds no record
 * of: Stripe never got them to this app (endpoint down, deliveries given up, or a dedupe record lost).
 */
export async function findMissedEvents(
  stripe: Stripe,
  store: PlankitStore,
  window: { since: number; until: number },
): Promise<MissedEvent[]> {
  const missed: MissedEvent[] = [];
  if (window.until <= window.since) return missed;
  const events = stripe.events.list({
    types: [...requiredWebhookEvents],
    created: { gte: window.since, lt: window.until },
    limit: 100,
  });
  for await (const event of events) {
    if ((await store.get(webhookEventKey(event.id))) !== null) continue;
    missed.push({
      id: event.id,
      type: event.type,
      created: event.created,
      customerId: customerOf(event),
      pendingWebhooks: event.pending_webhooks,
    });
  }
  // Oldest first reads like a timeline.
  return missed.reverse();
}

/** Stripe's current time, as near as can be told: this machine's clock, or the newest event when Stripe is ahead. */
export async function stripeNow(stripe: Stripe, clock: () => number): Promise<number> {
  const newest = (await stripe.events.list({ limit: 1 })).data[0];
  return Math.max(clock(), newest?.created ?? 0);
}
