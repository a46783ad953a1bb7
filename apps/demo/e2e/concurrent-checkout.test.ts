import { expect, test } from 'vitest';
import {
  checkpoint,
  demoForEachFile,
  detail,
  onlySubscriptionOf,
  planCard,
  signIn,
  stripeSubscriptionsOf,
} from './harness';
import { cards, fillCard, payOnCheckout } from './hosted-pages';

const harness = demoForEachFile();

test('3. two tabs click Subscribe at the same moment -> one subscription', async () => {
  const { demo } = harness();
  const email = 'grace.tabs@acme.test';
  const first = await harness().newPage();
  await signIn(first, email);
  const second = await first.context().newPage();
  await Promise.all([first.goto('/pricing'), second.goto('/pricing')]);
  const buttons = [first, second].map((tab) =>
    planCard(tab, 'Pro').getByRole('button', { name: 'Subscribe' }),
  );
  await Promise.all(buttons.map((button) => button.waitFor()));

  await Promise.all(buttons.map((button) => button.click()));
  await Promise.all(
    [first, second].map((tab) => tab.waitForURL((url) => url.href.startsWith(demo.emulator!.url))),
  );
  await checkpoint(first, '03-first-tab');
  await checkpoint(second, '03-second-tab');

  // Both tabs are on Stripe's side; paying in both must still leave one subscription.
  await payOnCheckout(first, demo.url);
  if (second.url().startsWith(demo.emulator!.url)) {
    await second.reload();
    const payButton = second.getByRole('button', { name: /^(subscribe|pay|start trial)/i });
    if (await payButton.count()) {
      await fillCard(second, cards.succeeds);
      await payButton.click();
      await second.waitForLoadState();
    }
  }
  await checkpoint(second, '03-second-tab-after');

  // The server handed both tabs the same Checkout session rather than racing two.
  const sessionCreates = demo
    .emulator!.requestLog()
    .filter((entry) => entry.method === 'POST' && entry.path === '/v1/checkout/sessions');
  expect(sessionCreates).toHaveLength(1);
  const subscription = await onlySubscriptionOf(demo.stripe, email);
  expect(await stripeSubscriptionsOf(demo.stripe, email)).toHaveLength(1);
  expect(subscription.items.data[0]?.price.lookup_key).toBe('pro_monthly');

  await first.goto('/account');
  await detail(first, 'plan').filter({ hasText: 'Pro' }).waitFor();
  await checkpoint(first, '03-account');
});
