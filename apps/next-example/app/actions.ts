'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionCookie, sessionValue } from '../lib/session';

/** Signs in with an email (the example trusts it; a real app verifies it first). */
export async function signIn(form: FormData): Promise<void> {
  const email = String(form.get('email') ?? '');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) redirect('/');
  (await cookies()).set(sessionCookie, sessionValue(email), {
    httpOnly: true,
    sameSite: 'lax',
    secure: process.env.APP_ORIGIN?.startsWith('https:') ?? false,
    path: '/',
  });
  redirect('/');
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(sessionCookie);
  redirect('/');
}
