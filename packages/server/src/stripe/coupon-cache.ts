import type Stripe from 'stripe';

/** Coupons change rarely: the retention coupon is read once per TTL per process. */
export class CouponCache {
  private cached = new Map<string, { coupon: Stripe.Coupon; expiresAt: number }>();

  constructor(
    private readonly stripe: Stripe,
    private readonly ttlMs: number,
  ) {}

  async get(id: string): Promise<Stripe.Coupon> {
    const hit = this.cached.get(id);
    if (hit && hit.expiresAt > Date.now()) return hit.coupon;
    const coupon = await this.stripe.coupons.retrieve(id);
    this.cached.set(id, { coupon, expiresAt: Date.now() + this.ttlMs });
    return coupon;
  }

  invalidate(): void {
    this.cached.clear();
  }
}
