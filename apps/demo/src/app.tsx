import { de, id, it, PlankitProvider } from '@plankit/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { SiteHeader } from './components/site-header';
import { createDemoQueryClient, useSession } from './demo-api';
import type { DemoLocale } from './i18n';
import { AccountPage } from './pages/account-page';
import { NotFoundPage } from './pages/not-found-page';
import { PricingPage } from './pages/pricing-page';
import { SignInPage } from './pages/sign-in-page';
import { SuccessPage } from './pages/success-page';
import { PreferencesProvider, usePreferences } from './preferences';
import { useLocation } from './router';

/** Plankit's own catalogs per demo locale (English is the kit's default). */
const kitMessages: Record<DemoLocale, typeof de | undefined> = { en: undefined, de, it, id };

export function App() {
  const [queryClient] = useState(createDemoQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <PreferencesProvider>
        <Billing>
          <Shell />
        </Billing>
      </PreferencesProvider>
    </QueryClientProvider>
  );
}

/** Plankit follows the demo's locale and theme; it shares the app's QueryClient. */
function Billing({ children }: { children: React.ReactNode }) {
  const { locale, theme } = usePreferences();
  return (
    <PlankitProvider basePath="/api/billing" locale={locale} messages={kitMessages[locale]} theme={theme}>
      {children}
    </PlankitProvider>
  );
}

function Shell() {
  const { m } = usePreferences();
  const location = useLocation();
  const session = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        {m.skipToContent}
      </a>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {session.isPending ? null : <Page pathname={location.pathname} />}
      </main>
      <footer className="site-footer">
        <p>
          {m.appName} · Plankit demo ·{' '}
          {session.data?.stripe === 'stripe-test-mode' ? m.onTestMode : m.onEmulator}
        </p>
      </footer>
    </>
  );
}

function Page({ pathname }: { pathname: string }) {
  switch (pathname) {
    case '/':
    case '/pricing':
      return <PricingPage />;
    case '/account':
      return <AccountPage />;
    case '/success':
      return <SuccessPage />;
    case '/sign-in':
      return <SignInPage />;
    default:
      return <NotFoundPage />;
  }
}
