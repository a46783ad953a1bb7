import type Stripe from 'stripe';

/** One webhook event as the "Stripe events" panel shows it. */
export interface ReceivedEvent {
  id: string;
  type: string;
  /** When the demo received it (ISO 8601). */
  receivedAt: string;
  /** The object's id (a subscription, invoice, session...). */
  objectId: string | null;
  /** The customer the event concerns; the panel only shows the signed-in user's events. */
  customer: string | null;
  /** The subscription's status, for subscription events. */
  status: string | null;
  /** For subscription updates: why the customer is leaving (seed 003), as Stripe sent it. */
  cancellationDetails: { reason: string | null; feedback: string | null; comment: string | null } | null;
}

const maxEvents = 200;

/** Keeps the last webhook events the demo received, newest first, in memory. */
export function createEventsLog() {
  const events: ReceivedEvent[] = [];
  const seen = new Set<string>();
  return {
    /** Stripe retries deliveries: an event already recorded is ignored. */
    record(event: Stripe.Event): void {
      if (seen.has(event.id)) return;
      seen.add(event.id);
      events.unshift(summarize(event));
      if (events.length > maxEvents) events.length = maxEvents;
    },
    /** The events for one Stripe customer, newest first. */
    forCustomer(customer: string | null): ReceivedEvent[] {
      if (!customer) return [];
      return events.filter((event) => event.customer === customer);
    },
    all(): readonly ReceivedEvent[] {
      return events;
    },
  };
}

export type EventsLog = ReturnType<typeof createEventsLog>;

function summarize(event: Stripe.Event): ReceivedEvent {
  const object = event.data.object as unknown as Record<string, unknown>;
  const customerField = object.customer;
  const customer =
    typeof customerField === 'string'
      ? customerField
      : customerField && typeof customerField === 'object' && 'id' in customerField
        ? String((customerField as { id: unknown }).id)
        : object.object === 'customer'
          ? String(object.id)
          : null;
  const isSubscription = object.object === 'subscription';
  const details = isSubscription
    ? (object.cancellation_details as Stripe.Subscription.CancellationDetails | null | undefined)
    : undefined;
  return {
    id: event.id,
    type: event.type,
    receivedAt: new Date().toISOString(),
    objectId: typeof object.id === 'string' ? object.id : null,
    customer,
    status: isSubscription && typeof object.status === 'string' ? object.status : null,
    cancellationDetails:
      event.type === 'customer.subscription.updated' && details
        ? {
            reason: details.reason ?? null,
            feedback: details.feedback ?? null,
            comment: details.comment ?? null,
          }
        : null,
  };
}
