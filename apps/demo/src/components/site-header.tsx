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

/**
 * Shows the current theme ("☀ Light" / "☾ Dark"); its name is that visible word (WCAG 2.5.3, label in name: a
 * voice user says what they see) and its description says what it does ("Switch to dark theme").
 */
function ThemeSwitcher() {
  const { m, theme, setTheme } = usePreferences();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className="button-quiet"
      title={dark ? m.themeToLight : m.themeToDark}
      data-theme-toggle={theme}
      onClick={() => setTheme(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span> {dark ? m.themeDark : m.themeLight}
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
