import { definePlans } from '@plankit/core';
import { runDoctor } from '@plankit/server';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { planConfig } from '@plankit/test-utils';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedStripeCatalog } from '../server/seed-catalog';

// `pnpm seed` targets a Stripe test account; here it runs against an empty emulator, through the same SDK.
let emulator: Emulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
});
afterAll(async () => {
  await emulator?.close();
});

test('the seed creates the catalog the demo needs, and a second run changes nothing', async () => {
  const first: string[] = [];
  await seedStripeCatalog(stripe, (line) => first.push(line));
  expect(first.filter((line) => line.endsWith('created') || line.includes(': created'))).toHaveLength(
    first.length,
  );

  const report = await runDoctor({
    stripe,
    plans: definePlans(planConfig),
    retentionCouponId: 'retention_25',
  });
  expect(
    report.findings.filter((finding) => finding.id.startsWith('price') && finding.level === 'error'),
  ).toEqual([]);
  expect((await stripe.promotionCodes.list({ code: 'WELCOME10' })).data).toHaveLength(1);

  const writesBefore = emulator.requestLog().filter((entry) => entry.method === 'POST').length;
  const second: string[] = [];
  await seedStripeCatalog(stripe, (line) => second.push(line));
  expect(second.every((line) => line.includes('exists'))).toBe(true);
  expect(emulator.requestLog().filter((entry) => entry.method === 'POST').length).toBe(writesBefore);
});
