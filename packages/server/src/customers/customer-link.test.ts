import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../store/memory-store';
import { CustomerLink, customerLinkKey, noCustomerTtlMs } from './customer-link';

describe('CustomerLink (store keys)', () => {
  test('"no customer" never overwrites a link written meanwhile, and a link replaces the mark', async () => {
    const store = createMemoryStore();
    const link = new CustomerLink(store);
    await link.link('u1', 'cus_1');
    await link.markNoCustomer('u1');
    expect(await link.read('u1')).toEqual({ customerId: 'cus_1' });
    await link.markNoCustomer('u2');
    expect(await link.read('u2')).toBe('none');
    await link.link('u2', 'cus_2');
    expect(await link.read('u2')).toEqual({ customerId: 'cus_2' });
    expect(await store.get(customerLinkKey('u2'))).toBe('cus_2');
  });

  test('the mark expires; the link does not', async () => {
    let now = 0;
    const link = new CustomerLink(createMemoryStore({ now: () => now }));
    await link.markNoCustomer('u1');
    await link.link('u2', 'cus_2');
    now += noCustomerTtlMs + 1;
    expect(await link.read('u1')).toBeNull();
    expect(await link.read('u2')).toEqual({ customerId: 'cus_2' });
  });

  test('unlink drops the link only while it names that customer', async () => {
    const link = new CustomerLink(createMemoryStore());
    await link.link('u1', 'cus_new');
    await link.unlink('u1', 'cus_old');
    expect(await link.read('u1')).toEqual({ customerId: 'cus_new' });
    await link.unlink('u1', 'cus_new');
    expect(await link.read('u1')).toBeNull();
  });
});
