// The locales both Checkout and the portal accept (stripe types, API 2026-10-28.endive) in the `xx` / `xx-YY` form
// core's schema allows. Any other tag would make Stripe refuse the session; without one Stripe picks ("auto").
const regional = ['en-GB', 'fr-CA', 'pt-BR', 'zh-HK', 'zh-TW'];
const languages =
  'bg cs da de el en es et fi fr hr hu id it ja ko lt lv ms mt nb nl pl pt ro ru sk sl sv th tr vi zh';

/** The locale as Stripe's pages accept it ("de-AT" -> "de", "zh-TW" stays), or nothing when Stripe has none. */
export function localeTag(locale: string): string | undefined {
  const [language = '', region = ''] = locale.split('-');
  const tag = `${language.toLowerCase()}-${region.toUpperCase()}`;
  if (regional.includes(tag)) return tag;
  return /^[a-z]{2}$/.test(language) && languages.includes(language) ? language : undefined;
}
