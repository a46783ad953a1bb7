import { describe, expect, it } from 'vitest';
import { problemsOf } from '../test/plan-problems';
import { keyPattern } from './limits';
import { definePlans, findAddOn, PlanConfigError, type PlansInput } from './plans';

// Each problem definePlans reports, one input at a time and word for word: an app developer reads these at
// start-up, and a catalog that slips through becomes a Checkout with the wrong price.

/** The exact problems of a catalog with a single plan `p` (plus optional add-ons). */
function problemsOfPlan(plan: unknown, addOns?: PlansInput['addOns']): readonly string[] {
  return problemsOf({ plans: { p: plan }, ...(addOns ? { addOns } : {}) } as PlansInput);
}

describe('definePlans: price references', () => {
  it('takes { id } only for a price id, and { lookupKey } only when it has characters', () => {
    const catalog = definePlans({
      plans: { p: { prices: { month: { id: 'price_m' }, year: { lookupKey: ' yearly ' } } } },
    });
    expect(catalog.plans[0]?.prices).toEqual({ month: { id: 'price_m' }, year: { lookupKey: ' yearly ' } });
  });

  it.each([
    ['an id that is not a price id', { id: 'prod_1' }],
    ['an id ending in price_', { id: 'abc_price_' }],
    ['an id that is not a string', { id: 42 }],
    ['an empty lookup key', { lookupKey: '' }],
    ['a blank lookup key', { lookupKey: '   ' }],
    ['a lookup key that is not a string', { lookupKey: 7 }],
    ['an object naming neither', { other: 'x' }],
    ['a number', 12],
    ['null', null],
  ])('refuses %s', (_, ref) => {
    expect(problemsOfPlan({ prices: { month: ref } })).toEqual([
      'plans.p.prices.month: expected a lookup key, a price id (price_...), { lookupKey } or { id }',
    ]);
  });

  it('says once that a plan needs a price when the prices object is missing or not an object', () => {
    const expected = ['plans.p.prices: at least one interval (month or year) needs a price'];
    expect(problemsOfPlan({})).toEqual(expected);
    expect(problemsOfPlan({ prices: 'pro_monthly' })).toEqual(expected);
    expect(problemsOfPlan({ prices: {} })).toEqual(expected);
  });

  it('does not add "needs a price" on top of a problem with the only price', () => {
    expect(problemsOfPlan({ prices: { month: '' } })).toEqual([
      'plans.p.prices.month: a price lookup key or id cannot be empty',
    ]);
  });

  it("does not let another plan's problem hide that this plan has no price", () => {
    const problems = problemsOf({ plans: { a: { prices: { month: '' } }, b: { prices: {} } } });
    expect(problems).toEqual([
      'plans.a.prices.month: a price lookup key or id cannot be empty',
      'plans.b.prices: at least one interval (month or year) needs a price',
    ]);
  });
});

