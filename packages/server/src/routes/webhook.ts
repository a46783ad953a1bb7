import { setTimeout as sleep } from 'node:timers/promises';
import type { PlankitContext } from '../context';
import { errorResponse, jsonResponse } from '../http/json-response';
import { PlankitError } from '../http/plankit-error';
import { readBody } from '../http/read-body';
import { processedEventTtlMs as processedTtlMs, webhookEventKey } from '../webhook/event-record';
import { processEvent } from '../webhook/process-event';

/** Stripe's events are larger than browser requests. */
const maxWebhookBytes = 1024 * 1024;
/** Signatures older than five minutes are refused (replays). */
export const webhookToleranceSeconds = 300;
/** A crashed handler frees the event id after this, so Stripe's retry is processed. */
const processingTtlMs = 5 * 60 * 1000;
/** Tries to mark a processed event done, and the waits between them: a store blip must not re-run callbacks. */
const markDoneDelaysMs = [100, 400] as const;

/** Marks the event done, retrying a failing store a couple of times; false when it never succeeded. */
async function markDone(ctx: PlankitContext, key: string): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await ctx.store.set(key, 'done', processedTtlMs);
      return true;
    } catch {
      const delay = markDoneDelaysMs[attempt];
      if (delay === undefined) return false;
      await sleep(delay);
    }
  }
}

/**
 * `POST /webhook`: verifies the signature on the raw body, processes each event id once (claimed in the store
 * before processing, released on failure so Stripe's retry gets another chance) and answers 2xx only when done.
 * Callbacks are at-least-once, like Stripe's deliveries: should the store fail to mark a processed event done
 * (after a few tries), a later redelivery can run them again.
 */
export async function webhookRoute(ctx: PlankitContext, request: Request): Promise<Response> {
  const webhook = ctx.options.webhook;
  if (!webhook) throw new PlankitError('feature_disabled');
  const signature = request.headers.get('stripe-signature');
  if (!signature) throw new PlankitError('webhook_signature_invalid');
  const body = await readBody(request, maxWebhookBytes);
  let event: Awaited<ReturnType<typeof ctx.stripe.webhooks.constructEventAsync>>;
  try {
    event = await ctx.stripe.webhooks.constructEventAsync(
      body,
      signature,
      webhook.secret,
      webhookToleranceSeconds,
    );
  } catch {
    return errorResponse('webhook_signature_invalid');
  }
  // An event of a connected account concerns another business's customers: never let it reach the callbacks
  // (or Plankit's caches) unless the app is a Connect platform and said so.
  if (event.account && !webhook.connect) {
    ctx.logger.warn(
      `Plankit: refused event ${event.id} of connected account ${event.account}; set webhook.connect to accept Connect events.`,
    );
    return errorResponse('invalid_request', {
      message: 'Events of connected accounts are not accepted here.',
    });
  }
  const key = webhookEventKey(event.id);
  if (!(await ctx.store.setIfAbsent(key, 'processing', processingTtlMs))) {
    const state = await ctx.store.get(key);
    if (state === 'done') return jsonResponse({ received: true, duplicate: true });
    // Another delivery of this event is being processed right now; ask Stripe to come back later.
    return jsonResponse({ received: false, processing: true }, 409);
  }
  try {
    await processEvent(ctx, event);
  } catch (error) {
    await ctx.store.delete(key).catch(() => undefined);
    throw error;
  }
  if (!(await markDone(ctx, key))) {
    // The callbacks ran: a 5xx would make Stripe deliver again and run them twice for sure. Answer 2xx; only a
    // redelivery after the `processing` claim expires can run them again (callbacks are at-least-once).
    ctx.logger.error(
      `Plankit: event ${event.id} was processed but the store could not mark it done; a later redelivery of it may run the callbacks again.`,
    );
  }
  return jsonResponse({ received: true });
}
