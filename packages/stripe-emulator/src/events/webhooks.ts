import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';
import type { Engine } from '../engine.js';

/** Builds the `Stripe-Signature` header Stripe sends: `t=<unix>,v1=<hex hmac-sha256 of "t.payload">`. */
export function signPayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

interface Delivery {
  endpointId: string;
  eventId: string;
  attempt: number;
  dueAt: number;
  /** A second delivery of an event already delivered (Stripe delivers at least once). */
  duplicate?: boolean;
}

/** How deliveries stray from event order and exactly-once, as Stripe's do. */
export interface DeliveryMode {
  /** Deliveries are spread at random over this many ms and sent in that order (0: event order). */
  reorderWindowMs: number;
  /** Share (0 to 1) of events delivered a second time after their first successful delivery. */
  duplicateShare: number;
  /**
   * Share (0 to 1) of deliveries that fail as they would to an endpoint that is down (recorded as failed attempts
   * with status 0, `pending_webhooks` kept) and are then parked, not retried, until `redeliverDropped()`.
   */
  dropShare: number;
  /** Seed of the choices above, to replay a failing order. */
  seed: number;
}

/** What `configureWebhooks()` changes from now on. */
export interface WebhookOutage {
  /** Every delivery fails, as to an endpoint that is down, and is parked until `redeliverDropped()`. */
  down?: boolean;
  /** A share (0 to 1) of deliveries fails that way (see {@link DeliveryMode.dropShare}). */
  dropShare?: number;
}

/** One delivery attempt, for tests and debugging. */
export interface WebhookAttempt {
  endpoint: string;
  event: string;
  /** The endpoint's HTTP status; 0 for a connection error or a dropped delivery. */
  status: number;
  at: number;
  /** The delivery was dropped on purpose (endpoint down or `dropShare`); it waits for `redeliverDropped()`. */
  dropped?: true;
}

/** mulberry32: a small seeded PRNG, so a reported seed reproduces a delivery order. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Retry delays after failed attempts (Stripe retries for days; the emulator compresses it for tests). */
export const RETRY_DELAYS_MS = [200, 1000, 5000, 15000];

/**
 * Delivers events to webhook endpoints, one at a time per endpoint, with retries and exponential-ish backoff on
 * non-2xx responses and connection errors. Like Stripe, it promises neither order nor exactly-once: by default
 * deliveries are shuffled within a window and a share of events is delivered twice (see {@link DeliveryMode}).
 */
export class WebhookDispatcher {
  private queue: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  /** Every attempt, for tests and debugging. */
  readonly attempts: WebhookAttempt[] = [];
  /** Deliveries that failed as to a down endpoint; Stripe would retry them for days, the emulator only when asked. */
  private dropped: Delivery[] = [];
  private down = false;

  private readonly random: () => number;

  constructor(
    private engine: Engine,
    private delayMs: number,
    private mode: DeliveryMode = { reorderWindowMs: 0, duplicateShare: 0, dropShare: 0, seed: 1 },
  ) {
    this.random = seededRandom(mode.seed);
  }

