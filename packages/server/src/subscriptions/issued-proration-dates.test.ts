import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store';
import {
  maxRememberedProrationDates,
  rememberProrationDate,
  wasProrationDateIssued,
} from './issued-proration-dates';

describe('issued proration dates', () => {
  it('accepts a date a preview issued, and no other', async () => {
    const store = createMemoryStore();
    await rememberProrationDate(store, 'sub_1', 1_800_000_000);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(true);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_001)).toBe(false);
    expect(await wasProrationDateIssued(store, 'sub_2', 1_800_000_000)).toBe(false);
  });

  it('keeps one store entry per subscription however many previews, with the latest dates', async () => {
    const store = createMemoryStore();
    for (let second = 0; second < 500; second += 1) {
      await rememberProrationDate(store, 'sub_1', 1_800_000_000 + second);
    }
    expect(store.size).toBe(1);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_499)).toBe(true);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_500 - maxRememberedProrationDates)).toBe(
      true,
    );
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(false);
  });

  it('treats an unreadable entry as nothing issued', async () => {
    const store = createMemoryStore();
    await store.set('plankit:proration:sub_1', 'not json');
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(false);
    await rememberProrationDate(store, 'sub_1', 1_800_000_000);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(true);
  });

  it('replaces an entry that is JSON but not a list with the new date alone', async () => {
    const store = createMemoryStore();
    await store.set('plankit:proration:sub_1', '{"1800000000":1}');
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(false);
    await rememberProrationDate(store, 'sub_1', 1_800_000_001);
    const stored = JSON.parse((await store.get('plankit:proration:sub_1')) ?? 'null');
    expect(stored).toEqual([[1_800_000_001, expect.any(Number)]]);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_001)).toBe(true);
  });
});
