import { createPlankit } from '@plankit/server';
import { plans } from './plans';
import { userFromCookieHeader } from './session';

// Configuration is checked on first use, so `next build` passes without these variables (CI, Docker).
export const billing = createPlankit({
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
