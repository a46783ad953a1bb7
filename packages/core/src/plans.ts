import { type BillingInterval, billingIntervals } from './intervals';
import { keyPattern, maxQuantity, maxSubscriptionItems, maxTrialDays } from './limits';
import {
  type AddOnTexts,
  type CatalogLocales,
  defineTranslations,
  isLocaleTag,
  type PlanTexts,
  type Translations,
} from './plan-translations';

/**
 * Points at a Stripe price: a string starting with `price_` is a price id, any other string a lookup key.
 * Lookup keys let the same config work in test and live mode.
 */
export type PriceRef = string | { lookupKey: string } | { id: string };

/** A price reference after {@link definePlans}: always explicit. */
export type PriceSelector = { lookupKey: string } | { id: string };

/** One plan of the catalog, as the app developer writes it. */
export interface PlanConfig {
  /** Overrides the Stripe product's name in the pricing table. */
  name?: string;
  /** Overrides the Stripe product's description. */
  description?: string;
  /** Overrides the Stripe product's unit label ("seat"), in the default locale. */
  unitLabel?: string;
  /** The plan's texts in other locales: `GET /plans?locale=de` sends them. */
  translations?: Translations<PlanTexts>;
  /** The plan's price per billing interval; at least one. */
  prices: Partial<Record<BillingInterval, PriceRef>>;
  /** Feature lines shown under the plan. */
  features?: readonly string[];
  /** Draws attention to this plan (for example "Most popular"). */
  highlight?: boolean;
  /** Free trial length for new subscribers, in days (1 to 730). */
  trialDays?: number;
  /** Per-seat pricing: the customer picks a quantity between min and max. */
  seats?: { min?: number; max?: number };
  /** Keys of add-ons (from {@link PlansInput.addOns}) that can be bundled into this plan's subscription. */
  addOns?: readonly string[];
}

/** An add-on product billed on the same subscription as a plan (seed 001). */
export interface AddOnConfig {
  name?: string;
  description?: string;
  unitLabel?: string;
  translations?: Translations<AddOnTexts>;
  prices: Partial<Record<BillingInterval, PriceRef>>;
  /** When true the add-on's quantity follows the plan's seats; otherwise it is 1. */
  perSeat?: boolean;
}

/** The catalog as the app developer writes it. */
export interface PlansInput {
  plans: Record<string, PlanConfig>;
  addOns?: Record<string, AddOnConfig>;
  /** The language of the config's texts and of the Stripe products' names and unit labels. Default "en". */
  defaultLocale?: string;
}

/** A plan after validation. */
export interface DefinedPlan {
  key: string;
  name: string | null;
  description: string | null;
  prices: Partial<Record<BillingInterval, PriceSelector>>;
  features: readonly string[];
  highlight: boolean;
  trialDays: number | null;
  seats: { min: number; max: number } | null;
  addOns: readonly string[];
  unitLabel: string | null;
  /** Keyed by lower-case locale ("pt-br"). */
  translations: Translations<PlanTexts>;
}

/** An add-on after validation. */
export interface DefinedAddOn {
  key: string;
  name: string | null;
  description: string | null;
  prices: Partial<Record<BillingInterval, PriceSelector>>;
  perSeat: boolean;
  unitLabel: string | null;
  translations: Translations<AddOnTexts>;
}

/** A validated, frozen catalog: the result of {@link definePlans}. */
export interface PlanCatalogConfig extends CatalogLocales {
  readonly plans: readonly DefinedPlan[];
  readonly addOns: readonly DefinedAddOn[];
}

/** Thrown by {@link definePlans} with every problem found, one per line. */
export class PlanConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid Plankit plan catalog:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PlanConfigError';
    this.problems = problems;
  }
}

