import type Stripe from 'stripe';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';

export function createCoupon(engine: Engine, params: Params): Stripe.Coupon {
  params.allowOnly(KNOWN_PARAMS.CouponCreateParams);
  const percentOff = params.num('percent_off');
  const amountOff = params.int('amount_off');
  if (percentOff === undefined && amountOff === undefined) {
    throw invalidRequest(
      'Must provide either `percent_off` or `amount_off`.',
      'percent_off',
      'parameter_missing',
    );
  }
  if (percentOff !== undefined && amountOff !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: amount_off, percent_off.',
      'amount_off',
    );
  }
  if (percentOff !== undefined && (percentOff <= 0 || percentOff > 100)) {
    throw invalidRequest('Invalid percent_off: must be greater than 0 and at most 100', 'percent_off');
  }
  const currency = params.str('currency')?.toLowerCase();
  if (amountOff !== undefined && !currency) throw parameterMissing('currency');
  const duration = params.enumOf('duration', ['once', 'repeating', 'forever'] as const) ?? 'once';
  const months = params.int('duration_in_months');
  if (duration === 'repeating' && months === undefined) throw parameterMissing('duration_in_months');
  const id = params.nonEmptyStr('id') ?? newId('', 8).slice(1);
  if (engine.state.coupons[id])
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: amountOff ?? null,
    created: engine.now(),
    currency: currency ?? null,
    duration,
    duration_in_months: duration === 'repeating' ? (months ?? null) : null,
    livemode: false,
    max_redemptions: params.int('max_redemptions') ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    name: params.nullableStr('name') ?? null,
    percent_off: percentOff ?? null,
    redeem_by: params.int('redeem_by') ?? null,
    times_redeemed: 0,
    valid: true,
  };
  engine.state.coupons[id] = coupon;
  engine.emit('coupon.created', coupon);
  return coupon;
}

export function createPromotionCode(engine: Engine, params: Params): Stripe.PromotionCode {
  params.allowOnly(KNOWN_PARAMS.PromotionCodeCreateParams);
  const promotion = params.requiredObj('promotion');
  const couponId = promotion.requiredStr('coupon');
  engine.coupon(couponId, 'promotion[coupon]');
  const code = params.nonEmptyStr('code') ?? newId('', 8).slice(1).toUpperCase();
  const clash = Object.values(engine.state.promotionCodes).find(
    (p) => p.active && p.code.toLowerCase() === code.toLowerCase(),
  );
  if (clash) {
    throw invalidRequest(
      'An active promotion code with `code` already exists.',
      'code',
      'resource_already_exists',
    );
  }
  const restrictions = params.obj('restrictions');
  const promo: Stripe.PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active: params.bool('active') ?? true,
    code,
    created: engine.now(),
    customer: params.nullableStr('customer') ?? null,
    customer_account: null,
    expires_at: params.int('expires_at') ?? null,
    livemode: false,
    max_redemptions: params.int('max_redemptions') ?? null,
    metadata: mergeMetadata({}, params.metadata()),
    promotion: { coupon: couponId, type: 'coupon' },
    restrictions: {
      first_time_transaction: restrictions?.bool('first_time_transaction') ?? false,
      minimum_amount: restrictions?.int('minimum_amount') ?? null,
      minimum_amount_currency: restrictions?.str('minimum_amount_currency') ?? null,
    },
    times_redeemed: 0,
  };
  engine.state.promotionCodes[promo.id] = promo;
  engine.emit('promotion_code.created', promo);
  return promo;
}

export const couponRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/coupons', handler: ({ engine, params }) => createCoupon(engine, params) },
  { method: 'GET', pattern: '/v1/coupons/:id', handler: ({ engine, path }) => engine.coupon(path.id ?? '') },
  {
    method: 'POST',
    pattern: '/v1/coupons/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.CouponUpdateParams);
      const coupon = engine.coupon(path.id ?? '');
      const previous: Record<string, unknown> = {};
      if (params.has('name')) {
        previous.name = coupon.name;
        coupon.name = params.nullableStr('name') ?? null;
      }
      if (params.has('metadata')) {
        previous.metadata = coupon.metadata;
        coupon.metadata = mergeMetadata(coupon.metadata ?? {}, params.metadata());
      }
      engine.emit('coupon.updated', coupon, previous);
      return coupon;
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/coupons/:id',
    handler: ({ engine, path }) => {
      const coupon = engine.coupon(path.id ?? '');
      delete engine.state.coupons[coupon.id];
      engine.emit('coupon.deleted', coupon);
      const deleted: Stripe.DeletedCoupon = { id: coupon.id, object: 'coupon', deleted: true };
      return deleted;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/coupons',
    handler: ({ engine, params, url }) => paginate(newestFirst(engine.state.coupons), params, url),
  },
  {
    method: 'POST',
    pattern: '/v1/promotion_codes',
    handler: ({ engine, params }) => createPromotionCode(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/promotion_codes/:id',
    handler: ({ engine, path }) => engine.promotionCode(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/promotion_codes/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.PromotionCodeUpdateParams);
      const promo = engine.promotionCode(path.id ?? '');
      const previous: Record<string, unknown> = {};
      const active = params.bool('active');
      if (active !== undefined && active !== promo.active) {
        previous.active = promo.active;
        promo.active = active;
      }
      if (params.has('metadata')) {
        previous.metadata = promo.metadata;
        promo.metadata = mergeMetadata(promo.metadata ?? {}, params.metadata());
      }
      engine.emit('promotion_code.updated', promo, previous);
      return promo;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/promotion_codes',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.PromotionCodeListParams);
      const code = params.str('code');
      const coupon = params.str('coupon');
      const active = params.bool('active');
      const customer = params.str('customer');
      const items = newestFirst(engine.state.promotionCodes).filter(
        (p) =>
          (!code || p.code.toLowerCase() === code.toLowerCase()) &&
          (!coupon || p.promotion.coupon === coupon) &&
          (active === undefined || p.active === active) &&
          (!customer || p.customer === customer),
      );
      return paginate(items, params, url);
    },
  },
];
