import { useId, useState } from 'react';
import { usePlankit } from '../../provider';
import { part } from '../shared/parts';

export interface SeatStepperProps {
  /** The quantity: a whole number of seats, or NaN while the field is empty. */
  value: number;
  min: number;
  max: number;
  /** Every edit, unclamped (NaN for an empty field): the owner refuses to act while it is out of range. */
  onChange(value: number): void;
  /** The field's id, so the owner can move focus to it when it refuses an out-of-range quantity. */
  id?: string;
  /** Shows the range message now (the owner tried to act), not only after blur or Enter. */
  check?: boolean;
}

/** Whether a quantity is a whole number of seats within the plan's range. */
export function seatsInRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Per-seat quantity: "−", a number field, "+", and the count in words ("3 seats"). Typing keeps a draft (no
 * clamping per keystroke); out of range after blur, Enter or the owner's action, the field is marked invalid and
 * described by "Choose 2 to 50 seats". The buttons stay focusable at the bounds (aria-disabled).
 */
export function SeatStepper({ value, min, max, onChange, id, check }: SeatStepperProps) {
  const { t } = usePlankit().format;
  const ids = useId();
  const [draft, setDraft] = useState(String(value));
  const [checked, setChecked] = useState(false);
  const valid = seatsInRange(value, min, max);
  const invalid = !valid && (checked || check);
  const edit = (text: string) => {
    setDraft(text);
    onChange(text.trim() ? Number(text) : Number.NaN);
  };
  const step = (by: number) => {
    const base = Number.isFinite(value) ? Math.round(value) : min;
    edit(String(Math.min(max, Math.max(min, base + by))));
  };
  const atMin = valid && value <= min;
  const atMax = valid && value >= max;
  return (
    <fieldset {...part('seats')}>
      <legend>{t('seats')}</legend>
      <button
        type="button"
        aria-label={t('fewer')}
        aria-disabled={atMin || undefined}
        onClick={() => atMin || step(-1)}
        {...part('seats-decrement')}
      >
        −
      </button>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        aria-label={t('seats')}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${ids}e` : undefined}
        min={min}
        max={max}
        value={draft}
        onChange={(event) => edit(event.target.value)}
        onBlur={() => setChecked(true)}
        onKeyDown={(event) => event.key === 'Enter' && setChecked(true)}
        {...part('seats-input')}
      />
      <button
        type="button"
        aria-label={t('more')}
        aria-disabled={atMax || undefined}
        onClick={() => atMax || step(1)}
        {...part('seats-increment')}
      >
        +
      </button>
      <span aria-live="polite" {...part('seat-count')}>
        {valid ? t('seatCount', { count: value }) : ''}
      </span>
      <span id={`${ids}e`} aria-live="polite" {...part('seats-error')}>
        {invalid ? t('seatRange', { min, max }) : ''}
      </span>
    </fieldset>
  );
}
