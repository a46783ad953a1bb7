import type Stripe from 'stripe';
import { describe, expectTypeOf, it } from 'vitest';
import type { Emulator, EmulatorSeed, EmulatorState, RequestLogEntry } from '../src/index.js';
import type { checkoutLocales, portalLocales } from '../src/wire/stripe-locales.js';

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

  it('accepts exactly the locales the SDK names', () => {
    // The SDK's unions end in `string & Record<never, never>` (any other string, for forward compatibility):
    // every named literal must be accepted, and nothing the SDK does not name.
    type Named<T> = T extends string ? (string extends T ? never : T) : never;
    type Checkout = (typeof checkoutLocales)[number];
    type Portal = (typeof portalLocales)[number];
    type SdkCheckout = Named<Stripe.Checkout.SessionCreateParams.Locale>;
    type SdkPortal = Named<Stripe.BillingPortal.SessionCreateParams.Locale>;
    expectTypeOf<Exclude<Checkout, SdkCheckout>>().toBeNever();
    expectTypeOf<Exclude<SdkCheckout, Checkout>>().toBeNever();
    expectTypeOf<Exclude<Portal, SdkPortal>>().toBeNever();
    expectTypeOf<Exclude<SdkPortal, Portal>>().toBeNever();
  });
});
