import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, test } from 'vitest';
import { toExpressHandler } from '../src/adapters/express';
import { toNextHandlers } from '../src/adapters/next';
import { toNodeHandler, toWebRequest, writeWebResponse } from '../src/adapters/node';
import { appOrigin, makeBilling, useEmulator } from './harness';

const env = useEmulator();
const secret = 'whsec_adapter_test';
let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The same checks for every adapter: a read, a JSON mutation, a forged one, and a signed webhook (raw body). */
async function exercise(base: string) {
  const plans = await fetch(`${base}/api/billing/plans`);
  expect(plans.status).toBe(200);
  expect(plans.headers.get('etag')).toBeTruthy();
  expect((await plans.json()).plans).toHaveLength(3);

  const checkout = await fetch(`${base}/api/billing/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: appOrigin, 'x-test-user': 'adapter' },
    body: JSON.stringify({ plan: 'starter', interval: 'month' }),
  });
  expect(checkout.status).toBe(200);
  expect((await checkout.json()).type).toBe('checkout');
  expect(checkout.headers.get('access-control-allow-origin')).toBe(appOrigin);

  const forged = await fetch(`${base}/api/billing/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'x-test-user': 'adapter' },
    body: JSON.stringify({ plan: 'starter', interval: 'month' }),
  });
  expect(forged.status).toBe(403);

  // Whitespace and key order matter for the signature: the adapter must pass the bytes through untouched.
  const payload = `{"id":"evt_adapter","object":"event","type":"customer.created",  "data":{"object":{"object":"customer","id":"cus_x","metadata":{}}}}`;
  const header = env.stripe.webhooks.generateTestHeaderString({ payload, secret });
  const webhook = await fetch(`${base}/api/billing/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    body: payload,
  });
  expect(webhook.status).toBe(200);
  expect(await webhook.json()).toEqual({ received: true });
}

describe('adapters over real HTTP', () => {
  test('node:http', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    await exercise(await listen(toNodeHandler(billing)));
  });

  test('express: mounted before express.json(), other routes untouched', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const app = express();
    app.use(toExpressHandler(billing));
    app.use(express.json());
    app.post('/echo', (req, res) => {
      res.json({ echoed: req.body });
    });
    const base = await listen(app);
    await exercise(base);
    const echo = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await echo.json()).toEqual({ echoed: { a: 1 } });
  });

  test('express: mounted after express.json() fails loudly instead of breaking signatures', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const app = express();
    app.use(express.json());
    app.use(toExpressHandler(billing));
    const errors: unknown[] = [];
    app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      res.status(500).end();
    });
    const base = await listen(app);
    const response = await fetch(`${base}/api/billing/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' },
      body: '{}',
    });
    expect(response.status).toBe(500);
    expect(String(errors[0])).toMatch(/before express\.json/);
  });

  test('next: route handlers are the web handler', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const handlers = toNextHandlers(billing);
    const base = await listen(async (req, res) => {
      const method = (req.method ?? 'GET') as keyof typeof handlers;
      await writeWebResponse(res, await handlers[method](toWebRequest(req)));
    });
    await exercise(base);
  });
});

/** Sends raw bytes and resolves with whatever came back before the server closed (or '' after 3 s of silence). */
function rawRequest(base: string, text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(text));
    const timer = setTimeout(() => socket.destroy(), 3_000);
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe('requests no web Request can carry are refused, not thrown (an unhandled rejection ends the process)', () => {
  const hostile = [
    ['GET //[/api/billing/subscription HTTP/1.1', 400],
    ['POST //[ HTTP/1.1', 400],
    ['TRACE /api/billing/plans HTTP/1.1', 405],
  ] as const;

  async function check(base: string, requests: readonly (readonly [string, number])[]) {
    for (const [line, status] of requests) {
      const answer = await rawRequest(
        base,
        `${line}\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      expect(answer.split('\r\n')[0], line).toBe(
        `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Method Not Allowed'}`,
      );
    }
    expect((await fetch(`${base}/api/billing/plans`)).status).toBe(200);
  }

  test('node:http', async () => {
    await check(await listen(toNodeHandler(makeBilling(env.emulator))), hostile);
  });

  test('express (paths outside basePath never reach it; a TRACE was a 500)', async () => {
    const app = express();
    app.use(toExpressHandler(makeBilling(env.emulator)));
    await check(
      await listen(app),
      hostile.filter(([line]) => line.startsWith('TRACE')),
    );
  });
});

