import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

// The demo's own routes (sign-in, events, emulator clock). Billing goes through @plankit/react's client.

export interface Session {
  user: { email: string } | null;
  stripe: 'emulator' | 'stripe-test-mode';
  /** The emulator's clock (ISO), or null on Stripe test mode. */
  clock: string | null;
}

export interface ReceivedEvent {
  id: string;
  type: string;
  receivedAt: string;
  objectId: string | null;
  status: string | null;
  cancellationDetails: { reason: string | null; feedback: string | null; comment: string | null } | null;
}

export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new DemoApiError(response.status, data?.error?.message ?? response.statusText);
  return data as T;
}

export const sessionKey = ['demo', 'session'] as const;
export const eventsKey = ['demo', 'events'] as const;

export function createDemoQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: true } } });
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: () => call<Session>('GET', '/api/session') });
}

/** Signing in or out changes who every billing query is about: everything is refetched. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => call<Session>('POST', '/api/session', { email }),
    onSuccess: async (session) => {
      client.setQueryData(sessionKey, session);
      await client.invalidateQueries({ predicate: (query) => query.queryKey[1] !== sessionKey[1] });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call<Session>('DELETE', '/api/session'),
    onSuccess: (session) => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'demo' });
      client.setQueryData(sessionKey, session);
      client.removeQueries({ queryKey: eventsKey });
    },
  });
}

/** The "Stripe events" panel polls, so webhooks show up as they arrive. */
export function useEvents(enabled: boolean) {
  return useQuery({
    queryKey: eventsKey,
    queryFn: () => call<{ events: ReceivedEvent[] }>('GET', '/api/events'),
    enabled,
    refetchInterval: 1500,
  });
}

/** Emulator only: moves time forward, then refreshes every query (subscription state changed on "Stripe"). */
export function useAdvanceClock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (days: number) => call<{ now: string }>('POST', '/api/demo/clock', { days }),
    onSuccess: () => client.invalidateQueries(),
  });
}

export function useFailingCard() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call<{ ok: true }>('POST', '/api/demo/failing-card', {}),
    onSuccess: () => client.invalidateQueries(),
  });
}
