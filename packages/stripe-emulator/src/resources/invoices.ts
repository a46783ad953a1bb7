import type Stripe from 'stripe';
import { currentPeriod } from '../billing/current-period.js';
import { couponOfDiscount, readDiscountParams } from '../billing/discounts.js';
import { attemptPayment, buildInvoice, type LineInput, pendingItemLine } from '../billing/invoicing.js';
import { planItems } from '../billing/item-changes.js';
import { describeItem, intervalOf, itemAmount, recurringPrice, validateItemSet } from '../billing/items.js';
import { applyOutcome, paymentMethodFor } from '../billing/lifecycle.js';
import { addIntervals } from '../billing/periods.js';
import { prorationLines } from '../billing/proration.js';
import { type Engine, newestFirst } from '../engine.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import type { Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { cardDeclined, invalidRequest, parameterMissing } from '../wire/stripe-error.js';

/**
 * `POST /v1/invoices/create_preview`: the invoice a subscription change would produce. With
 * `always_invoice` (or an interval change) that is the immediate proration invoice; otherwise the
 * next renewal invoice, carrying pending and new proration lines plus the next period at the new prices.
 */
function createPreview(engine: Engine, params: Params): Stripe.Invoice {
  params.allowOnly(KNOWN_PARAMS.InvoiceCreatePreviewParams);
  const now = engine.now();
  const subId = params.nonEmptyStr('subscription');
  const details = params.obj('subscription_details');
  const sub = subId ? engine.subscription(subId, 'subscription') : null;
  const customerId = params.nonEmptyStr('customer') ?? (sub?.customer as string | undefined);
  if (!customerId) throw parameterMissing('customer');
  const customer = engine.customer(customerId, 'customer');
  if (sub && sub.customer !== customer.id) {
    throw invalidRequest(
      `The subscription ${sub.id} does not belong to customer ${customer.id}.`,
      'subscription',
    );
  }
  const behavior =
    details?.enumOf('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const) ??
    'create_prorations';
  const prorationDate = details?.int('proration_date') ?? now;
  const discountChoices = params.has('discounts')
    ? previewDiscounts(engine, params.objList('discounts') ?? [], customer.id)
    : null;
  const coupons = discountChoices?.map((d) => d.coupon);
  const discountIds = discountChoices
    ? discountChoices.map((d, i) => d.discount ?? `di_preview_${i}`)
    : ((sub?.discounts as string[]) ?? []);

  if (!sub) {
    const itemParams = details?.objList('items') ?? [];
    if (itemParams.length === 0) throw parameterMissing('subscription_details[items]');
    const items = itemParams.map((p) => ({
      price: recurringPrice(engine, p.requiredStr('price'), `${p.prefix}[price]`),
      quantity: p.int('quantity') ?? 1,
    }));
    validateItemSet(items.map((i) => i.price));
    const first = items[0] as (typeof items)[number];
    const { interval, count } = intervalOf(first.price);
    const period = { start: now, end: addIntervals(now, interval, count) };
    const lines: LineInput[] = items.map((i) => ({
      amount: itemAmount(i),
      description: describeItem(engine, i.price, i.quantity),
      period,
      price: i.price,
      quantity: i.quantity,
      proration: false,
      subscriptionItem: null,
    }));
    return preview(engine, customer, null, first.price.currency, lines, now, now, discountIds, coupons, now);
  }

  const period = currentPeriod(sub);
  const plan = details?.has('items') ? planItems(engine, sub, details.objList('items')) : null;
  const nextItems = plan
    ? plan.next
    : sub.items.data.map((i) => ({ id: i.id, price: i.price, quantity: i.quantity ?? 1 }));
  const first = nextItems[0];
  if (!first) throw parameterMissing('subscription_details[items]');
  const oldInterval = sub.items.data[0] ? intervalOf(sub.items.data[0].price) : intervalOf(first.price);
  const newInterval = intervalOf(first.price);
  const intervalChanged =
    oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count;
  // `subscription_details[trial_end]=now` previews ending the trial with the change: the new period starts now and
  // is invoiced at once, with no proration (nothing was charged for the trial).
  const endsTrialNow = sub.status === 'trialing' && details?.str('trial_end') === 'now';
  if (endsTrialNow) {
    const nextPeriod = { start: now, end: addIntervals(now, newInterval.interval, newInterval.count) };
    const lines = periodLines(engine, nextItems, nextPeriod);
    return preview(engine, customer, sub, first.price.currency, lines, now, now, discountIds, coupons, now);
  }
  const trialing = sub.status === 'trialing';
  const prorations =
    plan && !trialing && behavior !== 'none'
      ? prorationLines(engine, plan.changes, period, prorationDate)
      : [];
  if (intervalChanged && !trialing) {
    const nextPeriod = { start: now, end: addIntervals(now, newInterval.interval, newInterval.count) };
    const lines = [...prorations.filter((l) => l.amount < 0), ...periodLines(engine, nextItems, nextPeriod)];
    const at = prorationDate;
    return preview(
      engine,
      customer,
      sub,
      first.price.currency,
      lines,
      now,
      now,
      discountIds,
      coupons,
      now,
      at,
    );
  }
  if (behavior === 'always_invoice') {
    const at = prorationDate;
    return preview(engine, customer, sub, sub.currency, prorations, now, now, discountIds, coupons, now, at);
  }
  const pending: LineInput[] = engine.state.pendingInvoiceItems
    .filter((p) => p.subscription === sub.id)
    .map((item) => pendingItemLine(engine, item));
  const nextStart = period.end;
  const nextPeriod = {
    start: nextStart,
    end: addIntervals(nextStart, newInterval.interval, newInterval.count),
  };
  const lines = [...pending, ...prorations, ...periodLines(engine, nextItems, nextPeriod)];
  return preview(
    engine,
    customer,
    sub,
    sub.currency,
    lines,
    period.start,
    period.end,
    discountIds,
    coupons,
    period.end,
    prorationDate,
  );
}

/**
 * `discounts[n]` of a preview: a `coupon` or `promotion_code` to add, or an existing `discount` (of this customer)
 * to keep, in the order given.
 */
function previewDiscounts(
  engine: Engine,
  list: Params[],
  customer: string,
): Array<{ coupon: Stripe.Coupon; discount: string | null }> {
  return list.map((d) => {
    const existing = d.nonEmptyStr('discount');
    if (!existing) {
      const [choice] = readDiscountParams(engine, [d], customer);
      return { coupon: (choice as NonNullable<typeof choice>).coupon, discount: null };
    }
    const found = engine.state.discounts[existing];
    const coupon = couponOfDiscount(engine, existing);
    if (!found || found.customer !== customer || !coupon) {
      throw invalidRequest(`No such discount: '${existing}'`, `${d.prefix}[discount]`, 'resource_missing');
    }
    return { coupon, discount: existing };
  });
}

function periodLines(
  engine: Engine,
  items: Array<{ id: string; price: Stripe.Price; quantity: number }>,
  period: { start: number; end: number },
): LineInput[] {
  return items.map((i) => ({
    amount: itemAmount(i),
    description: describeItem(engine, i.price, i.quantity),
    period,
    price: i.price,
    quantity: i.quantity,
    proration: false,
    subscriptionItem: i.id,
  }));
}

function preview(
  engine: Engine,
  customer: Stripe.Customer,
  sub: Stripe.Subscription | null,
  currency: string,
  lines: LineInput[],
  periodStart: number,
  periodEnd: number,
  discounts: string[],
  coupons: Stripe.Coupon[] | undefined,
  nextAttempt: number,
  prorationDate?: number,
): Stripe.Invoice {
  const input = {
    customer,
    subscription: sub,
    currency,
    lines,
    billingReason: 'upcoming' as const,
    periodStart,
    periodEnd,
    discounts,
    preview: true,
    ...(coupons ? { coupons } : {}),
  };
  const invoice = buildInvoice(engine, input);
  invoice.next_payment_attempt = nextAttempt;
  // Stripe dates a preview when the invoice would be created: now when billed at once, else the renewal.
  invoice.created = nextAttempt;
  // Only previews that prorate report the time the prorations were computed at.
  const details = invoice.parent?.subscription_details;
  if (details && prorationDate !== undefined && lines.some((l) => l.proration)) {
    details.subscription_proration_date = prorationDate;
  }
  return invoice;
}

function payInvoice(engine: Engine, id: string, params: Params): Stripe.Invoice {
  params.allowOnly(KNOWN_PARAMS.InvoicePayParams);
  const invoice = engine.invoice(id);
  if (invoice.status === 'paid')
    throw invalidRequest('Invoice is already paid.', undefined, 'invoice_already_paid');
  if (invoice.status !== 'open')
    throw invalidRequest(`You can only pay an open invoice (this one is ${invoice.status}).`);
  const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const sub = subId ? engine.state.subscriptions[subId] : undefined;
  if (params.bool('paid_out_of_band')) {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.status_transitions.paid_at = engine.now();
    engine.emit('invoice.paid', invoice);
  } else {
    const pm = params.nonEmptyStr('payment_method') ?? (sub ? paymentMethodFor(engine, sub) : null);
    const outcome = attemptPayment(engine, invoice, pm, !params.bool('off_session'));
    if (outcome !== 'paid') {
      throw cardDeclined();
    }
  }
  if (sub && (sub.status === 'past_due' || sub.status === 'unpaid' || sub.status === 'incomplete')) {
    const before = sub.status;
    const previous = applyOutcome(sub, 'paid');
    if (before === 'incomplete') previous.status = 'incomplete';
    engine.emit('customer.subscription.updated', sub, previous);
  }
  return invoice;
}

export const invoiceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/invoices/create_preview',
    handler: ({ engine, params }) => createPreview(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id',
    handler: ({ engine, path }) => engine.invoice(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/pay',
    handler: ({ engine, path, params }) => payInvoice(engine, path.id ?? '', params),
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id/lines',
    handler: ({ engine, path, params, url }) =>
      paginate(engine.invoice(path.id ?? '').lines.data, params, url),
  },
  {
    method: 'GET',
    pattern: '/v1/invoices',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.InvoiceListParams);
      const customer = params.str('customer');
      const subscription = params.str('subscription');
      const status = params.str('status');
      const items = newestFirst(engine.state.invoices).filter(
        (i) =>
          (!customer || i.customer === customer) &&
          (!subscription || i.parent?.subscription_details?.subscription === subscription) &&
          (!status || i.status === status),
      );
      return paginate(items, params, url);
    },
  },
];
