import { useEvents } from '../demo-api';
import { usePreferences } from '../preferences';

/** The webhooks the app received for the signed-in user, so a visitor sees `cancellation_details` arrive. */
export function EventsPanel() {
  const { m, f, locale } = usePreferences();
  const events = useEvents(true);
  const list = events.data?.events ?? [];
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  return (
    <section className="panel events-panel" aria-labelledby="events-heading">
      <h2 id="events-heading">{m.eventsHeading}</h2>
      <p className="muted">{m.eventsIntro}</p>
      {list.length === 0 ? (
        <p>{m.eventsEmpty}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.eventType}</th>
                <th scope="col">{m.eventTime}</th>
                <th scope="col">{m.eventDetails}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((event) => (
                <tr key={event.id} data-event-type={event.type}>
                  <td>
                    <code>{event.type}</code>
                  </td>
                  <td>{time.format(new Date(event.receivedAt))}</td>
                  <td>
                    {[
                      event.status,
                      event.cancellationDetails?.feedback
                        ? f(m.cancellationReason, { reason: event.cancellationDetails.feedback })
                        : null,
                      event.cancellationDetails?.comment
                        ? f(m.cancellationComment, { comment: event.cancellationDetails.comment })
                        : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
