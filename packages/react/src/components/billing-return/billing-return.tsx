import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  type BillingReturnFrom,
  type BillingReturn as BillingReturnResult,
  useBillingReturn,
} from '../../hooks/use-billing-return';
import { usePlans } from '../../hooks/use-plans';
import type { MessageKey } from '../../i18n/en';
import { usePlankit } from '../../provider';
import { ErrorMessage, part, Root } from '../shared/parts';
import { ReturnSummary } from './return-summary';

export interface BillingReturnProps {
  /** `checkout`: waits ("Activating your subscription…") until it is active; `portal`: syncs once. */
  from: BillingReturnFrom;
  /** Stop waiting after this long (ms) and say the payment is still processing. Default 30 000. */
  timeoutMs?: number;
  /** Where "Continue" links to, once there is a result. Ignored when `children` is given. */
  continueTo?: string;
  /** Replaces the "Continue" link (e.g. your router's `<Link>`); a function receives the result. */
  children?: ReactNode | ((result: BillingReturnResult) => ReactNode);
  className?: string;
}

function titleKey(result: BillingReturnResult, from: BillingReturnFrom): MessageKey {
  if (from === 'portal') return 'returnUpdated';
  return result.subscription?.status === 'trialing' ? 'returnTrialing' : 'returnActive';
}

/**
 * The page Checkout or the portal returns to. It calls `POST /sync` (no waiting for webhooks) and writes the
 * answer into the subscription cache, so the rest of the page updates too. After Checkout it shows "Activating
 * your subscription…" until the subscription is active or trialing (polling with backoff, honouring
 * `Retry-After`), then the plan, price and next dates; past the deadline it says the payment is still being
 * processed and offers to check again. It never shows Stripe's ids.
 */
export function BillingReturn({ from, timeoutMs, continueTo, children, className }: BillingReturnProps) {
  const { format } = usePlankit();
  const { t } = format;
  const result = useBillingReturn({ from, timeoutMs });
  const catalog = usePlans().data;
  const { status, subscription } = result;
  const heading = useRef<HTMLHeadingElement>(null);
  // Set by "Check again" and kept while focus stays on it: that button goes away with the result, and focus
  // then follows to the result's heading. A page that just loaded keeps its focus; the status region speaks.
  const followFocus = useRef(false);
  // The retry button stays (disabled, same label) while the check it started runs, so focus is not dropped.
  const [retried, setRetried] = useState(false);
  const label = useRef<MessageKey>('retry');
  const pending = status === 'pending' || status === 'idle';
  const state = pending ? (from === 'checkout' ? 'activating' : 'syncing') : status;
  if (status === 'error') label.current = 'retry';
  if (status === 'delayed') label.current = 'returnCheckAgain';

  useEffect(() => {
    if (status !== 'done' || !followFocus.current) return;
    followFocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) heading.current?.focus();
  }, [status]);

  const done = status === 'done';
  const title = done ? t(titleKey(result, from)) : '';
  const statusText = pending
    ? t(from === 'checkout' ? 'returnActivating' : 'returnSyncing')
    : status === 'delayed'
      ? t('returnDelayed')
      : title;
  const actions = typeof children === 'function' ? children(result) : children;
  const showRetry = status === 'delayed' || status === 'error' || (pending && retried);

  return (
    <Root part="billing-return" state={state} className={className} aria-busy={pending}>
      <p role="status" {...part('status', done ? undefined : 'shown')}>
        {pending ? <span aria-hidden="true" {...part('spinner')} /> : null}
        {statusText}
      </p>
      {done ? (
        <>
          <h2 ref={heading} tabIndex={-1} {...part('title')}>
            {title}
          </h2>
          {subscription ? (
            <ReturnSummary subscription={subscription} catalog={catalog} />
          ) : (
            <p {...part('message', 'none')}>{t('returnNoSubscription')}</p>
          )}
        </>
      ) : null}
      {status === 'error' ? <ErrorMessage error={result.error} /> : null}
      {showRetry ? (
        <button
          type="button"
          {...part('retry', pending ? 'pending' : undefined)}
          aria-disabled={pending || undefined}
          onClick={() => {
            if (pending) return;
            followFocus.current = true;
            setRetried(true);
            result.retry();
          }}
          onBlur={(event) => {
            // Moved on by the customer (not removed from the page): leave their focus alone.
            if (event.relatedTarget) followFocus.current = false;
          }}
        >
          {t(label.current)}
        </button>
      ) : null}
      {done || status === 'delayed' ? (
        <div {...part('actions')}>
          {children !== undefined ? (
            actions
          ) : continueTo ? (
            <a href={continueTo} {...part('continue')}>
              {t('returnContinue')}
            </a>
          ) : null}
        </div>
      ) : null}
    </Root>
  );
}
