/** The locales both Checkout Sessions and portal sessions accept; anything outside a list is refused as Stripe does. */
const sharedLocales = [
  'auto',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-GB',
  'es',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
] as const;

/** The locales Checkout Sessions accept (the pinned SDK's `Checkout.SessionCreateParams.Locale`). */
export const checkoutLocales = [...sharedLocales, 'hi-IN'] as const;

/**
 * The locales portal sessions accept: regional English variants but not Hindi (the pinned SDK's
 * `BillingPortal.SessionCreateParams.Locale`).
 */
export const portalLocales = [
  ...sharedLocales,
  'en-AU',
  'en-CA',
  'en-IE',
  'en-IN',
  'en-NZ',
  'en-SG',
] as const;
