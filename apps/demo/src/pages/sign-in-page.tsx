import { type FormEvent, useId, useState } from 'react';
import { PageHeading } from '../components/page-heading';
import { useSignIn } from '../demo-api';
import { usePreferences } from '../preferences';
import { navigate, useLocation } from '../router';

/** Two ready-made users, so a visitor can see that each has their own subscription. */
export const demoUsers = ['ada@acme.test', 'grace@acme.test'] as const;

/**
 * Demo stand-in for sign-in: no password, the email is typed, never verified; the server sets a signed, httpOnly
 * cookie for it. Do not copy this into an app: Plankit's `identify()` needs a verified email, unique to the user.
 */
export function SignInPage() {
  const { m, f } = usePreferences();
  const location = useLocation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const emailId = useId();
  const errorId = useId();
  const next = location.searchParams.get('next');
  const afterSignIn = next?.startsWith('/') && !next.startsWith('//') ? next : '/pricing';
  const go = (address: string) => signIn.mutate(address, { onSuccess: () => navigate(afterSignIn) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    const valid = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(address);
    setInvalid(!valid);
    if (valid) go(address);
  };
  return (
    <section className="page narrow" aria-labelledby="sign-in-heading">
      <PageHeading id="sign-in-heading">{m.signInTitle}</PageHeading>
      <p>{m.signInIntro}</p>
      {/* A stand-in, said so on screen: this sign-in verifies nothing, which a real app's must (Plankit's identify()). */}
      <p className="demo-notice" role="note" data-demo-stand-in="sign-in">
        <strong>{m.demoSignInBadge}</strong> {m.demoSignInNotice}
      </p>
      <h2>{m.demoUsers}</h2>
      <ul className="user-list">
        {demoUsers.map((address) => (
          <li key={address}>
            <button type="button" className="button-secondary" onClick={() => go(address)}>
              {f(m.signInAs, { email: address })}
            </button>
          </li>
        ))}
      </ul>
      <form className="sign-in-form" onSubmit={submit} noValidate>
        <label htmlFor={emailId}>{m.email}</label>
        <input
          id={emailId}
          name="email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid || signIn.isError ? errorId : undefined}
        />
        <button type="submit" className="button-primary" aria-disabled={signIn.isPending || undefined}>
          {m.signIn}
        </button>
        {invalid || signIn.isError ? (
          <p id={errorId} role="alert" className="error-text">
            {m.invalidEmail}
          </p>
        ) : null}
      </form>
    </section>
  );
}
