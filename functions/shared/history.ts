/** A log's stored events as the planner reads them. */
import type { CaseEvent } from '../../workflows/events.js';
import type { EventSource, StoredEvent } from '../adapters/ports.js';

/**
 * An eventId qualified by its source: the case management system's ids and staff's
 * are kept apart, so an id staff chose cannot shadow one the system sends later.
 */
export const qualifiedId = (source: EventSource, eventId: string): string => `${source}:${eventId}`;

/**
 * The log's events in position order, ids qualified by source. A retraction already
 * names its event by the qualified id, so the planner can leave both out.
 */
export function plannerEvents(history: readonly StoredEvent[]): CaseEvent[] {
  return history.map((h) =>
    h.event.type === 'EventRetracted'
      ? h.event
      : ({ ...h.event, eventId: qualifiedId(h.source, h.eventId) } as CaseEvent),
  );
}
