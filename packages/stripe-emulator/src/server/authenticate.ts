import type { IncomingMessage } from 'node:http';
import { StripeApiError } from '../wire/stripe-error.js';

const KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function authenticate(req: IncomingMessage): void {
  const auth = header(req, 'authorization');
  let key: string | undefined;
  if (auth?.startsWith('Bearer ')) key = auth.slice(7).trim();
  else if (auth?.startsWith('Basic '))
    key = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
  if (!key) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!KEY.test(key)) {
    const masked =
      key.length > 8
        ? `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`
        : '****';
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked}`);
  }
}
