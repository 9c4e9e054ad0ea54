/**
 * What a clock's workflow does next: the question every execution asks after each
 * event and each wake-up. Pure, so the handlers stay thin and never compute dates.
 */
import { addDays, londonDate, londonInstant, toEpochMillis } from './calendar/index.js';
import { type Clock, clockObligations } from './clocks.js';
import { type CaseEvent, eventDate } from './events.js';
import type { Obligation } from './obligations.js';
import { type HistoryProblem, reviewHistory } from './plan.js';
import {
  type CouncilSettings,
  type DueNotification,
  nextStep,
  notificationsDue,
  obligationKey,
} from './policy.js';

/** Hand over to a fresh execution well inside Step Functions' one-year limit... */
export const MAX_EXECUTION_DAYS = 330;
/** ...and its 25,000-event history: a loop writes about 17 events. */
export const MAX_LOOPS = 1000;

/** The execution asking. */
export interface ClockRun {
  readonly startedAt: string;
  readonly loops: number;
}

export interface ClockSchedule {
  /** The clock's open obligations now. */
  readonly open: Obligation[];
  /** Events in the history that contradict it (left out of the plan). */
  readonly problems: HistoryProblem[];
  /** The at-once notifications whose time has come (some may have been sent already); the rest wait for the morning list. */
  readonly due: DueNotification[];
  /**
   * When the clock must next act by itself: an at-once step falls due, a dispute
   * escalates, an event dated ahead comes into force, or the execution must hand over.
   * Not for a routine reminder (the morning list reads the board) nor for an obligation
   * merely going overdue (the board's readers work that out as of their today).
   */
  readonly wakeAt: string;
  /** The execution is old or long enough to hand the clock to a successor now. */
  readonly handOver: boolean;
}

const DAY_MS = 86_400_000;

const earliest = (instants: readonly string[]): string | undefined =>
  instants.reduce<string | undefined>(
    (best, next) => (best === undefined || toEpochMillis(next) < toEpochMillis(best) ? next : best),
    undefined,
  );

/** The moment after an obligation's due date ends in London: a dispute stage escalates by itself. */
const endOfDueDay = (obligation: Obligation): string =>
  londonInstant(addDays(obligation.due.slice(0, 10), 1), '00:00:00');

/** Plans the clock from its event log at `now` (an ISO instant). */
export function clockSchedule(
  clock: Clock,
  events: readonly CaseEvent[],
  now: string,
  settings: CouncilSettings,
  run: ClockRun,
): ClockSchedule {
  const nowMs = toEpochMillis(now);
  const review = reviewHistory(events, londonDate(now), settings.rules);
  const open = clockObligations(clock, review.obligations);
  const handOverAt = new Date(
    toEpochMillis(run.startedAt) + MAX_EXECUTION_DAYS * DAY_MS,
  ).toISOString();
  const today = londonDate(now);
  const changes = [
    handOverAt,
    // Only a dispute stage changes the plan when its day ends: it escalates.
    ...open.filter((o) => o.kind === 'dispute-stage').map(endOfDueDay),
    // An event dated ahead (a conference booked for next week) counts from its date.
    ...events
      .map(eventDate)
      .filter((date) => date > today)
      .map((date) => londonInstant(date, '00:00:00')),
    ...[nextStep(open, now, settings, 'at-once')?.step.at ?? []].flat(),
    // The safety net under a young person's "I don't feel safe" (safetyToTell).
    ...notSafeSaid(events, review.problems, today).map(({ event }) => safetyNetAt(event.date)),
  ].filter((at) => toEpochMillis(at) > nowMs);
  return {
    open,
    problems: review.problems,
    due: [
      ...notificationsDue(open, now, settings, 'at-once'),
      ...answersToTell(events, open, review.problems, today, now),
      ...safetyToTell(events, open, review.problems, today, now),
    ],
    wakeAt: earliest(changes) ?? handOverAt,
    handOver: nowMs >= toEpochMillis(handOverAt) || run.loops >= MAX_LOOPS,
  };
}

/**
 * The key that makes the IRO's email about one answer go out once, whatever stage the
 * dispute has reached by the time it is sent: the dispute and the answer's own id.
 */
export const answeredKey = (disputeId: string, answerId: string): string =>
  `dispute-answered/${encodeURIComponent(disputeId)}/${encodeURIComponent(answerId)}#iro`;

/**
 * The IRO hears at once that the manager a dispute stands with has answered it (README,
 * "A local addition to the contract"), as every dispute-stage line goes at once: one email per answer
 * that counts (not taken back, not refused by the plan), while the dispute is open. The
 * email names the stage the dispute stands at now; never the answer's text.
 */
