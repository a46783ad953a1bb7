import type Stripe from 'stripe';
import { describe, expectTypeOf, it } from 'vitest';
import type { Emulator, EmulatorSeed, EmulatorState, RequestLogEntry } from '../src/index.js';

// The emulator stores objects built by hand; these checks make sure they are the SDK's own types,
// so a field the SDK renames or adds as required fails typecheck instead of drifting silently.
describe('types', () => {
  it('stores SDK-typed objects', () => {
    expectTypeOf<EmulatorState['subscriptions'][string]>().toEqualTypeOf<Stripe.Subscription>();
    expectTypeOf<EmulatorState['invoices'][string]>().toEqualTypeOf<Stripe.Invoice>();
    expectTypeOf<EmulatorState['checkoutSessions'][string]>().toEqualTypeOf<Stripe.Checkout.Session>();
    expectTypeOf<EmulatorState['portalSessions'][string]>().toEqualTypeOf<Stripe.BillingPortal.Session>();
    expectTypeOf<
      EmulatorState['portalConfigurations'][string]
    >().toEqualTypeOf<Stripe.BillingPortal.Configuration>();
    expectTypeOf<EmulatorState['customers'][string]>().toEqualTypeOf<Stripe.Customer>();
    expectTypeOf<EmulatorState['prices'][string]>().toEqualTypeOf<Stripe.Price>();
  });

  it('keeps the public interface', () => {
    expectTypeOf<Emulator['stripeConfig']>().toEqualTypeOf<{
      host: string;
      port: number;
      protocol: 'http';
    }>();
    expectTypeOf<Emulator['requestLog']>().returns.toEqualTypeOf<RequestLogEntry[]>();
    expectTypeOf<NonNullable<EmulatorSeed['billing_portal_configuration']>>().toEqualTypeOf<
      Stripe.BillingPortal.ConfigurationCreateParams | true
    >();
  });
});
