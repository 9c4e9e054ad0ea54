/**
 * Child protection: the initial conference after section 47 enquiries, review
 * conferences while a plan lasts, and the local "48 hours" report deadline
 * (Working Together to Safeguard Children; timescales.md 3.2).
 */
import {
  addMonths,
  type LocalDate,
  londonDate,
  londonDateTime,
  londonInstant,
} from '../calendar/index.js';
import type { CaseEventOf } from '../events.js';
import { contradiction, type Obligation, type RulesContext } from '../obligations.js';
import type { Process } from '../process.js';

/** Section 47 enquiries in progress. */
interface Enquiry {
  readonly strategyDiscussionOn: LocalDate;
  /** False when the enquiry began while a plan was in place: no initial conference is due then. */
  readonly initialConferenceDue: boolean;
  readonly bookingDecided: boolean;
  readonly bookedOn?: LocalDate;
}

interface Plan {
  readonly startedOn: LocalDate;
  readonly lastConferenceOn: LocalDate;
  readonly lastConferenceKind: 'initial' | 'review';
}

interface Conference {
  readonly kind: 'initial' | 'review';
  readonly at: string;
  readonly bookedOn: LocalDate;
  readonly status: 'booked' | 'cancelled' | 'held';
  readonly statusOn: LocalDate;
  readonly reportShared: boolean;
  /** False for a conference held with no booking on record: no report can be shared for it. */
  readonly booked: boolean;
}

export interface ChildProtectionState {
  readonly enquiry?: Enquiry;
  readonly plan?: Plan;
  readonly conferences: ReadonlyMap<string, Conference>;
}

type ChildProtectionEvent = CaseEventOf<
  | 'StrategyDiscussionHeld'
  | 'Section47Concluded'
  | 'ConferenceBooked'
  | 'ConferenceCancelled'
  | 'ReportShared'
  | 'ConferenceHeld'
  | 'CpPlanEnded'
>;

const WORKING_TOGETHER = 'Working Together to Safeguard Children';

/**
 * When the report for a conference at `at` must be shared: the same London wall-clock
 * time two working days earlier, so a Monday 10:00 conference needs it by Thursday 10:00.
 */
export function conferenceReportDue(at: string, context: RulesContext): string {
  const { date, time } = londonDateTime(at);
  return londonInstant(context.calendar.addWorkingDays(date, -2), time);
}

function withConference(
  state: ChildProtectionState,
  conferenceId: string,
  conference: Conference,
): ChildProtectionState {
  const conferences = new Map(state.conferences);
  conferences.set(conferenceId, conference);
  return { ...state, conferences };
}

/**
 * The conference as booked so far, if it was: one already held or cancelled cannot
 * change again, and a booking keeps its kind.
 */
function bookingOf(
  state: ChildProtectionState,
  conferenceId: string,
  kind?: Conference['kind'],
): Conference | undefined {
  const existing = state.conferences.get(conferenceId);
  if (existing && existing.status !== 'booked') {
    contradiction(
      'conferenceId',
      `conference ${conferenceId} was already ${existing.status} on ${existing.statusOn}`,
    );
  }
  if (existing && kind && existing.kind !== kind) {
    contradiction('kind', `conference ${conferenceId} was booked as ${existing.kind}, not ${kind}`);
  }
  return existing;
}

/** An initial conference is for a child with no plan; a review conference needs one. */
function requirePlanFor(
  kind: Conference['kind'],
  state: ChildProtectionState,
  child: string,
  date: LocalDate,
): void {
  if (kind === 'initial' && state.plan) {
    contradiction(
      'kind',
      `${child} already has a child protection plan, since ${state.plan.startedOn}`,
    );
  }
  if (kind === 'review' && !state.plan) {
    contradiction('childId', `${child} has no child protection plan to review on ${date}`);
  }
}

