/**
 * The planner: a subject's whole history in, the obligations open on a date out.
 * The plan is always recomputed from the date-ordered history (ties keep arrival
 * order), so late and out-of-order events land where they belong.
 */
import { CalendarRangeError, type LocalDate, londonDate } from './calendar/index.js';
import { childProtection } from './child-protection/rules.js';
import { disputes } from './disputes/rules.js';
import { type CaseEvent, type CaseEventType, eventDate } from './events.js';
import { fostering } from './fostering/rules.js';
import { lookedAfter } from './looked-after/rules.js';
import {
  Contradiction,
  DEFAULT_RULES_CONTEXT,
  type Obligation,
  type RulesContext,
} from './obligations.js';
import type { Process } from './process.js';
import { conferenceMinutes, reviewRecords } from './records/rules.js';
import { secureAccommodation } from './secure-accommodation/rules.js';
import { shortBreaks } from './short-breaks/rules.js';

// The processes' states differ; the planner only passes each its own back.
// Exported for the figures, which replay a history with the same rules in one pass.
export const PROCESSES: readonly Process<unknown>[] = [
  lookedAfter,
  reviewRecords,
  childProtection,
  conferenceMinutes,
  secureAccommodation,
  shortBreaks,
  fostering,
  disputes,
] as Process<unknown>[];

/** An event that cannot be accepted, named by its place in the input (0-based, arrival order). */
export interface HistoryProblem {
  readonly index: number;
  readonly type: CaseEventType;
  readonly eventId?: string;
  /** The field the history contradicts. */
  readonly field: string;
  readonly reason: string;
}

/** Thrown by {@link plan} when the history holds events it cannot accept. */
export class HistoryError extends Error {
  override readonly name = 'HistoryError';
  constructor(readonly problems: readonly HistoryProblem[]) {
    super(
      problems.map((p) => `event ${p.index + 1} (${p.type}) ${p.field}: ${p.reason}`).join('; '),
    );
  }
}

export interface HistoryReview {
  /** Open on `asOf`: considers only events dated on or before it. */
  readonly obligations: Obligation[];
  /** Every event rejected, in the order the dated history meets them; each is left out of the plan. */
  readonly problems: HistoryProblem[];
}

interface Clock {
  readonly process: Process<unknown>;
  readonly key: string;
  readonly state: unknown;
  /** The latest event accepted for this clock, to name when its dates cannot be computed. */
  readonly lastIndex: number;
}

const problemOf = (
  index: number,
  event: CaseEvent,
  field: string,
  reason: string,
): HistoryProblem => ({
  index,
  type: event.type,
  ...(event.eventId === undefined ? {} : { eventId: event.eventId }),
  field,
  reason,
});

/**
 * The field a date outside the calendar's data is named by: an event with a start or
 * send time (`at`) is planned from it (a conference's report, a report shared), so
 * that is the answer to change, not the booking date.
 */
const plannedFrom = (event: CaseEvent): 'at' | 'date' => ('at' in event ? 'at' : 'date');

/**
 * The first of an event's dates outside the calendar's bank-holiday data, and the field
 * that holds it: every event type is refused alike for it (a carer approved on
 * 0001-01-01 would otherwise be admitted, and its clock fail on every start).
 */
function outsideCalendar(
  event: CaseEvent,
  date: LocalDate,
  context: RulesContext,
): { field: string; date: LocalDate } | undefined {
  const { first, last } = context.calendar;
  const dates: [string, LocalDate][] =
    event.type === 'ReportShared' ? [['at', date]] : [['date', date]];
  if (event.type === 'ConferenceBooked') dates.push(['at', londonDate(event.at)]);
  if ('reviewBy' in event) dates.push(['reviewBy', event.reviewBy]);
  if ('reviewDate' in event) dates.push(['reviewDate', event.reviewDate]);
  const found = dates.find(([, d]) => d < first || d > last);
  return found && { field: found[0], date: found[1] };
}

/**
 * Reviews held that count once a day: two of one kind for one child (or carer) on one
 * date are one meeting recorded twice, so the second is refused unless it is the
 * first's exact repeat (same eventId). A review reconvened the same day is one review.
 */
const ONCE_A_DAY: ReadonlySet<CaseEvent['type']> = new Set([
  'LacReviewHeld',
  'SecureReviewHeld',
  'FosterCarerReviewHeld',
]);

const onceADayKey = (event: CaseEvent, date: LocalDate): string | undefined => {
  if (!ONCE_A_DAY.has(event.type)) return undefined;
  const subject = 'childId' in event ? event.childId : 'carerId' in event ? event.carerId : '';
  return `${event.type}\u0000${subject}\u0000${date}`;
};

/**
 * The events that count: retracted events and the retractions themselves are left
 * out (an event recorded in error never happened, whatever date the plan is read on),
 * and exact repeats of an `eventId` are dropped; a different event under a used
 * `eventId`, or a retraction naming no event, is a problem.
 */
