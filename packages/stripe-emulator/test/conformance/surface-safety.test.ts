import { request } from 'node:http';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { decodeForm } from '../../src/wire/form.js';
import { catalog, useEmulator } from '../helpers.js';
import { isLive } from './target.js';

const auth = {
  Authorization: 'Bearer sk_test_emulator',
  'Content-Type': 'application/x-www-form-urlencoded',
};

/** A raw request, so tests can set headers fetch will not (Host). */
function raw(url: string, options: { method: string; headers: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

// The emulator's own behaviour (its surface, its local delivery): nothing to compare on Stripe.
describe.skipIf(isLive)("the emulator's own surface is safe", () => {
  const ctx = useEmulator({ seed: catalog });

  /** Queues a rate-limit fault with this `match` through the control API, as a test in another process would. */
  const faults = (match: unknown) =>
    raw(`${ctx.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fault: 'rate_limit', match }),
    });

  it('refuses __proto__, constructor and prototype in form keys; decoded objects have no prototype', async () => {
    const { emulator, stripe } = ctx;
    for (const body of [
      '__proto__[polluted]=1',
      'metadata[__proto__][polluted]=1',
      'constructor[prototype][polluted]=1',
    ]) {
      const res = await fetch(`${emulator.url}/v1/customers`, { method: 'POST', headers: auth, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const viaSdk = await stripe.customers.create({ metadata: { prototype: 'x' } }).catch((e: unknown) => e);
    expect(viaSdk).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const decoded = decodeForm('metadata[a]=1&items[0][price]=p');
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(Object.getPrototypeOf(decoded.metadata)).toBeNull();
    expect(() => decodeForm('a=%E0%A4%A')).toThrow(/malformed/);
  });

  it('authenticates before reading the body, and limits the body size', async () => {
    const { emulator } = ctx;
    emulator.clearRequestLog();
    const anonymous = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '__proto__[x]=1&email=%ZZ',
    });
    expect(anonymous.status).toBe(401);
    expect(emulator.requestLog()[0]?.params).toEqual({});
    const huge = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: auth,
      body: `description=${'x'.repeat(2 * 1024 * 1024)}`,
    }).catch((e: unknown) => e);
    // Either Stripe-style 413 or the socket closed mid-upload: never a 200.
    if (huge instanceof Response) expect(huge.status).toBe(413);
    expect((await ctx.stripe.customers.list({ limit: 100 })).data.some((c) => c.description)).toBe(false);
  });

  it('serves the control API only to same-origin JSON requests on a loopback Host', async () => {
    const { emulator } = ctx;
    const url = `${emulator.url}/_emulator/clock/advance`;
    const json = { 'Content-Type': 'application/json' };
    const body = JSON.stringify({ seconds: 1 });
    const refused: Array<Record<string, string>> = [
      { ...json, Origin: 'http://evil.test' },
      { ...json, 'Sec-Fetch-Site': 'cross-site' },
      { 'Content-Type': 'text/plain' },
      {},
      { ...json, Host: 'evil.test' },
    ];
    for (const headers of refused) {
      expect((await raw(url, { method: 'POST', headers, body })).status, JSON.stringify(headers)).toBe(403);
    }
    const own = await raw(url, { method: 'POST', headers: { ...json, Origin: emulator.url }, body });
    expect(own.status).toBe(200);
    const polluting = await raw(`${emulator.url}/_emulator/seed`, {
      method: 'POST',
      headers: json,
      body: '{"__proto__":{"polluted":true}}',
    });
    expect(polluting.status).toBe(400);
  });

  it('never builds a regular expression from a control request', async () => {
    const { emulator, stripe } = ctx;
    expect((await faults({ path: '/.*/' })).status).toBe(200);
    // Read as a literal prefix, "/.*/" matches no request.
    await expect(stripe.products.list()).resolves.toBeTruthy();
    expect((await faults({ path: { source: '.*' } })).status).toBe(400);
    emulator.clearFaults();
  });

  it('refuses a fault whose query match could never match (values that are not strings)', async () => {
    const { stripe } = ctx;
    expect((await faults({ path: '/v1/products', query: { limit: 3 } })).status).toBe(400);
    expect((await faults({ path: '/v1/products', query: 'limit=3' })).status).toBe(400);
    expect((await faults({ path: '/v1/products', query: { limit: '3' } })).status).toBe(200);
    await expect(stripe.products.list({ limit: 2 })).resolves.toBeTruthy();
    await expect(stripe.products.list({ limit: 3 })).rejects.toThrow();
  });

  it('never renders or redirects to a javascript: URL, even from stored state', async () => {
    const { emulator, stripe } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'js@example.com',
      line_items: [{ price: 'price_basic_month', quantity: 1 }],
      success_url: 'https://app.test/done',
      cancel_url: 'https://app.test/back',
    });
    // As a hand-edited persisted state file could hold it.
    const stored = emulator.state.checkoutSessions[session.id] as Stripe.Checkout.Session;
    stored.cancel_url = 'javascript:alert(document.cookie)';
    const html = await (await fetch(session.url ?? '')).text();
    expect(html).toContain('id="cancel-link"');
    expect(html.toLowerCase()).not.toContain('javascript:');
  });
});
