import { describe, expect, test } from 'vitest';
import { cancelUrl, successUrl, withQuery } from './return-urls';

describe('Checkout return addresses', () => {
  test("Plankit's parameters follow the address's own query and come before its fragment", () => {
    expect(withQuery('https://app.example.com/billing', 'a=1')).toBe('https://app.example.com/billing?a=1');
    expect(withQuery('https://app.example.com/billing?tab=plans', 'a=1')).toBe(
      'https://app.example.com/billing?tab=plans&a=1',
    );
    expect(withQuery('https://app.example.com/billing#plans', 'a=1')).toBe(
      'https://app.example.com/billing?a=1#plans',
    );
    // A question mark in the fragment is no query.
    expect(withQuery('https://app.example.com/billing#top?not-a-query', 'a=1')).toBe(
      'https://app.example.com/billing?a=1#top?not-a-query',
    );
  });

  test("success keeps Stripe's {CHECKOUT_SESSION_ID} placeholder unencoded; cancel says canceled", () => {
    expect(successUrl('https://app.example.com/billing#done')).toBe(
      'https://app.example.com/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}#done',
    );
    expect(cancelUrl('https://app.example.com/billing?tab=plans')).toBe(
      'https://app.example.com/billing?tab=plans&checkout=canceled',
    );
  });
});
