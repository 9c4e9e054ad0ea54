/**
 * What is due: the output of the planner (shared/design/timescales.md section 3) and
 * the context every process's rules compute with.
 */
import {
  CalendarRangeError,
  englandAndWales,
  type LocalDate,
  type WorkingCalendar,
} from './calendar/index.js';
import type { DisputeStage } from './events.js';
import type { ObligationKind } from './kinds.js';

export { OBLIGATION_KINDS, type ObligationKind } from './kinds.js';

/** An open obligation as of a date. */
export interface Obligation {
  readonly kind: ObligationKind;
  /** The child's or foster carer's id. */
  readonly subjectId: string;
  /**
   * The conference or dispute id, for the kinds that have one; for `review-decisions`
   * and `review-record`, the date of the review they record (a child's reviews are
   * told apart by their date).
   */
  readonly refId?: string;
  /** The last day it is still met (`YYYY-MM-DD`); for `conference-report` the instant, with its London offset. */
  readonly due: string;
  readonly overdue: boolean;
  /** For `dispute-stage`: the stage the dispute stands at. */
  readonly stage?: DisputeStage;
  /** The rule applied, in words, for people. */
  readonly basis: string;
  /** When this clock started (the episode, review, discussion, booking or stage start): reminders count from it. */
  readonly startedOn: LocalDate;
  /** For `icpc`: when the initial conference was booked, if it has been. */
  readonly bookedOn?: LocalDate;
}

/** The council's choices the rules depend on. */
export interface RulesContext {
  /** Working days: bank holidays plus the council's own closure days. */
  readonly calendar: WorkingCalendar;
  /** Working days each dispute stage has to respond (IRO Handbook chapter 6: 5 each). */
  readonly disputeStageWorkingDays: Readonly<Record<DisputeStage, number>>;
  /** Working days after the meeting within which its record is due (timescales.md 3.5: 5, 20 and 20). */
  readonly recordWorkingDays: Readonly<Record<RecordKind, number>>;
  /**
   * The first day whose meetings need their records tracked (the council's go-live):
   * a history imported from before it carries no record-sharing facts, so its meetings
   * would otherwise all be overdue at once. Absent: every meeting counts.
   */
  readonly recordKeepingFrom?: LocalDate;
}

/** The obligations to record a meeting that was held (timescales.md 3.5). */
export const RECORD_KINDS = ['review-decisions', 'review-record', 'conference-minutes'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const DEFAULT_RULES_CONTEXT: RulesContext = {
  calendar: englandAndWales,
  disputeStageWorkingDays: { 1: 5, 2: 5, 3: 5, 4: 5, 5: 5 },
  recordWorkingDays: { 'review-decisions': 5, 'review-record': 20, 'conference-minutes': 20 },
};

/** A reason an event cannot be accepted given the history before it. */
export class Contradiction extends Error {
  override readonly name = 'Contradiction';
  constructor(
    reason: string,
    /** The event's field that the history contradicts. */
    readonly field: string,
  ) {
    super(reason);
  }
}

/** Rejects the event being applied: its `field` contradicts the history. */
export function contradiction(field: string, reason: string): never {
  throw new Contradiction(reason, field);
}

/**
 * Working days after `from` up to and including `to` (0 when `to` is not after `from`).
 * Undefined where the calendar has no bank-holiday data: a guess would be silently wrong.
 */
export function workingDaysBetween(
  from: LocalDate,
  to: LocalDate,
  calendar: WorkingCalendar,
): number | undefined {
  try {
    return calendar.workingDaysAfter(from, to);
  } catch (error) {
    if (error instanceof CalendarRangeError) return undefined;
    throw error;
  }
}

/**
 * Working days from `today` to an obligation's due date (its London date, for a
 * conference report's instant), as people count what is left: the working days after
 * today up to and including the due date, so 0 on the due date itself. Negative when
 * overdue: minus the working days after the due date up to and including today, and
 * at least 1, since something late is never "0 working days" overdue (a Friday's
 * deadline is 1 working day overdue on the Saturday). The browser's clock is not the
 * system's today, so the API says it.
 */
export function workingDaysLeft(
  due: string,
  today: LocalDate,
  calendar: WorkingCalendar,
): number | undefined {
  const date = due.slice(0, 10);
  if (date >= today) return workingDaysBetween(today, date, calendar);
  const late = workingDaysBetween(date, today, calendar);
  return late === undefined ? undefined : -Math.max(1, late);
}