function answersToTell(
  events: readonly CaseEvent[],
  open: readonly Obligation[],
  problems: readonly HistoryProblem[],
  today: string,
  now: string,
): DueNotification[] {
  const stage = open.find((o) => o.kind === 'dispute-stage');
  const disputeId = stage?.refId;
  if (stage === undefined || disputeId === undefined) return [];
  const refused = new Set(problems.map((p) => p.index));
  const retracted = new Set(
    events.flatMap((e) => (e.type === 'EventRetracted' ? [e.eventId] : [])),
  );
  return events.flatMap((event, index) => {
    if (event.type !== 'DisputeAnswered' || event.disputeId !== disputeId) return [];
    if (refused.has(index) || event.date > today) return [];
    if (event.eventId !== undefined && retracted.has(event.eventId)) return [];
    const answerId = event.eventId ?? `${event.date}#${index}`;
    return [
      {
        obligation: stage,
        step: {
          obligationKey: obligationKey(stage),
          name: 'answered',
          action: 'reminder',
          timing: 'answered',
          at: now,
          to: ['iro'],
        },
        role: 'iro',
        key: answeredKey(disputeId, answerId),
      },
    ];
  });
}

/**
 * The key that makes the "I don't feel safe" email to one role (or the duty inbox) go
 * out once for a child's review, however often it is said and by whichever path: the
 * views request that records it, or the child's workflow (safetyToTell).
 */
export const notSafeKey = (
  childId: string,
  reviewDue: string,
  to: 'iro' | 'social-worker' | 'duty',
): string => `child-safety/${encodeURIComponent(childId)}/${reviewDue}/${to}`;

/** The roles the "I don't feel safe" email goes to. */
export const NOT_SAFE_ROLES = ['iro', 'social-worker'] as const;

/**
 * When the child's workflow makes sure the "I don't feel safe" email went: the end of
 * the day it was said (midnight, London). The views request sends it at once; this net
 * catches a request that died after recording it and before SES took the email, and
 * comes late enough never to race that request.
 */
export const safetyNetAt = (date: string): string => londonInstant(addDays(date, 1), '00:00:00');

/** The young person's views that said they do not feel safe, and count: not refused, not taken back, not dated ahead. */
function notSafeSaid(
  events: readonly CaseEvent[],
  problems: readonly HistoryProblem[],
  today: string,
) {
  const refused = new Set(problems.map((p) => p.index));
  const retracted = new Set(
    events.flatMap((e) => (e.type === 'EventRetracted' ? [e.eventId] : [])),
  );
  return events.flatMap((event, index) =>
    event.type === 'ChildViewsShared' &&
    event.feelsSafe === 'no' &&
    !refused.has(index) &&
    event.date <= today &&
    (event.eventId === undefined || !retracted.has(event.eventId))
      ? [{ event }]
      : [],
  );
}

/**
 * The safety net under the young person's "I don't feel safe": from the end of the day
 * it was said, the allocated IRO and social worker each get the email, keyed as the
 * views request keys it ({@link notSafeKey}), so it goes once whichever path sends it.
 * It rides on the child's open looked-after review, or on the review it was said for.
 */
function safetyToTell(
  events: readonly CaseEvent[],
  open: readonly Obligation[],
  problems: readonly HistoryProblem[],
  today: string,
  now: string,
): DueNotification[] {
  const nowMs = toEpochMillis(now);
  return notSafeSaid(events, problems, today).flatMap(({ event }) => {
    const at = safetyNetAt(event.date);
    if (toEpochMillis(at) > nowMs) return [];
    const obligation: Obligation = open.find(
      (o) => o.kind === 'lac-review' && o.subjectId === event.childId,
    ) ?? {
      kind: 'lac-review',
      subjectId: event.childId,
      due: event.reviewDue,
      overdue: false,
      basis: '',
      startedOn: event.date,
    };
    return NOT_SAFE_ROLES.map((role) => ({
      obligation,
      step: {
        obligationKey: obligationKey(obligation),
        name: 'not-safe',
        action: 'reminder' as const,
        timing: 'not-safe' as const,
        at,
        to: [role],
      },
      role,
      key: notSafeKey(event.childId, event.reviewDue, role),
    }));
  });
}

/** Whole seconds from `from` until `to`, at least 1 (Step Functions' smallest timeout). */
export function secondsUntil(from: string, to: string): number {
  return Math.max(1, Math.ceil((toEpochMillis(to) - toEpochMillis(from)) / 1000));
}
