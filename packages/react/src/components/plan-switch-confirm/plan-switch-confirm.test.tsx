import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { deferred, fakeServer } from '../../../test/fake-server';
import { catalog, subscribed, summary } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import type { PlanSelection } from '../pricing-table/plan-card';
import { PlanSwitchConfirm, type PlanSwitchConfirmProps } from './plan-switch-confirm';

const portalUrl = 'https://billing.stripe.test/p/session_2';
const preview = {
  currency: 'usd',
  dueNow: 1450,
  nextInvoice: { amount: 2900, date: '2026-08-01T00:00:00.000Z' },
  lines: [],
  prorationDate: 1_780_000_000,
};

function Harness(props: Omit<PlanSwitchConfirmProps, 'change' | 'onClose'>) {
  const [change, setChange] = useState<PlanSelection | null>(null);
  return (
    <>
      <button type="button" onClick={() => setChange({ plan: 'pro', interval: 'year' })}>
        Open
      </button>
      <PlanSwitchConfirm {...props} change={change} onClose={() => setChange(null)} />
    </>
  );
}

function TwoTargets() {
  const [change, setChange] = useState<PlanSelection | null>(null);
  return (
    <>
      <button type="button" onClick={() => setChange({ plan: 'pro', interval: 'year' })}>
        Open pro
      </button>
      <button type="button" onClick={() => setChange({ plan: 'team', interval: 'month' })}>
        Open team
      </button>
      <PlanSwitchConfirm mode="in-app" change={change} onClose={() => setChange(null)} />
    </>
  );
}

function server(hold?: Promise<unknown>) {
  return fakeServer({
    plans: () => ({ body: catalog }),
    subscription: () => ({ body: subscribed() }),
    previewChange: async (body) => {
      await hold;
      const code = (body as { promotionCode?: string }).promotionCode;
      if (code === 'NOPE') return { error: 'invalid_promotion_code' };
      return { body: { ...preview, dueNow: code ? 1000 : 1450 } };
    },
    portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    changePlan: () => ({
      body: { type: 'updated', subscription: summary({ planKey: 'pro', interval: 'year' }) },
    }),
  });
}

const initialData = { plans: catalog, subscription: subscribed() };

