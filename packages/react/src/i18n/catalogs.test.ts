import { cancellationReasons, errorCodeList } from '@plankit/core';
import { describe, expect, it } from 'vitest';
import { createFormat } from './create-format';
import { de } from './de';
import { en, type Messages } from './en';
import { id } from './id';
import { it as italian } from './it';

const catalogs: Record<string, Messages> = { de, it: italian, id };

describe('message catalogs', () => {
  it.each(Object.entries(catalogs))('%s has every key of en and no extras', (locale, catalog) => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const [key, message] of Object.entries(catalog)) {
      const english = en[key as keyof Messages];
      expect(typeof message, `${locale}.${key}`).toBe(typeof english);
      if (typeof message === 'object') expect(message.other, `${locale}.${key}.other`).toBeTruthy();
      else expect(message.trim(), `${locale}.${key}`).not.toBe('');
      // Placeholders must survive translation.
      const names = (text: unknown) =>
        [...JSON.stringify(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(new Set(names(message)), `${locale}.${key} placeholders`).toEqual(new Set(names(english)));
    }
  });

  it('has a message for every error code and every cancellation reason', () => {
    for (const catalog of [en, ...Object.values(catalogs)]) {
      for (const code of errorCodeList) expect(catalog[`error_${code}` as keyof Messages]).toBeTruthy();
      for (const reason of cancellationReasons)
        expect(catalog[`reason_${reason}` as keyof Messages]).toBeTruthy();
    }
    const errorKeys = Object.keys(en).filter((key) => key.startsWith('error_'));
    expect(errorKeys.sort()).toEqual(errorCodeList.map((code) => `error_${code}`).sort());
  });
});

describe('createFormat', () => {
  it('formats money from the smallest unit with the currency’s own digits', () => {
    const format = createFormat('en');
    expect(format.money(900, 'usd')).toBe('$9');
    expect(format.money(1999, 'usd')).toBe('$19.99');
    expect(format.money(1000, 'jpy')).toBe('¥1,000');
    expect(format.money(-450, 'eur')).toBe('-€4.50');
    expect(createFormat('de').money(2900, 'eur')).toBe('29\u00a0€');
    // ICU prints IDR without decimals, yet Stripe counts it in hundredths.
    expect(createFormat('id').money(15000000, 'idr')).toBe('Rp\u00a0150.000');
    expect(createFormat('en').money(12345, 'krw')).toBe('₩12,345');
    expect(createFormat('en').money(1500, 'kwd')).toBe('KWD\u00a01.500');
  });

  it('chooses plural forms with Intl.PluralRules and fills placeholders', () => {
    const format = createFormat('en');
    expect(format.t('seatCount', { count: 1 })).toBe('1 seat');
    expect(format.t('seatCount', { count: 2 })).toBe('2 seats');
    expect(createFormat('de', de).t('seatCount', { count: 1 })).toBe('1 Platz');
    expect(createFormat('de', de).t('trial', { count: 14 })).toBe('14 Tage kostenlos testen');
    expect(createFormat('id', id).t('seatCount', { count: 1 })).toBe('1 kursi');
    expect(format.t('perUnit', { unit: 'seat' })).toBe('per seat');
  });

  it('falls back to English for keys an override leaves out', () => {
    const format = createFormat('en', { subscribe: 'Get started' });
    expect(format.t('subscribe')).toBe('Get started');
    expect(format.t('manage')).toBe('Manage');
  });

  it('formats dates and percentages for the locale and time zone', () => {
    expect(createFormat('en', undefined, 'UTC').date('2026-08-01T00:00:00.000Z')).toBe('August 1, 2026');
    expect(createFormat('de', undefined, 'UTC').date('2026-08-01T00:00:00.000Z')).toBe('1. August 2026');
    expect(createFormat('it', undefined, 'UTC').date('2026-08-01T00:00:00.000Z')).toBe('1 agosto 2026');
    expect(createFormat('en').percent(0.1666)).toBe('17%');
  });
});
