import { type ErrorCode, errorCodes, maxRequestBodyBytes } from '@plankit/core';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type CallResult, call, makeBilling } from '../src/billing';
import { appOrigin, seed } from '../src/fixtures';
import { serveBilling } from '../src/http-server';
import { rawRequest } from '../src/raw-http';
import { stripeCalls } from '../src/stripe-state';

/*
 * Requests a browser on another site, a curl script or a confused proxy could send: wrong or missing Origin,
 * bodies a form can send without a CORS preflight, wrong methods, oversized and mis-framed bodies. Each must be
 * refused with its own code, and none may reach Stripe.
 */

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
beforeEach(() => emulator.clearRequestLog());
afterAll(async () => {
  await emulator?.close();
});

/** A valid body for every mutation, so only the forgery can be the reason for a refusal. */
const mutations: Array<[string, unknown]> = [
  ['/checkout', { plan: 'starter', interval: 'month' }],
  ['/portal', { flow: 'homepage' }],
  ['/preview-change', { subscription: 'sub_123', plan: 'pro', interval: 'month' }],
  ['/change-plan', { subscription: 'sub_123', plan: 'pro', interval: 'month' }],
  ['/cancel', { subscription: 'sub_123', reason: 'other' }],
  ['/retention/accept', { subscription: 'sub_123' }],
  ['/resume', { subscription: 'sub_123' }],
];

const tally: Record<string, number> = {};
function expectCode(reply: CallResult, code: ErrorCode, what: string) {
  expect(reply.json?.error?.code, `${what}: ${reply.status} ${reply.text}`).toBe(code);
  expect(reply.status, what).toBe(errorCodes[code].status);
  expect(reply.headers.get('access-control-allow-origin'), what).not.toBe('*');
  tally[code] = (tally[code] ?? 0) + 1;
}

const foreignOrigins = [
  'https://evil.example',
  'null',
  'https://app.example.com.evil.example',
  'https://app.example.com/',
  'http://app.example.com',
  'https://app.example.com:8443',
  'https://APP.EXAMPLE.COM',
  'https://sub.app.example.com',
  'https://app.example.co',
  '',
  'https://app.example.com, https://evil.example',
];

const nonJsonTypes = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'text/json',
  'application/jsonx',
  'application/json-patch+json',
  'application/json; charset=utf-16',
  'application/javascript',
  '*/*',
];

describe('forged requests against every mutation (in process)', () => {
  test('missing, foreign and "null" Origin -> 403 forbidden_origin', async () => {
    const billing = makeBilling(emulator);
    for (const [path, body] of mutations) {
      expectCode(
        await call(billing, path, body, { origin: null }),
        'forbidden_origin',
        `${path} without Origin`,
      );
      for (const origin of foreignOrigins) {
        expectCode(
          await call(billing, path, body, { origin }),
          'forbidden_origin',
          `${path} Origin ${origin}`,
        );
      }
      // A typed URL or a form navigation, as Fetch Metadata tells it, even with the app's Origin.
      for (const headers of <Array<Record<string, string>>>[
        { 'sec-fetch-site': 'none' },
        { 'sec-fetch-mode': 'navigate' },
        { 'sec-fetch-site': 'bogus' },
      ]) {
        expectCode(
          await call(billing, path, body, { headers }),
          'forbidden_origin',
          `${path} ${JSON.stringify(headers)}`,
        );
      }
    }
    // Reads may omit Origin (same-origin GET) but never carry a foreign one.
    for (const path of ['/plans', '/subscription']) {
      for (const origin of foreignOrigins.filter(Boolean)) {
        expectCode(
          await call(billing, path, undefined, { origin }),
          'forbidden_origin',
          `GET ${path} Origin ${origin}`,
        );
      }
    }
    expect(stripeCalls(emulator)).toEqual([]);
  });

  test('bodies a cross-site form can send, and other non-JSON types -> 415', async () => {
    const billing = makeBilling(emulator);
    for (const [path, body] of mutations) {
      for (const type of nonJsonTypes) {
        const reply = await call(billing, path, undefined, {
          rawBody: type.includes('form-urlencoded') ? 'plan=starter&interval=month' : JSON.stringify(body),
          headers: { 'content-type': type },
        });
        expectCode(reply, 'unsupported_media_type', `${path} as ${type}`);
      }
      const untyped = await call(billing, path, undefined, { rawBody: JSON.stringify(body) });
      expectCode(untyped, 'unsupported_media_type', `${path} without Content-Type`);
    }
    expect(stripeCalls(emulator)).toEqual([]);
  });

  test('GET, PUT, PATCH and DELETE on mutations -> 405 with Allow: POST; POST on reads -> 405', async () => {
    const billing = makeBilling(emulator);
    for (const [path, body] of mutations) {
      for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']) {
        const withBody = method !== 'GET' && method !== 'HEAD';
        const reply = await call(billing, path, withBody ? body : undefined, { method });
        expect(reply.status, `${method} ${path}`).toBe(405);
        if (method !== 'HEAD') expectCode(reply, 'method_not_allowed', `${method} ${path}`);
        expect(reply.headers.get('allow')).toBe('POST');
      }
    }
    for (const path of ['/plans', '/subscription']) {
      expectCode(await call(billing, path, {}), 'method_not_allowed', `POST ${path}`);
    }
    expectCode(await call(billing, '/webhook'), 'method_not_allowed', 'GET /webhook');
    expect(stripeCalls(emulator)).toEqual([]);
  });

  test('oversized bodies -> 413, whether the length is declared, understated or never given', async () => {
    const billing = makeBilling(emulator);
    const big = JSON.stringify({
      plan: 'starter',
      interval: 'month',
      returnTo: `/${'a'.repeat(maxRequestBodyBytes)}`,
    });
    const chunked = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 64; i += 1) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
          controller.close();
        },
      });
    for (const [path] of mutations) {
      const json = { 'content-type': 'application/json' };
      expectCode(
        await call(billing, path, undefined, { rawBody: big, headers: json }),
        'payload_too_large',
        `${path} big`,
      );
      expectCode(
        await call(billing, path, undefined, {
          rawBody: '{}',
          headers: { ...json, 'content-length': '99999999' },
        }),
        'payload_too_large',
        `${path} declared huge`,
      );
      expectCode(
        await call(billing, path, undefined, { rawBody: big, headers: { ...json, 'content-length': '20' } }),
        'payload_too_large',
        `${path} understated length`,
      );
      expectCode(
        await call(billing, path, undefined, { rawBody: chunked(), headers: json }),
        'payload_too_large',
        `${path} stream`,
      );
    }
    expect(stripeCalls(emulator)).toEqual([]);
  });

  test('a well-formed request without a signed-in user -> 401, and nothing reaches Stripe', async () => {
    const billing = makeBilling(emulator);
    for (const [path, body] of mutations) {
      expectCode(await call(billing, path, body, { user: null }), 'unauthenticated', `${path} anonymous`);
    }
    expectCode(
      await call(billing, '/subscription', undefined, { user: null }),
      'unauthenticated',
      'GET /subscription',
    );
    expect(stripeCalls(emulator)).toEqual([]);
    console.log(`forged requests (in process): refusals ${JSON.stringify(tally)}; Stripe calls: 0`);
  });
});

