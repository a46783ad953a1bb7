import type { PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { Logger } from '../logger';
import type { PlankitStore } from '../store/plankit-store';
import { loadCatalog } from './load-catalog';
import type { ResolvedCatalog } from './resolved-catalog';

const catalogKey = 'plankit:catalog:v1';

/**
 * The joined catalog, cached in the store for `ttlMs` (shared by instances when the store is) and parsed once
 * per process. Concurrent cold reads share one load, so a burst of `GET /plans` costs Stripe one round.
 */
export class CatalogCache {
  private parsed: { raw: string; catalog: ResolvedCatalog } | null = null;
  private loading: Promise<ResolvedCatalog> | null = null;

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
    let raw: string | null;
    try {
      raw = await this.store.get(catalogKey);
    } catch (error) {
      if (options.storeDown !== 'load') throw error;
      return this.loadOnce();
    }
    if (raw !== null) {
      if (this.parsed?.raw === raw) return this.parsed.catalog;
      const catalog = JSON.parse(raw) as ResolvedCatalog;
      this.parsed = { raw, catalog };
      return catalog;
    }
    return this.loadOnce();
  }

  /** Drops the cached catalog (product and price webhooks call this). */
  async invalidate(): Promise<void> {
    this.parsed = null;
    await this.store.delete(catalogKey);
  }

  /** Concurrent cold reads share one load. */
  private loadOnce(): Promise<ResolvedCatalog> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<ResolvedCatalog> {
    const catalog = await loadCatalog(this.stripe, this.config, this.logger);
    const raw = JSON.stringify(catalog);
    this.parsed = { raw, catalog };
    // Failing to cache (store down, already logged) must not fail a read that Stripe answered.
    await this.store.set(catalogKey, raw, this.ttlMs).catch(() => undefined);
    return catalog;
  }
}
