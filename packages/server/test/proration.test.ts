import { type PreviewChangeResponse, previewChangeResponseSchema } from '@plankit/core';
import { beforeEach, describe, expect, test } from 'vitest';
import type { PlanChangeProrationBehavior } from '../src/subscriptions/proration-behavior';
import { appOrigin, call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();
const day = 24 * 60 * 60;

type Billing = ReturnType<typeof makeBilling>;

/** A user on Starter monthly, ten days into the period: the emulator's clock is now ahead of the server's. */
async function midPeriodSubscriber(billing: Billing, user: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user))!;
  const subscription = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
  env.emulator.advanceClock(10 * day);
  return { customer, subscription };
}

/**
 * Waits for the start of a wall-clock second, so a preview and a portal confirmation that follow within the second
 * prorate at the same emulator second (the portal, like Stripe's, prorates at the time of the click).
 */
async function startOfSecond() {
  const wait = 1000 - (Date.now() % 1000);
  await new Promise((resolve) => setTimeout(resolve, wait + 5));
}

async function invoiceIds(customer: string): Promise<Set<string>> {
  return new Set(
    (await env.stripe.invoices.list({ customer, limit: 100 })).data.map((invoice) => invoice.id),
  );
}

/** What happened after the change, from the emulator's invoices: charged at once, then at the renewal. */
async function billedAfterChange(customer: string, subscriptionId: string, before: Set<string>) {
  const created = (await env.stripe.invoices.list({ customer, limit: 100 })).data.filter(
    (invoice) => !before.has(invoice.id),
  );
  const chargedNow = created.reduce((sum, invoice) => sum + invoice.total, 0);
  const paidNow = created.every((invoice) => invoice.status === 'paid');
  const subscription = await env.stripe.subscriptions.retrieve(subscriptionId);
  const periodEnd = subscription.items.data[0]!.current_period_end;
  // Run the clock past the renewal: the renewal invoice is what "next invoice" promised.
  env.emulator.advanceClock(periodEnd - env.emulator.now() + 60 * 60);
  const renewal = (await env.stripe.invoices.list({ customer, limit: 100 })).data.find(
    (invoice) => !before.has(invoice.id) && invoice.billing_reason === 'subscription_cycle',
  );
  return { created, chargedNow, paidNow, periodEnd, renewal, subscription };
}

function centsOf(formatted: string): number {
  const digits = formatted.replace(/[^0-9]/g, '');
  return (formatted.includes('-') ? -1 : 1) * Number(digits);
}

/** Opens the update_confirm deep link the way PlanSwitchConfirm sends the customer there, and clicks Confirm. */
async function confirmInPortal(billing: Billing, user: string, body: Record<string, unknown>) {
  const portal = await call(billing, '/portal', { flow: 'subscription_update_confirm', ...body }, { user });
  expect(portal.status).toBe(200);
  const url = new URL(portal.json.url as string);
  const html = await (await fetch(url)).text();
  const shown = /<p id="proration-amount">([^<:]+): <strong>([^<]+)<\/strong>/.exec(html);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  expect(action).toBeDefined();
  const submitted = await fetch(new URL(action!, url), { method: 'POST', redirect: 'manual' });
  await submitted.text();
  expect([200, 302, 303]).toContain(submitted.status);
  return { label: shown?.[1] ?? null, shownAmount: shown?.[2] ? centsOf(shown[2]) : null };
}

/** The seeded portal configuration bills plan changes the given way (as `plankit doctor --fix` would set it). */
async function portalProrates(behavior: PlanChangeProrationBehavior) {
  const [configuration] = (await env.stripe.billingPortal.configurations.list({ limit: 1 })).data;
  await env.stripe.billingPortal.configurations.update(configuration!.id, {
    features: { subscription_update: { proration_behavior: behavior } },
  });
}

/**
 * The preview against what happened. The in-app change is pinned to the preview's proration date, so the figures are
 * exact; a portal confirmation prorates at its own time, so when it fell in another second than the preview each of
 * the two proration lines may round one cent differently.
 */
function expectSameMoney(actual: number, previewed: number, exact: boolean) {
  if (exact) expect(actual).toBe(previewed);
  else expect(Math.abs(actual - previewed)).toBeLessThanOrEqual(2);
}

const behaviors: readonly PlanChangeProrationBehavior[] = ['always_invoice', 'create_prorations', 'none'];

