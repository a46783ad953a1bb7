import { en, type MessageKey, type Messages } from './en';

// Stripe's minor units (docs.stripe.com/currencies) differ from ICU's digits for some currencies
// (ICU prints IDR, HUF and ISK without decimals, Stripe still counts them in hundredths), so Stripe's lists decide.
const zeroDecimal = 'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf';
const threeDecimal = 'bhd jod kwd omr tnd';

/** How many minor units make one major unit of a currency in Stripe's amounts (100 for USD, 1 for JPY). */
export function minorUnits(currency: string): number {
  const code = currency.toLowerCase();
  return zeroDecimal.includes(code) ? 1 : threeDecimal.includes(code) ? 1000 : 100;
}

/** Values substituted into `{name}` placeholders; `count` also picks the plural form. */
export type MessageValues = Record<string, string | number>;

/** Localized text, money, dates and percentages for one locale. */
export interface Format {
  locale: string;
  /** The message for a key with its placeholders filled; plural messages use `values.count`. */
  t(key: MessageKey, values?: MessageValues): string;
  /** An amount in the currency's smallest unit (cents, or yen for JPY), e.g. `money(900, 'usd')` -> "$9". */
  money(amount: number, currency: string): string;
  /** A date from an ISO timestamp, long style ("March 4, 2026"). */
  date(iso: string): string;
  /** A fraction as a percentage, `percent(0.17)` -> "17%". */
  percent(fraction: number): string;
}

// Intl constructors are the costliest part of a mount (DateTimeFormat ~0.1 ms in Chromium) and every provider
// builds a Format: instances are immutable, so one per locale and options serves every mount (the options tell the
// types apart: only DateTimeFormat has dateStyle, only NumberFormat style, PluralRules none).
const intl: Record<string, unknown> = {};
function shared<T>(Type: new (locale: string, options?: object) => T, locale: string, options?: object): T {
  const key = locale + JSON.stringify(options);
  intl[key] ??= new Type(locale, options);
  return intl[key] as T;
}

/**
 * Builds the formatter for a locale. Missing keys fall back to English, so partial overrides work;
 * `timeZone` pins dates for server rendering (the server and the browser then print the same day).
 */
export function createFormat(locale: string, messages?: Partial<Messages>, timeZone?: string): Format {
  const catalog = { ...en, ...messages } as Messages;
  const plurals = shared(Intl.PluralRules, locale);
  const dates = shared(Intl.DateTimeFormat, locale, { dateStyle: 'long', timeZone });
  const percents = shared(Intl.NumberFormat, locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    locale,
    t(key, values = {}) {
      const message = catalog[key];
      const text =
        typeof message === 'string'
          ? message
          : (message[plurals.select(Number(values.count ?? 0))] ?? message.other);
      return text.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
    },
    money(amount, currency) {
      const format = shared(Intl.NumberFormat, locale, {
        style: 'currency',
        currency,
        trailingZeroDisplay: 'stripIfInteger',
      });
      return format.format(amount / minorUnits(currency));
    },
    date: (iso) => dates.format(new Date(iso)),
    percent: (fraction) => percents.format(fraction),
  };
}
