import type { CancellationReason, CancelMode, RetentionOffer, SubscriptionSummary } from '@plankit/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useAcceptRetentionOffer } from '../../hooks/use-accept-retention-offer';
import { useCancelSubscription } from '../../hooks/use-cancel-subscription';
import { useResumeSubscription } from '../../hooks/use-resume-subscription';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { usePlankit } from '../../provider';
import { ErrorMessage, part, Root, Status } from '../shared/parts';
import { ReasonStep } from './reason-step';
import { retentionOfferText } from './retention-offer-text';

export interface CancelWithReasonProps {
  /** How to cancel once the reason is recorded; the server refuses modes it does not allow. Default: the server's. */
  mode?: CancelMode;
  /** Shows "Keep subscription" buttons that call this (e.g. to close a dialog around the component). */
  onKeep?(): void;
  /** Called after a direct cancellation with the updated subscription. */
  onCanceled?(subscription: SubscriptionSummary): void;
  className?: string;
}

type Step = 'reason' | 'offer' | 'confirm' | 'retained' | 'canceled';

/**
 * Cancellation in steps: why (seed 003), the retention offer when the server makes one, a confirmation,
 * then the portal's subscription_cancel deep link or a direct cancel. A scheduled cancellation shows
 * "Cancels on <date>" with "Resume".
 */
export function CancelWithReason({ mode, onKeep, onCanceled, className }: CancelWithReasonProps) {
  const { format } = usePlankit();
  const { t } = format;
  const subscription = currentSubscription(useSubscription().data);
  const cancel = useCancelSubscription();
  const accept = useAcceptRetentionOffer();
  const resume = useResumeSubscription();
  const [step, setStep] = useState<Step>('reason');
  const [choice, setChoice] = useState<{ reason: CancellationReason; comment?: string }>();
  const [offer, setOffer] = useState<RetentionOffer>();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const scheduled = subscription && (subscription.cancelAtPeriodEnd || subscription.cancelAt);
  const shown = step === 'canceled' ? step : scheduled ? 'scheduled' : step;
  const rendered = Boolean(subscription) || step === 'canceled';
  // The step whose heading was last on screen (undefined while nothing is). A step, not a "first run"
  // flag: StrictMode runs mount effects twice, and a flag set by the first run would focus on mount.
  const previous = useRef<string>(undefined);
  // Each new step moves focus to its heading, so keyboard and screen reader users start at the top.
  // Mounting, or the subscription arriving, is not a new step: focus (and the page's scroll) stays put.
  useEffect(() => {
    if (previous.current && previous.current !== shown) heading.current?.focus();
    previous.current = rendered ? shown : undefined;
  }, [shown, rendered]);
  if (!rendered) return null;
  type Choice = { reason: CancellationReason; comment?: string };
  const send = async (picked: Choice | undefined, declineOffer: boolean) => {
    if (!picked || !subscription) return;
    const answer = await cancel
      .mutateAsync({
        subscription: subscription.id,
        ...picked,
        mode,
        declineOffer: declineOffer || undefined,
      })
      .catch(() => {});
    if (answer?.type === 'retention_offer') {
      setOffer(answer.offer);
      setStep('offer');
    } else if (answer?.type === 'canceled') {
      if (answer.subscription.status === 'canceled') setStep('canceled');
      onCanceled?.(answer.subscription);
    }
  };
  const title = (key: Parameters<typeof t>[0], values?: Record<string, string>) => (
    <h2 id={headingId} ref={heading} tabIndex={-1} {...part('title')}>
      {t(key, values)}
    </h2>
  );
  const keep = onKeep ? (
    <button type="button" onClick={onKeep} {...part('keep')}>
      {t('keep')}
    </button>
  ) : null;
  const busy = cancel.isPending || cancel.data?.type === 'portal';
  const end = subscription?.cancelAt ?? subscription?.currentPeriodEnd;
  return (
    <Root
      part="cancel-with-reason"
      state={shown}
      className={className}
      role="region"
      aria-labelledby={headingId}
    >
      {shown === 'scheduled' ? (
        <>
          {title('cancelsOn', { date: end ? format.date(end) : '' })}
          <button
            type="button"
            aria-disabled={resume.isPending || undefined}
            onClick={async () => {
              if (!subscription || resume.isPending) return;
              // Resumed: the next cancellation starts over at the reasons, and any earlier offer is gone.
              if (await resume.mutateAsync({ subscription: subscription.id }).catch(() => {})) {
                setOffer(undefined);
                setStep('reason');
              }
            }}
            {...part('resume', resume.isPending ? 'pending' : undefined)}
          >
            {t('resume')}
          </button>
        </>
      ) : shown === 'canceled' ? (
        title('canceled')
      ) : shown === 'retained' ? (
        title('offerTitle')
      ) : shown === 'offer' && offer ? (
        <>
          {title('offerTitle')}
          <p {...part('offer')}>{retentionOfferText(format, offer)}</p>
          <div {...part('actions')}>
            <button
              type="button"
              aria-disabled={accept.isPending || undefined}
              onClick={async () => {
                if (!subscription || accept.isPending) return;
                const answer = await accept.mutateAsync({ subscription: subscription.id }).catch(() => {});
                if (answer) setStep('retained');
              }}
              {...part('accept-offer', accept.isPending ? 'pending' : undefined)}
            >
              {t('acceptOffer')}
            </button>
            <button type="button" onClick={() => setStep('confirm')} {...part('decline-offer')}>
              {t('declineOffer')}
            </button>
          </div>
        </>
      ) : shown === 'confirm' ? (
        <>
          {title('confirmTitle')}
          {/* An immediate cancellation ends access now: no "active until" promise. */}
          {mode !== 'immediately' && subscription?.currentPeriodEnd ? (
            <p {...part('message')}>
              {t('confirmText', { date: format.date(subscription.currentPeriodEnd) })}
            </p>
          ) : null}
          <div {...part('actions')}>
            <button
              type="button"
              aria-disabled={busy || undefined}
              onClick={() => busy || send(choice, Boolean(offer))}
              {...part('confirm', busy ? 'pending' : undefined)}
            >
              {busy ? t('saving') : t('confirmCancel')}
            </button>
            {keep}
          </div>
        </>
      ) : (
        <>
          {title('cancelTitle')}
          <ReasonStep
            busy={busy}
            onKeep={onKeep}
            onContinue={(reason, comment) => {
              const picked = { reason, comment };
              setChoice(picked);
              // Only the server knows the offer: ask it when one is available, otherwise confirm first.
              if (subscription?.retentionOfferAvailable) void send(picked, false);
              else setStep('confirm');
            }}
          />
        </>
      )}
      {/* One region for the whole flow, there before any action: waiting, then the outcome. */}
      <Status
        text={
          cancel.data?.type === 'portal'
            ? t('redirecting')
            : cancel.isPending || accept.isPending || resume.isPending
              ? t('saving')
              : shown === 'retained' && t('offerAccepted')
        }
        shown={shown === 'retained'}
      />
      <ErrorMessage error={cancel.error ?? accept.error ?? resume.error} />
    </Root>
  );
}