describe('PlanSwitchConfirm', () => {
  it('is an accessible alert dialog: focus on Cancel, trapped, Escape closes, focus returns', async () => {
    const gate = deferred<void>();
    const api = server(gate.promise);
    const { container } = renderWithPlankit(<Harness />, { fetch: api.fetch, initialData });
    const trigger = screen.getByRole('button', { name: 'Open' });
    await userEvent.click(trigger);
    const dialog = screen.getByRole('alertdialog', { name: 'Switch plan' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe(
      'From Starter (Monthly) to Pro (Yearly)',
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('status').textContent).toBe('Calculating…');
    await expectNoAxeViolations(container);

    gate.resolve();
    expect(await screen.findByText('$14.50')).toBeTruthy();
    expect(screen.getByText('$29 on August 1, 2026')).toBeTruthy();
    await expectNoAxeViolations(container);

    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Confirm switch' }));
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Confirm switch' }));

    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('keeps Escape and the Tab trap working after a click on the dialog’s text or its backdrop', async () => {
    const api = server();
    renderWithPlankit(<Harness />, { fetch: api.fetch, initialData });
    const trigger = screen.getByRole('button', { name: 'Open' });
    await userEvent.click(trigger);
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('heading', { name: 'Switch plan' }));
    await userEvent.tab({ shift: true });
    expect(screen.getByRole('alertdialog').contains(document.activeElement)).toBe(true);
    // A click on the backdrop of a modal <dialog> hits the dialog element itself.
    await userEvent.click(screen.getByRole('alertdialog'));
    expect(screen.getByRole('alertdialog').contains(document.activeElement)).toBe(true);
    await userEvent.click(screen.getByText('Due today'));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('confirms through the subscription_update_confirm deep link', async () => {
    const api = server();
    const { navigate } = renderWithPlankit(<Harness returnTo="/account" />, {
      fetch: api.fetch,
      initialData,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toEqual({
      flow: 'subscription_update_confirm',
      subscription: 'sub_123',
      plan: 'pro',
      interval: 'year',
      returnTo: '/account',
      // After confirming on Stripe's page, the customer comes back to the app.
      afterCompletion: { type: 'redirect', returnTo: '/account' },
      locale: 'en',
    });
    expect(api.callsTo('changePlan')).toHaveLength(0);
  });

  it('without returnTo, returns after completion to the page the switch was confirmed on', async () => {
    const api = server();
    const { navigate } = renderWithPlankit(<Harness />, { fetch: api.fetch, initialData });
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    // The page changed after the dialog rendered: the address is read on click, not at render.
    window.history.pushState(null, '', '/billing?tab=plans');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    const body = api.callsTo('portal')[0]?.body as Record<string, unknown>;
    expect(body.returnTo).toBeUndefined();
    expect(body.afterCompletion).toEqual({
      type: 'redirect',
      returnTo: `${window.location.origin}/billing?tab=plans`,
    });
  });

  it('passes a chosen afterCompletion through', async () => {
    const api = server();
    const { navigate } = renderWithPlankit(
      <Harness returnTo="/account" afterCompletion={{ type: 'hosted_confirmation', message: 'Switched!' }} />,
      { fetch: api.fetch, initialData },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toMatchObject({
      returnTo: '/account',
      afterCompletion: { type: 'hosted_confirmation', message: 'Switched!' },
    });
  });

  it('applies a promotion code to the preview and shows a refused one', async () => {
    const api = server();
    const { container } = renderWithPlankit(<Harness promotionCode />, { fetch: api.fetch, initialData });
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    const field = screen.getByLabelText('Promotion code');
    await userEvent.type(field, 'NOPE');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    // Under the field and tied to it, not a general alert at the other end of the dialog.
    const error = await screen.findByText('That promotion code is not valid.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(error.id);
    expect(screen.queryByRole('alert')).toBeNull();
    await expectNoAxeViolations(container);
    await userEvent.clear(field);
    await userEvent.type(field, 'WELCOME10{Enter}');
    expect(await screen.findByText('$10')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe(null);
    expect(api.callsTo('previewChange').at(-1)?.body).toMatchObject({ promotionCode: 'WELCOME10' });
  });

  it('changes the plan in the app when mode is in-app', async () => {
    const api = server();
    const changed: string[] = [];
    renderWithPlankit(<Harness mode="in-app" onChanged={(sub) => changed.push(sub.planKey ?? '')} />, {
      fetch: api.fetch,
      initialData,
    });
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    await userEvent.dblClick(screen.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(api.callsTo('changePlan')).toHaveLength(1);
    expect(api.callsTo('changePlan')[0]?.body).toMatchObject({
      plan: 'pro',
      prorationDate: preview.prorationDate,
    });
    expect(changed).toEqual(['pro']);
  });

  it('previews again after an in-app change instead of reusing a preview priced against the old plan', async () => {
    let dueNow = 1450;
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: subscribed() }),
      previewChange: () => ({ body: { ...preview, dueNow } }),
      changePlan: () => {
        dueNow = 700;
        return { body: { type: 'updated', subscription: summary({ planKey: 'team', interval: 'month' }) } };
      },
    });
    renderWithPlankit(<TwoTargets />, { fetch: api.fetch, initialData });
    await userEvent.click(screen.getByRole('button', { name: 'Open pro' }));
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Open team' }));
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    // The plan is now Team: the Pro preview cached before the change is wrong (amounts and proration date).
    await userEvent.click(screen.getByRole('button', { name: 'Open pro' }));
    expect(await screen.findByText('$7')).toBeTruthy();
    expect(api.callsTo('previewChange')).toHaveLength(3);
  });

  it('says it is saving, not redirecting, while an in-app change runs', async () => {
    const gate = deferred<void>();
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: subscribed() }),
      previewChange: () => ({ body: preview }),
      changePlan: async () => {
        await gate.promise;
        return { body: { type: 'updated', subscription: summary({ planKey: 'pro', interval: 'year' }) } };
      },
    });
    renderWithPlankit(<Harness mode="in-app" />, { fetch: api.fetch, initialData });
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    await screen.findByText('$14.50');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm switch' }));
    expect(await screen.findByRole('button', { name: 'Saving…' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Redirecting…' })).toBeNull();
    gate.resolve();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });
});
