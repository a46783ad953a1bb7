import { describe, expect, it } from 'vitest';
import { problemsOf } from '../test/plan-problems';
import { definePlans, findAddOn, findPlan, type PlansInput } from './plans';

const valid: PlansInput = {
  plans: {
    starter: { prices: { month: 'starter_monthly', year: 'price_123' } },
    team: {
      prices: { month: { lookupKey: 'team_monthly' } },
      seats: { min: 2, max: 50 },
      addOns: ['analytics'],
      trialDays: 14,
      highlight: true,
      features: ['Shared workspaces'],
    },
  },
  addOns: { analytics: { prices: { month: 'analytics_monthly', year: 'analytics_yearly' }, perSeat: true } },
};

describe('definePlans', () => {
  it('normalizes price references, seats, defaults and freezes the result', () => {
    const catalog = definePlans(valid);
    const starter = findPlan(catalog, 'starter');
    expect(starter?.prices).toEqual({ month: { lookupKey: 'starter_monthly' }, year: { id: 'price_123' } });
    expect(starter?.seats).toBeNull();
    expect(starter?.highlight).toBe(false);
    expect(starter?.trialDays).toBeNull();
    const team = findPlan(catalog, 'team');
    expect(team?.seats).toEqual({ min: 2, max: 50 });
    expect(team?.trialDays).toBe(14);
    expect(findAddOn(catalog, 'analytics')?.perSeat).toBe(true);
    expect(Object.isFrozen(catalog)).toBe(true);
    expect(findPlan(catalog, 'nope')).toBeUndefined();
  });

  it('defaults seat bounds to 1..10000', () => {
    const catalog = definePlans({ plans: { team: { prices: { month: 'm' }, seats: {} } } });
    expect(findPlan(catalog, 'team')?.seats).toEqual({ min: 1, max: 10_000 });
  });

  it('reports every problem at once, each naming where it is', () => {
    const problems = problemsOf({
      plans: {
        'Bad Key': { prices: { month: 'x' } },
        empty: { prices: {} },
        weekly: { prices: { week: 'w' } as never },
        trial: { prices: { month: 'm' }, trialDays: 0 },
        seats: { prices: { month: 'm' }, seats: { min: 5, max: 2 } },
        addon: { prices: { month: 'm' }, addOns: ['missing'] },
        blank: { prices: { month: '  ' } },
      },
    });
    expect(problems).toContain('plans.Bad Key: keys use a-z, 0-9, "-" and "_" (at most 64 characters)');
    expect(problems).toContain('plans.empty.prices: at least one interval (month or year) needs a price');
    expect(problems).toContain('plans.weekly.prices.week: unknown interval, use month or year');
    expect(problems).toContain('plans.trial.trialDays: a whole number of days from 1 to 730');
    expect(problems).toContain('plans.seats.seats: min (5) is greater than max (2)');
    expect(problems).toContain('plans.addon.addOns: "missing" is not defined under addOns');
    expect(problems).toContain('plans.blank.prices.month: a price lookup key or id cannot be empty');
  });

  it('refuses a plan with more than 20 items', () => {
    const addOns = Object.fromEntries(
      Array.from({ length: 20 }, (_, index) => [`a${index}`, { prices: { month: `a${index}` } }]),
    );
    const problems = problemsOf({
      plans: { big: { prices: { month: 'm' }, addOns: Object.keys(addOns) } },
      addOns,
    });
    expect(problems.join('\n')).toMatch(/at most 20 items/);
  });

  it('refuses an add-on that lacks an interval the plan offers', () => {
    const problems = problemsOf({
      plans: { pro: { prices: { month: 'm', year: 'y' }, addOns: ['extra'] } },
      addOns: { extra: { prices: { month: 'e' } } },
    });
    expect(problems).toEqual(['plans.pro.addOns: "extra" has no year price, but the plan does']);
  });

  it('refuses an empty catalog and a missing plans object with a readable message', () => {
    expect(problemsOf({ plans: {} })).toEqual(['plans: define at least one plan']);
    expect(() => definePlans({} as PlansInput)).toThrow(/expected an object of plans/);
  });
});
