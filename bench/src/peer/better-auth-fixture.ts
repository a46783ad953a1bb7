import { stripe as stripePlugin } from '@better-auth/stripe';
import type { Emulator } from '@plankit/stripe-emulator';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import type Stripe from 'stripe';
// The plugin's peer range stops at stripe ^22; it gets that SDK, pointed at the same emulator as Plankit.
import StripeV22 from 'stripe-v22';
import { appOrigin, type Reply } from '../stripe-calls/billing-fixture';

/** better-auth's in-memory database: one array per model. Share one between instances to model one database. */
export type PeerDatabase = Record<string, Record<string, unknown>[]>;

export function emptyPeerDatabase(): PeerDatabase {
  return { user: [], session: [], account: [], verification: [], subscription: [] };
}

/** A copy of the database, so several runs can start from the same rows. */
export function copyPeerDatabase(database: PeerDatabase): PeerDatabase {
  return structuredClone(database);
}

/** The plugin's webhook secret; the bench signs the event stream with it. */
export const peerWebhookSecret = 'whsec_bench_better_auth';

/** Plankit's bench catalog (test-utils' planConfig) in the plugin's shape: the same lookup keys. */
export const peerPlans = [
  { name: 'starter', lookupKey: 'starter_monthly', annualDiscountLookupKey: 'starter_yearly' },
  { name: 'pro', lookupKey: 'pro_monthly', annualDiscountLookupKey: 'pro_yearly' },
  { name: 'team', lookupKey: 'team_monthly', annualDiscountLookupKey: 'team_yearly' },
];

function createPeerAuth(stripeClient: StripeV22, database: PeerDatabase, logs: string[]) {
  return betterAuth({
    baseURL: appOrigin,
    basePath: '/api/auth',
    secret: 'bench-secret-bench-secret-bench-secret',
    database: memoryAdapter(database),
    emailAndPassword: { enabled: true },
    trustedOrigins: [appOrigin],
    // Off so the race measures the plugin, not better-auth's per-IP limiter (every bench request is one IP).
    rateLimit: { enabled: false },
    // Kept: the plugin reports webhook failures only in its log (the webhook still answers 200).
    logger: { level: 'warn', log: (level, message) => logs.push(`${level}: ${message}`) },
    plugins: [
      stripePlugin({
        // The plugin's types name stripe 23 (what bench/ resolves); at run time it only calls the client's methods.
        stripeClient: stripeClient as unknown as Stripe,
        stripeWebhookSecret: peerWebhookSecret,
        subscription: { enabled: true, plans: peerPlans },
      }),
    ],
  });
}

/** One server instance of the peer: better-auth with its Stripe plugin, on the given database. */
export interface Peer {
  /** Signs a user up with email and password; returns the session cookie. */
  signUp(user: string): Promise<string>;
  /** Calls a better-auth route the way its client does: JSON body, app `Origin`, session cookie. */
  call(path: string, cookie: string, body?: unknown): Promise<Reply>;
  /** Posts a raw webhook body with its `Stripe-Signature`. */
  webhook(payload: string, signature: string): Promise<Reply>;
  /** What better-auth and the plugin logged at warn and error level. */
  logs: string[];
}

export function createPeer(emulator: Emulator, database: PeerDatabase): Peer {
  const stripeClient = new StripeV22(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: 0,
    timeout: 10_000,
  });
  const logs: string[] = [];
  const auth = createPeerAuth(stripeClient, database, logs);
  const request = async (path: string, init: RequestInit): Promise<Response> =>
    auth.handler(new Request(`${appOrigin}/api/auth${path}`, init));
  const reply = async (response: Response): Promise<Reply> => {
    const text = await response.text();
    let json: Reply['json'] = {};
    try {
      json = text ? (JSON.parse(text) as Reply['json']) : {};
    } catch {
      json = { text };
    }
    if (Array.isArray(json)) json = { list: json };
    return { status: response.status, json };
  };
  return {
    logs,
    async signUp(user) {
      const response = await request('/sign-up/email', {
        method: 'POST',
        headers: { origin: appOrigin, 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${user}@example.com`, password: 'bench-password-1', name: user }),
      });
      const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
      if (response.status !== 200 || cookies.length === 0) {
        throw new Error(`peer sign-up failed: ${response.status} ${await response.text()}`);
      }
      return cookies.join('; ');
    },
    async call(path, cookie, body) {
      const headers: Record<string, string> = { cookie, origin: appOrigin };
      const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return reply(await request(path, init));
    },
    async webhook(payload, signature) {
      return reply(
        await request('/stripe/webhook', {
          method: 'POST',
          headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
          body: payload,
        }),
      );
    },
  };
}
