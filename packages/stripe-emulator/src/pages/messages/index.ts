import { de } from './de.js';
import { en } from './en.js';
import { id } from './id.js';
import { it } from './it.js';

/**
 * The hosted pages' text in the languages Plankit's kit ships (en, de, it, id). `{name}` marks a value filled in by
 * {@link fill}. Keys are shared, so a language without a key is a compile error.
 */
export type Messages = typeof en;

const catalogs = { en, de, it, id } as const;

/** A language the pages are written in. */
export type PageLanguage = keyof typeof catalogs;

export function messagesFor(language: PageLanguage): Messages {
  return catalogs[language];
}

/** A message by a key built at run time (`status_${status}`), or undefined for a value Stripe added later. */
export function lookup(m: Messages, key: string): string | undefined {
  return Object.hasOwn(m, key) ? (m as Record<string, string>)[key] : undefined;
}

/** Fills `{name}` placeholders. */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/**
 * The page language for a session's `locale`: its language when the pages have it (`de`, `it-CH`...), else, for
 * `auto` or no locale, the browser's first supported `Accept-Language`, else English.
 */
export function pageLanguage(locale: string | null | undefined, acceptLanguage = ''): PageLanguage {
  const pick = (tag: string) => {
    const language = tag.trim().split(/[-;]/)[0]?.toLowerCase() ?? '';
    return Object.hasOwn(catalogs, language) ? (language as PageLanguage) : undefined;
  };
  if (locale && locale !== 'auto') return pick(locale) ?? 'en';
  for (const tag of acceptLanguage.split(',')) {
    const found = pick(tag);
    if (found) return found;
  }
  return 'en';
}
