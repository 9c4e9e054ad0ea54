/**
 * STAND-IN, TO BE REPLACED by the planner's own `review-decisions`, `review-record`
 * and `conference-minutes` obligations (timescales.md 3.5) once they land on the
 * `records` branch. Until then the due dates of 3.5 are computed here with the
 * council's calendar, in this one function, so L8 and C11 can be counted.
 */
import type { LocalDate } from '../calendar/index.js';
import type { RulesContext } from '../obligations.js';

/** What a meeting's record was due by, and when it was shared (if it was). */
export interface RecordDue {
  readonly due: LocalDate;
  readonly sharedOn?: LocalDate;
}

/** The record kinds of timescales.md 3.5 and their defaults in working days after the meeting. */
export const RECORD_WORKING_DAYS = {
  'review-decisions': 5,
  'review-record': 20,
  'conference-minutes': 20,
} as const;

/**
 * The record of a meeting held on `heldOn`: due `heldOn + N working days`, closed by the
 * first sharing dated on or after the meeting (the events' order is the history order).
 */
export function recordDue(
  kind: keyof typeof RECORD_WORKING_DAYS,
  heldOn: LocalDate,
  sharings: readonly LocalDate[],
  context: RulesContext,
): RecordDue {
  const due = context.calendar.addWorkingDays(heldOn, RECORD_WORKING_DAYS[kind]);
  const sharedOn = sharings[0];
  return sharedOn === undefined ? { due } : { due, sharedOn };
}
