import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultBasePath, webhookPath } from '@plankit/core';
import { createPlankit, runDoctor } from '@plankit/server';
import { toNodeHandler } from '@plankit/server/node';
import type { Emulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { handleDemoApi } from './demo-api';
import { createDemoAuth } from './demo-auth';
import { demoPlans, demoRetentionCouponId } from './demo-plans';
import { demoStore } from './demo-store';
import { createEventsLog } from './events-log';
import { createStaticFrontend, createViteFrontend, type Frontend } from './frontend';
import { sendJson } from './http-utils';
import { retryOpenInvoicesAfterCardChange } from './retry-open-invoices';
import { type StripeBackend, startEmulatorBackend, stripeTestModeBackend } from './stripe-backend';

export interface StartDemoOptions {
  /** Port to listen on; 0 picks a free one (tests). Default: PORT, else 5173. */
  port?: number;
  /** Default: 127.0.0.1. */
  host?: string;
  /**
   * `emulator` forces the embedded emulator even when STRIPE_SECRET_KEY is set (tests). By default the demo
   * uses Stripe test mode when STRIPE_SECRET_KEY is set, the emulator otherwise.
   */
  stripe?: 'emulator';
  /** `development` runs Vite in middleware mode; `production` serves `dist/` from `vite build`. */
  mode?: 'development' | 'production';
  /** Print the setup check's findings. Default true. */
  log?: boolean;
  /** On the emulator: hold every webhook delivery back this long (ms), as a slow endpoint would see them. */
  webhookDeliveryDelayMs?: number;
}

export interface RunningDemo {
  url: string;
  /** The embedded emulator, or null on Stripe test mode. */
  emulator: Emulator | null;
  /** A Stripe client for the same account the demo uses (tests assert against it). */
  stripe: Stripe;
  close(): Promise<void>;
}

/**
 * Starts Acme Notes: one Node server, one port, serving the billing routes (`/api/billing`), the demo's
 * sign-in and events routes, and the browser app.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const log = options.log ?? true;
  const mode = options.mode ?? (process.env.NODE_ENV === 'production' ? 'production' : 'development');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? Number(process.env.PORT ?? 5173);

  // Listen first: with port 0 the URL (and so the allowed origin and webhook URL) is only known afterwards.
  let app: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => {
    response.writeHead(503, { 'retry-after': '1' }).end('Starting');
  };
  const server = createServer((request, response) => app(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: boundPort } = server.address() as AddressInfo;
  const url = `http://${host}:${boundPort}`;
  const webhookUrl = `${url}${defaultBasePath}${webhookPath}`;

  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    for (const closer of closers.reverse()) await closer();
  };

  try {
    const useEmulator = options.stripe === 'emulator' || !process.env.STRIPE_SECRET_KEY;
    const backend: StripeBackend = useEmulator
      ? await startEmulatorBackend(webhookUrl, { webhookDeliveryDelayMs: options.webhookDeliveryDelayMs })
      : stripeTestModeBackend();
    closers.push(() => backend.close());
    if (!backend.webhookSecret) {
      throw new Error(
        'Set STRIPE_WEBHOOK_SECRET (for example from `stripe listen`) to run on Stripe test mode.',
      );
    }

    const report = await runDoctor({
      stripe: backend.stripe,
      plans: demoPlans,
      // On Stripe test mode the endpoint is `stripe listen`'s, not one the demo could register at 127.0.0.1.
      ...(backend.emulator ? { webhookUrl } : {}),
      retentionCouponId: demoRetentionCouponId,
      portal: { returnUrl: `${url}/account` },
      secretKey: backend.secretKey,
      fix: true,
    });
    if (log) {
      for (const finding of report.findings) {
        if (finding.level !== 'ok') console.warn(`[doctor] ${finding.level}: ${finding.message}`);
      }
    }

    const auth = createDemoAuth();
    const events = createEventsLog();
    const plankit = createPlankit({
      stripe: backend.stripe,
      plans: demoPlans,
      allowedOrigins: [url],
      basePath: defaultBasePath,
      // Demo stand-in: the cookie names a typed, unverified email (see demo-auth.ts). A real app returns the user
      // of its own verified session here.
      identify: (request: Request) => {
        const user = auth.userFromCookieHeader(request.headers.get('cookie'));
        return user ? { userId: user.id, email: user.email } : null;
      },
      retention: { couponId: demoRetentionCouponId },
      ...(await demoStore()),
      // The pricing page has a promotion code field; only the demo's public code is accepted from it.
      promotionCodes: ['WELCOME10'],
      ...(report.portalConfigurationId ? { portal: { configuration: report.portalConfigurationId } } : {}),
      // The demo cancels at period end in the app (so "Resume" can undo it); the portal's page stays allowed.
      cancel: { modes: ['at_period_end', 'portal'] },
      webhook: {
        secret: backend.webhookSecret,
        on: {
          // Every verified webhook goes to the "Stripe events" panel; a fixed card pays what is overdue.
          event: async (event) => {
            events.record(event);
            await retryOpenInvoicesAfterCardChange(backend.stripe, event);
          },
        },
      },
    });
    const billing = toNodeHandler(plankit);

    const frontend: Frontend =
      mode === 'development' ? await createViteFrontend(server) : createStaticFrontend();
    closers.push(() => frontend.close());

    const emulator = backend.emulator;
    const context = {
      origin: url,
      auth,
      events,
      stripe: backend.stripe,
      advanceClock: emulator
        ? async (seconds: number) => {
            await emulator.advanceClock(seconds);
            return emulator.now();
          }
        : null,
      clockNow: emulator ? () => emulator.now() : null,
    };

    app = (request, response) => {
      const path = new URL(request.url ?? '/', url).pathname;
      const done = (error: unknown) => {
        console.error(error);
        if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal_error' } });
        else response.end();
      };
      if (path === defaultBasePath || path.startsWith(`${defaultBasePath}/`)) {
        Promise.resolve(billing(request, response)).catch(done);
      } else if (path.startsWith('/api/')) {
        handleDemoApi(request, response, path, context)
          .then((handled) => {
            if (!handled) sendJson(response, 404, { error: { code: 'not_found' } });
          })
          .catch(done);
      } else {
        frontend.handle(request, response);
      }
    };

    return { url, emulator, stripe: backend.stripe, close };
  } catch (error) {
    await close();
    throw error;
  }
}
