import { createPlankit, type Plankit } from '@plankit/server';
import { plans } from './plans';
import { userFromCookieHeader } from './session';

function createBilling(): Plankit {
  // Configuration is checked on first use, so `next build` passes without these variables (CI, Docker).
  return createPlankit({
    secretKey: process.env.STRIPE_SECRET_KEY,
    // The emulator in development (`pnpm dev` starts one); unset, the SDK talks to Stripe.
    stripeApiUrl: process.env.STRIPE_API_URL,
    identify: (request) => userFromCookieHeader(request.headers.get('cookie')),
    plans,
    allowedOrigins: [process.env.APP_ORIGIN ?? 'http://localhost:3000'],
    webhook: {
      secret: process.env.STRIPE_WEBHOOK_SECRET ?? '',
      on: {
        subscriptionUpdated: (subscription, { userId }) => {
          console.log(
            `subscription ${subscription.id} of ${userId ?? 'an unknown user'} is ${subscription.status}`,
          );
        },
      },
    },
  });
}

// One instance per process: Next.js may load this module once for the route handlers and again for the Server
// Components, and with the default memory store each copy would keep its own customer links. (Several processes
// or servers share state through a store such as `@plankit/server/redis` instead.)
const shared = globalThis as typeof globalThis & { plankitBilling?: Plankit };
shared.plankitBilling ??= createBilling();
export const billing = shared.plankitBilling;
