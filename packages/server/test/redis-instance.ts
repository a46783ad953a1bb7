/**
 * One Plankit server instance in its own process, for the multi-instance tests (redis-instances.test.ts):
 * createPlankit over node:http with the Redis (or Postgres) store, Stripe = the emulator. It reports over IPC when it
 * listens, every webhook callback it runs, and its log lines; it exits on `{ type: 'shutdown' }`.
 *
 * Env: EMULATOR_PORT, REDIS_URL or PLANKIT_POSTGRES_URL (instance-store.ts), WEBHOOK_SECRET, INSTANCE (a name for
 * the reports).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { definePlans } from '@plankit/core';
// Imported by the package's own name, as an app does: this also exercises the `./redis` and `./postgres` exports.
import { createPlankit } from '@plankit/server';
import { toNodeHandler } from '@plankit/server/node';
import { planConfig } from '@plankit/test-utils';
import Stripe from 'stripe';
import { storeFromEnv } from './instance-store';

export type InstanceReport =
  | { type: 'ready'; instance: string; port: number }
  | { type: 'callback'; instance: string; name: string; eventId: string }
  | { type: 'log'; instance: string; level: 'warn' | 'error'; message: string };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`redis-instance: ${name} is required`);
  return value;
}

const instance = required('INSTANCE');
const report = (message: InstanceReport) => process.send?.(message);

const shared = await storeFromEnv();

const stripe = new Stripe('sk_test_emulator', {
  host: '127.0.0.1',
  port: Number(required('EMULATOR_PORT')),
  protocol: 'http',
  maxNetworkRetries: 2,
  timeout: 10_000,
});

function recorded(name: string) {
  return (_value: unknown, context: { event: Stripe.Event }) => {
    report({ type: 'callback', instance, name, eventId: context.event.id });
  };
}

const billing = createPlankit({
  stripe,
  identify: async (request) => {
    const userId = request.headers.get('x-test-user');
    return userId ? { userId, email: `${userId}@example.com` } : null;
  },
  plans: definePlans(planConfig),
  allowedOrigins: ['https://app.example.com'],
  store: shared.store,
  logger: {
    warn: (message: string) => report({ type: 'log', instance, level: 'warn', message }),
    error: (message: string) => report({ type: 'log', instance, level: 'error', message }),
  },
  webhook: {
    secret: required('WEBHOOK_SECRET'),
    on: {
      subscriptionCreated: recorded('subscriptionCreated'),
      checkoutCompleted: recorded('checkoutCompleted'),
      event: recorded('event'),
    },
  },
});

const server = createServer(toNodeHandler(billing));
server.listen(0, '127.0.0.1', () => {
  report({ type: 'ready', instance, port: (server.address() as AddressInfo).port });
});

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'shutdown') return;
  server.closeAllConnections();
  server.close(() => {
    shared.close();
    process.disconnect();
  });
});
// The test process went away without saying so: do not linger.
process.on('disconnect', () => process.exit(0));
