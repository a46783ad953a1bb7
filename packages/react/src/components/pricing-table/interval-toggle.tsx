import type { BillingInterval } from '@plankit/core';
import { usePlankit } from '../../provider';
import { part } from '../shared/parts';

export interface IntervalToggleProps {
  intervals: readonly BillingInterval[];
  value: BillingInterval;
  onChange(interval: BillingInterval): void;
  /** Yearly saving, 0 to 1; shown next to "Yearly" when above 0. */
  saving: number;
}

/** Monthly / yearly switch: a group of toggle buttons (aria-pressed). */
export function IntervalToggle({ intervals, value, onChange, saving }: IntervalToggleProps) {
  const { t, percent } = usePlankit().format;
  return (
    <fieldset {...part('interval-toggle')}>
      <legend>{t('interval')}</legend>
      {intervals.map((interval) => (
        <button
          key={interval}
          type="button"
          aria-pressed={interval === value}
          onClick={() => onChange(interval)}
          {...part('interval', interval === value ? 'on' : 'off')}
        >
          {t(interval)}
          {interval === 'year' && saving >= 0.01 ? (
            <span {...part('saving')}> {t('save', { percent: percent(saving) })}</span>
          ) : null}
        </button>
      ))}
    </fieldset>
  );
}