function countedEvents(events: readonly CaseEvent[], problems: HistoryProblem[]) {
  const retracted = new Set<string>();
  for (const event of events) if (event.type === 'EventRetracted') retracted.add(event.eventId);
  const present = new Set<string>();
  for (const event of events) {
    if (event.type !== 'EventRetracted' && event.eventId !== undefined) present.add(event.eventId);
  }
  const seen = new Map<string, { index: number; body: string }>();
  const kept: { index: number; event: CaseEvent; date: LocalDate }[] = [];
  events.forEach((event, index) => {
    if (event.type === 'EventRetracted') {
      if (!present.has(event.eventId)) {
        problems.push(problemOf(index, event, 'eventId', 'names no event in the history'));
      }
      return;
    }
    if (event.eventId !== undefined) {
      if (retracted.has(event.eventId)) return;
      const body = canonical(event);
      const first = seen.get(event.eventId);
      if (first) {
        if (first.body !== body) {
          problems.push(
            problemOf(
              index,
              event,
              'eventId',
              `eventId ${event.eventId} was already used by event ${first.index + 1} for a different event`,
            ),
          );
        }
        return;
      }
      seen.set(event.eventId, { index, body });
    }
    kept.push({ index, event, date: eventDate(event) });
  });
  return kept;
}

const canonical = (event: CaseEvent): string =>
  JSON.stringify(
    Object.fromEntries(Object.entries(event).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  );

/**
 * Folds the whole history in date order, collecting every contradiction, and reads
 * the obligations open on `asOf` (by default, the latest event's date).
 */
export function reviewHistory(
  events: readonly CaseEvent[],
  asOf?: LocalDate,
  context: RulesContext = DEFAULT_RULES_CONTEXT,
): HistoryReview {
  const problems: HistoryProblem[] = [];
  // Array.prototype.sort is stable: events on the same date keep their arrival order.
  const ordered = countedEvents(events, problems).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  const readOn = asOf ?? ordered.at(-1)?.date ?? '0000-01-01';
  const clocks = new Map<string, Clock>();
  const heldOn = new Set<string>();
  let obligations: Obligation[] | undefined;

  for (const { index, event, date } of ordered) {
    if (obligations === undefined && date > readOn) {
      obligations = openOn(clocks, readOn, context, events, problems);
    }
    // Several processes may see one event (a review held, a conference held): it counts
    // for all of them or, when any rejects it, for none, so no process plans on it.
    const applied: [string, Clock][] = [];
    let problem: HistoryProblem | undefined;
    const outside = outsideCalendar(event, date, context);
    const daily = onceADayKey(event, date);
    if (daily !== undefined && heldOn.has(daily)) {
      problem = problemOf(
        index,
        event,
        'date',
        `a ${event.type === 'LacReviewHeld' ? 'looked-after review' : event.type === 'SecureReviewHeld' ? 'secure accommodation review' : "foster carer's review"} is already recorded as held on ${date}: repeat it with the same eventId, or retract it first`,
      );
    } else if (outside) {
      const { first, last } = context.calendar;
      problem = problemOf(
        index,
        event,
        outside.field,
        `cannot compute what is due: ${new CalendarRangeError(outside.date, first, last).message}`,
      );
    }
    for (const process of problem ? [] : PROCESSES) {
      const key = process.keyOf(event);
      if (key === undefined) continue;
      const id = `${process.name}\u0000${key}`;
      const state = clocks.get(id)?.state ?? process.initial;
      try {
        applied.push([
          id,
          { process, key, state: process.apply(state, event, date, context), lastIndex: index },
        ]);
      } catch (error) {
        if (error instanceof Contradiction) {
          problem = problemOf(index, event, error.field, error.message);
        } else if (error instanceof CalendarRangeError) {
          problem = problemOf(
            index,
            event,
            plannedFrom(event),
            `cannot compute what is due: ${error.message}`,
          );
        } else {
          throw error;
        }
        break;
      }
    }
    if (problem) problems.push(problem);
    else {
      for (const [id, clock] of applied) clocks.set(id, clock);
      if (daily !== undefined) heldOn.add(daily);
    }
  }
  obligations ??= openOn(clocks, readOn, context, events, problems);
  return { obligations: obligations.sort(byDue), problems };
}

function openOn(
  clocks: ReadonlyMap<string, Clock>,
  asOf: LocalDate,
  context: RulesContext,
  events: readonly CaseEvent[],
  problems: HistoryProblem[],
): Obligation[] {
  const found: Obligation[] = [];
  for (const { process, key, state, lastIndex } of clocks.values()) {
    try {
      found.push(...process.open(state, key, asOf, context));
    } catch (error) {
      if (!(error instanceof CalendarRangeError)) throw error;
      const event = events[lastIndex] as CaseEvent;
      problems.push(
        problemOf(
          lastIndex,
          event,
          plannedFrom(event),
          `cannot compute what is due: ${error.message}`,
        ),
      );
    }
  }
  return found;
}

const byDue = (a: Obligation, b: Obligation): number =>
  compare(a.due, b.due) ||
  compare(a.kind, b.kind) ||
  compare(a.subjectId, b.subjectId) ||
  compare(a.refId ?? '', b.refId ?? '');

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The obligations open on `asOf`. Deterministic, and independent of the arrival order
 * of events on different dates. Throws {@link HistoryError} naming every event that
 * contradicts the history, so nothing is planned on a history that cannot be true.
 */
export function plan(
  events: readonly CaseEvent[],
  asOf: LocalDate,
  context: RulesContext = DEFAULT_RULES_CONTEXT,
): Obligation[] {
  const { obligations, problems } = reviewHistory(events, asOf, context);
  if (problems.length > 0) throw new HistoryError(problems);
  return obligations;
}
