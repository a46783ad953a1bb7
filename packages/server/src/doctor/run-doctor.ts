import type Stripe from 'stripe';
import { defaultProrationBehavior } from '../subscriptions/proration-behavior';
import { isMissingError, type ResolvedCatalogPrice, resolveCatalogPrices } from './catalog-prices';
import { checkCurrencies } from './checks/currencies';
import { checkKeyMode } from './checks/key-mode';
import { checkPortal, type PortalExpectation } from './checks/portal';
import { checkPrices } from './checks/prices';
import { checkProducts } from './checks/products';
import { checkRetentionCoupon } from './checks/retention-coupon';
import { checkWebhook, isWebhookUrl } from './checks/webhook';
import { fixPortalConfiguration } from './fixes/portal';
import { fixWebhookEndpoint } from './fixes/webhook';
import { loadPortalConfiguration } from './portal-configuration';
import { portalProducts } from './portal-products';
import type { DoctorFinding, DoctorOptions, DoctorReport } from './types';
import { clientApiVersion, loadWebhookEndpoint } from './webhook-endpoint';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAuthenticationError(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { statusCode?: unknown }).statusCode === 401;
}

/** A check that could not run becomes an error finding instead of an exception: the report stays readable. */
function couldNotCheck(id: string, what: string, error: unknown): DoctorFinding {
  return {
    id,
    level: 'error',
    message: `Could not ${what}: ${errorMessage(error)}`,
    ...(isAuthenticationError(error) ? { hint: 'Check STRIPE_SECRET_KEY: Stripe did not accept it.' } : {}),
  };
}

/** Marks the findings of a re-check after a fix: passing ones passed because of the fix. */
function asFixed(
  findings: DoctorFinding[],
  verb: 'Created' | 'Updated',
  what: string,
  id: string,
): DoctorFinding[] {
  if (!findings.some((finding) => finding.level === 'ok')) {
    return [{ id, level: 'ok', fixed: true, message: `${verb} ${what}.` }, ...findings];
  }
  return findings.map((finding) =>
    finding.level === 'ok'
      ? { ...finding, fixed: true, message: `${finding.message} (${verb} just now.)` }
      : finding,
  );
}

function hasProblem(findings: readonly DoctorFinding[], level: 'warning' | 'error' = 'warning'): boolean {
  return findings.some(
    (finding) => finding.level === 'error' || (level === 'warning' && finding.level === 'warning'),
  );
}

async function doctorPortal(
  options: DoctorOptions,
  expected: PortalExpectation,
): Promise<{ findings: DoctorFinding[]; configurationId?: string }> {
  const { stripe } = options;
  let configuration: Stripe.BillingPortal.Configuration | null;
  try {
    configuration = await loadPortalConfiguration(stripe, expected.configurationId);
  } catch (error) {
    return { findings: [couldNotCheck('portal', 'read the customer portal configuration', error)] };
  }
  const findings = checkPortal(configuration, expected);
  if (!options.fix || !hasProblem(findings)) {
    return { findings, ...(configuration ? { configurationId: configuration.id } : {}) };
  }
  try {
    const fixed = await fixPortalConfiguration(stripe, configuration, expected);
    // Re-read rather than trust the write's reply: the check should see what portal sessions will see.
    const reread = await loadPortalConfiguration(stripe, fixed.id);
    const verb = configuration ? 'Updated' : 'Created';
    // Said out loud, never done silently: the login page lets anyone who types a customer's email have a sign-in
    // link sent to that address.
    const loginTurnedOn: DoctorFinding[] =
      !configuration?.login_page.enabled && reread?.login_page.enabled
        ? [
            {
              id: 'portal.login-page.enabled',
              level: 'warning',
              fixed: true,
              message: `Turned on the portal's email login page (${reread.login_page.url ?? 'its link'}): anyone who types a customer's email there can have a sign-in link sent to that address.`,
              hint: 'Stripe redirects already-subscribed customers through it (seeds 000 and 004). Turn it off in Dashboard > Settings > Billing > Customer portal if you do not want it; Plankit enforces one subscription either way.',
            },
          ]
        : [];
    return {
      findings: [
        ...asFixed(
          checkPortal(reread, { ...expected, configurationId: fixed.id }),
          verb,
          `portal configuration ${fixed.id}`,
          'portal.fix',
        ),
        ...loginTurnedOn,
      ],
      configurationId: fixed.id,
    };
  } catch (error) {
    return {
      findings: [...findings, couldNotCheck('portal.fix', 'fix the customer portal configuration', error)],
      ...(configuration ? { configurationId: configuration.id } : {}),
    };
  }
}

