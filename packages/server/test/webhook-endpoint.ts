import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator, WebhookAttempt } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { afterEach } from 'vitest';
import { toNodeHandler } from '../src/adapters/node';
import type { PlankitOptions } from '../src/index';
import type { useEmulator } from './harness';
import { makeBilling } from './harness';

/**
 * A Plankit handler served over real HTTP and registered as the emulator's webhook endpoint (all events), so tests
 * get real, signed deliveries. One server per test, closed after it.
 */
export function useWebhookEndpoint(env: ReturnType<typeof useEmulator>) {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  return async function deliverTo(
    on: NonNullable<PlankitOptions['webhook']>['on'],
    extra: Partial<PlankitOptions> & { cancelDuplicates?: boolean } = {},
  ) {
    const { cancelDuplicates, ...options } = extra;
    let billing: ReturnType<typeof makeBilling> | undefined;
    const listening = createServer((req, res) => void toNodeHandler(billing!)(req, res));
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const port = (listening.address() as AddressInfo).port;
    const endpoint: Stripe.WebhookEndpoint = await env.stripe.webhookEndpoints.create({
      url: `http://127.0.0.1:${port}/api/billing/webhook`,
      enabled_events: ['*'],
    });
    billing = makeBilling(env.emulator, {
      ...options,
      webhook: {
        secret: endpoint.secret!,
        on,
        ...(cancelDuplicates === undefined ? {} : { cancelDuplicates }),
      },
    });
    return billing;
  };
}

/**
 * Deliveries of events that never got a 200. A single non-200 attempt is not a failure: a delivery that outlived
 * the emulator's timeout is retried, and the retry may be told 409 (come back later) while the first still runs.
 */
export function unansweredDeliveries(emulator: Emulator): WebhookAttempt[] {
  const attempts = emulator.webhookAttempts();
  const answered = new Set(
    attempts.filter((attempt) => attempt.status === 200).map((attempt) => attempt.event),
  );
  return attempts.filter((attempt) => !answered.has(attempt.event));
}

/**
 * Flushes the deliveries until every attempted event got a 200 (at most `rounds` flushes) and returns the attempts
 * still unanswered. A connection that broke on a loaded machine (status 0) is retried by the next flush, as Stripe
 * retries it; one flush can leave such a retry unanswered.
 */
export async function settledDeliveries(emulator: Emulator, rounds = 5): Promise<WebhookAttempt[]> {
  await emulator.waitForWebhooks();
  for (let round = 1; round < rounds && unansweredDeliveries(emulator).length > 0; round += 1) {
    await emulator.waitForWebhooks();
  }
  return unansweredDeliveries(emulator);
}
