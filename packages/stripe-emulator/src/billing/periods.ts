export type Interval = 'day' | 'week' | 'month' | 'year';

/**
 * The timestamp `n` billing periods after `anchor`. Months are added in UTC calendar terms and
 * clamped to the month's last day (a Jan 31 anchor bills on Feb 28/29, then Mar 31), as Stripe does.
 */
export function addIntervals(anchor: number, interval: Interval, count: number, n = 1): number {
  const steps = count * n;
  if (interval === 'day') return anchor + steps * 86_400;
  if (interval === 'week') return anchor + steps * 7 * 86_400;
  const d = new Date(anchor * 1000);
  const months = interval === 'month' ? steps : steps * 12;
  const targetMonth = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000);
}

/** The end of the period that contains `start`, counting whole periods from `anchor`. */
export function periodEndAfter(anchor: number, start: number, interval: Interval, count: number): number {
  let n = 1;
  let end = addIntervals(anchor, interval, count, n);
  while (end <= start) {
    n += 1;
    end = addIntervals(anchor, interval, count, n);
  }
  return end;
}
