/**
 * The records of the meetings the unit chairs (timescales.md 3.5; IRO Handbook 2010
 * ch. 3 and local practice): a looked-after review's decisions and its full written
 * record, and a child protection conference's minutes. A meeting that was held still
 * needs its record after the child stops being looked after or the plan ends, so these
 * obligations close only when the record is shared.
 *
 * Two processes, one per event log: the review records are planned with the child's
 * reviews (`reviews/<child>`), the minutes with the child's protection log
 * (`protection/<child>`). Each keeps its own state beside the process that sees the
 * same meetings (looked-after reviews, child protection): the planner keys clocks by
 * process name, and leaves an event that any process rejects out of every process.
 */
import type { LocalDate } from '../calendar/index.js';
import { contradiction, type Obligation, type RulesContext } from '../obligations.js';
import type { Process } from '../process.js';

const HANDBOOK = 'IRO Handbook 2010 ch. 3; local practice';

/** A looked-after review held, and when its decisions and its record went out. */
export interface HeldReview {
  readonly decisionsSharedOn?: LocalDate;
  readonly recordSharedOn?: LocalDate;
}

export interface ReviewRecordsState {
  /** Whether the child is looked after now: an IRO's contact is recorded between reviews. */
  readonly lookedAfter: boolean;
  /** Every review held, by its date (a child's reviews are told apart by their date). */
  readonly reviews: ReadonlyMap<LocalDate, HeldReview>;
}

/**
 * Whether a meeting held on `heldOn` needs its record tracked: not before the council's
 * `recordKeepingFrom`, since an imported history says nothing of records shared. The
 * meeting is still held, so a record shared for it is accepted and closes nothing.
 */
export function keepsRecordOf(heldOn: LocalDate, context: RulesContext): boolean {
  return context.recordKeepingFrom === undefined || heldOn >= context.recordKeepingFrom;
}

/** When a review held on `heldOn` must have its decisions shared (default 5 working days). */
export function reviewDecisionsDue(heldOn: LocalDate, context: RulesContext): LocalDate {
  return context.calendar.addWorkingDays(heldOn, context.recordWorkingDays['review-decisions']);
}

/** When a review held on `heldOn` must have its full written record shared (default 20 working days). */
export function reviewRecordDue(heldOn: LocalDate, context: RulesContext): LocalDate {
  return context.calendar.addWorkingDays(heldOn, context.recordWorkingDays['review-record']);
}

/** When a conference held on `heldOn` must have its minutes shared (default 20 working days). */
export function conferenceMinutesDue(heldOn: LocalDate, context: RulesContext): LocalDate {
  return context.calendar.addWorkingDays(heldOn, context.recordWorkingDays['conference-minutes']);
}

