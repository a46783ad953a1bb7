import type Stripe from 'stripe';
import { formatAmount } from '../billing/money.js';
import {
  fill,
  lookup,
  type Messages,
  messagesFor,
  type PageLanguage,
  pageLanguage,
} from './messages/index.js';

/** The region Intl formats a language with when the session's locale names none. */
const DEFAULT_REGION: Record<PageLanguage, string> = { en: 'en-US', de: 'de-DE', it: 'it-IT', id: 'id-ID' };

/** A page's language: its messages, and money, dates and intervals formatted for it through Intl. */
export interface PageLocale {
  language: PageLanguage;
  m: Messages;
  money(amount: number, currency: string): string;
  date(ts: number | null | undefined): string;
  /** "per month", "alle 3 Monate"... */
  interval(recurring: Stripe.Price.Recurring | null | undefined): string;
}

export function pageLocale(locale: string | null | undefined, acceptLanguage?: string): PageLocale {
  const language = pageLanguage(locale, acceptLanguage);
  const m = messagesFor(language);
  // A regional tag of the same language (en-GB, de-CH) keeps its region's formats.
  const intl = locale?.toLowerCase().startsWith(`${language}-`) ? locale : DEFAULT_REGION[language];
  const dates = new Intl.DateTimeFormat(intl, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    language,
    m,
    money: (amount, currency) => formatAmount(amount, currency, intl),
    date: (ts) => (ts ? dates.format(new Date(ts * 1000)) : '—'),
    interval: (recurring) => {
      if (!recurring) return '';
      const unit = recurring.interval;
      return recurring.interval_count > 1
        ? fill(lookup(m, `every_${unit}`) ?? `× {count} ${unit}`, { count: recurring.interval_count })
        : (lookup(m, `per_${unit}`) ?? unit);
    },
  };
}