function apply(
  state: ChildProtectionState,
  event: ChildProtectionEvent,
  date: LocalDate,
): ChildProtectionState {
  const child = 'the child';
  switch (event.type) {
    case 'StrategyDiscussionHeld': {
      // Later discussions during the same enquiry do not move its clocks.
      if (!event.section47 || state.enquiry) return state;
      const initialConferenceDue = state.plan === undefined;
      return {
        ...state,
        enquiry: {
          strategyDiscussionOn: date,
          initialConferenceDue,
          bookingDecided: !initialConferenceDue,
        },
      };
    }
    case 'Section47Concluded': {
      if (!state.enquiry)
        contradiction('childId', `no section 47 enquiry is open for ${child} on ${date}`);
      const { enquiry: _closed, ...rest } = state;
      return rest;
    }
    case 'ConferenceBooked': {
      const existing = bookingOf(state, event.conferenceId, event.kind);
      requirePlanFor(event.kind, state, child, date);
      const next = withConference(state, event.conferenceId, {
        kind: event.kind,
        at: event.at,
        bookedOn: existing?.bookedOn ?? date,
        status: 'booked',
        statusOn: date,
        reportShared: existing?.reportShared ?? false,
        booked: true,
      });
      if (event.kind !== 'initial' || !next.enquiry || next.enquiry.bookingDecided) return next;
      return { ...next, enquiry: { ...next.enquiry, bookingDecided: true, bookedOn: date } };
    }
    case 'ConferenceCancelled': {
      const existing =
        bookingOf(state, event.conferenceId) ??
        contradiction('conferenceId', 'the conference was never booked');
      return withConference(state, event.conferenceId, {
        ...existing,
        status: 'cancelled',
        statusOn: date,
      });
    }
    case 'ReportShared': {
      const existing = state.conferences.get(event.conferenceId);
      if (!existing?.booked) contradiction('conferenceId', 'the conference was never booked');
      if (existing.status === 'cancelled') {
        contradiction('conferenceId', `the conference was cancelled on ${existing.statusOn}`);
      }
      return withConference(state, event.conferenceId, { ...existing, reportShared: true });
    }
    case 'ConferenceHeld': {
      const existing = bookingOf(state, event.conferenceId, event.kind);
      requirePlanFor(event.kind, state, child, date);
      // A conference held without a booking on record is accepted: bookings may live elsewhere.
      const conferences = new Map(state.conferences);
      conferences.set(event.conferenceId, {
        kind: event.kind,
        at: existing?.at ?? date,
        bookedOn: existing?.bookedOn ?? date,
        status: 'held',
        statusOn: date,
        reportShared: existing?.reportShared ?? false,
        booked: existing !== undefined,
      });
      if (event.kind === 'initial') {
        const { enquiry: _closed, ...rest } = state;
        if (!event.planMade) return { ...rest, conferences };
        return {
          ...rest,
          conferences,
          plan: { startedOn: date, lastConferenceOn: date, lastConferenceKind: 'initial' },
        };
      }
      if (!state.plan)
        contradiction('childId', `${child} has no child protection plan to review on ${date}`);
      if (!event.planContinues) {
        const { plan: _ended, ...rest } = state;
        return { ...rest, conferences };
      }
      return {
        ...state,
        conferences,
        plan: { ...state.plan, lastConferenceOn: date, lastConferenceKind: 'review' },
      };
    }
    case 'CpPlanEnded': {
      if (!state.plan)
        contradiction('childId', `${child} has no child protection plan to end on ${date}`);
      const { plan: _ended, ...rest } = state;
      return rest;
    }
  }
}

function open(
  state: ChildProtectionState,
  childId: string,
  asOf: LocalDate,
  context: RulesContext,
): Obligation[] {
  const { calendar } = context;
  const found: Obligation[] = [];
  const add = (obligation: Omit<Obligation, 'subjectId' | 'overdue'>, dueDate: LocalDate) =>
    found.push({ ...obligation, subjectId: childId, overdue: asOf > dueDate });

  const { enquiry, plan } = state;
  if (enquiry?.initialConferenceDue) {
    const discussed = enquiry.strategyDiscussionOn;
    const due = calendar.addWorkingDays(discussed, 15);
    add(
      {
        kind: 'icpc',
        due,
        basis: `initial conference within 15 working days of the strategy discussion on ${discussed} (${WORKING_TOGETHER})`,
        startedOn: discussed,
        ...(enquiry.bookedOn ? { bookedOn: enquiry.bookedOn } : {}),
      },
      due,
    );
    if (!enquiry.bookingDecided) {
      const decisionDue = calendar.addWorkingDays(discussed, 3);
      add(
        {
          kind: 'icpc-booking-decision',
          due: decisionDue,
          basis: `manager's decision to book the initial conference within 3 working days of the strategy discussion on ${discussed} (local practice)`,
          startedOn: discussed,
        },
        decisionDue,
      );
    }
  }
  if (plan) {
    const months = plan.lastConferenceKind === 'initial' ? 3 : 6;
    const reviewDue = addMonths(plan.lastConferenceOn, months);
    const after =
      plan.lastConferenceKind === 'initial'
        ? 'the initial conference'
        : 'the last review conference';
    add(
      {
        kind: 'cp-review',
        due: reviewDue,
        basis: `review conference within ${months} months of ${after}, held on ${plan.lastConferenceOn} (${WORKING_TOGETHER})`,
        startedOn: plan.lastConferenceOn,
      },
      reviewDue,
    );
    const checkDue = addMonths(plan.startedOn, 15);
    add(
      {
        kind: 'cp-plan-duration-check',
        due: checkDue,
        basis: `scrutiny of a plan 15 months old, in place since ${plan.startedOn} (local practice)`,
        startedOn: plan.startedOn,
      },
      checkDue,
    );
  }
  for (const [conferenceId, conference] of state.conferences) {
    if (conference.status !== 'booked' || conference.reportShared) continue;
    const due = conferenceReportDue(conference.at, context);
    add(
      {
        kind: 'conference-report',
        refId: conferenceId,
        due,
        basis: `report shared 2 working days before the ${conference.kind} conference at ${conference.at} (local practice, "48 hours")`,
        startedOn: conference.bookedOn,
      },
      londonDate(due),
    );
  }
  return found;
}

export const childProtection: Process<ChildProtectionState> = {
  name: 'child protection',
  initial: { conferences: new Map() },
  keyOf: (event) => {
    switch (event.type) {
      case 'StrategyDiscussionHeld':
      case 'Section47Concluded':
      case 'ConferenceBooked':
      case 'ConferenceCancelled':
      case 'ReportShared':
      case 'ConferenceHeld':
      case 'CpPlanEnded':
        return event.childId;
      default:
        return undefined;
    }
  },
  apply: (state, event, date) => apply(state, event as ChildProtectionEvent, date),
  open,
};
