import { createHmac, timingSafeEqual } from 'node:crypto';

/** The example's stand-in for a real auth library: a signed cookie holding a verified email. */
export const sessionCookie = 'example_session';

export interface User {
  userId: string;
  email: string;
}

function sign(payload: string): string {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set (scripts/dev.mjs sets one).');
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** The cookie value that signs `email` in. */
export function sessionValue(email: string): string {
  const payload = Buffer.from(email.trim().toLowerCase()).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** The signed-in user from a `Cookie` header, or null when there is none or it was tampered with. */
export function userFromCookieHeader(header: string | null): User | null {
  const value = header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${sessionCookie}=`))
    ?.slice(sessionCookie.length + 1);
  const [payload, signature] = value?.split('.') ?? [];
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const email = Buffer.from(payload, 'base64url').toString('utf8');
  const userId = `user_${createHmac('sha256', 'next-example').update(email).digest('hex').slice(0, 16)}`;
  return { userId, email };
}