  enqueue(event: Stripe.Event): void {
    for (const endpoint of Object.values(this.engine.state.webhookEndpoints)) {
      if (endpoint.status !== 'enabled') continue;
      if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(event.type)) continue;
      this.queue.push({ endpointId: endpoint.id, eventId: event.id, attempt: 0, dueAt: this.dueAt() });
    }
    this.schedule();
  }

  private dueAt(): number {
    return Date.now() + this.delayMs + Math.floor(this.random() * this.mode.reorderWindowMs);
  }

  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Delivers everything due now, ignoring delays and backoff; resolves when the queue is empty. */
  async flush(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.queue.length > 0 || this.inFlight > 0) && Date.now() < deadline) {
      for (const d of this.queue) d.dueAt = Math.min(d.dueAt, Date.now());
      this.schedule(0);
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }

  clear(): void {
    this.queue = [];
    this.dropped = [];
  }

  /** Takes the endpoint down or brings it back, or changes the share of dropped deliveries, from now on. */
  configure(outage: WebhookOutage): void {
    if (outage.dropShare !== undefined) {
      if (!(outage.dropShare >= 0 && outage.dropShare <= 1)) throw new Error('dropShare is between 0 and 1.');
      this.mode.dropShare = outage.dropShare;
    }
    if (outage.down !== undefined) this.down = outage.down;
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Queues every dropped delivery again (Stripe's later retry, or "Resend" in the Dashboard); answers how many. */
  redeliverDropped(): number {
    const again = this.dropped.splice(0).map((d) => ({ ...d, attempt: 0, dueAt: this.dueAt() }));
    this.queue.push(...again);
    this.schedule();
    return again.length;
  }

  /** Whether this delivery fails as to a down endpoint (drawn only with a share, so existing seeds replay). */
  private drops(): boolean {
    if (this.down) return true;
    return this.mode.dropShare > 0 && this.random() < this.mode.dropShare;
  }

  private schedule(delay?: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.queue.reduce((min, d) => Math.min(min, d.dueAt), Number.POSITIVE_INFINITY);
    if (!Number.isFinite(next)) return;
    const wait = delay ?? Math.max(0, next - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
    this.timer.unref?.();
  }

  private async run(): Promise<void> {
    if (this.inFlight > 0) return;
    const now = Date.now();
    const batch: Delivery[] = [];
    for (const endpointId of new Set(this.queue.map((d) => d.endpointId))) {
      const next = this.nextFor(endpointId, now);
      if (next) batch.push(next);
    }
    this.queue = this.queue.filter((d) => !batch.includes(d));
    this.inFlight = batch.length;
    await Promise.all(batch.map((d) => this.deliver(d)));
    this.inFlight = 0;
    if (this.queue.length === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
    this.schedule();
  }

  /**
   * In event order, the endpoint's first queued delivery once due. Shuffled, the earliest due one; when several are
   * due at once (a flush), one of them at random. A retry always goes first, as Stripe retries before moving on.
   */
  private nextFor(endpointId: string, now: number): Delivery | undefined {
    const queued = this.queue.filter((d) => d.endpointId === endpointId);
    const first = queued[0];
    if (!first) return undefined;
    if (this.mode.reorderWindowMs <= 0 || first.attempt > 0) return first.dueAt <= now ? first : undefined;
    const due = queued.filter((d) => d.dueAt <= now);
    return due[Math.floor(this.random() * due.length)];
  }

  private async deliver(d: Delivery): Promise<void> {
    const endpoint = this.engine.state.webhookEndpoints[d.endpointId];
    const secret = this.engine.state.webhookSecrets[d.endpointId];
    const event = this.engine.state.events[d.eventId];
    if (!endpoint || !secret || !event || this.closed) return;
    if (this.drops()) {
      this.attempts.push({
        endpoint: endpoint.id,
        event: event.id,
        status: 0,
        at: Date.now(),
        dropped: true,
      });
      // A lost second copy is no loss: the first was delivered.
      if (!d.duplicate) this.dropped.push(d);
      return;
    }
    const payload = JSON.stringify(event, null, 2);
    let status = 0;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signPayload(payload, secret),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    this.attempts.push({ endpoint: endpoint.id, event: event.id, status, at: Date.now() });
    if (status >= 200 && status < 300) {
      if (d.duplicate) return;
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      if (this.random() < this.mode.duplicateShare && !this.closed) {
        this.queue.push({ ...d, attempt: 0, duplicate: true, dueAt: this.dueAt() });
      }
      return;
    }
    const delay = RETRY_DELAYS_MS[d.attempt];
    if (delay !== undefined && !this.closed) {
      // Keep the failed event first for its endpoint so per-endpoint order is preserved.
      this.queue.unshift({ ...d, attempt: d.attempt + 1, dueAt: Date.now() + delay });
    }
  }
}
