import type { Server } from 'node:http';
import type Stripe from 'stripe';
import { advanceClock } from './billing/clock.js';
import { runDueBilling } from './billing/renewals.js';
import { controlHandler } from './control/control-routes.js';
import { FaultQueue, type FaultSpec } from './control/faults.js';
import type { RequestHold } from './control/request-holds.js';
import type { RequestLogEntry } from './control/request-log.js';
import { Engine } from './engine.js';
import {
  type DeliveryMode,
  type WebhookAttempt,
  WebhookDispatcher,
  type WebhookOutage,
} from './events/webhooks.js';
import { pageHandler } from './pages/page-routes.js';
import { apiRoutes, includers } from './routes.js';
import { applySeed, type EmulatorSeed, readSeed } from './seed.js';
import { listen, serverPort } from './server/http-server.js';
import { loadState, Persister } from './state/persistence.js';
import { type EmulatorState, emptyState } from './state/state.js';
import { IdempotencyStore } from './wire/idempotency.js';
import { type SearchOptions, searchIndexOf } from './wire/search-index.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** A catalog object or the path of a JSON file with the same shape. */
  seed?: EmulatorSeed | string;
  /** A JSON state file: loaded at start if it exists (then the seed is not re-applied), saved on change and on close. */
  persist?: string;
  /** Delay before each webhook delivery (default 0). */
  webhookDeliveryDelayMs?: number;
  /** Search as Stripe's: a 2 s indexing lag and 20 requests/s by default; `unavailable` as for accounts in India. */
  search?: SearchOptions;
  /**
   * Stripe delivers webhooks out of order and at least once, so by default the emulator does too: deliveries are
   * shuffled within `reorderWindowMs` (default 100) and a `duplicateShare` of events (default 0.25) is delivered
   * twice. Set either to 0 to turn it off (`{ reorderWindowMs: 0, duplicateShare: 0 }` is exactly once, in order).
   * `dropShare` (default 0) of deliveries fails as to a down endpoint and is not retried until
   * `redeliverDroppedWebhooks()` (see `configureWebhooks`).
   * `seed` makes the choices reproducible (default random; the one in use is `emulator.webhookDelivery.seed`).
   */
  webhookDelivery?: Partial<DeliveryMode>;
}

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** `sk_test_emulator` (any `sk_test_…` key is accepted). */
  readonly secretKey: string;
  /** Spread into the SDK options: `new Stripe(key, { ...emulator.stripeConfig })`. */
  readonly stripeConfig: { host: string; port: number; protocol: 'http' };
  /** How webhooks are delivered (see {@link EmulatorOptions.webhookDelivery}). */
  readonly webhookDelivery: Readonly<DeliveryMode>;
  /** The signing secret of the first webhook endpoint, if one exists. */
  readonly webhookSecret: string | undefined;
  /** Read-only view of everything stored (Stripe-shaped objects, unexpanded). */
  readonly state: Readonly<EmulatorState>;
  close(): Promise<void>;
  /** Wipes all state, then re-applies the start-up seed. */
  reset(): void;
  /** Adds a catalog. */
  loadSeed(seed: EmulatorSeed | string): Promise<void>;
  /** Moves emulator time forward, running renewals, trial ends, dunning and scheduled cancellations. */
  advanceClock(seconds: number): void;
  /** Emulator time (unix seconds); starts at real time. */
  now(): number;
  /** Makes upcoming matching `/v1` requests fail. */
  failNext(spec: FaultSpec): void;
  /**
   * Holds the next matching `/v1` request before it is handled until `release()` (at most `limitMs`, default
   * 10 s): `await hold.reached` then act, for races without guessed delays.
   */
  holdNext(match?: FaultSpec['match'], options?: { limitMs?: number }): RequestHold;
  clearFaults(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Delivers pending webhooks now (no delay or backoff) and resolves when none are left. */
  waitForWebhooks(timeoutMs?: number): Promise<void>;
  /** Alias of waitForWebhooks that does not wait. */
  deliverWebhooksNow(): void;
  /** Every webhook delivery attempt so far. */
  webhookAttempts(): ReadonlyArray<WebhookAttempt>;
  /**
   * From now on, every delivery fails (`down: true`) or a `dropShare` of them does, as to an endpoint that is down:
   * recorded as attempts with status 0, `pending_webhooks` kept, and parked rather than retried (Stripe would retry
   * for days; a test wants the loss to last). `down: false` brings the endpoint back without replaying anything.
   * Kept across `reset()`.
   */
  configureWebhooks(outage: WebhookOutage): void;
  /** Sends every parked delivery again (Stripe's later retry or the Dashboard's "Resend"); answers how many. */
  redeliverDroppedWebhooks(): number;
  /** Events recorded so far, newest first. */
  events(): Stripe.Event[];
  /** Changes how search behaves from now on (lag, rate limit, availability); `reset()` keeps these settings. */
  configureSearch(options: SearchOptions): void;
}

