/**
 * The locale in the `xx` / `xx-YY` form the server accepts ("de-at" -> "de-AT", "zh-Hant-TW" -> "zh"), or nothing.
 * The server maps it to a page locale Stripe has, so the browser carries no list of Stripe's locales.
 */
export function localeTag(locale: string): string | undefined {
  const [language = '', region] = locale.split('-');
  if (!/^[a-z]{2}$/i.test(language)) return undefined;
  return region && /^[a-z]{2}$/i.test(region)
    ? `${language.toLowerCase()}-${region.toUpperCase()}`
    : language.toLowerCase();
}
