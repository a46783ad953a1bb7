import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useEvents } from '../demo-api';
import { usePreferences } from '../preferences';

/** The webhooks the app received for the signed-in user, so a visitor sees `cancellation_details` arrive. */
/** The newest events shown; older ones are counted, so the page stays one screen tall. */
const shownEvents = 8;

export function EventsPanel() {
  const { m, f, locale } = usePreferences();
  const events = useEvents(true);
  const list = events.data?.events ?? [];
  const newest = list[0]?.id;
  const queryClient = useQueryClient();
  // A new webhook means Stripe's state changed (renewal, payment, cancellation): refresh the billing queries.
  useEffect(() => {
    if (newest) void queryClient.invalidateQueries({ queryKey: ['plankit'] });
  }, [newest, queryClient]);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  return (
    <section className="panel events-panel" aria-labelledby="events-heading">
      <h2 id="events-heading">{m.eventsHeading}</h2>
      <p className="muted">{m.eventsIntro}</p>
      {list.length === 0 ? (
        <p>{m.eventsEmpty}</p>
      ) : (
        <ol className="event-list">
          {list.slice(0, shownEvents).map((event) => {
            const details = event.cancellationDetails;
            const facts = [
              event.status,
              details?.feedback ? f(m.cancellationReason, { reason: details.feedback }) : null,
              details?.comment ? f(m.cancellationComment, { comment: details.comment }) : null,
            ].filter(Boolean);
            return (
              <li key={event.id} data-event-type={event.type}>
                <code className="event-type">{event.type}</code>{' '}
                <time className="muted" dateTime={event.receivedAt}>
                  {time.format(new Date(event.receivedAt))}
                </time>
                {facts.length ? <p className="event-facts">{facts.join(' · ')}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
      {list.length > shownEvents ? (
        <p className="muted" data-events-older>
          {f(m.eventsOlder, { count: String(list.length - shownEvents) })}
        </p>
      ) : null}
    </section>
  );
}
