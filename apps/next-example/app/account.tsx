import { headers } from 'next/headers';
import { userFromCookieHeader } from '../lib/session';
import { signIn, signOut } from './actions';

/** Who is signed in, with a sign-in or sign-out form (server actions). */
export async function Account() {
  const user = userFromCookieHeader((await headers()).get('cookie'));
  return user ? (
    <form action={signOut}>
      Signed in as <strong>{user.email}</strong> <button type="submit">Sign out</button>
    </form>
  ) : (
    <form action={signIn}>
      <label>
        Email <input name="email" type="email" required autoComplete="email" />
      </label>{' '}
      <button type="submit">Sign in</button>
    </form>
  );
}