describe('definePlans: seats, features, trial and add-ons', () => {
  it.each([
    [{ min: 0 }, ['plans.p.seats.min: a whole number from 1 to 10000']],
    [{ min: 1.5 }, ['plans.p.seats.min: a whole number from 1 to 10000']],
    [{ min: '2' }, ['plans.p.seats.min: a whole number from 1 to 10000']],
    [{ max: 10_001 }, ['plans.p.seats.max: a whole number from 1 to 10000']],
    [
      { max: 0 },
      ['plans.p.seats.max: a whole number from 1 to 10000', 'plans.p.seats: min (1) is greater than max (0)'],
    ],
    [{ min: 3, max: 2 }, ['plans.p.seats: min (3) is greater than max (2)']],
  ])('seats %o: %o', (seats, expected) => {
    expect(problemsOfPlan({ prices: { month: 'm' }, seats })).toEqual(expected);
  });

  it('accepts a single allowed seat count and the largest quantity', () => {
    const catalog = definePlans({ plans: { p: { prices: { month: 'm' }, seats: { min: 4, max: 4 } } } });
    expect(catalog.plans[0]?.seats).toEqual({ min: 4, max: 4 });
    const largest = definePlans({ plans: { p: { prices: { month: 'm' }, seats: { max: 10_000 } } } });
    expect(largest.plans[0]?.seats).toEqual({ min: 1, max: 10_000 });
  });

  it.each([[731], [1.5], ['14']])('refuses trialDays %o', (trialDays) => {
    expect(problemsOfPlan({ prices: { month: 'm' }, trialDays })).toEqual([
      'plans.p.trialDays: a whole number of days from 1 to 730',
    ]);
  });

  it('keeps features in order, as a copy, and refuses anything but a list of strings', () => {
    const features = ['Unlimited notes', 'Sync'];
    const catalog = definePlans({ plans: { p: { prices: { month: 'm' }, features } } });
    expect(catalog.plans[0]?.features).toEqual(['Unlimited notes', 'Sync']);
    expect(catalog.plans[0]?.features).not.toBe(features);
    expect(definePlans({ plans: { p: { prices: { month: 'm' } } } }).plans[0]?.features).toEqual([]);
    expect(problemsOfPlan({ prices: { month: 'm' }, features: 'Sync' })).toEqual([
      'plans.p.features: a list of strings',
    ]);
    expect(problemsOfPlan({ prices: { month: 'm' }, features: ['Sync', 3] })).toEqual([
      'plans.p.features: a list of strings',
    ]);
  });

  it('keeps names, descriptions and the highlight as given, null or false when absent', () => {
    const catalog = definePlans({
      plans: {
        named: { name: 'Pro', description: 'For teams', highlight: true, prices: { month: 'm' } },
        plain: { prices: { month: 'm' }, highlight: 'yes' as never },
      },
      addOns: { extra: { name: 'Extra', description: 'More', prices: { month: 'e' } } },
    });
    expect(catalog.plans[0]).toMatchObject({ name: 'Pro', description: 'For teams', highlight: true });
    expect(catalog.plans[1]).toMatchObject({ name: null, description: null, highlight: false });
    expect(findAddOn(catalog, 'extra')).toMatchObject({ name: 'Extra', description: 'More', perSeat: false });
  });

  it('refuses an add-on listed twice and an add-on key outside the key pattern', () => {
    expect(
      problemsOfPlan({ prices: { month: 'm' }, addOns: ['x', 'x'] }, { x: { prices: { month: 'x' } } }),
    ).toEqual(['plans.p.addOns: lists an add-on twice']);
    expect(
      problemsOf({
        plans: { p: { prices: { month: 'm' } } },
        addOns: { 'Bad Key': { prices: { month: 'x' } } },
      }),
    ).toEqual(['addOns.Bad Key: keys use a-z, 0-9, "-" and "_" (at most 64 characters)']);
    expect(problemsOf({ plans: { p: { prices: { month: 'm' } } }, addOns: { x: { prices: {} } } })).toEqual([
      'addOns.x.prices: at least one interval (month or year) needs a price',
    ]);
  });

  it('allows exactly 20 items: the plan and 19 add-ons', () => {
    const addOns = Object.fromEntries(
      Array.from({ length: 19 }, (_, index) => [`a${index}`, { prices: { month: `a${index}` } }]),
    );
    const catalog = definePlans({
      plans: { big: { prices: { month: 'm' }, addOns: Object.keys(addOns) } },
      addOns,
    });
    expect(catalog.plans[0]?.addOns).toHaveLength(19);
  });

  it('checks each add-on a plan bundles against that add-on, not another one', () => {
    const problems = problemsOf({
      plans: { pro: { prices: { month: 'm', year: 'y' }, addOns: ['both', 'monthly'] } },
      addOns: { both: { prices: { month: 'b', year: 'by' } }, monthly: { prices: { month: 'o' } } },
    });
    expect(problems).toEqual(['plans.pro.addOns: "monthly" has no year price, but the plan does']);
    const catalog = definePlans({
      plans: { pro: { prices: { month: 'm' }, addOns: ['monthly'] } },
      addOns: { both: { prices: { month: 'b' } }, monthly: { prices: { month: 'o' }, perSeat: true } },
    });
    expect(findAddOn(catalog, 'monthly')).toMatchObject({ key: 'monthly', perSeat: true });
    expect(findAddOn(catalog, 'both')).toMatchObject({ key: 'both', perSeat: false });
    expect(findAddOn(catalog, 'none')).toBeUndefined();
  });
});

describe('definePlans: the catalog object and the error', () => {
  it.each([[null], ['plans'], [{}], [{ plans: 'pro' }], [{ plans: null }]])(
    'refuses %o as a whole',
    (input) => {
      expect(problemsOf(input)).toEqual(['plans: expected an object of plans keyed by plan key']);
    },
  );

  it('refuses a function that happens to carry a plans property', () => {
    const input = Object.assign(() => undefined, { plans: { p: { prices: { month: 'm' } } } });
    expect(problemsOf(input)).toEqual(['plans: expected an object of plans keyed by plan key']);
  });

  it('is a PlanConfigError whose message lists every problem on its own line', () => {
    let thrown: unknown;
    try {
      definePlans({ plans: { a: { prices: {} }, b: { prices: { month: '' } } } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PlanConfigError);
    const error = thrown as PlanConfigError;
    expect(error.name).toBe('PlanConfigError');
    expect(error.message).toBe(
      [
        'Invalid Plankit plan catalog:',
        '  - plans.a.prices: at least one interval (month or year) needs a price',
        '  - plans.b.prices.month: a price lookup key or id cannot be empty',
      ].join('\n'),
    );
  });
});

describe('keyPattern', () => {
  it.each(['pro', 'team-2', 'a_b', '0', 'a'.repeat(64)])('accepts %s', (key) => {
    expect(keyPattern.test(key)).toBe(true);
  });

  it.each(['', 'Pro', '-pro', '_pro', 'pro plan', 'pro!', 'a'.repeat(65), 'pro\n'])('refuses %o', (key) => {
    expect(keyPattern.test(key)).toBe(false);
  });
});
