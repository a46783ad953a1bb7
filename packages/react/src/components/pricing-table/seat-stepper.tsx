import { usePlankit } from '../../provider';
import { part } from '../shared/parts';

export interface SeatStepperProps {
  value: number;
  min: number;
  max: number;
  onChange(value: number): void;
}

/** Per-seat quantity: "−", a number field, "+", and the count in words ("3 seats"). */
export function SeatStepper({ value, min, max, onChange }: SeatStepperProps) {
  const { t } = usePlankit().format;
  const set = (next: number) => onChange(Math.min(max, Math.max(min, Math.round(next) || min)));
  return (
    <fieldset {...part('seats')}>
      <legend>{t('seats')}</legend>
      <button
        type="button"
        aria-label={t('fewer')}
        disabled={value <= min}
        onClick={() => set(value - 1)}
        {...part('seats-decrement')}
      >
        −
      </button>
      <input
        type="number"
        inputMode="numeric"
        aria-label={t('seats')}
        min={min}
        max={max}
        value={value}
        onChange={(event) => set(Number(event.target.value))}
        {...part('seats-input')}
      />
      <button
        type="button"
        aria-label={t('more')}
        disabled={value >= max}
        onClick={() => set(value + 1)}
        {...part('seats-increment')}
      >
        +
      </button>
      <span aria-live="polite" {...part('seat-count')}>
        {t('seatCount', { count: value })}
      </span>
    </fieldset>
  );
}
