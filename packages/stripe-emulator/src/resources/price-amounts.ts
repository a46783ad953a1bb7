import type Stripe from 'stripe';
import type { Params } from '../wire/params.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';

/** How a new price is charged: per unit with a whole-cent amount, or by tiers (kept, never billed here). */
export type PriceAmounts =
  | { scheme: 'per_unit'; unitAmount: number }
  | { scheme: 'tiered'; tiersMode: Stripe.Price.TiersMode };

/**
 * Reads a price's amount params as strictly as Stripe, and stricter where the emulator cannot follow: a
 * `custom_unit_amount` (pay what you want) and a sub-cent `unit_amount_decimal` are refused instead of being
 * billed as something else, and a tiered price is validated and stored (with `unit_amount: null`, as in Stripe) but
 * refused wherever it would be billed.
 */
export function readPriceAmounts(params: Params): PriceAmounts {
  if (params.has('custom_unit_amount')) {
    throw invalidRequest(
      'The Plankit emulator does not support `custom_unit_amount` prices; use Stripe test mode for them.',
      'custom_unit_amount',
    );
  }
  const scheme = params.enumOf('billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit';
  const tiers = params.objList('tiers');
  if (scheme === 'tiered') return { scheme, tiersMode: readTiers(params, tiers) };
  if (tiers) throw invalidRequest('`tiers` can only be used with `billing_scheme=tiered`.', 'tiers');
  if (params.has('tiers_mode')) {
    throw invalidRequest('`tiers_mode` can only be used with `billing_scheme=tiered`.', 'tiers_mode');
  }
  const unitAmount = params.int('unit_amount');
  const decimal = params.num('unit_amount_decimal');
  if (unitAmount !== undefined && decimal !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      'unit_amount_decimal',
    );
  }
  if (unitAmount === undefined && decimal === undefined) {
    throw invalidRequest(
      'Must provide one of unit_amount, unit_amount_decimal, or custom_unit_amount.',
      'unit_amount',
      'parameter_missing',
    );
  }
  if (decimal !== undefined && !Number.isInteger(decimal)) {
    throw invalidRequest(
      `The Plankit emulator bills whole cents only (unit_amount_decimal=${decimal}); use Stripe test mode for sub-cent prices.`,
      'unit_amount_decimal',
    );
  }
  const amount = unitAmount ?? decimal ?? 0;
  if (amount < 0) throw invalidRequest('Invalid non-negative integer', 'unit_amount');
  return { scheme, unitAmount: amount };
}

/** Tiers in rising `up_to` order, the last one open (`inf`), each with a unit or a flat amount. */
function readTiers(params: Params, tiers: Params[] | undefined): Stripe.Price.TiersMode {
  const mode = params.enumOf('tiers_mode', ['graduated', 'volume'] as const);
  if (!mode) throw parameterMissing('tiers_mode');
  if (!tiers || tiers.length === 0) throw parameterMissing('tiers');
  if (params.has('unit_amount') || params.has('unit_amount_decimal')) {
    throw invalidRequest(
      '`unit_amount` cannot be used with `billing_scheme=tiered`; set amounts on each tier.',
      'unit_amount',
    );
  }
  let previous = 0;
  tiers.forEach((tier, index) => {
    const last = index === tiers.length - 1;
    const upTo = tier.str('up_to');
    if (upTo === undefined) throw parameterMissing(`tiers[${index}][up_to]`);
    if (last !== (upTo === 'inf')) {
      throw invalidRequest(
        'The last tier must have `up_to=inf`, and only the last one.',
        `tiers[${index}][up_to]`,
      );
    }
    if (!last) {
      const bound = tier.int('up_to') ?? 0;
      if (bound <= previous) {
        throw invalidRequest('Tiers must be in increasing order of `up_to`.', `tiers[${index}][up_to]`);
      }
      previous = bound;
    }
    const amounts = ['unit_amount', 'unit_amount_decimal', 'flat_amount', 'flat_amount_decimal'];
    if (!amounts.some((key) => tier.has(key))) {
      throw parameterMissing(`tiers[${index}][unit_amount]`);
    }
  });
  return mode;
}
