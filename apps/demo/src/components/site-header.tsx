import { useId } from 'react';
import { useSession, useSignOut } from '../demo-api';
import { demoLocales, isDemoLocale, localeNames } from '../i18n';
import { usePreferences } from '../preferences';
import { Link, navigate } from '../router';

/** Brand, main navigation, language and theme switchers, and the demo sign-in. */
export function SiteHeader() {
  const { m } = usePreferences();
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span aria-hidden="true" className="brand-mark">
          ◆
        </span>
        {m.appName}
      </Link>
      <nav aria-label={m.mainNavigation} className="site-nav">
        <Link to="/pricing">{m.navPricing}</Link>
        <Link to="/account">{m.navAccount}</Link>
      </nav>
      <div className="toolbar">
        <LocaleSwitcher />
        <ThemeSwitcher />
        <SessionControls />
      </div>
    </header>
  );
}

function LocaleSwitcher() {
  const { m, locale, setLocale } = usePreferences();
  const selectId = useId();
  return (
    <div className="field-inline">
      <label htmlFor={selectId}>{m.language}</label>
      <select
        id={selectId}
        value={locale}
        onChange={(event) => {
          if (isDemoLocale(event.target.value)) setLocale(event.target.value);
        }}
      >
        {demoLocales.map((code) => (
          <option key={code} value={code} lang={code}>
            {localeNames[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A two-state toggle button: its label names the theme, aria-pressed says whether dark is on. */
function ThemeSwitcher() {
  const { m, theme, setTheme } = usePreferences();
  return (
    <button
      type="button"
      className="button-quiet"
      aria-pressed={theme === 'dark'}
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾ ' : '☀ '}</span>
      {m.themeDark}
    </button>
  );
}

function SessionControls() {
  const { m, f } = usePreferences();
  const session = useSession();
  const signOut = useSignOut();
  const user = session.data?.user;
  if (!user) {
    return (
      <Link to="/sign-in" className="button-link">
        {m.signIn}
      </Link>
    );
  }
  return (
    <div className="session">
      <span className="session-email">{f(m.signedInAs, { email: user.email })}</span>
      <span className="demo-badge" data-demo-stand-in="sign-in">
        {m.demoSignInBadge}
      </span>
      <button
        type="button"
        className="button-quiet"
        onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/') })}
      >
        {m.signOut}
      </button>
    </div>
  );
}
