import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../store/memory-store';
import {
  maxRememberedProrationDates,
  prorationDateMaxAgeMs,
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

  it('remembers a date previewed again once, so it does not push the other dates out', async () => {
    const store = createMemoryStore();
    await rememberProrationDate(store, 'sub_1', 1_800_000_000);
    for (let preview = 0; preview < maxRememberedProrationDates; preview += 1) {
      await rememberProrationDate(store, 'sub_1', 1_800_000_001);
    }
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(true);
    expect(JSON.parse((await store.get('plankit:proration:sub_1')) ?? 'null')).toHaveLength(2);
  });

  it('treats an unreadable entry as nothing issued', async () => {
    const store = createMemoryStore();
    await store.set('plankit:proration:sub_1', 'not json');
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(false);
    await rememberProrationDate(store, 'sub_1', 1_800_000_000);
    expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(true);
    expect(JSON.parse((await store.get('plankit:proration:sub_1')) ?? 'null')).toEqual([
      [1_800_000_000, expect.any(Number)],
    ]);
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

  describe('with a frozen clock', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('honours a date for an hour, not a millisecond longer', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_000_000);
      // The store's own clock stands still, so only the hour rule decides.
      const store = createMemoryStore({ now: () => 0 });
      await rememberProrationDate(store, 'sub_1', 1_800_000_000);
      vi.setSystemTime(1_000_000 + prorationDateMaxAgeMs - 1);
      expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(true);
      vi.setSystemTime(1_000_000 + prorationDateMaxAgeMs);
      expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_000)).toBe(false);
    });

    it('keeps only well-formed, recent entries when it writes the list back', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const now = 5_000_000;
      vi.setSystemTime(now);
      const store = createMemoryStore({ now: () => 0 });
      const stale = now - prorationDateMaxAgeMs;
      await store.set(
        'plankit:proration:sub_1',
        JSON.stringify([
          [1_800_000_001, now - 10],
          [1_800_000_002, stale],
          { 0: 1_800_000_003, 1: now },
          [1.5, now],
          [1_800_000_005, String(now - 10)],
          'junk',
          7,
        ]),
      );
      expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_001)).toBe(true);
      expect(await wasProrationDateIssued(store, 'sub_1', 1_800_000_003)).toBe(false);
      await rememberProrationDate(store, 'sub_1', 1_800_000_009);
      expect(JSON.parse((await store.get('plankit:proration:sub_1')) ?? 'null')).toEqual([
        [1_800_000_001, now - 10],
        [1_800_000_009, now],
      ]);
    });
  });
});
