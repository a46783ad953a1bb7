import type { AfterCompletion, PortalRequest } from '@plankit/core';
import type { ReactNode } from 'react';
import { usePortal } from '../../hooks/use-portal';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { usePlankit } from '../../provider';
import { ErrorMessage, part, Root, Status } from '../shared/parts';

/** The portal pages the button can open (seed 002); the confirm flow belongs to `<PlanSwitchConfirm>`. */
export type ManageFlow = 'homepage' | 'payment_method_update' | 'subscription_cancel' | 'subscription_update';

export interface ManageSubscriptionButtonProps {
  /** The portal's homepage (default) or one deep-linked flow. */
  flow?: ManageFlow;
  /** The portal's way back to the app. */
  returnTo?: string;
  /** Where the customer lands after finishing the flow. */
  afterCompletion?: AfterCompletion;
  /** The button's label. Default: "Manage" ("Update payment method" for that flow). */
  children?: ReactNode;
  className?: string;
}

/** Opens the customer portal for the signed-in customer; shows a pending state and errors. */
export function ManageSubscriptionButton({
  flow = 'homepage',
  returnTo,
  afterCompletion,
  children,
  className,
}: ManageSubscriptionButtonProps) {
  const { format } = usePlankit();
  const portal = usePortal();
  const state = useSubscription();
  const subscription = currentSubscription(state.data);
  const busy = portal.isPending || portal.isSuccess;
  // A flow on the subscription waits for it: a click before it loads would open the homepage instead.
  const waiting = state.isPending && flow !== 'homepage' && flow !== 'payment_method_update';
  const open = () => {
    if (busy || waiting) return;
    // Flows on a subscription need one; without it the homepage is the honest place to go.
    const request: PortalRequest =
      flow === 'homepage' || (flow !== 'payment_method_update' && !subscription)
        ? { flow: 'homepage', returnTo }
        : flow === 'payment_method_update'
          ? { flow, returnTo, afterCompletion }
          : { flow, subscription: subscription!.id, returnTo, afterCompletion };
    portal.mutate(request);
  };
  return (
    <Root
      part="manage-subscription"
      state={busy ? 'pending' : portal.isError ? 'error' : 'idle'}
      className={className}
    >
      <button type="button" aria-disabled={busy || waiting || undefined} onClick={open} {...part('button')}>
        {busy
          ? format.t('redirecting')
          : (children ?? format.t(flow === 'payment_method_update' ? 'updatePayment' : 'manage'))}
      </button>
      <Status text={busy && format.t('redirecting')} />
      <ErrorMessage error={portal.error} />
    </Root>
  );
}

export type UpdatePaymentMethodButtonProps = Omit<ManageSubscriptionButtonProps, 'flow'>;

/** Opens the portal's payment_method_update deep link. */
export function UpdatePaymentMethodButton(props: UpdatePaymentMethodButtonProps) {
  return <ManageSubscriptionButton {...props} flow="payment_method_update" />;
}
