import { cancellationReasons } from '@plankit/core';
import type Stripe from 'stripe';
import {
  defaultProrationBehavior,
  type PlanChangeProrationBehavior,
} from '../../subscriptions/proration-behavior';
import type { PortalProduct } from '../portal-products';
import { maxPortalProducts } from '../portal-products';
import type { DoctorFinding } from '../types';

/** What the portal configuration should offer, derived from the catalog and the options. */
export interface PortalExpectation {
  products: readonly PortalProduct[];
  /** How plan changes are billed (createPlankit's `planChange.prorationBehavior`; default `create_prorations`). */
  prorationBehavior?: PlanChangeProrationBehavior;
  /** The configuration id the app passes to portal sessions, if any. */
  configurationId?: string;
  returnUrl?: string;
  headline?: string;
}

type Configuration = Stripe.BillingPortal.Configuration;
type ConfiguredProduct = NonNullable<Configuration['features']['subscription_update']['products']>[number];

const fixHint =
  'Run `plankit doctor --fix` to update it, or change it in Dashboard > Settings > Billing > Customer portal.';

function missingConfiguration(expected: PortalExpectation): DoctorFinding {
  return {
    id: 'portal.configuration',
    level: 'error',
    message: expected.configurationId
      ? `Portal configuration ${expected.configurationId} does not exist in this account.`
      : 'There is no customer portal configuration: portal sessions (cancel, switch plan, update card) fail until one exists.',
    hint: 'Run `plankit doctor --fix` to create one, or save the portal settings in Dashboard > Settings > Billing > Customer portal.',
  };
}

function checkCancellation(features: Configuration['features'], into: DoctorFinding[]): void {
  const cancel = features.subscription_cancel;
  if (!cancel.enabled) {
    into.push({
      id: 'portal.subscription-cancel',
      level: 'error',
      message: 'Cancellation is switched off in the portal; the cancel button has nowhere to send customers.',
      hint: fixHint,
    });
    return;
  }
  if (!cancel.cancellation_reason.enabled) {
    into.push({
      id: 'portal.cancellation-reasons',
      level: 'error',
      message: 'The portal does not ask why customers cancel, so no reason reaches your webhook (seed 003).',
      hint: fixHint,
    });
    return;
  }
  const offered = new Set<string>(cancel.cancellation_reason.options);
  const missing = cancellationReasons.filter((reason) => !offered.has(reason));
  if (missing.length > 0) {
    into.push({
      id: 'portal.cancellation-reasons',
      level: 'error',
      message: `The portal's cancellation survey lacks ${missing.length === 1 ? 'the reason' : `${missing.length} reasons`}: ${missing.join(', ')}.`,
      hint: fixHint,
    });
  }
}

const prorationWords: Record<PlanChangeProrationBehavior, string> = {
  always_invoice: 'charges the prorated difference at once (always_invoice)',
  create_prorations: 'adds the prorated difference to the next invoice (create_prorations)',
  none: 'does not prorate (none)',
};

function describeProration(behavior: string): string {
  return (prorationWords as Record<string, string | undefined>)[behavior] ?? `prorates with "${behavior}"`;
}

/**
 * The portal's confirm page bills with its own setting while Plankit's dialog shows a preview made with the server's:
 * when they differ, the customer is shown one amount and charged another.
 */
function checkProration(
  update: Configuration['features']['subscription_update'],
  expected: PortalExpectation,
  into: DoctorFinding[],
): void {
  const wanted = expected.prorationBehavior ?? defaultProrationBehavior;
  if (update.proration_behavior === wanted) return;
  into.push({
    id: 'portal.proration-behavior',
    level: 'error',
    message: `The portal ${describeProration(update.proration_behavior)} when a customer switches plan, but Plankit ${describeProration(wanted)}: the portal's confirm page would charge other amounts than the plan switch dialog shows.`,
    hint: `Run \`plankit doctor --fix\` to set the portal's proration to ${wanted}, or set planChange.prorationBehavior to ${update.proration_behavior} in createPlankit (and --proration-behavior ${update.proration_behavior} here).`,
  });
}

function isQuantityAdjustable(
  update: Configuration['features']['subscription_update'],
  product: ConfiguredProduct,
) {
  if (!update.default_allowed_updates.includes('quantity')) return false;
  return product.adjustable_quantity ? product.adjustable_quantity.enabled : true;
}

/**
 * The portal's quantity settings against the catalog: a per-seat plan is adjustable within the plan's seat bounds
 * (`team` from 2 seats, say), and a plan sold once is not adjustable at all, or customers could buy it several
 * times over in the portal.
 */
function checkQuantity(
  update: Configuration['features']['subscription_update'],
  wanted: PortalProduct,
  found: ConfiguredProduct,
): string | null {
  if (!update.default_allowed_updates.includes('quantity')) return null;
  const adjustable = isQuantityAdjustable(update, found);
  if (!wanted.seats) {
    return adjustable
      ? `${wanted.product} is not sold per seat, but the portal lets customers buy several`
      : null;
  }
  if (!adjustable) return `the quantity of ${wanted.product} (per seat) is not adjustable`;
  const minimum = found.adjustable_quantity?.minimum ?? 1;
  const maximum = found.adjustable_quantity?.maximum ?? null;
  if (minimum !== wanted.seats.min || maximum !== wanted.seats.max) {
    return `the quantity of ${wanted.product} may be ${minimum} to ${maximum ?? 'any number'} in the portal, but the plan sells ${wanted.seats.min} to ${wanted.seats.max} seats`;
  }
  return null;
}

