import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useEmulator } from './helpers.js';

const day = 24 * 60 * 60;

describe('Events API: pagination, created filters and the 30-day window', () => {
  const t = useEmulator({ webhookDelivery: { reorderWindowMs: 0, duplicateShare: 0 } });

  it('auto-paginates newest first and filters on created[gte] and created[lt]', async () => {
    const { stripe, emulator } = t;
    const before = emulator.now();
    const first = await Promise.all(
      Array.from({ length: 12 }, (_, i) => stripe.customers.create({ email: `early${i}@example.com` })),
    );
    emulator.advanceClock(3600);
    const boundary = emulator.now();
    const later = [];
    for (let i = 0; i < 13; i += 1)
      later.push(await stripe.customers.create({ email: `late${i}@example.com` }));

    const all = await stripe.events
      .list({ type: 'customer.created', created: { gte: before }, limit: 5 })
      .autoPagingToArray({ limit: 1000 });
    expect(all).toHaveLength(25);
    expect(all.map((e) => e.created)).toEqual([...all.map((e) => e.created)].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e.id)).size).toBe(25);

    const recent: string[] = [];
    for await (const event of stripe.events.list({
      created: { gte: boundary },
      types: ['customer.created'],
      limit: 4,
    })) {
      recent.push((event.data.object as Stripe.Customer).id);
    }
    expect(recent.sort()).toEqual(later.map((c) => c.id).sort());

    const old = await stripe.events
      .list({ type: 'customer.*', created: { gte: before, lt: boundary }, limit: 100 })
      .autoPagingToArray({ limit: 1000 });
    expect(old.map((e) => (e.data.object as Stripe.Customer).id).sort()).toEqual(
      first.map((c) => c.id).sort(),
    );

    const exact = await stripe.events.list({ created: boundary, type: 'customer.created' });
    expect(exact.data.every((e) => e.created === boundary)).toBe(true);
    expect(exact.data.length).toBeGreaterThan(0);
  });

  it('neither lists nor retrieves events older than 30 days (emulator clock)', async () => {
    const { stripe, emulator } = t;
    const customer = await stripe.customers.create({ email: 'aging@example.com' });
    const [event] = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data;
    if (!event) throw new Error('no customer.created event');
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    emulator.advanceClock(29 * day);
    expect((await stripe.events.retrieve(event.id)).id).toBe(event.id);
    emulator.advanceClock(1 * day + 1);
    await expect(stripe.events.retrieve(event.id)).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
    const listed = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    expect(listed.some((e) => e.id === event.id)).toBe(false);
    expect(listed.every((e) => e.created > emulator.now() - 30 * day)).toBe(true);
  });

  it('refuses what Stripe refuses: unknown params, type with types, more than 20 types, unknown created keys', async () => {
    const { stripe } = t;
    const list = (params: Record<string, unknown>) => stripe.events.list(params as Stripe.EventListParams);
    await expect(list({ customer: 'cus_1' })).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'customer',
    });
    await expect(list({ type: 'customer.created', types: ['customer.updated'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'types',
    });
    const many = Array.from({ length: 21 }, (_, i) => `customer.t${i}`);
    await expect(list({ types: many })).rejects.toMatchObject({ statusCode: 400, param: 'types' });
    await expect(list({ created: { after: 1 } })).rejects.toMatchObject({
      code: 'parameter_unknown',
      param: 'created[after]',
    });
    await expect(list({ delivery_success: 'maybe' })).rejects.toMatchObject({
      statusCode: 400,
      param: 'delivery_success',
    });
  });
});
