// The locales both Checkout and the portal accept (stripe types, API 2026-10-28.endive), in the `xx` / `xx-YY` form
// core's schema allows. Mapping here, on the server, protects every client: an unsupported tag would make Stripe
// refuse the session.
const regional = new Set(['en-GB', 'fr-CA', 'pt-BR', 'zh-HK', 'zh-TW']);
const languages = new Set(
  'bg cs da de el en es et fi fr hr hu id it ja ko lt lv ms mt nb nl pl pt ro ru sk sl sv th tr vi zh'.split(
    ' ',
  ),
);

/**
 * The browser's locale as Stripe's pages accept it: a supported regional tag as is (`zh-TW`), else its language
 * (`de-AT` -> `de`), else undefined so Stripe picks (`auto`). `auto` itself also gives undefined.
 */
export function stripeLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  if (regional.has(locale)) return locale;
  const language = locale.split('-')[0] ?? '';
  return languages.has(language) ? language : undefined;
}
