import { errorCodes, maxRequestBodyBytes } from '@plankit/core';
import { describe, expect, test } from 'vitest';
import { call, makeBilling, stripeCalls, useEmulator } from './harness';

const env = useEmulator();
const checkout = { plan: 'starter', interval: 'month' };

function expectError(
  reply: { status: number; json: { error: { code: string } } },
  code: keyof typeof errorCodes,
) {
  expect(reply.json?.error?.code).toBe(code);
  expect(reply.status).toBe(errorCodes[code].status);
}

describe('forged and malformed requests never reach Stripe', () => {
  test('mutations need an allowed Origin', async () => {
    const billing = makeBilling(env.emulator);
    expectError(await call(billing, '/checkout', checkout, { origin: null }), 'forbidden_origin');
    expectError(
      await call(billing, '/checkout', checkout, { origin: 'https://evil.example' }),
      'forbidden_origin',
    );
    expectError(await call(billing, '/checkout', checkout, { origin: 'null' }), 'forbidden_origin');
    expectError(
      await call(billing, '/checkout', checkout, { origin: 'https://app.example.com.evil.example' }),
      'forbidden_origin',
    );
    expectError(
      await call(billing, '/checkout', checkout, { headers: { 'sec-fetch-site': 'none' } }),
      'forbidden_origin',
    );
    expectError(
      await call(billing, '/checkout', checkout, { headers: { 'sec-fetch-mode': 'navigate' } }),
      'forbidden_origin',
    );
    expectError(
      await call(billing, '/subscription', undefined, { origin: 'https://evil.example' }),
      'forbidden_origin',
    );
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('reads opened by navigation (a typed URL, a link) are answered: the Sec-Fetch rule is for mutations', async () => {
    const billing = makeBilling(env.emulator);
    const opened = await call(billing, '/plans', undefined, {
      origin: null,
      headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' },
    });
    expect(opened.status).toBe(200);
    expect(opened.json.plans.length).toBeGreaterThan(0);
  });

  test('mutations are JSON only: text/plain and form bodies are 415', async () => {
    const billing = makeBilling(env.emulator);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const reply = await call(billing, '/checkout', undefined, {
        rawBody: type.startsWith('text') ? JSON.stringify(checkout) : 'plan=starter&interval=month',
        headers: { 'content-type': type },
      });
      expectError(reply, 'unsupported_media_type');
    }
    const missing = await call(billing, '/checkout', undefined, { rawBody: JSON.stringify(checkout) });
    expectError(missing, 'unsupported_media_type');
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('GET on a mutation is 405, unknown paths 404, no CORS wildcard', async () => {
    const billing = makeBilling(env.emulator);
    const get = await call(billing, '/checkout');
    expectError(get, 'method_not_allowed');
    expect(get.headers.get('allow')).toBe('POST');
    expectError(await call(billing, '/plans', {}), 'method_not_allowed');
    expectError(await call(billing, '/nope'), 'not_found');
    expectError(await call(billing, '/checkout/extra', checkout), 'not_found');
    const reply = await call(billing, '/checkout', checkout, { origin: 'https://evil.example' });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call(billing, '/checkout', undefined, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('a path of many slashes is answered in linear time (trailing-slash trim was quadratic)', async () => {
    const billing = makeBilling(env.emulator);
    const started = performance.now();
    expectError(await call(billing, `${'/'.repeat(100_000)}x`), 'not_found');
    expect(performance.now() - started).toBeLessThan(500);
    expect((await call(billing, '/plans//')).status).toBe(200);
  });

  test('oversized bodies are 413, whatever Content-Length says', async () => {
    const billing = makeBilling(env.emulator);
    const big = JSON.stringify({ ...checkout, returnTo: `/${'a'.repeat(maxRequestBodyBytes)}` });
    expectError(
      await call(billing, '/checkout', undefined, {
        rawBody: big,
        headers: { 'content-type': 'application/json' },
      }),
      'payload_too_large',
    );
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i += 1) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
        controller.close();
      },
    });
    const response = await billing.handler(
      new Request('http://localhost/api/billing/checkout', {
        method: 'POST',
        headers: {
          origin: 'https://app.example.com',
          'content-type': 'application/json',
          'x-test-user': 'u',
        },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
  });

  test('unknown keys, price ids, bad JSON and out-of-range values are 400 invalid_request with details', async () => {
    const billing = makeBilling(env.emulator);
    const bodies: unknown[] = [
      { ...checkout, customerId: 'cus_123' },
      { ...checkout, email: 'x@example.com' },
      { ...checkout, priceId: 'price_123' },
      { plan: 'Price_123', interval: 'month' },
      { ...checkout, quantity: 0 },
      { ...checkout, quantity: 1.5 },
      { ...checkout, quantity: 1e9 },
      { ...checkout, interval: 'week' },
      { ...checkout, returnTo: 'x'.repeat(5000) },
      { ...checkout, addOns: Array.from({ length: 20 }, (_, i) => `a${i}`) },
      [],
      'checkout',
      null,
    ];
    for (const body of bodies) {
      const reply = await call(billing, '/checkout', body);
      expectError(reply, 'invalid_request');
      expect(reply.json.error.details.issues.length).toBeGreaterThan(0);
    }
    const badJson = await call(billing, '/checkout', undefined, {
      rawBody: '{"plan":',
      headers: { 'content-type': 'application/json' },
    });
    expectError(badJson, 'invalid_request');
    const cancel = await call(billing, '/cancel', { subscription: 'sub_1', reason: 'because' });
    expectError(cancel, 'invalid_request');
    expect(stripeCalls(env.emulator)).toEqual([]);
    // A price id in place of a plan key is just an unknown plan: it never reaches Stripe as a price.
    expectError(
      await call(billing, '/checkout', { plan: 'price_123abc', interval: 'month' }),
      'unknown_plan',
    );
    expect(stripeCalls(env.emulator).every((line) => line === 'GET /v1/prices')).toBe(true);
  });

  test('no identity is 401, checked after the body', async () => {
    const billing = makeBilling(env.emulator);
    expectError(await call(billing, '/checkout', checkout, { user: null }), 'unauthenticated');
    expectError(await call(billing, '/subscription', undefined, { user: null }), 'unauthenticated');
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('a throwing identify() is a 500 internal_error that reveals nothing', async () => {
    const billing = makeBilling(env.emulator, {
      identify: () => {
        throw new Error('db password is hunter2');
      },
    });
    const reply = await call(billing, '/subscription');
    expectError(reply, 'internal_error');
    expect(JSON.stringify(reply.json)).not.toContain('hunter2');
    expect(billing.log.some((line) => line.startsWith('error'))).toBe(true);
  });

  test('redirect targets outside the allowed origins are refused before Stripe', async () => {
    const billing = makeBilling(env.emulator);
    for (const returnTo of [
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      'https://app.example.com@evil.example/',
      'https://evil.example/x',
    ]) {
      expectError(await call(billing, '/checkout', { ...checkout, returnTo }), 'redirect_not_allowed');
      expectError(await call(billing, '/portal', { flow: 'homepage', returnTo }), 'redirect_not_allowed');
      expectError(
        await call(billing, '/portal', {
          flow: 'payment_method_update',
          afterCompletion: { type: 'redirect', returnTo },
        }),
        'redirect_not_allowed',
      );
    }
    expect(stripeCalls(env.emulator)).toEqual([]);
  });
});