describe.each(behaviors)('planChange.prorationBehavior %s', (behavior) => {
  let billing: Billing;
  beforeEach(async () => {
    billing = makeBilling(env.emulator, { planChange: { inApp: true, prorationBehavior: behavior } });
    await portalProrates(behavior);
  });

  async function preview(user: string, subscription: string, plan: string, interval: string) {
    const reply = await call(billing, '/preview-change', { subscription, plan, interval }, { user });
    expect(reply.status).toBe(200);
    return previewChangeResponseSchema.parse(reply.json);
  }

  /** The previewed figures hold for a Starter -> Pro monthly upgrade ten days into the period. */
  function expectUpgradeFigures(previewed: PreviewChangeResponse, periodEnd: number, previewedAt: number) {
    expect(previewed.nextInvoice.date).toBe(new Date(periodEnd * 1000).toISOString());
    // Stripe's clock (the emulator's, ten days ahead of the server's) is what the proration used. Under `none`
    // nothing is prorated and Stripe reports no date: the server's clock stands in.
    const expectedDate = behavior === 'none' ? Math.floor(Date.now() / 1000) : previewedAt;
    expect(Math.abs(previewed.prorationDate - expectedDate)).toBeLessThanOrEqual(5);
    expect(previewedAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(9 * day);
    const prorations = previewed.lines.filter((line) => line.proration);
    const prorated = prorations.reduce((sum, line) => sum + line.amount, 0);
    if (behavior === 'none') {
      expect(prorations).toEqual([]);
      expect(previewed.dueNow).toBe(0);
      expect(previewed.nextInvoice.amount).toBe(2900);
      return;
    }
    // Twenty of thirty-ish days of the $20 difference.
    expect(prorated).toBeGreaterThan(1100);
    expect(prorated).toBeLessThan(1600);
    if (behavior === 'always_invoice') {
      expect(previewed.dueNow).toBe(prorated);
      expect(previewed.nextInvoice.amount).toBe(2900);
    } else {
      expect(previewed.dueNow).toBe(0);
      expect(previewed.nextInvoice.amount).toBe(2900 + prorated);
    }
  }

  test('in the app: the preview is what /change-plan charges now and at the renewal', async () => {
    const { customer, subscription } = await midPeriodSubscriber(billing, 'ann');
    const previewed = await preview('ann', subscription.id, 'pro', 'month');
    const previewedAt = env.emulator.now();
    const before = await invoiceIds(customer);
    const applied = await call(
      billing,
      '/change-plan',
      {
        subscription: subscription.id,
        plan: 'pro',
        interval: 'month',
        prorationDate: previewed.prorationDate,
      },
      { user: 'ann' },
    );
    expect(applied.status).toBe(200);
    expect(applied.json.subscription).toMatchObject({ planKey: 'pro', status: 'active' });
    const update = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`);
    expect(update?.params).toMatchObject({
      proration_behavior: behavior,
      payment_behavior: 'error_if_incomplete',
    });
    const billed = await billedAfterChange(customer, subscription.id, before);
    expectUpgradeFigures(previewed, billed.periodEnd, previewedAt);
    expect(billed.chargedNow).toBe(previewed.dueNow);
    expect(billed.created.length).toBe(behavior === 'always_invoice' ? 1 : 0);
    expect(billed.paidNow).toBe(true);
    expect(billed.renewal?.total).toBe(previewed.nextInvoice.amount);
    expect(billed.renewal?.created).toBe(billed.periodEnd);
  });

  test('through the portal deep link: the preview is what the confirm page shows and charges', async () => {
    const { customer, subscription } = await midPeriodSubscriber(billing, 'bob');
    await startOfSecond();
    const startedAt = env.emulator.now();
    const previewed = await preview('bob', subscription.id, 'pro', 'month');
    const previewedAt = env.emulator.now();
    const before = await invoiceIds(customer);
    const page = await confirmInPortal(billing, 'bob', {
      subscription: subscription.id,
      plan: 'pro',
      interval: 'month',
      afterCompletion: { type: 'redirect', returnTo: `${appOrigin}/account` },
    });
    const sameSecond = env.emulator.now() === startedAt;
    const prorated = previewed.lines.filter((line) => line.proration).reduce((sum, l) => sum + l.amount, 0);
    if (behavior === 'always_invoice') {
      expect(page.label).toBe('Amount due today');
      expectSameMoney(page.shownAmount!, previewed.dueNow, sameSecond);
    } else {
      expect(page.label).toBe('Prorated adjustment on your next invoice');
      expectSameMoney(page.shownAmount!, prorated, sameSecond);
    }
    const billed = await billedAfterChange(customer, subscription.id, before);
    expect(billed.subscription.items.data[0]?.price.lookup_key).toBe('pro_monthly');
    expectUpgradeFigures(previewed, billed.periodEnd, previewedAt);
    expectSameMoney(billed.chargedNow, previewed.dueNow, sameSecond);
    expect(billed.created.length).toBe(behavior === 'always_invoice' ? 1 : 0);
    expectSameMoney(billed.renewal!.total, previewed.nextInvoice.amount, sameSecond);
    expect(billed.renewal?.created).toBe(billed.periodEnd);
  });

  test('a new interval restarts the cycle and is invoiced at once, whatever the behaviour', async () => {
    const { customer, subscription } = await midPeriodSubscriber(billing, 'cat');
    const previewed = await preview('cat', subscription.id, 'pro', 'year');
    expect(previewed.nextInvoice.amount).toBe(29000);
    const credit = previewed.lines.filter((line) => line.proration).reduce((sum, l) => sum + l.amount, 0);
    // Under none the unused Starter time is not credited; otherwise about twenty days of $9 are.
    if (behavior === 'none') expect(credit).toBe(0);
    else expect(credit).toBeLessThan(-500);
    expect(previewed.dueNow).toBe(29000 + credit);
    const before = await invoiceIds(customer);
    const applied = await call(
      billing,
      '/change-plan',
      {
        subscription: subscription.id,
        plan: 'pro',
        interval: 'year',
        prorationDate: previewed.prorationDate,
      },
      { user: 'cat' },
    );
    expect(applied.status).toBe(200);
    const invoices = (await env.stripe.invoices.list({ customer })).data.filter((i) => !before.has(i.id));
    expect(invoices.map((invoice) => [invoice.total, invoice.status])).toEqual([[previewed.dueNow, 'paid']]);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    // The new cycle starts when the change is made, a second or two after the preview on a loaded machine.
    const later =
      after.items.data[0]!.current_period_end * 1000 - Date.parse(previewed.nextInvoice.date ?? '');
    expect(later).toBeGreaterThanOrEqual(0);
    expect(later).toBeLessThanOrEqual(5000);
  });
});

describe('the doctor and the proration behaviour', () => {
  function prorationFinding(report: Awaited<ReturnType<Billing['doctor']>>) {
    return report.findings.find((finding) => finding.id === 'portal.proration-behavior');
  }

  test('a portal that bills plan changes otherwise is an error; fix sets it to the server setting', async () => {
    await portalProrates('none');
    const billing = makeBilling(env.emulator, {
      planChange: { inApp: false, prorationBehavior: 'always_invoice' },
    });
    const report = await billing.doctor();
    expect(report.ok).toBe(false);
    const finding = prorationFinding(report);
    expect(finding).toMatchObject({ level: 'error' });
    expect(finding?.message).toBe(
      "The portal does not prorate (none) when a customer switches plan, but Plankit charges the prorated difference at once (always_invoice): the portal's confirm page would charge other amounts than the plan switch dialog shows.",
    );
    const fixed = await billing.doctor({ fix: true });
    expect(prorationFinding(fixed)).toBeUndefined();
    expect(fixed.findings.find((f) => f.id === 'portal')).toMatchObject({ level: 'ok', fixed: true });
    const configuration = await env.stripe.billingPortal.configurations.retrieve(
      fixed.portalConfigurationId!,
    );
    expect(configuration.features.subscription_update.proration_behavior).toBe('always_invoice');
    // Other settings are kept.
    expect(configuration.features.subscription_cancel.mode).toBe('at_period_end');
  });

  test('the default is create_prorations, for the server and the doctor', async () => {
    await portalProrates('create_prorations');
    const billing = makeBilling(env.emulator);
    expect(prorationFinding(await billing.doctor())).toBeUndefined();
    await portalProrates('always_invoice');
    const mismatch = prorationFinding(await billing.doctor());
    expect(mismatch?.message).toMatch(
      /^The portal charges the prorated difference at once \(always_invoice\)/,
    );
    expect(mismatch?.message).toMatch(/Plankit adds the prorated difference to the next invoice/);
  });

  test('createPlankit refuses an unknown behaviour (on first use)', () => {
    expect(
      () =>
        makeBilling(env.emulator, {
          planChange: { prorationBehavior: 'prorate' as unknown as PlanChangeProrationBehavior },
        }).stripe,
    ).toThrow(
      'Plankit: planChange.prorationBehavior must be one of always_invoice, create_prorations, none.',
    );
  });
});
