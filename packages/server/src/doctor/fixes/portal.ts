import { cancellationReasons } from '@plankit/core';
import type Stripe from 'stripe';
import {
  defaultProrationBehavior,
  type PlanChangeProrationBehavior,
} from '../../subscriptions/proration-behavior';
import { plankitMetadataKey, portalConfigurationExpand } from '../portal-configuration';
import type { PortalProduct } from '../portal-products';
import { maxPortalProducts } from '../portal-products';

type Configuration = Stripe.BillingPortal.Configuration;
type ProductParam = Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.Product;
type UpdateKind =
  Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate.DefaultAllowedUpdate;

export interface PortalFixOptions {
  products: readonly PortalProduct[];
  /** The proration Plankit previews plan changes with; the portal must bill the same. */
  prorationBehavior?: PlanChangeProrationBehavior;
  returnUrl?: string;
  headline?: string;
}

function productParam(product: PortalProduct): ProductParam {
  return {
    product: product.product,
    prices: [...product.prices],
    // Seats are adjustable on per-seat products only: nobody should buy three "Pro" plans by accident.
    adjustable_quantity: product.seats
      ? { enabled: true, minimum: product.seats.min, maximum: product.seats.max }
      : { enabled: false },
  };
}

/** The catalog's products first, then products the merchant added by hand, while they fit in Stripe's limit. */
function productParams(wanted: readonly PortalProduct[], existing: Configuration | null): ProductParam[] {
  const params = wanted.slice(0, maxPortalProducts).map(productParam);
  for (const product of existing?.features.subscription_update.products ?? []) {
    if (params.length >= maxPortalProducts) break;
    if (params.some((param) => param.product === product.product)) continue;
    const adjustable = product.adjustable_quantity;
    params.push({
      product: product.product,
      prices: [...product.prices],
      ...(adjustable
        ? {
            adjustable_quantity: {
              enabled: adjustable.enabled,
              minimum: adjustable.minimum,
              ...(adjustable.maximum !== null ? { maximum: adjustable.maximum } : {}),
            },
          }
        : {}),
    });
  }
  return params;
}

function allowedUpdates(wanted: readonly PortalProduct[], existing: Configuration | null): UpdateKind[] {
  const kinds = new Set<UpdateKind>(existing?.features.subscription_update.default_allowed_updates ?? []);
  kinds.add('price');
  if (wanted.some((product) => product.seats)) kinds.add('quantity');
  return [...kinds];
}

/**
 * Creates a portal configuration with what Plankit's components need, or updates the existing one in place.
 * The proration of plan changes is set to Plankit's, so the portal charges what the plan switch dialog showed.
 * Settings Plankit has no opinion on (cancellation mode and proration, customer updates, branding) are kept.
 */
export async function fixPortalConfiguration(
  stripe: Stripe,
  existing: Configuration | null,
  options: PortalFixOptions,
): Promise<Configuration> {
  const features = {
    subscription_cancel: {
      enabled: true,
      cancellation_reason: { enabled: true, options: [...cancellationReasons] },
    },
    subscription_update: {
      enabled: true,
      default_allowed_updates: allowedUpdates(options.products, existing),
      products: productParams(options.products, existing),
      proration_behavior: options.prorationBehavior ?? defaultProrationBehavior,
    },
    payment_method_update: { enabled: true },
    invoice_history: { enabled: true },
  };
  const shared = {
    login_page: { enabled: true },
    ...(options.returnUrl ? { default_return_url: options.returnUrl } : {}),
    ...(options.headline ? { business_profile: { headline: options.headline } } : {}),
    expand: portalConfigurationExpand,
  };
  if (existing) {
    return stripe.billingPortal.configurations.update(existing.id, {
      ...shared,
      ...(existing.active ? {} : { active: true }),
      features,
    });
  }
  return stripe.billingPortal.configurations.create({
    ...shared,
    features: {
      ...features,
      subscription_cancel: { ...features.subscription_cancel, mode: 'at_period_end' },
    },
    metadata: { [plankitMetadataKey]: 'doctor' },
  });
}