/** Starts the emulator on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const engine = new Engine('http://127.0.0.1:0');
  const seed = options.seed !== undefined ? readSeed(options.seed) : undefined;
  const faults = new FaultQueue();
  const idempotency = new IdempotencyStore(() => engine.now());
  const log: RequestLogEntry[] = [];
  const delivery: DeliveryMode = {
    reorderWindowMs: options.webhookDelivery?.reorderWindowMs ?? 100,
    duplicateShare: options.webhookDelivery?.duplicateShare ?? 0.25,
    dropShare: options.webhookDelivery?.dropShare ?? 0,
    seed: options.webhookDelivery?.seed ?? Math.floor(Math.random() * 2 ** 31),
  };
  const dispatcher = new WebhookDispatcher(engine, options.webhookDeliveryDelayMs ?? 0, delivery);
  engine.onEvent((event) => dispatcher.enqueue(event));
  const searchIndex = searchIndexOf(engine, options.search);
  const persister = options.persist ? new Persister(options.persist, () => engine.state) : undefined;
  engine.onChange(() => persister?.schedule());

  let server: Server | undefined;
  const emulator: Emulator = {
    get url() {
      return engine.baseUrl;
    },
    get port() {
      return server ? serverPort(server) : 0;
    },
    secretKey: 'sk_test_emulator',
    webhookDelivery: delivery,
    get stripeConfig() {
      return { host: '127.0.0.1', port: server ? serverPort(server) : 0, protocol: 'http' as const };
    },
    get webhookSecret() {
      const first = Object.keys(engine.state.webhookEndpoints)[0];
      return first ? engine.state.webhookSecrets[first] : undefined;
    },
    get state() {
      return engine.state;
    },
    async close() {
      faults.clear(); // a held request is refused, not handled after the state is flushed
      dispatcher.close();
      persister?.flush();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
    },
    reset() {
      engine.state = emptyState();
      idempotency.clear();
      dispatcher.clear();
      if (seed) applySeed(engine, seed);
      // The start-up seed counts as indexed long ago; only what tests create afterwards lags.
      searchIndex.clear();
      persister?.schedule();
    },
    async loadSeed(value) {
      applySeed(engine, readSeed(value));
      persister?.schedule();
    },
    advanceClock(seconds) {
      advanceClock(engine, seconds, runDueBilling);
      persister?.schedule();
    },
    now: () => engine.now(),
    failNext: (spec) => faults.add(spec),
    holdNext: (match, options) => faults.hold(match, options?.limitMs ?? 10_000),
    clearFaults: () => faults.clear(),
    requestLog: () => [...log],
    clearRequestLog() {
      log.length = 0;
    },
    waitForWebhooks: (timeoutMs) => dispatcher.flush(timeoutMs),
    deliverWebhooksNow() {
      void dispatcher.flush();
    },
    webhookAttempts: () => dispatcher.attempts,
    configureWebhooks: (outage) => dispatcher.configure(outage),
    redeliverDroppedWebhooks: () => dispatcher.redeliverDropped(),
    events: () => Object.values(engine.state.events).reverse(),
    configureSearch: (searchOptions) => searchIndex.configure(searchOptions),
  };

  server = await listen(
    {
      engine,
      routes: apiRoutes,
      includers,
      idempotency,
      faults,
      log,
      rawHandlers: [controlHandler(emulator), pageHandler(engine)],
      afterWrite: () => persister?.schedule(),
    },
    options.port ?? 0,
  );
  engine.baseUrl = `http://127.0.0.1:${serverPort(server)}`;
  const restored = options.persist ? loadState(options.persist) : undefined;
  if (restored) engine.state = restored;
  else if (seed) applySeed(engine, seed);
  searchIndex.clear();
  return emulator;
}
