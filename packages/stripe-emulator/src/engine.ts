import type Stripe from 'stripe';
import { changedOnly } from './billing/diff.js';
import { newId } from './state/ids.js';
import { type EmulatorState, emptyState } from './state/state.js';
import { resourceMissing } from './wire/stripe-error.js';

/** The API version the emulator speaks (the one the pinned SDK sends). */
export const API_VERSION = '2026-10-28.endive';

/** Details of the API request that caused an event (Stripe puts them on `event.request`). */
export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

type EventListener = (event: Stripe.Event) => void;

/**
 * The emulator's in-memory Stripe account: state, clock and event recording.
 * Handlers, pages and the clock all mutate state through it, so events are recorded in one place.
 */
export class Engine {
  state: EmulatorState = emptyState();
  /** Set while an API request is handled, so events carry `request.id` and `request.idempotency_key`. */
  currentRequest: RequestInfo | null = null;
  private listeners: EventListener[] = [];
  /** Events held back while a {@link Engine.atomically} block runs (delivered only if it commits). */
  private held: Stripe.Event[] | null = null;
  private changeListeners: Array<() => void> = [];
  /** Set while {@link Engine.runAt} runs: the time `now()` answers. */
  private stoppedAt: number | null = null;

  constructor(public baseUrl: string) {}

  now(): number {
    return this.stoppedAt ?? Math.floor(Date.now() / 1000) + this.state.clockOffset;
  }

