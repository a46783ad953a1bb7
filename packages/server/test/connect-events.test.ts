import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { makeBilling, signedEventRequest, useEmulator } from './harness';

const env = useEmulator();
const secret = 'whsec_test_connect';

function signed(id: string, account: string | undefined) {
  return signedEventRequest(env.stripe, secret, {
    id,
    object: 'event',
    type: 'customer.subscription.deleted',
    api_version: '2026-10-28.endive',
    created: 1,
    ...(account ? { account } : {}),
    data: { object: { object: 'subscription', id: 'sub_connected', customer: 'cus_other', metadata: {} } },
  });
}

describe('webhook events of connected accounts (issue 15.7)', () => {
  test('are refused with 400 and run no callback unless the app configured Connect', async () => {
    const deleted: string[] = [];
    const store = createMemoryStore();
    const billing = makeBilling(env.emulator, {
      store,
      webhook: { secret, on: { subscriptionDeleted: (subscription) => void deleted.push(subscription.id) } },
    });
    const refused = await billing.handler(signed('evt_connect_1', 'acct_other'));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('invalid_request');
    expect(deleted).toEqual([]);
    expect(await store.get('plankit:event:evt_connect_1')).toBeNull();
    expect(billing.log.some((line) => line.includes('acct_other'))).toBe(true);
    // The platform's own events still pass.
    expect((await billing.handler(signed('evt_own', undefined))).status).toBe(200);
    expect(deleted).toEqual(['sub_connected']);
  });

  test('are accepted with webhook.connect', async () => {
    const deleted: string[] = [];
    const billing = makeBilling(env.emulator, {
      webhook: { secret, connect: true, on: { subscriptionDeleted: (s) => void deleted.push(s.id) } },
    });
    expect((await billing.handler(signed('evt_connect_2', 'acct_other'))).status).toBe(200);
    expect(deleted).toEqual(['sub_connected']);
  });
});
