/**
 * A plan's texts in one locale. Each text left out falls back, as a whole, to the catalog's default texts
 * (a feature list is never half translated).
 */
export interface PlanTexts {
  name?: string;
  description?: string;
  features?: readonly string[];
  /** The unit of a per-seat price ("Platz" for "pro Platz"). */
  unitLabel?: string;
}

/** An add-on's texts in one locale (see {@link PlanTexts}). */
export interface AddOnTexts {
  name?: string;
  description?: string;
  unitLabel?: string;
}

/** Texts per locale ("de", "pt-BR"), next to the default texts written in the catalog's `defaultLocale`. */
export type Translations<Texts> = Readonly<Record<string, Texts>>;

/** The locales a validated catalog has texts for. */
export interface CatalogLocales {
  /** Lower case, e.g. "en". */
  readonly defaultLocale: string;
  /** Every locale some plan or add-on has texts for, lower case, without the default. */
  readonly locales: readonly string[];
}

/**
 * A locale tag as the catalog accepts it: "de", "pt-BR", "zh-Hant". A function, not a module constant: module
 * constants are evaluated once at import, which mutation testing cannot vary per test.
 */
export function isLocaleTag(tag: string): boolean {
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag);
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Checks one plan's or add-on's translations and keys them by lower-case locale. Every problem is pushed onto
 * `problems` (worded for the developer, prefixed with `where`), so the catalog reports them all at once.
 */
export function defineTranslations<Texts extends AddOnTexts & { features?: readonly string[] }>(
  translations: Translations<Texts> | undefined,
  where: string,
  problems: string[],
): Translations<Texts> {
  const result: Record<string, Texts> = {};
  for (const [locale, texts] of Object.entries(translations ?? {})) {
    const at = `${where}.translations.${locale}`;
    if (!isLocaleTag(locale)) problems.push(`${at}: a locale such as "de" or "pt-BR"`);
    const key = locale.toLowerCase();
    // "de" and "DE" are one locale: keeping the later silently would drop texts the developer wrote.
    if (Object.hasOwn(result, key))
      problems.push(`${at}: the same locale is listed twice (case does not matter)`);
    if (typeof texts !== 'object' || texts === null || Array.isArray(texts)) {
      problems.push(`${at}: an object of texts (name, description, features, unitLabel)`);
      continue;
    }
    for (const field of ['name', 'description', 'unitLabel'] as const) {
      if (texts[field] !== undefined && !isText(texts[field]))
        problems.push(`${at}.${field}: a non-empty string`);
    }
    if (texts.features !== undefined && (!Array.isArray(texts.features) || !texts.features.every(isText))) {
      problems.push(`${at}.features: a list of non-empty strings`);
    }
    result[key] = { ...texts };
  }
  return result;
}

/**
 * The catalog locale that answers a requested one: the same tag ("pt-br"), else its language ("de" for
 * "de-AT"), else the default. Case does not matter; anything unknown or malformed gets the default.
 */
export function matchCatalogLocale(catalog: CatalogLocales, requested: string | null | undefined): string {
  if (!requested) return catalog.defaultLocale;
  const wanted = requested.toLowerCase();
  if (catalog.locales.includes(wanted)) return wanted;
  // split always gives at least one element: the default only satisfies the type.
  const [language = wanted] = wanted.split('-');
  return catalog.locales.includes(language) ? language : catalog.defaultLocale;
}