  /**
   * Runs `work` with the clock stopped at `at` (a renewal, trial end or retry falling due): all it records carries
   * that time, even when the wall clock's second turns meanwhile on a loaded machine. The clock goes on from `at`.
   */
  runAt(at: number, work: () => void): void {
    this.stoppedAt = at;
    try {
      work();
    } finally {
      this.stoppedAt = null;
      this.state.clockOffset = at - Math.floor(Date.now() / 1000);
    }
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Detaches event listeners (used while computing previews on a scratch copy of state). */
  suspendEvents(): EventListener[] {
    const current = this.listeners;
    this.listeners = [];
    return current;
  }

  resumeEvents(listeners: EventListener[]): void {
    this.listeners = listeners;
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  changed(): void {
    for (const l of this.changeListeners) l();
  }

  /**
   * Records an event with a snapshot of `object` (deep copy, as Stripe freezes the payload at event time).
   * `previous` holds the old values of the fields an update touched, for `*.updated` events; it is narrowed here to
   * what really changed (sub-keys of nested hashes included), so no emitter can report an unchanged key.
   */
  emit(type: Stripe.Event.Type, object: object, previous?: Record<string, unknown>): Stripe.Event {
    const snapshot = structuredClone(this.snapshot(object)) as Record<string, unknown>;
    const data: { object: object; previous_attributes?: Record<string, unknown> } = { object: snapshot };
    if (previous) {
      const changed = changedOnly(structuredClone(previous), snapshot);
      if (Object.keys(changed).length > 0) data.previous_attributes = changed;
    }
    const pending = Object.values(this.state.webhookEndpoints).filter(
      (e) => e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)),
    ).length;
    // Built as JSON: Event is a union of ~300 event interfaces; the envelope fields are checked here.
    const envelope: Omit<Stripe.EventBase, 'data' | 'type'> = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: this.now(),
      livemode: false,
      pending_webhooks: pending,
      request: this.currentRequest
        ? { id: this.currentRequest.id, idempotency_key: this.currentRequest.idempotencyKey }
        : { id: null, idempotency_key: null },
    };
    const event = { ...envelope, type, data } as unknown as Stripe.Event;
    this.state.events[event.id] = event;
    if (this.held) this.held.push(event);
    else for (const l of this.listeners) l(event);
    return event;
  }

  /**
   * Runs `fn` all-or-nothing: if it throws, every state change and every event it recorded is undone
   * and no webhook is sent. Used where Stripe refuses a request after doing work, such as
   * `payment_behavior: 'error_if_incomplete'` when the payment fails. It copies the whole state,
   * so it is kept to those paths rather than wrapped around every request.
   */
  atomically<T>(fn: () => T): T {
    const { events, ...rest } = this.state;
    const saved = structuredClone(rest);
    const outer = this.held;
    const held: Stripe.Event[] = [];
    this.held = held;
    try {
      const result = fn();
      this.held = outer;
      for (const event of held) {
        if (outer) outer.push(event);
        else for (const l of this.listeners) l(event);
      }
      return result;
    } catch (err) {
      this.held = outer;
      for (const event of held) delete events[event.id];
      this.state = { ...saved, events };
      throw err;
    }
  }

  /** Objects are rendered before snapshotting so embedded prices are current. */
  snapshot(object: object): object {
    return this.render(object);
  }

  /** Refreshes embedded copies (subscription item prices) from the store. */
  render<T>(object: T): T {
    const o = object as unknown as { object?: string };
    if (o.object === 'subscription') {
      const sub = object as unknown as Stripe.Subscription;
      return {
        ...sub,
        items: { ...sub.items, data: sub.items.data.map((i) => this.renderItem(i)) },
      } as unknown as T;
    }
    if (o.object === 'subscription_item')
      return this.renderItem(object as unknown as Stripe.SubscriptionItem) as T;
    return object;
  }

  private renderItem(item: Stripe.SubscriptionItem): Stripe.SubscriptionItem {
    const price = this.state.prices[item.price.id];
    return price
      ? { ...item, price, plan: { ...item.plan, active: price.active, metadata: price.metadata } }
      : item;
  }

  product(id: string, param = 'id'): Stripe.Product {
    const p = this.state.products[id];
    if (!p) throw resourceMissing('product', id, param);
    return p;
  }

  price(id: string, param = 'id'): Stripe.Price {
    const p = this.state.prices[id];
    if (!p) throw resourceMissing('price', id, param);
    return p;
  }

  customer(id: string, param = 'id'): Stripe.Customer {
    const c = this.state.customers[id];
    if (!c) throw resourceMissing('customer', id, param);
    return c;
  }

  subscription(id: string, param = 'id'): Stripe.Subscription {
    const s = this.state.subscriptions[id];
    if (!s) throw resourceMissing('subscription', id, param);
    return s;
  }

  invoice(id: string, param = 'id'): Stripe.Invoice {
    const i = this.state.invoices[id];
    if (!i) throw resourceMissing('invoice', id, param);
    return i;
  }

  paymentMethod(id: string, param = 'id'): Stripe.PaymentMethod {
    const p = this.state.paymentMethods[id];
    if (!p) throw resourceMissing('PaymentMethod', id, param);
    return p;
  }

  coupon(id: string, param = 'id'): Stripe.Coupon {
    const c = this.state.coupons[id];
    if (!c) throw resourceMissing('coupon', id, param);
    return c;
  }

  promotionCode(id: string, param = 'id'): Stripe.PromotionCode {
    const p = this.state.promotionCodes[id];
    if (!p) throw resourceMissing('promotion code', id, param);
    return p;
  }

  checkoutSession(id: string, param = 'id'): Stripe.Checkout.Session {
    const s = this.state.checkoutSessions[id];
    if (!s) throw resourceMissing('checkout.session', id, param);
    return s;
  }

  portalConfiguration(id: string, param = 'id'): Stripe.BillingPortal.Configuration {
    const c = this.state.portalConfigurations[id];
    if (!c) throw resourceMissing('configuration', id, param);
    return c;
  }

  portalSession(id: string): Stripe.BillingPortal.Session {
    const s = this.state.portalSessions[id];
    if (!s) throw resourceMissing('billing_portal.session', id);
    return s;
  }

  webhookEndpoint(id: string, param = 'id'): Stripe.WebhookEndpoint {
    const w = this.state.webhookEndpoints[id];
    if (!w) throw resourceMissing('webhook_endpoint', id, param);
    return w;
  }
}

/** Newest first, Stripe's list order (insertion order stands in for `created` ties). */
export function newestFirst<T>(record: Record<string, T>): T[] {
  return Object.values(record).reverse();
}
