import { randomUUID } from 'node:crypto';
import type { PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { Logger } from '../logger';
import type { PlankitStore } from '../store/plankit-store';
import { loadCatalog } from './load-catalog';
import type { ResolvedCatalog } from './resolved-catalog';

/** The current catalog generation: a random token, replaced by every invalidation. */
const generationKey = 'plankit:catalog:generation';
/** Where the catalog of one generation is kept. */
const catalogKey = (generation: string) => `plankit:catalog:v3:${generation}`;
/** Kept well beyond any catalog TTL: losing it only costs one reload (a new generation is drawn). */
const generationTtlMs = 7 * 24 * 60 * 60 * 1000;

/**
 * The joined catalog, cached in the store for `ttlMs` (shared by instances when the store is) and parsed once
 * per process. Concurrent cold reads share one load, so a burst of `GET /plans` costs Stripe one round.
 *
 * Invalidation draws a new generation; a catalog is stored under the generation read before it was loaded. A
 * slow load that started before a product or price webhook therefore writes under the old generation, which no
 * reader looks at any more: it can never bring back the catalog the webhook replaced, on any instance.
 */
export class CatalogCache {
  private parsed: { raw: string; catalog: ResolvedCatalog } | null = null;
  private loading: { generation: string | null; promise: Promise<ResolvedCatalog> } | null = null;

  constructor(
    private readonly stripe: Stripe,
    private readonly config: PlanCatalogConfig,
    private readonly store: PlankitStore,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  /**
   * The catalog. When the store fails, `GET /plans` passes `storeDown: 'load'` to read it from Stripe (public
   * data, no risk of a duplicate); other routes keep the store's error, as they need the store next anyway.
   */
  async get(options: { storeDown?: 'fail' | 'load' } = {}): Promise<ResolvedCatalog> {
    let generation: string;
    let raw: string | null;
    try {
      generation = (await this.store.get(generationKey)) ?? (await this.drawGeneration());
      raw = await this.store.get(catalogKey(generation));
    } catch (error) {
      if (options.storeDown !== 'load') throw error;
      return this.loadOnce(null);
    }
    if (raw !== null) return this.parse(raw);
    return this.loadOnce(generation);
  }

  /** Parses a stored catalog once per process (the same string, usually the same instance, comes back warm). */
  private parse(raw: string): ResolvedCatalog {
    if (this.parsed?.raw === raw) return this.parsed.catalog;
    const catalog = JSON.parse(raw) as ResolvedCatalog;
    this.parsed = { raw, catalog };
    return catalog;
  }

  /** Drops the cached catalog on every instance sharing the store (product and price webhooks call this). */
  async invalidate(): Promise<void> {
    this.parsed = null;
    this.loading = null; // reads after this must not join a load that started before it
    await this.store.set(generationKey, randomUUID(), generationTtlMs);
  }

  /**
   * For a store without a generation (first start, lost or evicted): a fresh random one, unless another read or
   * instance stored one first, which then wins.
   */
  private async drawGeneration(): Promise<string> {
    const fresh = randomUUID();
    if (await this.store.setIfAbsent(generationKey, fresh, generationTtlMs)) return fresh;
    return (await this.store.get(generationKey)) ?? fresh;
  }

  /** Concurrent cold reads of one generation share one load. */
  private loadOnce(generation: string | null): Promise<ResolvedCatalog> {
    if (this.loading?.generation === generation) return this.loading.promise;
    const loading = {
      generation,
      promise: this.load(generation).finally(() => {
        if (this.loading === loading) this.loading = null;
      }),
    };
    this.loading = loading;
    return loading.promise;
  }

  /** Loads from Stripe and caches under `generation` (null: the store is down, nothing is cached). */
  private async load(generation: string | null): Promise<ResolvedCatalog> {
    const catalog = await loadCatalog(this.stripe, this.config, this.logger);
    if (generation === null) return catalog;
    const raw = JSON.stringify(catalog);
    // Failing to cache (store down, already logged) must not fail a read that Stripe answered.
    await this.store.set(catalogKey(generation), raw, this.ttlMs).catch(() => undefined);
    return catalog;
  }
}
