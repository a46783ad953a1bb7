import type { ReactNode } from 'react';
import { isPlankitError } from '../../plankit-error';
import { usePlankit } from '../../provider';
import { part } from './parts';

export interface PromotionCodeFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  /** The last answer's error: an `invalid_promotion_code` one is shown under the field and tied to it. */
  error: unknown;
  /** Rendered after the field and its error, e.g. an "Apply" button: the error stays right under the field. */
  children?: ReactNode;
}

/** Whether an error belongs to the promotion code field rather than to the component. */
export const isCodeError = (error: unknown) => isPlankitError(error, 'invalid_promotion_code');

/** "Promotion code": label, field and, right under it, the refusal (aria-invalid, aria-describedby, live). */
export function PromotionCodeField({ id, value, onChange, error, children }: PromotionCodeFieldProps) {
  const { t } = usePlankit().format;
  const invalid = isCodeError(error);
  return (
    <>
      <label htmlFor={id}>{t('promoCode')}</label>{' '}
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}e` : undefined}
      />
      <span id={`${id}e`} aria-live="polite" {...part('promotion-error')}>
        {invalid ? t('error_invalid_promotion_code') : ''}
      </span>
      {children}
    </>
  );
}