export const reviewRecords: Process<ReviewRecordsState> = {
  name: 'review records',
  initial: { lookedAfter: false, reviews: new Map() },
  keyOf: (event) => {
    switch (event.type) {
      case 'BecameLookedAfter':
      case 'CeasedLookedAfter':
      case 'AdoptionOrderMade':
      case 'LacReviewHeld':
      case 'IroContactWithChild':
      case 'ReviewRecordShared':
      // Who the child's IRO is, and a manager's audit of that IRO's work, plan nothing:
      // they are kept in the child's reviews log beside the reviews they concern, for
      // the figures (figures.md L11, A1), and accepted whatever the history.
      case 'IroAllocated':
      case 'CaseAuditCompleted':
      // The young person's views before a review: kept beside the reviews, planning nothing.
      case 'ChildViewsShared':
        return event.childId;
      default:
        return undefined;
    }
  },
  apply(state, event, date) {
    switch (event.type) {
      case 'BecameLookedAfter':
        return { ...state, lookedAfter: true };
      case 'CeasedLookedAfter':
      case 'AdoptionOrderMade':
        return { ...state, lookedAfter: false };
      case 'LacReviewHeld': {
        // A review outside an episode is the looked-after process's contradiction; the
        // planner then leaves it out of this state too. Two reviews on one date are one.
        if (state.reviews.has(date)) return state;
        const reviews = new Map(state.reviews);
        reviews.set(date, {});
        return { ...state, reviews };
      }
      case 'IroContactWithChild':
        // The contract's "between reviews": contact is part of the IRO's oversight of a
        // child in care, so it is recorded only while the child is looked after.
        if (!state.lookedAfter) {
          contradiction(
            'childId',
            `the child is not looked after on ${date}: an IRO's contact with a child is recorded while the child is looked after`,
          );
        }
        return state;
      case 'ReviewRecordShared': {
        const review =
          state.reviews.get(event.reviewDate) ??
          contradiction(
            'reviewDate',
            `no looked-after review of this child was held on ${event.reviewDate}: a record is shared for a review that was held`,
          );
        // The full record carries the decisions: it closes both.
        const shared: HeldReview = {
          decisionsSharedOn: review.decisionsSharedOn ?? date,
          ...(event.part === 'record' || review.recordSharedOn
            ? { recordSharedOn: review.recordSharedOn ?? date }
            : {}),
        };
        const reviews = new Map(state.reviews);
        reviews.set(event.reviewDate, shared);
        return { ...state, reviews };
      }
      default:
        return state;
    }
  },
  open(state, childId, asOf, context): Obligation[] {
    const found: Obligation[] = [];
    for (const [heldOn, review] of state.reviews) {
      if (!keepsRecordOf(heldOn, context)) continue;
      if (review.decisionsSharedOn === undefined) {
        const due = reviewDecisionsDue(heldOn, context);
        found.push({
          kind: 'review-decisions',
          subjectId: childId,
          refId: heldOn,
          due,
          overdue: asOf > due,
          basis: `decisions of the looked-after review held on ${heldOn} shared within ${context.recordWorkingDays['review-decisions']} working days (${HANDBOOK})`,
          startedOn: heldOn,
        });
      }
      if (review.recordSharedOn === undefined) {
        const due = reviewRecordDue(heldOn, context);
        found.push({
          kind: 'review-record',
          subjectId: childId,
          refId: heldOn,
          due,
          overdue: asOf > due,
          basis: `written record of the looked-after review held on ${heldOn} shared within ${context.recordWorkingDays['review-record']} working days (${HANDBOOK})`,
          startedOn: heldOn,
        });
      }
    }
    return found;
  },
};

/** A child protection conference held, and when its minutes went out. */
export interface HeldConference {
  readonly kind: 'initial' | 'review';
  readonly heldOn: LocalDate;
  readonly minutesSharedOn?: LocalDate;
}

export interface ConferenceMinutesState {
  readonly conferences: ReadonlyMap<string, HeldConference>;
}

export const conferenceMinutes: Process<ConferenceMinutesState> = {
  name: 'conference minutes',
  initial: { conferences: new Map() },
  keyOf: (event) =>
    event.type === 'ConferenceHeld' || event.type === 'ConferenceMinutesShared'
      ? event.childId
      : undefined,
  apply(state, event, date) {
    if (event.type === 'ConferenceHeld') {
      // Holding a conference twice is the child protection process's contradiction.
      const conferences = new Map(state.conferences);
      conferences.set(event.conferenceId, { kind: event.kind, heldOn: date });
      return { conferences };
    }
    if (event.type !== 'ConferenceMinutesShared') return state;
    const conference =
      state.conferences.get(event.conferenceId) ??
      contradiction(
        'conferenceId',
        `no child protection conference with this reference was held for this child by ${date}: minutes are shared for a conference that was held`,
      );
    if (conference.minutesSharedOn !== undefined) return state;
    const conferences = new Map(state.conferences);
    conferences.set(event.conferenceId, { ...conference, minutesSharedOn: date });
    return { conferences };
  },
  open(state, childId, asOf, context): Obligation[] {
    const found: Obligation[] = [];
    for (const [conferenceId, { kind, heldOn, minutesSharedOn }] of state.conferences) {
      if (minutesSharedOn !== undefined || !keepsRecordOf(heldOn, context)) continue;
      const due = conferenceMinutesDue(heldOn, context);
      found.push({
        kind: 'conference-minutes',
        subjectId: childId,
        refId: conferenceId,
        due,
        overdue: asOf > due,
        basis: `minutes of the ${kind} conference held on ${heldOn} shared within ${context.recordWorkingDays['conference-minutes']} working days (${HANDBOOK})`,
        startedOn: heldOn,
      });
    }
    return found;
  },
};