function checkPlanSwitching(
  features: Configuration['features'],
  expected: PortalExpectation,
  into: DoctorFinding[],
): void {
  const update = features.subscription_update;
  if (!update.enabled) {
    into.push({
      id: 'portal.subscription-update',
      level: 'error',
      message: 'Plan switching is switched off in the portal; customers cannot change plan or seats.',
      hint: fixHint,
    });
    return;
  }
  if (!update.default_allowed_updates.includes('price')) {
    into.push({
      id: 'portal.subscription-update',
      level: 'error',
      message:
        'The portal lets customers update subscriptions, but not change their price (plan or interval).',
      hint: fixHint,
    });
  }
  checkProration(update, expected, into);
  const needsSeats = expected.products.some((product) => product.seats !== null);
  if (needsSeats && !update.default_allowed_updates.includes('quantity')) {
    into.push({
      id: 'portal.quantity-updates',
      level: 'error',
      message: 'A plan is sold per seat, but the portal does not let customers change the quantity.',
      hint: fixHint,
    });
  }
  if (expected.products.length > maxPortalProducts) {
    into.push({
      id: 'portal.products',
      level: 'error',
      message: `The catalog has ${expected.products.length} plan products; Stripe's portal offers at most ${maxPortalProducts} for switching.`,
      hint: 'Put several plans on one product (one price each), or switch plans through Plankit deep links only.',
    });
  }
  const configured = update.products;
  if (configured === undefined) {
    into.push({
      id: 'portal.products',
      level: 'warning',
      message: 'Could not read which products the portal offers for switching (Stripe did not include them).',
    });
    return;
  }
  const problems: string[] = [];
  for (const wanted of expected.products.slice(0, maxPortalProducts)) {
    const found = (configured ?? []).find((product) => product.product === wanted.product);
    if (!found) {
      problems.push(`product ${wanted.product} is not offered`);
      continue;
    }
    const missingPrices = wanted.prices.filter((price) => !found.prices.includes(price));
    if (missingPrices.length > 0) problems.push(`${wanted.product} lacks ${missingPrices.join(', ')}`);
    const quantityProblem = checkQuantity(update, wanted, found);
    if (quantityProblem) problems.push(quantityProblem);
  }
  if (problems.length > 0) {
    into.push({
      id: 'portal.products',
      level: 'error',
      message: `Plan switching in the portal does not match the catalog: ${problems.join('; ')}.`,
      hint: fixHint,
    });
  }
}

function checkOtherFeatures(
  configuration: Configuration,
  expected: PortalExpectation,
  into: DoctorFinding[],
): void {
  const { features } = configuration;
  if (!features.payment_method_update.enabled) {
    into.push({
      id: 'portal.payment-method-update',
      level: 'error',
      message:
        'Updating the payment method is switched off in the portal; customers with a failed card cannot fix it.',
      hint: fixHint,
    });
  }
  if (!features.invoice_history.enabled) {
    into.push({
      id: 'portal.invoice-history',
      level: 'warning',
      message: 'The portal hides the invoice history; customers cannot download their invoices.',
      hint: fixHint,
    });
  }
  if (!configuration.login_page.enabled) {
    into.push({
      id: 'portal.login-page',
      level: 'warning',
      message:
        "The portal's login link is off. Stripe's own redirect of already-subscribed customers only works with it (seeds 000 and 004); Plankit's server enforces one subscription either way.",
      hint: fixHint,
    });
  }
  if (expected.returnUrl && configuration.default_return_url !== expected.returnUrl) {
    into.push({
      id: 'portal.return-url',
      level: 'warning',
      message: `The portal's default return URL is ${configuration.default_return_url ?? 'not set'}, not ${expected.returnUrl}.`,
      hint: fixHint,
    });
  }
  if (expected.headline && configuration.business_profile.headline !== expected.headline) {
    into.push({
      id: 'portal.headline',
      level: 'warning',
      message: `The portal's headline is ${configuration.business_profile.headline ? `"${configuration.business_profile.headline}"` : 'not set'}, not "${expected.headline}".`,
      hint: fixHint,
    });
  }
}

/**
 * Checks that the portal configuration offers what Plankit's components send customers to: cancellation with
 * the 8 reasons, plan switching over the catalog's products (with seats when a plan is per seat), payment
 * method update, invoice history and the login link.
 */
export function checkPortal(
  configuration: Configuration | null,
  expected: PortalExpectation,
): DoctorFinding[] {
  if (!configuration) return [missingConfiguration(expected)];
  const problems: DoctorFinding[] = [];
  if (!configuration.active) {
    problems.push({
      id: 'portal.configuration',
      level: 'error',
      message: `Portal configuration ${configuration.id} is deactivated; sessions cannot use it.`,
      hint: fixHint,
    });
  }
  checkCancellation(configuration.features, problems);
  checkPlanSwitching(configuration.features, expected, problems);
  checkOtherFeatures(configuration, expected, problems);
  if (problems.length > 0) return problems;
  const which = configuration.is_default
    ? `${configuration.id} (the account default)`
    : `${configuration.id} (not the account default: pass it to createPlankit as portal.configuration)`;
  return [
    {
      id: 'portal',
      level: 'ok',
      message: `Portal configuration ${which} offers cancellation with reasons, plan switching over ${expected.products.length} products (billed with ${expected.prorationBehavior ?? defaultProrationBehavior}), payment method update, invoices and the login link.`,
    },
  ];
}