describe('mis-framed bodies over real HTTP (node adapter, raw sockets)', () => {
  const head = (path: string, extra: string) =>
    `POST /api/billing${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${appOrigin}\r\nContent-Type: application/json\r\nx-test-user: raw\r\n${extra}\r\n`;

  test('declared, lying and chunked lengths are refused with the right codes; the server stays up', async () => {
    const billing = makeBilling(emulator);
    const server = await serveBilling(billing);
    try {
      const small = JSON.stringify({ plan: 'starter', interval: 'month' });
      const huge = `{"plan":"${'x'.repeat(64 * 1024)}"}`;
      const codes: Record<string, number> = {};
      const record = (name: string, status: number) => {
        codes[name] = status;
      };

      // Content-Length far above the limit: refused before a byte of the body is read.
      const declared = await rawRequest(server.port, [
        head('/checkout', 'Content-Length: 50000000\r\n'),
        small,
      ]);
      record('declared 50 MB', declared.status);
      expect(declared.status).toBe(413);

      // Content-Length understating the body: the server reads what was declared (not JSON) and answers 400;
      // the rest of the bytes are not a request and node's parser refuses them without reaching the handler.
      const understated = await rawRequest(server.port, [head('/checkout', 'Content-Length: 20\r\n'), huge]);
      record('understated', understated.status);
      // Which 400 arrives first (the handler's invalid_request or node's Bad Request for the leftover bytes) is a
      // matter of timing; either way it is a 400 and never a 5xx.
      expect(understated.status).toBe(400);
      expect(understated.text).toMatch(/invalid_request|Bad Request/);
      expect(understated.text).not.toMatch(/HTTP\/1\.1 5\d\d/);

      // Chunked, no length at all, 64 KB: cut off at the limit.
      const chunks = Array.from({ length: 64 }, () => `400\r\n${' '.repeat(1024)}\r\n`);
      const chunked = await rawRequest(server.port, [
        head('/checkout', 'Transfer-Encoding: chunked\r\n'),
        ...chunks,
        '0\r\n\r\n',
      ]);
      record('chunked 64 KB', chunked.status);
      expect(chunked.status).toBe(413);

      // Both framings at once (request smuggling): node refuses it before the handler.
      const both = await rawRequest(server.port, [
        head('/checkout', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n'),
        `${small.length.toString(16)}\r\n${small}\r\n0\r\n\r\n`,
      ]);
      record('CL + TE', both.status);
      expect(both.status).toBe(400);

      expect(stripeCalls(emulator), 'no mis-framed request reached Stripe').toEqual([]);

      // A small chunked body is fine (the control): the same socket framing does reach the route.
      const control = await rawRequest(server.port, [
        head('/checkout', 'Transfer-Encoding: chunked\r\nConnection: close\r\n'),
        `${small.length.toString(16)}\r\n${small}\r\n0\r\n\r\n`,
      ]);
      record('chunked control', control.status);
      expect(control.status).toBe(200);

      const after = await fetch(`${server.url}/api/billing/plans`);
      expect(after.status).toBe(200);
      console.log(`mis-framed bodies over HTTP: ${JSON.stringify(codes)}`);
    } finally {
      await server.close();
    }
  });
});