function normalizePriceRef(ref: PriceRef, where: string, problems: string[]): PriceSelector | null {
  if (typeof ref === 'string') {
    if (ref.trim() === '') {
      problems.push(`${where}: a price lookup key or id cannot be empty`);
      return null;
    }
    return ref.startsWith('price_') ? { id: ref } : { lookupKey: ref };
  }
  if (ref && typeof ref === 'object') {
    if ('id' in ref && typeof ref.id === 'string' && ref.id.startsWith('price_')) return { id: ref.id };
    if ('lookupKey' in ref && typeof ref.lookupKey === 'string' && ref.lookupKey.trim() !== '') {
      return { lookupKey: ref.lookupKey };
    }
  }
  problems.push(`${where}: expected a lookup key, a price id (price_...), { lookupKey } or { id }`);
  return null;
}

function normalizePrices(
  prices: Partial<Record<BillingInterval, PriceRef>> | undefined,
  where: string,
  problems: string[],
): Partial<Record<BillingInterval, PriceSelector>> {
  const result: Partial<Record<BillingInterval, PriceSelector>> = {};
  if (!prices || typeof prices !== 'object') {
    problems.push(`${where}: at least one interval (${billingIntervals.join(' or ')}) needs a price`);
    return result;
  }
  for (const interval of Object.keys(prices)) {
    if (!(billingIntervals as readonly string[]).includes(interval)) {
      problems.push(`${where}.${interval}: unknown interval, use ${billingIntervals.join(' or ')}`);
    }
  }
  for (const interval of billingIntervals) {
    const ref = prices[interval];
    if (ref === undefined) continue;
    const selector = normalizePriceRef(ref, `${where}.${interval}`, problems);
    if (selector) result[interval] = selector;
  }
  if (Object.keys(result).length === 0 && !problems.some((problem) => problem.startsWith(where))) {
    problems.push(`${where}: at least one interval (${billingIntervals.join(' or ')}) needs a price`);
  }
  return result;
}

