import { useState } from 'react';
import { useAdvanceClock, useFailingCard, useSession } from '../demo-api';
import { usePreferences } from '../preferences';

/** Emulator only: move the clock forward (renewal, trial end) or make the next renewal fail. */
export function DemoControls() {
  const { m, f, locale } = usePreferences();
  const session = useSession();
  const advance = useAdvanceClock();
  const failingCard = useFailingCard();
  // The outcome of the last control used, announced in the status line.
  const [outcome, setOutcome] = useState<{ kind: 'card' } | { kind: 'clock'; now: string } | null>(null);
  if (session.data?.stripe !== 'emulator' || !session.data.clock) return null;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
  const busy = advance.isPending || failingCard.isPending;
  const message =
    outcome?.kind === 'card'
      ? m.failingCardDone
      : outcome?.kind === 'clock'
        ? f(m.clockMoved, { time: date.format(new Date(outcome.now)) })
        : null;
  const move = (days: number) => {
    if (!busy) advance.mutate(days, { onSuccess: ({ now }) => setOutcome({ kind: 'clock', now }) });
  };
  return (
    <section className="panel demo-controls" aria-labelledby="demo-controls-heading">
      <h2 id="demo-controls-heading">{m.demoControls}</h2>
      <p className="muted">{m.demoControlsIntro}</p>
      <p>{f(m.emulatorTime, { time: date.format(new Date(session.data.clock)) })}</p>
      <div className="button-row">
        <button
          type="button"
          className="button-secondary"
          aria-disabled={busy || undefined}
          onClick={() =>
            busy || failingCard.mutate(undefined, { onSuccess: () => setOutcome({ kind: 'card' }) })
          }
        >
          {m.failingCard}
        </button>
        <button
          type="button"
          className="button-secondary"
          aria-disabled={busy || undefined}
          onClick={() => move(1)}
        >
          {m.advanceDay}
        </button>
        <button
          type="button"
          className="button-secondary"
          aria-disabled={busy || undefined}
          onClick={() => move(31)}
        >
          {m.advanceMonth}
        </button>
      </div>
      <p role="status" className="muted">
        {message}
      </p>
    </section>
  );
}
