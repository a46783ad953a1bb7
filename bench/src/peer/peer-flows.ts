import type { Emulator } from '@plankit/stripe-emulator';
import { payCheckout } from '@plankit/test-utils';
import type { Reply } from '../stripe-calls/billing-fixture';
import { type Peer, type PeerDatabase, peerWebhookSecret } from './better-auth-fixture';
import { eventCount, eventsSince, signedDelivery } from './event-stream';

export const peerUser = 'peer_bench';

/** The URLs the plugin redirects to; relative, so its origin check accepts them (they resolve to the app's origin). */
export const peerUrls = { successUrl: '/billing', cancelUrl: '/pricing', returnUrl: '/billing' };

/** `POST /subscription/upgrade`, as `authClient.subscription.upgrade({ plan })` sends it. */
export function peerUpgrade(peer: Peer, cookie: string, plan: string, extra: object = {}): Promise<Reply> {
  return peer.call('/subscription/upgrade', cookie, {
    plan,
    successUrl: peerUrls.successUrl,
    cancelUrl: peerUrls.cancelUrl,
    ...extra,
  });
}

/** Delivers events to the plugin's webhook in the given order, each signed with its secret; returns the statuses. */
export async function deliverToPeer(peer: Peer, events: ReadonlyArray<Parameters<typeof signedDelivery>[0]>) {
  const statuses: number[] = [];
  for (const event of events) {
    const { payload, signature } = signedDelivery(event, peerWebhookSecret);
    statuses.push((await peer.webhook(payload, signature)).status);
  }
  return statuses;
}

/**
 * A peer user subscribed the way the plugin does it: upgrade (Checkout), the hosted page paid over HTTP, and the
 * resulting events delivered to its webhook in order. Returns the session cookie and the Stripe subscription id.
 */
export async function peerSubscribed(
  emulator: Emulator,
  peer: Peer,
  database: PeerDatabase,
  plan = 'pro',
): Promise<{ cookie: string; subscription: string }> {
  const cookie = await peer.signUp(peerUser);
  const before = eventCount(emulator);
  const started = await peerUpgrade(peer, cookie, plan);
  if (typeof started.json.url !== 'string') throw new Error(`peer upgrade gave no url: ${started.status}`);
  const paid = await payCheckout(started.json.url);
  if (paid !== 302 && paid !== 303) throw new Error(`peer checkout not paid: ${paid}`);
  await deliverToPeer(peer, eventsSince(emulator, before));
  const row = database.subscription?.find((candidate) => candidate.status === 'active');
  if (typeof row?.stripeSubscriptionId !== 'string') throw new Error('peer has no active subscription row');
  return { cookie, subscription: row.stripeSubscriptionId };
}
