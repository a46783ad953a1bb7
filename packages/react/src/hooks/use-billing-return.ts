import type { SubscriptionState, SubscriptionSummary } from '@plankit/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { usePlankit } from '../provider';
import { subscriptionQueryOptions } from './query-options';
import { syncUntil } from './sync-until';
import { currentSubscription } from './use-subscription';

/** Where the customer comes back from. */
export type BillingReturnFrom = 'checkout' | 'portal';

export interface UseBillingReturnOptions {
  /**
   * `checkout` syncs until a subscription is active or trialing (the payment may still be settling);
   * `portal` syncs once and shows what changed there.
   */
  from: BillingReturnFrom;
  /** Stop waiting after this long (ms). Default 30 000. */
  timeoutMs?: number;
  /** Set false to skip syncing (e.g. an account page that only syncs with `?from=portal`). Default true. */
  enabled?: boolean;
}

/**
 * `idle` (not enabled), `pending` (syncing, or waiting for the subscription to activate), `done`, `delayed`
 * (Checkout: the deadline passed before the subscription was active) or `error`.
 */
export type BillingReturnStatus = 'idle' | 'pending' | 'done' | 'delayed' | 'error';

export interface BillingReturn {
  status: BillingReturnStatus;
  /** The last answer of `POST /sync`. */
  state: SubscriptionState | undefined;
  /** The one live subscription in that answer. */
  subscription: SubscriptionSummary | undefined;
  /** What failed (`status` `error`; `delayed` when the last attempt failed too). */
  error: unknown;
  /** Starts over, with a fresh deadline. */
  retry(): void;
}

/** Checkout is over for the page once the subscription can be used. */
function activated(state: SubscriptionState): boolean {
  const status = currentSubscription(state)?.status;
  return status === 'active' || status === 'trialing';
}

interface Progress {
  status: BillingReturnStatus;
  state?: SubscriptionState;
  error?: unknown;
}

/**
 * For the page Checkout or the portal returns to: calls `POST /sync` (the server reads Stripe now instead of
 * waiting for webhooks) and writes every answer into the subscription query's cache, so every component on the
 * page shows the new state without a GET of its own.
 */
export function useBillingReturn({
  from,
  timeoutMs = 30_000,
  enabled = true,
}: UseBillingReturnOptions): BillingReturn {
  const { client } = usePlankit();
  const queryClient = useQueryClient();
  const [round, setRound] = useState(0);
  const [progress, setProgress] = useState<Progress>({ status: enabled ? 'pending' : 'idle' });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new `round` (retry) restarts the run
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const { queryKey } = subscriptionQueryOptions(client);
    setProgress((previous) => ({ ...previous, status: 'pending', error: undefined }));
    void syncUntil({
      sync: () => client.sync(),
      done: from === 'checkout' ? activated : () => true,
      onAnswer: async (state) => {
        // A GET that started before the sync would land after it with older data: drop it, then write.
        await queryClient.cancelQueries({ queryKey });
        queryClient.setQueryData(queryKey, state);
        // Previews were priced against the subscription as it was.
        queryClient.removeQueries({ queryKey: ['plankit', client.basePath, 'preview'] });
        if (!controller.signal.aborted) setProgress({ status: 'pending', state });
      },
      timeoutMs,
      signal: controller.signal,
    }).then((outcome) => {
      if (outcome.type === 'aborted') return;
      if (outcome.type === 'done') setProgress({ status: 'done', state: outcome.state });
      else if (outcome.type === 'failed')
        setProgress((previous) => ({ ...previous, status: 'error', error: outcome.error }));
      // Never answered at all: an error to retry. Answered, but not active yet: still processing.
      else if (outcome.state === undefined) setProgress({ status: 'error', error: outcome.error });
      else setProgress({ status: 'delayed', state: outcome.state, error: outcome.error });
    });
    return () => controller.abort();
  }, [client, queryClient, from, timeoutMs, enabled, round]);

  const retry = useCallback(() => setRound((value) => value + 1), []);
  return {
    status: enabled ? progress.status : 'idle',
    state: progress.state,
    subscription: currentSubscription(progress.state),
    error: progress.error,
    retry,
  };
}
