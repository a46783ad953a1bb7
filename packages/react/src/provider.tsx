import type { Catalog, SubscriptionState } from '@plankit/core';
import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useMemo, useRef } from 'react';
import { createPlankitClient, type FetchLike, type PlankitClient } from './client';
import { createFormat, type Format } from './i18n/create-format';
import type { Messages } from './i18n/en';

/** Data rendered before the first request (server rendering, tests, stories). */
export interface PlankitInitialData {
  plans?: Catalog;
  subscription?: SubscriptionState;
}

export type PlankitTheme = 'light' | 'dark' | 'system';

export interface PlankitProviderProps {
  /** Where the server's billing routes are mounted. Default `/api/billing`. */
  basePath?: string;
  /** A BCP 47 tag for numbers, dates and plurals, e.g. `de` or `en-GB`. Default `en`. */
  locale?: string;
  /** A catalog (`de`, `it`, `id` or your own) and/or single-key overrides; missing keys fall back to English. */
  messages?: Partial<Messages>;
  /** `system` follows the OS (prefers-color-scheme); `light` and `dark` force a theme. Default `system`. */
  theme?: PlankitTheme;
  /** Drops the `plankit` class so none of the default styles apply; data attributes stay for your own CSS. */
  unstyled?: boolean;
  /** Replaces the global `fetch` (tests, stories, custom headers). */
  fetch?: FetchLike;
  /** Opens Checkout and portal URLs. Default `window.location.assign`. */
  navigate?: (url: string) => void;
  /** A TanStack Query client; otherwise the one above in the tree, otherwise a new one. */
  queryClient?: QueryClient;
  /** Rendered before the first request, so server-rendered markup matches the first client render. */
  initialData?: PlankitInitialData;
  /** Pins the time zone of printed dates (use the same on the server and in the browser). */
  timeZone?: string;
  /**
   * The signed-in user's id (null when signed out). Subscription queries are keyed by it, so signing out and in
   * as someone else never shows the previous user's subscription; `initialData` counts for the first user only.
   */
  userKey?: string | null;
  children?: ReactNode;
}

/** What every Plankit hook and component reads from the provider. */
export interface PlankitContextValue {
  client: PlankitClient;
  format: Format;
  navigate: (url: string) => void;
  theme: PlankitTheme;
  unstyled: boolean;
  initialData: PlankitInitialData;
}

const PlankitContext = createContext<PlankitContextValue | null>(null);

/** The provider's values; throws outside a {@link PlankitProvider}. */
export function usePlankit(): PlankitContextValue {
  const value = useContext(PlankitContext);
  if (!value) throw new Error('Plankit components and hooks must be rendered inside <PlankitProvider>.');
  return value;
}

/** Configures Plankit for the components and hooks below it. */
export function PlankitProvider(props: PlankitProviderProps) {
  const { basePath, locale = 'en', messages, fetch, navigate, timeZone, userKey } = props;
  const parent = useContext(QueryClientContext);
  // Created the first time neither the prop nor a parent gives one, even if that happens on a later render.
  const own = useRef<QueryClient>(undefined);
  if (!props.queryClient && !parent && !own.current) own.current = new QueryClient();
  const queryClient = (props.queryClient ?? parent ?? own.current) as QueryClient;
  const client = useMemo(() => createPlankitClient({ basePath, fetch, userKey }), [basePath, fetch, userKey]);
  // initialData was rendered for the first user: a later one must not start from their subscription.
  const firstUser = useRef(client.userKey).current;
  const format = useMemo(() => createFormat(locale, messages, timeZone), [locale, messages, timeZone]);
  const value = useMemo<PlankitContextValue>(
    () => ({
      client,
      format,
      // Looked up when called, never during render: server rendering has no window.
      navigate: navigate ?? ((url) => window.location.assign(url)),
      theme: props.theme ?? 'system',
      unstyled: props.unstyled ?? false,
      initialData:
        firstUser === client.userKey ? (props.initialData ?? {}) : { plans: props.initialData?.plans },
    }),
    [client, format, navigate, props.theme, props.unstyled, props.initialData, firstUser],
  );
  const tree = <PlankitContext.Provider value={value}>{props.children}</PlankitContext.Provider>;
  return queryClient === parent ? (
    tree
  ) : (
    <QueryClientProvider client={queryClient}>{tree}</QueryClientProvider>
  );
}