describe('warm GET /plans without web Request/Response objects (node and Express adapters)', () => {
  /** Status, body and the headers a client relies on, for comparing two ways of answering. */
  async function essentials(response: Response) {
    const headers: Record<string, string | null> = {};
    for (const name of [
      'content-type',
      'cache-control',
      'etag',
      'vary',
      'x-content-type-options',
      'access-control-allow-origin',
      'access-control-allow-credentials',
    ]) {
      headers[name] = response.headers.get(name);
    }
    return { status: response.status, headers, body: await response.text() };
  }

  test('answers like the handler (200, 304, CORS, foreign origin) with a length, not chunked, and never builds a Request', async () => {
    const billing = makeBilling(env.emulator);
    let handlerCalls = 0;
    const counted = {
      ...billing,
      handler: (request: Request) => {
        handlerCalls += 1;
        return billing.handler(request);
      },
    };
    const base = await listen(toNodeHandler(counted));
    await fetch(`${base}/api/billing/plans`); // warms the catalog
    const warmCalls = handlerCalls;
    const variants: Record<string, string>[] = [
      {},
      { origin: appOrigin },
      { origin: 'https://evil.example' },
    ];
    const first = await billing.handler(new Request('http://localhost/api/billing/plans'));
    const etag = first.headers.get('etag')!;
    variants.push({ 'if-none-match': etag }, { 'if-none-match': `W/"x", W/${etag}`, origin: appOrigin });
    for (const headers of variants) {
      const direct = await essentials(
        await billing.handler(new Request('http://localhost/api/billing/plans', { headers })),
      );
      const over = await fetch(`${base}/api/billing/plans?ignored=1`, { headers });
      expect(await essentials(over), JSON.stringify(headers)).toEqual(direct);
      if (over.status === 200) {
        expect(over.headers.get('transfer-encoding')).toBeNull();
        expect(Number(over.headers.get('content-length'))).toBe(Buffer.byteLength(direct.body));
      }
    }
    expect(handlerCalls).toBe(warmCalls); // every variant above went the short way
    // HEAD: same head, no body.
    const head = await fetch(`${base}/api/billing/plans`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');
    // Anything else still goes through the handler.
    await fetch(`${base}/api/billing/plans/`);
    await fetch(`${base}/api/billing/subscription`, { headers: { 'x-test-user': 'fast' } });
    expect(handlerCalls).toBe(warmCalls + 2);
  });

  test('answerBodiless takes only GET/HEAD of the exact plans path', async () => {
    const billing = makeBilling(env.emulator);
    const header = () => null;
    expect(await billing.answerBodiless({ method: 'GET', path: '/api/billing/plans', header })).toMatchObject(
      {
        status: 200,
      },
    );
    for (const path of [
      '/api/billing/plans/',
      '/api/billing/subscription',
      '/api/billing//plans',
      '/plans',
    ]) {
      expect(await billing.answerBodiless({ method: 'GET', path, header }), path).toBeNull();
    }
  });

  test('cross-instance invalidation still holds: a shared store generation change is seen at once', async () => {
    const store = (await import('../src/store/memory-store')).createMemoryStore();
    const [reader, writer] = [makeBilling(env.emulator, { store }), makeBilling(env.emulator, { store })];
    const base = await listen(toNodeHandler(reader));
    const before = await fetch(`${base}/api/billing/plans`);
    const product = (await env.stripe.products.list({ limit: 1 })).data[0]!;
    await env.stripe.products.update(product.id, { name: 'Renamed by the test' });
    await writer.invalidateCatalog();
    const after = await fetch(`${base}/api/billing/plans`);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(await after.text()).toContain('Renamed by the test');
  });

  test('express serves the warm catalog the short way too', async () => {
    const billing = makeBilling(env.emulator);
    let handlerCalls = 0;
    const app = express();
    app.use(
      toExpressHandler({
        ...billing,
        handler: (request: Request) => {
          handlerCalls += 1;
          return billing.handler(request);
        },
      }),
    );
    const base = await listen(app);
    const reply = await fetch(`${base}/api/billing/plans`, { headers: { origin: appOrigin } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect((await reply.json()).plans).toHaveLength(3);
    expect(handlerCalls).toBe(0);
  });
});
