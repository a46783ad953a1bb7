import type { Emulator } from '@plankit/stripe-emulator';
import Stripe from 'stripe';

/** The emulator's events in the order Stripe created them (its `events()` lists newest first). */
export function eventsSince(emulator: Emulator, count: number): Stripe.Event[] {
  return emulator.events().reverse().slice(count);
}

/** How many events the emulator holds; pass to {@link eventsSince} after an action. */
export function eventCount(emulator: Emulator): number {
  return emulator.events().length;
}

/** A small seeded PRNG (mulberry32), so a shuffle is the same for both kits and across runs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every event twice, in a seeded random order: what Stripe allows (at-least-once delivery, no ordering guarantee).
 * Returns positions into `events`, so the same order can be applied to another kit's events of the same shape.
 */
export function shuffledDuplicatedOrder(length: number, seed: number): number[] {
  const order = [
    ...Array.from({ length }, (_, index) => index),
    ...Array.from({ length }, (_, index) => index),
  ];
  const next = random(seed);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

/** What a webhook endpoint receives for one event: the raw JSON and a valid `Stripe-Signature` for `secret`. */
export function signedDelivery(event: Stripe.Event, secret: string): { payload: string; signature: string } {
  const payload = JSON.stringify(event, null, 2);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}
