/**
 * A tiny app server, run as its own process by the tests: createPlankit on the node adapter, pointed at the emulator
 * named by the environment. It prints `{"port":N}` on stdout once listening.
 *
 * Environment: STRIPE_SECRET_KEY (checked like production does), EMULATOR_PORT, optional WEBHOOK_SECRET.
 * `GET /__memory` answers the heap after a forced gc (run node with --expose-gc), for the load test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { definePlans } from '@plankit/core';
import { createPlankit, createStripeClient } from '@plankit/server';
import { toNodeHandler } from '@plankit/server/node';
import { planConfig } from '@plankit/test-utils';

const emulatorPort = Number(process.env.EMULATOR_PORT);
const stripe = createStripeClient({
  secretKey: process.env.STRIPE_SECRET_KEY,
  host: '127.0.0.1',
  port: emulatorPort,
  protocol: 'http',
  timeout: 10_000,
});

const billing = createPlankit({
  stripe,
  identify: (request) => {
    const userId = request.headers.get('x-test-user');
    return userId ? { userId, email: `${userId}@example.com` } : null;
  },
  plans: definePlans(planConfig),
  allowedOrigins: ['https://app.example.com'],
  logger: { warn: () => undefined, error: (message: string) => void process.stderr.write(`${message}\n`) },
  ...(process.env.WEBHOOK_SECRET ? { webhook: { secret: process.env.WEBHOOK_SECRET } } : {}),
});

const handle = toNodeHandler(billing);
const server = createServer((req, res) => {
  if (req.url === '/__memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ heapUsed: usage.heapUsed, rss: usage.rss, gc: Boolean(gc) }));
    return;
  }
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`adapter failure: ${String(error)}\n`);
    res.statusCode = 500;
    res.end();
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
