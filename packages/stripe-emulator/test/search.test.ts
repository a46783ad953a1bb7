import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

describe('search query language (no lag)', () => {
  const ctx = useEmulator({ seed: catalog, search: { lagMs: 0 } });

  it('searches customers by email and metadata, and subscriptions by status and metadata', async () => {
    const { stripe } = ctx;
    const a = await stripe.customers.create({
      email: 'search@example.com',
      metadata: { userId: 'u1' },
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    await stripe.customers.create({ email: 'other@example.com', metadata: { userId: 'u2' } });
    const byEmail = await stripe.customers.search({ query: "email:'search@example.com'" });
    expect(byEmail.data.map((c) => c.id)).toEqual([a.id]);
    const byMeta = await stripe.customers.search({ query: "metadata['userId']:'u1'" });
    expect(byMeta.data.map((c) => c.id)).toEqual([a.id]);
    const sub = await stripe.subscriptions.create({
      customer: a.id,
      items: [{ price: 'price_basic_month' }],
      metadata: { k: 'v' },
    });
    const found = await stripe.subscriptions.search({ query: "status:'active' AND metadata['k']:'v'" });
    expect(found.data.map((s) => s.id)).toEqual([sub.id]);
    const none = await stripe.subscriptions.search({ query: "status:'canceled' AND metadata['k']:'v'" });
    expect(none.data).toHaveLength(0);
    const page = await stripe.customers.search({ query: "email~'example.com'", limit: 1 });
    expect(page.has_more).toBe(true);
    const next = await stripe.customers.search({
      query: "email~'example.com'",
      limit: 1,
      page: page.next_page ?? '',
    });
    expect(next.data[0]?.id).not.toBe(page.data[0]?.id);
  });
});

describe('search is eventually consistent, as Stripe says', () => {
  const ctx = useEmulator({ seed: catalog });

  it('a created customer shows in search only after the default 2 s lag; the list sees it at once', async () => {
    const { stripe, emulator } = ctx;
    const created = await stripe.customers.create({ email: 'lag@example.com', metadata: { userId: 'lag' } });
    const query = "metadata['userId']:'lag'";
    expect((await stripe.customers.search({ query })).data).toEqual([]);
    expect((await stripe.customers.list({ email: 'lag@example.com' })).data.map((c) => c.id)).toEqual([
      created.id,
    ]);
    emulator.advanceClock(1);
    expect((await stripe.customers.search({ query })).data).toEqual([]);
    emulator.advanceClock(1);
    expect((await stripe.customers.search({ query })).data.map((c) => c.id)).toEqual([created.id]);
  });

  it('an update is matched on its old values until the lag has passed, and results are those values', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({ email: 'moved@example.com', metadata: { team: 'red' } });
    emulator.advanceClock(3);
    await stripe.customers.update(customer.id, { metadata: { team: 'blue' } });
    const red = await stripe.customers.search({ query: "metadata['team']:'red'" });
    expect(red.data.map((c) => c.id)).toEqual([customer.id]);
    expect(red.data[0]?.metadata.team).toBe('red');
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      metadata: { team: 'blue' },
    });
    expect((await stripe.customers.search({ query: "metadata['team']:'blue'" })).data).toEqual([]);
    emulator.advanceClock(2);
    expect((await stripe.customers.search({ query: "metadata['team']:'red'" })).data).toEqual([]);
    expect(
      (await stripe.customers.search({ query: "metadata['team']:'blue'" })).data.map((c) => c.id),
    ).toEqual([customer.id]);
  });

  it('subscriptions lag too, and the lag runs on wall-clock time as well', async () => {
    const { stripe, emulator } = ctx;
    emulator.configureSearch({ lagMs: 300 });
    try {
      const customer = await stripe.customers.create({
        email: 'sublag@example.com',
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      });
      const sub = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: 'price_basic_month' }],
        metadata: { k: 'lagged' },
      });
      const query = "metadata['k']:'lagged'";
      expect((await stripe.subscriptions.search({ query })).data).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await stripe.subscriptions.search({ query })).data.map((s) => s.id)).toEqual([sub.id]);
    } finally {
      emulator.configureSearch({ lagMs: 2000 });
    }
  });
});

describe('search rate limit and availability', () => {
  const ctx = useEmulator({ seed: catalog, search: { lagMs: 0 } });

  it('allows 20 search requests per second across the search endpoints, then answers 429 rate_limit', async () => {
    const { stripe } = ctx;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const burst = [
      ...Array.from({ length: 10 }, () => stripe.customers.search({ query: "email:'a@example.com'" })),
      ...Array.from({ length: 5 }, () => stripe.subscriptions.search({ query: "status:'active'" })),
      ...Array.from({ length: 5 }, () => stripe.prices.search({ query: "active:'true'" })),
    ];
    const results = await Promise.allSettled(burst);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const refused = await stripe.products.search({ query: "active:'true'" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(refused).toMatchObject({ statusCode: 429, code: 'rate_limit', type: 'StripeRateLimitError' });
    // Other reads are not counted against the search limit.
    expect((await stripe.customers.list({ limit: 1 })).object).toBe('list');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await stripe.products.search({ query: "active:'true'" })).object).toBe('search_result');
  });

  it('answers every search as for an account without search (India), while lists keep working', async () => {
    const { stripe, emulator } = ctx;
    emulator.configureSearch({ unavailable: true });
    try {
      const customer = await stripe.customers.create({ email: 'india@example.com' });
      const refused = await stripe.customers
        .search({ query: "email:'india@example.com'" })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(refused).toMatchObject({ statusCode: 400, message: 'search feature unavailable for merchant' });
      await expect(stripe.subscriptions.search({ query: "status:'active'" })).rejects.toThrow(
        'search feature unavailable for merchant',
      );
      expect((await stripe.customers.list({ email: 'india@example.com' })).data[0]?.id).toBe(customer.id);
    } finally {
      emulator.configureSearch({ unavailable: false });
    }
  });
});
