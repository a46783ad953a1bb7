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

  async get(): Promise<ResolvedCatalog> {
    const raw = await this.store.get(catalogKey);
    if (raw !== null) {
      if (this.parsed?.raw === raw) return this.parsed.catalog;
      const catalog = JSON.parse(raw) as ResolvedCatalog;
      this.parsed = { raw, catalog };
      return catalog;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Drops the cached catalog (product and price webhooks call this). */
  async invalidate(): Promise<void> {
    this.parsed = null;
    await this.store.delete(catalogKey);
  }

  private async load(): Promise<ResolvedCatalog> {
    const catalog = await loadCatalog(this.stripe, this.config, this.logger);
    const raw = JSON.stringify(catalog);
    await this.store.set(catalogKey, raw, this.ttlMs);
    this.parsed = { raw, catalog };
    return catalog;
  }
}
