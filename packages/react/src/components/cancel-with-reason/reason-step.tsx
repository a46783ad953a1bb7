import { type CancellationReason, cancellationReasons, maxCommentLength } from '@plankit/core';
import { type FormEvent, useId, useState } from 'react';
import { usePlankit } from '../../provider';
import { part } from '../shared/parts';

export interface ReasonStepProps {
  /** Called with the reason and the comment (the "Other" text and the optional comment, joined). */
  onContinue(reason: CancellationReason, comment: string | undefined): void;
  onKeep?(): void;
  busy: boolean;
}

/** Step 1: the eight reasons in Stripe's order (seed 003) as a radio group, "Other" with a text field. */
export function ReasonStep({ onContinue, onKeep, busy }: ReasonStepProps) {
  const { t } = usePlankit().format;
  const ids = useId();
  const [reason, setReason] = useState<CancellationReason>();
  const [other, setOther] = useState('');
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!reason) return setMissing(true);
    const text = [reason === 'other' ? other.trim() : '', comment.trim()].filter(Boolean).join('\n');
    onContinue(reason, text.slice(0, maxCommentLength) || undefined);
  };
  return (
    <form onSubmit={submit} noValidate {...part('reason-step')}>
      {/* Required on the group (a required radio input would read as invalid before any submit). */}
      <fieldset
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: aria-required needs radiogroup; the legend still names it
        role="radiogroup"
        aria-required="true"
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${ids}e` : undefined}
        {...part('reasons')}
      >
        <legend>{t('reasonLegend')}</legend>
        {cancellationReasons.map((value) => (
          <label key={value} {...part('reason', reason === value ? 'checked' : 'unchecked')}>
            <input
              type="radio"
              name={`${ids}r`}
              value={value}
              checked={reason === value}
              aria-invalid={missing || undefined}
              onChange={() => {
                setReason(value);
                setMissing(false);
              }}
            />{' '}
            {t(`reason_${value}`)}
          </label>
        ))}
      </fieldset>
      {reason === 'other' ? (
        <p {...part('other-reason')}>
          <label htmlFor={`${ids}o`}>{t('otherReason')}</label>
          <input
            id={`${ids}o`}
            value={other}
            maxLength={maxCommentLength}
            onChange={(e) => setOther(e.target.value)}
          />
        </p>
      ) : null}
      <p {...part('comment')}>
        <label htmlFor={`${ids}c`}>{t('comment')}</label>
        <textarea
          id={`${ids}c`}
          value={comment}
          maxLength={maxCommentLength}
          onChange={(e) => setComment(e.target.value)}
        />
      </p>
      {missing ? (
        <p id={`${ids}e`} role="alert" {...part('error')}>
          {t('chooseReason')}
        </p>
      ) : null}
      <div {...part('actions')}>
        <button
          type="submit"
          aria-disabled={busy || undefined}
          {...part('continue', busy ? 'pending' : undefined)}
        >
          {t('continue')}
        </button>
        {onKeep ? (
          <button type="button" onClick={onKeep} {...part('keep')}>
            {t('keep')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
