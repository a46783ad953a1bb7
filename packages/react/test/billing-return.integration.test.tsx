// @vitest-environment-options { "url": "https://app.example.com/billing/return" }
import { definePlans } from '@plankit/core';
import { createMemoryStore, createPlankit } from '@plankit/server';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedWithPortal } from '@plankit/test-utils';
import { screen } from '@testing-library/react';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../src/client';
import { BillingReturn } from '../src/components/billing-return/billing-return';
import { currentSubscription, useSubscription } from '../src/hooks/use-subscription';
import { renderWithPlankit } from './render';

/*
 * BillingReturn against the real @plankit/server handler on the Stripe emulator (real HTTP, real `stripe` SDK),
 * with every webhook held back for a minute: what the page shows can only come from POST /sync.
 */

const appOrigin = 'https://app.example.com';
let emulator: Emulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: seedWithPortal, webhookDeliveryDelayMs: 60_000 });
  stripe = new Stripe(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: 2,
    timeout: 10_000,
  });
  await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/unreachable', enabled_events: ['*'] });
});
afterAll(async () => {
  await emulator?.close();
});

/** The browser's calls into the server's handler, signed in as `userId`, recorded by route. */
function serverFetch(userId: string) {
  const billing = createPlankit({
    stripe,
    identify: () => ({ userId, email: `${userId}@example.com` }),
    plans: definePlans(planConfig),
    allowedOrigins: [appOrigin],
    store: createMemoryStore(),
    logger: { warn: () => {}, error: () => {} },
  });
  const calls: string[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push(`${init.method} ${url}`);
    const request = new Request(appOrigin + url, init);
    // happy-dom's Request drops Origin from init (a forbidden header): set it as the browser would.
    request.headers.set('origin', appOrigin);
    return billing.handler(request);
  };
  return { fetch, calls };
}

function Probe() {
  return <p data-testid="probe">{currentSubscription(useSubscription().data)?.planKey ?? 'none'}</p>;
}

describe('BillingReturn on the real server and the emulator', () => {
  it('shows the subscription paid a moment ago, before any webhook, and the rest of the page follows', async () => {
    const userId = 'user_return_1';
    const customer = await stripe.customers.create({
      email: `${userId}@example.com`,
      metadata: { plankit_user_id: userId },
    });
    const prices = await stripe.prices.list({ lookup_keys: ['pro_monthly'] });
    // As a paid Checkout leaves it: an active subscription whose webhooks have not arrived.
    await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: prices.data[0]!.id }],
      default_payment_method: 'pm_card_visa',
    });
    const server = serverFetch(userId);
    const { container } = renderWithPlankit(
      <>
        <Probe />
        <BillingReturn from="checkout" continueTo="/account" />
      </>,
      { fetch: server.fetch, initialData: { subscription: { subscriptions: [] } } },
    );
    await screen.findByRole('heading', { name: 'Your subscription is active' }, { timeout: 10_000 });
    expect(await screen.findByText('Pro (Monthly)')).toBeTruthy();
    expect(screen.getByTestId('probe').textContent).toBe('pro');
    expect(container.textContent).not.toMatch(/cs_|sub_|cus_/);
    expect(emulator.webhookAttempts()).toEqual([]);
    expect(server.calls.filter((call) => call.endsWith('/sync'))).toEqual(['POST /api/billing/sync']);
    expect(server.calls.filter((call) => call.endsWith('/subscription'))).toEqual([]);
  });
});
