import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { type DemoLocale, type DemoMessages, demoMessages, fill, isDemoLocale } from './i18n';

export type Theme = 'light' | 'dark';

interface Preferences {
  locale: DemoLocale;
  setLocale(locale: DemoLocale): void;
  theme: Theme;
  setTheme(theme: Theme): void;
  /** The demo's own text in the chosen locale. */
  m: DemoMessages;
  /** Fills placeholders in one of the demo's messages. */
  f(template: string, values: Record<string, string | number>): string;
}

const PreferencesContext = createContext<Preferences | null>(null);

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

function initialLocale(): DemoLocale {
  const saved = stored('acme.locale');
  if (isDemoLocale(saved)) return saved;
  const browser = navigator.language.slice(0, 2);
  return isDemoLocale(browser) ? browser : 'en';
}

function initialTheme(): Theme {
  const saved = stored('acme.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Locale and theme, remembered in localStorage and mirrored on <html> (lang, data-theme). */
export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState(initialLocale);
  const [theme, setThemeState] = useState(initialTheme);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const value = useMemo<Preferences>(
    () => ({
      locale,
      setLocale: (next) => {
        store('acme.locale', next);
        setLocaleState(next);
      },
      theme,
      setTheme: (next) => {
        store('acme.theme', next);
        setThemeState(next);
      },
      m: demoMessages[locale],
      f: fill,
    }),
    [locale, theme],
  );
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): Preferences {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside <PreferencesProvider>');
  return value;
}