async function doctorWebhook(
  options: DoctorOptions,
): Promise<{ findings: DoctorFinding[]; endpoint?: DoctorReport['webhookEndpoint'] }> {
  const { stripe, webhookUrl } = options;
  const apiVersion = clientApiVersion(stripe);
  if (webhookUrl === undefined || !isWebhookUrl(webhookUrl)) {
    return { findings: checkWebhook(webhookUrl, null, apiVersion) };
  }
  let endpoint: Stripe.WebhookEndpoint | null;
  try {
    endpoint = await loadWebhookEndpoint(stripe, webhookUrl);
  } catch (error) {
    return { findings: [couldNotCheck('webhook', 'list the webhook endpoints', error)] };
  }
  const findings = checkWebhook(webhookUrl, endpoint, apiVersion);
  if (!options.fix || !hasProblem(findings, 'error')) {
    return { findings, ...(endpoint ? { endpoint: { id: endpoint.id } } : {}) };
  }
  try {
    const fixed = await fixWebhookEndpoint(stripe, webhookUrl, endpoint);
    const reread = await stripe.webhookEndpoints.retrieve(fixed.id);
    const verb = endpoint ? 'Updated' : 'Created';
    return {
      findings: asFixed(
        checkWebhook(webhookUrl, reread, apiVersion),
        verb,
        `webhook endpoint ${fixed.id}`,
        'webhook.fix',
      ),
      endpoint: { id: fixed.id, ...(fixed.secret ? { secret: fixed.secret } : {}) },
    };
  } catch (error) {
    return {
      findings: [...findings, couldNotCheck('webhook.fix', 'fix the webhook endpoint', error)],
      ...(endpoint ? { endpoint: { id: endpoint.id } } : {}),
    };
  }
}

async function doctorRetentionCoupon(options: DoctorOptions, currencies: ReadonlySet<string>) {
  const couponId = options.retentionCouponId;
  if (couponId === undefined) return [];
  try {
    const coupon = await options.stripe.coupons.retrieve(couponId).catch((error: unknown) => {
      if (isMissingError(error)) return null;
      throw error;
    });
    return checkRetentionCoupon(couponId, coupon, currencies);
  } catch (error) {
    return [couldNotCheck('retention-coupon', `read the retention coupon ${couponId}`, error)];
  }
}

/**
 * Checks that a Stripe account is set up for Plankit: the key's mode, the catalog's prices and products, the
 * customer portal configuration, the webhook endpoint and the retention coupon. With `fix`, creates or updates
 * the portal configuration and the webhook endpoint, then checks them again.
 *
 * Stripe calls: one prices.list per 10 lookup keys (plus one retrieve per explicit price id), one portal
 * configuration list, one webhook endpoint list, one coupon retrieve; a fix adds a write and a re-read each.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { stripe, plans } = options;
  let resolved: ResolvedCatalogPrice[];
  try {
    resolved = await resolveCatalogPrices(stripe, plans);
  } catch (error) {
    const findings = [
      ...checkKeyMode(options.secretKey, null),
      couldNotCheck('prices', "read the catalog's prices", error),
    ];
    // A rejected key fails every other call the same way; one line says it all.
    if (isAuthenticationError(error)) return { ok: false, findings };
    resolved = [];
    return finish(options, findings, resolved);
  }
  const livemode = resolved.find((ref) => ref.price)?.price?.livemode ?? null;
  const findings = [
    ...checkKeyMode(options.secretKey, livemode),
    ...checkPrices(resolved),
    ...checkCurrencies(plans, resolved),
    ...checkProducts(resolved),
  ];
  return finish(options, findings, resolved);
}

async function finish(
  options: DoctorOptions,
  findings: DoctorFinding[],
  resolved: readonly ResolvedCatalogPrice[],
): Promise<DoctorReport> {
  const currencies = new Set(resolved.flatMap((ref) => (ref.price ? [ref.price.currency] : [])));
  const expected: PortalExpectation = {
    products: portalProducts(options.plans, resolved),
    prorationBehavior: options.prorationBehavior ?? defaultProrationBehavior,
    ...(options.portal?.configuration ? { configurationId: options.portal.configuration } : {}),
    ...(options.portal?.returnUrl ? { returnUrl: options.portal.returnUrl } : {}),
    ...(options.portal?.headline ? { headline: options.portal.headline } : {}),
  };
  const [portal, webhook, coupon] = await Promise.all([
    doctorPortal(options, expected),
    doctorWebhook(options),
    doctorRetentionCoupon(options, currencies),
  ]);
  const all = [...findings, ...portal.findings, ...webhook.findings, ...coupon];
  return {
    ok: !all.some((finding) => finding.level === 'error'),
    findings: all,
    ...(portal.configurationId ? { portalConfigurationId: portal.configurationId } : {}),
    ...(webhook.endpoint ? { webhookEndpoint: webhook.endpoint } : {}),
  };
}
