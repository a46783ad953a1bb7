/** The language part of a locale as Stripe's pages accept it ("de-AT" -> "de"), or nothing. */
export function localeTag(locale: string): string | undefined {
  const language = locale.slice(0, 2).toLowerCase();
  return /^[a-z]{2}$/.test(language) && (locale.length === 2 || locale[2] === '-') ? language : undefined;
}
