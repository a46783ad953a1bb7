import { describe, expect, it } from 'vitest';
import { createPlankitClient, retryAfterMs } from './client';
import { isPlankitError, PlankitError } from './plankit-error';

function recordingFetch(response: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  };
  return { fetch, calls };
}

describe('createPlankitClient', () => {
  it('posts JSON with same-origin credentials below the basePath', async () => {
    const { fetch, calls } = recordingFetch(() => Response.json({ type: 'portal', url: 'https://x.test/p' }));
    const client = createPlankitClient({ basePath: '/billing/', fetch });
    const answer = await client.portal({ flow: 'homepage' });
    expect(answer).toEqual({ type: 'portal', url: 'https://x.test/p' });
    expect(calls[0]?.url).toBe('/billing/portal');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: '{"flow":"homepage"}',
    });
  });

  it('gets without a body and defaults to /api/billing', async () => {
    const { fetch, calls } = recordingFetch(() => Response.json({ subscriptions: [] }));
    await createPlankitClient({ fetch }).subscription();
    expect(calls[0]?.url).toBe('/api/billing/subscription');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('turns error bodies into PlankitError with code, status, message and details', async () => {
    const { fetch } = recordingFetch(() =>
      Response.json(
        { error: { code: 'quantity_out_of_range', message: 'Seats 2 to 50.', details: { min: 2 } } },
        { status: 400 },
      ),
    );
    const error = await createPlankitClient({ fetch })
      .checkout({ plan: 'team', interval: 'month', quantity: 99 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlankitError);
    expect(error).toMatchObject({ code: 'quantity_out_of_range', status: 400, message: 'Seats 2 to 50.' });
    expect((error as PlankitError).details).toEqual({ min: 2 });
    expect(isPlankitError(error, 'quantity_out_of_range')).toBe(true);
    expect(isPlankitError(error, 'internal_error')).toBe(false);
  });

  it.each([
    [502, '<html>Bad gateway</html>', 'internal_error'],
    [503, '', 'stripe_unavailable'],
    // The app's own auth layer or a proxy answers before Plankit's server: the status still says what happened.
    [401, '{"message":"session expired"}', 'unauthenticated'],
    [429, '<html>Too Many Requests</html>', 'rate_limited'],
    [500, '{"error":{"code":"made_up"}}', 'internal_error'],
    [200, 'not json', 'internal_error'],
  ])('maps status %i with an unknown body to %s', async (status, body, code) => {
    const { fetch } = recordingFetch(() => new Response(body, { status }));
    await expect(createPlankitClient({ fetch }).plans()).rejects.toMatchObject({ code, status });
  });

  it('maps a network failure to stripe_unavailable with status 0', async () => {
    const client = createPlankitClient({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(client.plans()).rejects.toMatchObject({ code: 'stripe_unavailable', status: 0 });
  });

  it('syncs with a POST of an empty JSON object (the server checks the Origin and media type of every mutation)', async () => {
    const { fetch, calls } = recordingFetch(() => Response.json({ subscriptions: [] }));
    await expect(createPlankitClient({ fetch }).sync()).resolves.toEqual({ subscriptions: [] });
    expect(calls[0]?.url).toBe('/api/billing/sync');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
  });

  it('keeps the server’s Retry-After on the error, in ms', async () => {
    const { fetch } = recordingFetch(() =>
      Response.json(
        { error: { code: 'rate_limited', message: 'Slow down.' } },
        { status: 429, headers: { 'retry-after': '3' } },
      ),
    );
    await expect(createPlankitClient({ fetch }).sync()).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
    });
    const bare = recordingFetch(() => new Response('', { status: 503 }));
    await expect(createPlankitClient({ fetch: bare.fetch }).sync()).rejects.toMatchObject({
      code: 'stripe_unavailable',
      retryAfterMs: undefined,
    });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs('Fri, 01 May 2026 12:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Fri, 01 May 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
