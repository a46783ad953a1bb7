import { cancellationReasons } from '@plankit/core';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { PortalProduct } from '../portal-products';
import { checkPortal } from './portal';

type Configuration = Stripe.BillingPortal.Configuration;

const products: PortalProduct[] = [
  { product: 'prod_pro', prices: ['price_pro_m', 'price_pro_y'], seats: null },
  { product: 'prod_team', prices: ['price_team_m'], seats: { min: 2, max: 50 } },
];

/** A configuration as Stripe returns it, set up the way Plankit wants; tests break one thing at a time. */
function configuration(): Configuration {
  return {
    id: 'bpc_1',
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: 0,
    default_return_url: null,
    features: {
      customer_update: { allowed_updates: [], enabled: false },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true, payment_method_configuration: null },
      subscription_cancel: {
        enabled: true,
        mode: 'at_period_end',
        proration_behavior: 'none',
        cancellation_reason: { enabled: true, feedback_options: null, options: [...cancellationReasons] },
      },
      subscription_pause: { enabled: false, duration: { interval_options: [], type: 'indefinite' } },
      subscription_update: {
        enabled: true,
        billing_cycle_anchor: null,
        default_allowed_updates: ['price', 'quantity'],
        proration_behavior: 'create_prorations',
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: 'end_trial',
        products: [
          {
            product: 'prod_pro',
            prices: ['price_pro_m', 'price_pro_y'],
            adjustable_quantity: { enabled: false, maximum: null, minimum: 1 },
          },
          {
            product: 'prod_team',
            prices: ['price_team_m'],
            adjustable_quantity: { enabled: true, maximum: 50, minimum: 2 },
          },
        ],
      },
    },
    is_default: true,
    livemode: false,
    login_page: { enabled: true, url: 'https://billing.stripe.com/p/login/test' },
    metadata: {},
    name: null,
    updated: 0,
  };
}

function problems(config: Configuration | null, extra: Partial<Parameters<typeof checkPortal>[1]> = {}) {
  return checkPortal(config, { products, ...extra }).filter((finding) => finding.level !== 'ok');
}

describe('checkPortal', () => {
  it('passes a configuration that offers everything, naming it the default', () => {
    const findings = checkPortal(configuration(), { products });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: 'portal', level: 'ok' });
    expect(findings[0]?.message).toMatch(/^Portal configuration bpc_1 \(the account default\)/);
  });

  it('reports a missing configuration, by id when one was named', () => {
    expect(problems(null)[0]?.message).toMatch(/There is no customer portal configuration/);
    expect(problems(null, { configurationId: 'bpc_gone' })[0]?.message).toBe(
      'Portal configuration bpc_gone does not exist in this account.',
    );
  });

  it('reports switched-off features', () => {
    const config = configuration();
    config.active = false;
    config.features.subscription_cancel.enabled = false;
    config.features.payment_method_update.enabled = false;
    config.features.invoice_history.enabled = false;
    expect(problems(config).map((finding) => [finding.id, finding.level])).toEqual([
      ['portal.configuration', 'error'],
      ['portal.subscription-cancel', 'error'],
      ['portal.payment-method-update', 'error'],
      ['portal.invoice-history', 'warning'],
    ]);
  });

  it('reports a survey that is off', () => {
    const config = configuration();
    config.features.subscription_cancel.cancellation_reason.enabled = false;
    expect(problems(config)[0]?.message).toMatch(/does not ask why customers cancel/);
  });

  it('reports plan switching that does not match the catalog', () => {
    const config = configuration();
    const update = config.features.subscription_update;
    update.default_allowed_updates = ['price'];
    update.products = [{ ...update.products![0]!, prices: ['price_pro_m'] }];
    const found = problems(config);
    expect(found.map((finding) => finding.id)).toEqual(['portal.quantity-updates', 'portal.products']);
    expect(found[1]?.message).toBe(
      'Plan switching in the portal does not match the catalog: prod_pro lacks price_pro_y; product prod_team is not offered.',
    );
  });

  it('reports a per-seat product whose quantity is locked', () => {
    const config = configuration();
    const team = config.features.subscription_update.products![1]!;
    team.adjustable_quantity = { enabled: false, maximum: null, minimum: 1 };
    expect(problems(config)[0]?.message).toMatch(/the quantity of prod_team \(per seat\) is not adjustable/);
  });

  it('warns about the login link, the return URL and the headline', () => {
    const config = configuration();
    config.login_page.enabled = false;
    const found = problems(config, { returnUrl: 'https://app.example.com/account', headline: 'Acme' });
    expect(found.map((finding) => [finding.id, finding.level])).toEqual([
      ['portal.login-page', 'warning'],
      ['portal.return-url', 'warning'],
      ['portal.headline', 'warning'],
    ]);
  });
});
