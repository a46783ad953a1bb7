import type { AfterCompletion, BillingInterval, SubscriptionSummary } from '@plankit/core';
import { type RefObject, useId, useState } from 'react';
import { useChangePlan } from '../../hooks/use-change-plan';
import { usePlanChangePreview } from '../../hooks/use-plan-change-preview';
import { usePlans } from '../../hooks/use-plans';
import { usePortal } from '../../hooks/use-portal';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { usePlankit } from '../../provider';
import type { PlanSelection } from '../pricing-table/plan-card';
import { AlertDialog } from '../shared/alert-dialog';
import { ErrorMessage, part, Status } from '../shared/parts';
import { isCodeError, PromotionCodeField } from '../shared/promotion-code-field';

export interface PlanSwitchConfirmProps {
  /** The plan to switch to; the dialog is open while this is set. */
  change: PlanSelection | null | undefined;
  /** Closes the dialog (Cancel, Escape, or after an in-app change). */
  onClose(): void;
  /**
   * `portal` (default) confirms on Stripe's subscription_update_confirm page (seed 002);
   * `in-app` applies the change here through `/change-plan` (the server must allow it).
   */
  mode?: 'portal' | 'in-app';
  /** Shows a promotion code field that is checked in the preview. */
  promotionCode?: boolean;
  /** The portal's way back to the app. */
  returnTo?: string;
  /**
   * Where the customer lands after confirming on the portal (`mode="portal"`). Default: a redirect to
   * `returnTo`, else to the page the dialog was confirmed on, so the customer comes back to the app instead of
   * staying on Stripe's page.
   */
  afterCompletion?: AfterCompletion;
  /** Called after an in-app change with the updated subscription. */
  onChanged?(subscription: SubscriptionSummary): void;
  /**
   * Where focus returns on close. Default: what had focus when the dialog opened; pass your trigger when a
   * click may not focus it (Safari, Firefox on macOS).
   */
  returnFocus?: RefObject<HTMLElement | null>;
  className?: string;
}

/** Confirms a plan switch in an alert dialog: current plan -> new plan, what is due today and next. */
export function PlanSwitchConfirm(props: PlanSwitchConfirmProps) {
  const subscription = currentSubscription(useSubscription().data);
  // Wait for the catalog so the dialog never flashes raw plan keys instead of plan names.
  const catalogPending = usePlans().isPending;
  return props.change && subscription && !catalogPending ? (
    <SwitchDialog {...props} change={props.change} subscription={subscription} />
  ) : null;
}

function SwitchDialog({
  change,
  subscription,
  onClose,
  mode = 'portal',
  promotionCode,
  returnTo,
  afterCompletion,
  onChanged,
  returnFocus,
  className,
}: PlanSwitchConfirmProps & { change: PlanSelection; subscription: SubscriptionSummary }) {
  const { format } = usePlankit();
  const { t } = format;
  const ids = useId();
  const catalog = usePlans().data;
  const [code, setCode] = useState('');
  const [applied, setApplied] = useState<string>();
  const request = { subscription: subscription.id, ...change, promotionCode: applied };
  const portal = usePortal();
  const changePlan = useChangePlan();
  // Idle once the change went through: the dialog is closing, and its preview (dropped with the old plan's) is moot.
  const preview = usePlanChangePreview(changePlan.isSuccess ? null : request);
  const busy = portal.isPending || portal.isSuccess || changePlan.isPending;
  const label = (plan: string | null, interval: BillingInterval | null) =>
    t('planInterval', {
      plan: catalog?.plans.find((entry) => entry.key === plan)?.name ?? plan ?? '',
      interval: interval ? t(interval) : '',
    });
  const confirm = async () => {
    if (busy || !preview.data) return;
    if (mode === 'portal') {
      return portal.mutate({
        flow: 'subscription_update_confirm',
        ...request,
        returnTo,
        // The current page is read now, on click: never during render (server rendering has no window).
        afterCompletion: afterCompletion ?? {
          type: 'redirect',
          returnTo: returnTo ?? window.location.href,
        },
      });
    }
    const answer = await changePlan
      .mutateAsync({ ...request, prorationDate: preview.data.prorationDate })
      .catch(() => {});
    if (answer) {
      onChanged?.(answer.subscription);
      onClose();
    }
  };
  const data = preview.data;
  const error = preview.error ?? portal.error ?? changePlan.error;
  const dueToday = data && format.money(data.dueNow, data.currency);
  const nextInvoice =
    data &&
    (data.nextInvoice.date
      ? t('nextInvoiceOn', {
          amount: format.money(data.nextInvoice.amount, data.currency),
          date: format.date(data.nextInvoice.date),
        })
      : format.money(data.nextInvoice.amount, data.currency));
  return (
    <AlertDialog
      name="plan-switch-confirm"
      state={busy ? 'pending' : preview.isError ? 'error' : data ? 'ready' : 'loading'}
      labelledBy={`${ids}t`}
      describedBy={`${ids}d`}
      onClose={onClose}
      returnFocus={returnFocus}
      className={className}
    >
      <h2 id={`${ids}t`} {...part('title')}>
        {t('switchTitle')}
      </h2>
      <p id={`${ids}d`} {...part('description')}>
        {t('switchFrom', {
          from: label(subscription.planKey, subscription.interval),
          to: label(change.plan, change.interval),
        })}
        {change.quantity ? ` · ${t('seatCount', { count: change.quantity })}` : ''}
      </p>
      {/* Waiting, then the amounts (also after a promotion code), written into one persistent region. */}
      <Status
        text={
          busy
            ? t(mode === 'in-app' ? 'saving' : 'redirecting')
            : data
              ? `${t('dueToday')}: ${dueToday}. ${t('nextInvoice')}: ${nextInvoice}.`
              : !preview.isError && t('calculating')
        }
        shown={!busy && !data}
      />
      {data ? (
        <dl {...part('preview')}>
          <dt>{t('dueToday')}</dt>
          <dd {...part('due-today')}>{dueToday}</dd>
          <dt>{t('nextInvoice')}</dt>
          <dd {...part('next-invoice')}>{nextInvoice}</dd>
        </dl>
      ) : null}
      <ErrorMessage error={promotionCode && isCodeError(error) ? null : error} />
      {promotionCode ? (
        <form
          {...part('promotion-code')}
          onSubmit={(event) => {
            event.preventDefault();
            setApplied(code.trim() || undefined);
          }}
        >
          <PromotionCodeField id={`${ids}c`} value={code} onChange={setCode} error={preview.error}>
            {' '}
            <button type="submit">{t('apply')}</button>
          </PromotionCodeField>
        </form>
      ) : null}
      <div {...part('actions')}>
        <button type="button" data-autofocus onClick={onClose} {...part('cancel')}>
          {t('cancel')}
        </button>
        <button
          type="button"
          aria-disabled={busy || !data || undefined}
          onClick={confirm}
          {...part('confirm', busy ? 'pending' : undefined)}
        >
          {busy ? t(mode === 'in-app' ? 'saving' : 'redirecting') : t('confirm')}
        </button>
      </div>
    </AlertDialog>
  );
}
