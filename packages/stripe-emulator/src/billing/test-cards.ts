import type { CardBehaviour } from '../state/state.js';

/** A test card the emulator knows, by number and by Stripe's `pm_card_*` token. */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex';
  behaviour: CardBehaviour;
}

/** Stripe's test tokens (https://docs.stripe.com/testing) that Plankit's tests use. */
export const TEST_TOKENS: Record<string, TestCard> = {
  pm_card_visa: { number: '4242424242424242', brand: 'visa', behaviour: 'succeeds' },
  pm_card_mastercard: { number: '5555555555554444', brand: 'mastercard', behaviour: 'succeeds' },
  pm_card_amex: { number: '378282246310005', brand: 'amex', behaviour: 'succeeds' },
  pm_card_chargeDeclined: { number: '4000000000000002', brand: 'visa', behaviour: 'declines' },
  pm_card_visa_chargeDeclined: { number: '4000000000000002', brand: 'visa', behaviour: 'declines' },
  pm_card_authenticationRequired: {
    number: '4000002500003155',
    brand: 'visa',
    behaviour: 'requires_authentication',
  },
  pm_card_threeDSecure2Required: {
    number: '4000000000003220',
    brand: 'visa',
    behaviour: 'requires_authentication',
  },
  pm_card_chargeCustomerFail: { number: '4000000000000341', brand: 'visa', behaviour: 'charge_fails' },
};

const BY_LAST4: Record<string, CardBehaviour> = {
  '0002': 'declines',
  '3155': 'requires_authentication',
  '3220': 'requires_authentication',
  '0341': 'charge_fails',
};

/** What a card number does in test mode; unknown numbers that pass Luhn succeed, like Stripe's 4242. */
export function cardFromNumber(raw: string): TestCard | undefined {
  const number = raw.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(number) || !luhn(number)) return undefined;
  const brand =
    number.startsWith('5') || number.startsWith('2')
      ? 'mastercard'
      : number.startsWith('3')
        ? 'amex'
        : 'visa';
  return { number, brand, behaviour: BY_LAST4[number.slice(-4)] ?? 'succeeds' };
}

/** The behaviour of a stored card, derived from its last four digits (so it survives persistence). */
export function behaviourOfLast4(last4: string): CardBehaviour {
  return BY_LAST4[last4] ?? 'succeeds';
}

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
