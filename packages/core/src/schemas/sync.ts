import { z } from 'zod';

/**
 * `POST /sync`: re-reads the caller's billing state from Stripe now (the return page after Checkout or the portal,
 * before the webhooks arrive) and answers the same state as `GET /subscription`. The body is empty.
 */
export const syncRequestSchema = z.object({}).strict();

export type SyncRequest = z.infer<typeof syncRequestSchema>;
