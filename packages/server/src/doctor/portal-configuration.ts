import type Stripe from 'stripe';
import { isMissingError } from './catalog-prices';

/** `products` is an includable field: Stripe only returns it when expanded. */
const productsPath = 'features.subscription_update.products';

/** Marks configurations created by `plankit doctor --fix`, so later runs find them without an id. */
export const plankitMetadataKey = 'plankit';

/** Expand paths for reading a portal configuration with its plan-switching products. */
export const portalConfigurationExpand = [productsPath];

/**
 * Loads the portal configuration to check: the given id, else the account's default, else one created by
 * Plankit earlier (API-created configurations are not the default). Returns null when there is none.
 */
export async function loadPortalConfiguration(
  stripe: Stripe,
  configurationId: string | undefined,
): Promise<Stripe.BillingPortal.Configuration | null> {
  if (configurationId) {
    try {
      return await stripe.billingPortal.configurations.retrieve(configurationId, {
        expand: portalConfigurationExpand,
      });
    } catch (error) {
      if (isMissingError(error)) return null;
      throw error;
    }
  }
  const page = await stripe.billingPortal.configurations.list({
    limit: 100,
    expand: [`data.${productsPath}`],
  });
  const plankitMade = page.data.filter((configuration) => configuration.metadata?.[plankitMetadataKey]);
  return (
    page.data.find((configuration) => configuration.is_default) ??
    plankitMade.find((configuration) => configuration.active) ??
    plankitMade[0] ??
    null
  );
}
