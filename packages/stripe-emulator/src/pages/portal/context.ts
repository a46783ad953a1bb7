import type Stripe from 'stripe';
import type { Engine } from '../../engine.js';
import type { Branding } from '../branding.js';
import type { Messages } from '../messages/index.js';
import type { PageLocale } from '../page-locale.js';

/** What every portal page is rendered from. */
export interface PortalCtx {
  engine: Engine;
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
  base: string;
  locale: PageLocale;
  branding: Branding;
}

/** The messages shown after an action, by the key the homepage's `?done=` carries (never free text). */
export const DONE_MESSAGES = [
  'offer_accepted',
  'canceled_done',
  'updated_done',
  'renewed_done',
  'payment_method_done',
] as const satisfies ReadonlyArray<keyof Messages>;

export type DoneMessage = (typeof DONE_MESSAGES)[number];
