import { de } from './de';
import { type DemoMessages, en } from './en';
import { id } from './id';
import { it } from './it';

export const demoLocales = ['en', 'de', 'it', 'id'] as const;
export type DemoLocale = (typeof demoLocales)[number];

/** Each locale's name in its own language, for the switcher. */
export const localeNames: Record<DemoLocale, string> = {
  en: 'English',
  de: 'Deutsch',
  it: 'Italiano',
  id: 'Bahasa Indonesia',
};

export const demoMessages: Record<DemoLocale, DemoMessages> = { en, de, it, id };

export function isDemoLocale(value: unknown): value is DemoLocale {
  return typeof value === 'string' && (demoLocales as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

export type { DemoMessages };
