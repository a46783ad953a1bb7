import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { StripeApiError } from './stripe-error.js';

/** How the emulator's search behaves; see {@link SearchIndex}. */
export interface SearchOptions {
  /**
   * How long a created or updated object takes to show in search results, in ms (default 2000). Stripe says data
   * is searchable "in under 1 minute"; 0 makes search read-after-write, for a test that needs it.
   */
  lagMs?: number;
  /** Search requests allowed per second across all search endpoints (default 20, Stripe's limit); 0 = no limit. */
  ratePerSecond?: number;
  /** Answer every search as for an account where search is not available (India, for example). */
  unavailable?: boolean;
}

type Indexed = { object?: string; id?: string };
interface Version {
  /** Emulator time in ms from which this version is what search sees. */
  visibleAt: number;
  snapshot: Indexed;
}

const searchable = new Set(['customer', 'subscription', 'product', 'price']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object before an update: its current snapshot with `previous_attributes` laid over it. */
function before(object: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object };
  for (const [key, value] of Object.entries(previous)) {
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? before(current, value) : value;
  }
  return out;
}

/**
 * Stripe's search is eventually consistent and separately rate-limited. The index keeps, per object, the versions
 * its events recorded, each visible to search only `lagMs` after it was written, so a search right after a create
 * or an update does not see it (matching runs on the last visible version, and results are that version).
 * Objects with no recorded event (restored from a state file) are treated as indexed long ago.
 */
export class SearchIndex {
  private options: Required<SearchOptions>;
  private versions = new Map<string, Version[]>();
  /** Wall-clock times (ms) of the search requests accepted in the last second. */
  private recent: number[] = [];

  constructor(
    private readonly engine: Engine,
    options: SearchOptions = {},
  ) {
    this.options = { lagMs: 2000, ratePerSecond: 20, unavailable: false };
    this.configure(options);
  }

  configure(options: SearchOptions): void {
    this.options = { ...this.options, ...options };
    if (!(this.options.lagMs >= 0) || !(this.options.ratePerSecond >= 0)) {
      throw new Error('search: lagMs and ratePerSecond must be numbers >= 0');
    }
  }

  get settings(): Readonly<Required<SearchOptions>> {
    return this.options;
  }

  clear(): void {
    this.versions.clear();
    this.recent = [];
  }

  /** Emulator time in ms (advancing the test clock lets the index catch up too). */
  private now(): number {
    return Date.now() + this.engine.state.clockOffset * 1000;
  }

  /** Records the object an event carries as the version search will see once the lag has passed. */
  record(event: Stripe.Event): void {
    const object = event.data.object as unknown as Indexed & Record<string, unknown>;
    if (!object.id || !searchable.has(object.object ?? '')) return;
    let list = this.versions.get(object.id);
    if (!list) {
      list = [];
      this.versions.set(object.id, list);
      const previous = (event.data as { previous_attributes?: Record<string, unknown> }).previous_attributes;
      // First seen through an update: what it was before had been indexed long ago.
      if (!event.type.endsWith('.created')) {
        list.push({ visibleAt: 0, snapshot: previous ? before(object, previous) : object });
      }
    }
    const now = this.now();
    list.push({ visibleAt: now + this.options.lagMs, snapshot: object });
    // Only the newest visible version and the pending ones matter.
    const lastVisible = list.findLastIndex((version) => version.visibleAt <= now);
    if (lastVisible > 0) list.splice(0, lastVisible);
  }

  /** What search sees of an object now: the last visible version, the object itself if never recorded, or null. */
  view<T extends { id: string }>(item: T): T | null {
    const list = this.versions.get(item.id);
    if (!list) return item;
    const now = this.now();
    const visible = list.findLast((version) => version.visibleAt <= now);
    return visible ? (visible.snapshot as unknown as T) : null;
  }

  /** Refuses a search request as Stripe would: unavailable for the account, or over the search rate limit. */
  admit(): void {
    if (this.options.unavailable) {
      // Stripe's wording as reported by merchants in India; status and type not verified against live Stripe.
      throw new StripeApiError(400, 'invalid_request_error', 'search feature unavailable for merchant');
    }
    const limit = this.options.ratePerSecond;
    if (limit === 0) return;
    const now = Date.now();
    this.recent = this.recent.filter((at) => at > now - 1000);
    if (this.recent.length >= limit) {
      throw new StripeApiError(
        429,
        'invalid_request_error',
        `Request rate limit exceeded. You can make up to ${limit} search requests per second. Learn more about rate limits here https://stripe.com/docs/rate-limits.`,
        'rate_limit',
      );
    }
    this.recent.push(now);
  }
}

const indexes = new WeakMap<Engine, SearchIndex>();

/** The engine's search index, created (and fed with its events) on first use. */
export function searchIndexOf(engine: Engine, options?: SearchOptions): SearchIndex {
  let index = indexes.get(engine);
  if (!index) {
    const created = new SearchIndex(engine, options);
    engine.onEvent((event) => created.record(event));
    indexes.set(engine, created);
    index = created;
  } else if (options) index.configure(options);
  return index;
}
