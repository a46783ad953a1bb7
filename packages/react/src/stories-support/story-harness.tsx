import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useState } from 'react';
import { de } from '../i18n/de';
import { en, type Messages } from '../i18n/en';
import { id } from '../i18n/id';
import { it } from '../i18n/it';
import { PlankitProvider } from '../provider';
import type { StoryCurrency } from './currency';
import * as spies from './spies';
import { createStoryServer, type StoryBilling } from './story-server';

/** The locales of the toolbar, with their message catalogs. */
export const storyLocales = { en, de, it, id } satisfies Record<string, Messages>;

export type StoryLocale = keyof typeof storyLocales;
export type StoryTheme = 'light' | 'dark';

export interface StoryHarnessProps {
  billing: StoryBilling;
  locale: StoryLocale;
  theme: StoryTheme;
  currency: StoryCurrency;
  children: ReactNode;
}

/**
 * Wraps a story in a PlankitProvider with its own QueryClient and story server (mount it with a fresh `key`
 * per story), a canvas in the theme's background, and a visible line that shows captured navigation.
 */
export function StoryHarness({ billing, locale, theme, currency, children }: StoryHarnessProps) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  const [server] = useState(() => createStoryServer(billing, { currency, onRequest: spies.request }));
  const [navigated, setNavigated] = useState<string>();
  const navigate = useCallback((url: string) => {
    spies.navigate(url);
    setNavigated(url);
  }, []);
  return (
    <div
      className="plankit"
      data-theme={theme}
      data-plankit-story="canvas"
      style={{
        background: 'var(--plankit-color-bg)',
        color: 'var(--plankit-color-text)',
        colorScheme: theme,
        minHeight: '100vh',
        padding: '1.5rem',
        boxSizing: 'border-box',
      }}
    >
      <PlankitProvider
        locale={locale}
        messages={storyLocales[locale]}
        theme={theme}
        fetch={server.fetch}
        navigate={navigate}
        queryClient={queryClient}
        timeZone="UTC"
      >
        {children}
      </PlankitProvider>
      <p
        aria-live="polite"
        data-plankit-story="navigation"
        // A captured URL is one long word: it wraps rather than widening a 390 px page.
        style={{ color: 'var(--plankit-color-muted)', overflowWrap: 'anywhere' }}
      >
        {navigated ? `Navigation captured (not performed): ${navigated}` : null}
      </p>
    </div>
  );
}
