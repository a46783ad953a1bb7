import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * DEMO STAND-IN, not an authentication scheme: whoever types an email is that user, nothing is verified. It exists
 * so the demo runs without accounts. A real app takes the user from its own verified session (see `identify()` in
 * the server README) and gives Plankit an email it has verified and that belongs to that user alone.
 */

/** The signed-in demo user. A real app would have its own accounts; the demo only needs a stable email. */
export interface DemoUser {
  id: string;
  email: string;
}

export const sessionCookieName = 'acme_session';

const emailPattern = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/** Whether a string looks like an email address (a demo check, not RFC 5322). */
export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && emailPattern.test(value);
}

/** The user id is derived from the email, so the same email is the same user across restarts of the page. */
export function userFromEmail(email: string): DemoUser {
  const normalized = email.trim().toLowerCase();
  const id = `user_${createHmac('sha256', 'acme-notes').update(normalized).digest('hex').slice(0, 16)}`;
  return { id, email: normalized };
}

/**
 * Demo sign-in: the cookie value is `base64url(email).hmac`, signed with a secret made at start-up,
 * so restarting the server signs everybody out and nobody can forge another user's cookie.
 */
export function createDemoAuth(secret: Buffer = randomBytes(32)) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

  return {
    /** The `Set-Cookie` header that signs `email` in. */
    signInCookie(email: string, secure: boolean): string {
      const payload = Buffer.from(userFromEmail(email).email).toString('base64url');
      return serializeCookie(`${payload}.${sign(payload)}`, { maxAge: 60 * 60 * 24 * 7, secure });
    },
    /** The `Set-Cookie` header that signs out. */
    signOutCookie(secure: boolean): string {
      return serializeCookie('', { maxAge: 0, secure });
    },
    /** The user a `Cookie` header belongs to, or null when absent or tampered with. */
    userFromCookieHeader(header: string | null | undefined): DemoUser | null {
      const value = readCookie(header, sessionCookieName);
      if (!value) return null;
      const [payload, signature] = value.split('.');
      if (!payload || !signature) return null;
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const email = Buffer.from(payload, 'base64url').toString('utf8');
      return isEmail(email) ? userFromEmail(email) : null;
    },
  };
}

export type DemoAuth = ReturnType<typeof createDemoAuth>;

function serializeCookie(value: string, options: { maxAge: number; secure: boolean }): string {
  const parts = [
    `${sessionCookieName}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAge}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}