function isWholeNumberIn(value: unknown, min: number, max: number): value is number {
  // Number.isInteger is false for anything that is not a number, so no typeof check is needed.
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function defineSeats(seats: PlanConfig['seats'], where: string, problems: string[]): DefinedPlan['seats'] {
  if (seats === undefined) return null;
  const min = seats.min ?? 1;
  const max = seats.max ?? maxQuantity;
  if (!isWholeNumberIn(min, 1, maxQuantity))
    problems.push(`${where}.min: a whole number from 1 to ${maxQuantity}`);
  if (!isWholeNumberIn(max, 1, maxQuantity))
    problems.push(`${where}.max: a whole number from 1 to ${maxQuantity}`);
  if (min > max) problems.push(`${where}: min (${min}) is greater than max (${max})`);
  return { min, max };
}

function defineAddOn(key: string, config: AddOnConfig, problems: string[]): DefinedAddOn {
  const where = `addOns.${key}`;
  if (!keyPattern.test(key))
    problems.push(`${where}: keys use a-z, 0-9, "-" and "_" (at most 64 characters)`);
  return {
    key,
    name: config.name ?? null,
    description: config.description ?? null,
    prices: normalizePrices(config.prices, `${where}.prices`, problems),
    perSeat: config.perSeat === true,
    unitLabel: config.unitLabel ?? null,
    translations: defineTranslations(config.translations, where, problems),
  };
}

function definePlan(
  key: string,
  config: PlanConfig,
  addOnKeys: ReadonlySet<string>,
  problems: string[],
): DefinedPlan {
  const where = `plans.${key}`;
  if (!keyPattern.test(key))
    problems.push(`${where}: keys use a-z, 0-9, "-" and "_" (at most 64 characters)`);
  const trialDays = config.trialDays ?? null;
  if (trialDays !== null && !isWholeNumberIn(trialDays, 1, maxTrialDays)) {
    problems.push(`${where}.trialDays: a whole number of days from 1 to ${maxTrialDays}`);
  }
  const features = config.features ?? [];
  if (!Array.isArray(features) || features.some((feature) => typeof feature !== 'string')) {
    problems.push(`${where}.features: a list of strings`);
  }
  const addOns = [...(config.addOns ?? [])];
  for (const addOn of addOns) {
    if (!addOnKeys.has(addOn)) problems.push(`${where}.addOns: "${addOn}" is not defined under addOns`);
  }
  if (new Set(addOns).size !== addOns.length) problems.push(`${where}.addOns: lists an add-on twice`);
  if (addOns.length + 1 > maxSubscriptionItems) {
    problems.push(
      `${where}.addOns: a subscription holds at most ${maxSubscriptionItems} items (the plan and 19 add-ons)`,
    );
  }
  return {
    key,
    name: config.name ?? null,
    description: config.description ?? null,
    prices: normalizePrices(config.prices, `${where}.prices`, problems),
    features: [...features],
    highlight: config.highlight === true,
    trialDays,
    seats: defineSeats(config.seats, `${where}.seats`, problems),
    addOns,
    unitLabel: config.unitLabel ?? null,
    translations: defineTranslations(config.translations, where, problems),
  };
}

/**
 * Validates a plan catalog once at start-up and returns it normalized and frozen.
 * Throws a {@link PlanConfigError} listing every problem in plain language.
 *
 * @example
 * const plans = definePlans({
 *   plans: {
 *     pro: { prices: { month: 'pro_monthly', year: 'pro_yearly' }, features: ['Unlimited projects'], highlight: true },
 *     team: { prices: { month: 'team_monthly' }, seats: { min: 2, max: 50 }, addOns: ['analytics'] },
 *   },
 *   addOns: { analytics: { prices: { month: 'analytics_monthly' } } },
 * });
 */
export function definePlans(input: PlansInput): PlanCatalogConfig {
  const problems: string[] = [];
  if (!input || typeof input !== 'object' || !input.plans || typeof input.plans !== 'object') {
    throw new PlanConfigError(['plans: expected an object of plans keyed by plan key']);
  }
  const addOnEntries = Object.entries(input.addOns ?? {});
  const addOns = addOnEntries.map(([key, config]) => defineAddOn(key, config, problems));
  const addOnKeys = new Set(addOns.map((addOn) => addOn.key));
  const planEntries = Object.entries(input.plans);
  if (planEntries.length === 0) problems.push('plans: define at least one plan');
  const plans = planEntries.map(([key, config]) => definePlan(key, config, addOnKeys, problems));
  for (const plan of plans) {
    for (const addOnKey of plan.addOns) {
      const addOn = addOns.find((candidate) => candidate.key === addOnKey);
      if (!addOn) continue;
      for (const interval of Object.keys(plan.prices) as BillingInterval[]) {
        if (!addOn.prices[interval]) {
          problems.push(
            `plans.${plan.key}.addOns: "${addOnKey}" has no ${interval} price, but the plan does`,
          );
        }
      }
    }
  }
  const defaultLocale = input.defaultLocale ?? 'en';
  if (!isLocaleTag(defaultLocale)) problems.push('defaultLocale: a locale such as "en" or "pt-BR"');
  if (problems.length > 0) throw new PlanConfigError(problems);
  const lowerDefault = defaultLocale.toLowerCase();
  const locales = new Set([...plans, ...addOns].flatMap((entry) => Object.keys(entry.translations)));
  locales.delete(lowerDefault);
  return Object.freeze({
    plans: Object.freeze(plans),
    addOns: Object.freeze(addOns),
    defaultLocale: lowerDefault,
    locales: Object.freeze([...locales].sort()),
  });
}

/** Finds a plan by key. */
export function findPlan(catalog: PlanCatalogConfig, key: string): DefinedPlan | undefined {
  return catalog.plans.find((plan) => plan.key === key);
}

/** Finds an add-on by key. */
export function findAddOn(catalog: PlanCatalogConfig, key: string): DefinedAddOn | undefined {
  return catalog.addOns.find((addOn) => addOn.key === key);
}
