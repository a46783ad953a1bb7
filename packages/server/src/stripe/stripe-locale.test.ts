import { describe, expect, it } from 'vitest';
import { stripeLocale } from './stripe-locale';

describe('stripeLocale', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['en-US', 'en'],
    ['en-GB', 'en-GB'],
    ['zh-TW', 'zh-TW'],
    ['pt-BR', 'pt-BR'],
    ['id', 'id'],
    // Stripe's pages have no Hebrew or Ukrainian: sending them would make Stripe refuse the session.
    ['he', undefined],
    ['uk-UA', undefined],
    ['auto', undefined],
    [undefined, undefined],
  ])('%s -> %s', (locale, expected) => {
    expect(stripeLocale(locale)).toBe(expected);
  });
});
