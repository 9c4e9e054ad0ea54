/**
 * A deterministic authority for benchmarks: children looked after and reviewed,
 * child protection plans with their conferences, reports and minutes, disputes,
 * secure placements and foster carers, over a number of years. Every history it makes
 * is one the planner accepts (no contradictions), mostly on time with some late, so
 * every figure has something to count. Shared by the figures, import and replay benches.
 */
import {
  addDays,
  addMonths,
  englandAndWales,
  type LocalDate,
} from '../../workflows/calendar/index.js';
import { type CaseEvent, PARTICIPATION_CODES } from '../../workflows/events.js';
import { random } from '../measure.js';

export interface AuthorityOptions {
  readonly children: number;
  /** First day of the history (a financial year's start reads best). */
  readonly from: LocalDate;
  readonly years: number;
  readonly seed?: number;
}

const workingDays = (date: LocalDate, n: number) => englandAndWales.addWorkingDays(date, n);

/**
 * The history of an authority, in arrival order: each subject's events in date order,
 * the subjects interleaved, and about one event in twenty arriving late (out of order).
 */
export function authorityHistory(options: AuthorityOptions): CaseEvent[] {
  const { children, from, years } = options;
  const next = random(options.seed ?? 1);
  const end = addDays(addMonths(from, 12 * years), -1);
  const days = Math.round(365.25 * years);
  const events: CaseEvent[] = [];
  let serial = 0;
  const push = (event: CaseEvent) => {
    if ((event.type === 'ReportShared' ? event.at.slice(0, 10) : event.date) > end) return false;
    events.push({ ...event, eventId: `E${++serial}` } as CaseEvent);
    return true;
  };
  /** Mostly on time, sometimes a few days late. */
  const around = (due: LocalDate, early: number) =>
    next(12) === 0 ? addDays(due, 1 + next(10)) : addDays(due, -next(early));

  for (let c = 0; c < children; c++) {
    const childId = `C${c}`;
    if (next(10) < 6) lookedAfter(childId);
    if (next(10) < 4) protection(`P${c}`);
    if (next(50) === 0) secure(childId);
  }
  for (let f = 0; f < Math.ceil(children / 5); f++) carer(`F${f}`);

  function lookedAfter(childId: string) {
    let start = addDays(from, next(days));
    for (let episode = 0; episode < 2 && start <= end; episode++) {
      if (!push({ type: 'BecameLookedAfter', childId, date: start })) return;
      let due = workingDays(start, 20);
      let last = start;
      const ceaseAfter = 200 + next(1500);
      for (let r = 0; ; r++) {
        const contact = addDays(last, 1 + next(20));
        if (next(4) > 0 && contact < due) {
          push({ type: 'IroContactWithChild', childId, date: contact, method: 'visit' });
        }
        const held = around(due, 15);
        if (held <= last || addDays(start, ceaseAfter) < held) break;
        const participation = PARTICIPATION_CODES[next(PARTICIPATION_CODES.length)];
        if (
          !push({
            type: 'LacReviewHeld',
            childId,
            date: held,
            ...(participation ? { participation } : {}),
          })
        )
          return;
        const decided = workingDays(held, next(8) + 1);
        push({
          type: 'ReviewRecordShared',
          childId,
          reviewDate: held,
          part: 'decisions',
          date: decided,
        });
        push({
          type: 'ReviewRecordShared',
          childId,
          reviewDate: held,
          part: 'record',
          date: workingDays(held, 10 + next(15)),
        });
        if (r === 2 && next(8) === 0) {
          const on = addDays(held, 1 + next(20));
          push({ type: 'ReviewBroughtForward', childId, date: on, reviewBy: addDays(on, 20) });
          due = addDays(on, 20);
        } else {
          due = addMonths(held, r === 0 ? 3 : 6);
        }
        last = held;
        if (dispute(childId, held)) break;
      }
      const ceased = addDays(last, 30 + next(60));
      if (!push({ type: 'CeasedLookedAfter', childId, date: ceased })) return;
      start = addDays(ceased, 100 + next(900));
    }
  }

  function dispute(childId: string, on: LocalDate): boolean {
    if (next(8) !== 0) return false;
    const disputeId = `D${childId}-${on}`;
    const raised = addDays(on, 1 + next(10));
    if (!push({ type: 'DisputeRaised', disputeId, childId, date: raised, issue: 'care plan' })) {
      return true;
    }
    if (next(4) === 0)
      push({ type: 'DisputeEscalated', disputeId, date: addDays(raised, 1), toStage: 2 + next(3) });
    push({ type: 'DisputeResolved', disputeId, date: addDays(raised, 2 + next(40)) });
    return false;
  }

  function protection(cp: string) {
    let discussed = addDays(from, next(days));
    let conference = 0;
    for (let plan = 0; plan < 2 && discussed <= end; plan++) {
      if (!push({ type: 'StrategyDiscussionHeld', childId: cp, date: discussed, section47: true }))
        return;
      const icpcDue = workingDays(discussed, 15);
      const book = (kind: 'initial' | 'review', date: LocalDate, on: LocalDate): boolean => {
        const conferenceId = `${cp}-K${++conference}`;
        const at = `${date}T10:00:00Z`;
        if (!push({ type: 'ConferenceBooked', childId: cp, conferenceId, kind, date: on, at }))
          return false;
        if (next(6) > 0) {
          const shared = workingDays(date, -(next(3) + 1));
          if (shared >= on)
            push({ type: 'ReportShared', childId: cp, conferenceId, at: `${shared}T09:00:00Z` });
        }
        return true;
      };
      const initialOn = around(icpcDue, 5);
      if (!book('initial', initialOn, workingDays(discussed, 1 + next(3)))) return;
      const planMade = next(10) > 0;
      if (
        !push({
          type: 'ConferenceHeld',
          childId: cp,
          conferenceId: `${cp}-K${conference}`,
          kind: 'initial',
          date: initialOn,
          planMade,
          familyAttended: next(10) > 0,
        })
      )
        return;
      minutes(cp, `${cp}-K${conference}`, initialOn);
      if (!planMade) return;
      let last = initialOn;
      let months = 3;
      let ongoing = true;
      const reviews = 1 + next(6);
      for (let r = 0; r < reviews && ongoing; r++) {
        const held = around(addMonths(last, months), 10);
        ongoing = next(4) > 0;
        if (!book('review', held, addDays(held, -14))) return;
        if (
          !push({
            type: 'ConferenceHeld',
            childId: cp,
            conferenceId: `${cp}-K${conference}`,
            kind: 'review',
            date: held,
            planContinues: ongoing,
            familyAttended: next(8) > 0,
          })
        )
          return;
        minutes(cp, `${cp}-K${conference}`, held);
        last = held;
        months = 6;
      }
      if (ongoing) {
        last = addDays(last, 30);
        if (!push({ type: 'CpPlanEnded', childId: cp, date: last })) return;
      }
      discussed = addDays(last, 200 + next(600));
      if (discussed <= last) return;
    }
  }

  function minutes(childId: string, conferenceId: string, held: LocalDate) {
    push({
      type: 'ConferenceMinutesShared',
      childId,
      conferenceId,
      date: workingDays(held, 5 + next(20)),
    });
  }

  function secure(childId: string) {
    const placed = addDays(from, next(days));
    if (!push({ type: 'PlacedInSecureAccommodation', childId, date: placed })) return;
    let due = addMonths(placed, 1);
    for (let r = 0; r < 3; r++) {
      const held = around(due, 5);
      if (!push({ type: 'SecureReviewHeld', childId, date: held })) return;
      due = addMonths(held, 3);
    }
    push({ type: 'LeftSecureAccommodation', childId, date: addDays(due, -10) });
  }

  function carer(carerId: string) {
    const approved = addDays(from, -next(1000));
    push({ type: 'FosterCarerApproved', carerId, date: approved });
    let due = addMonths(approved, 12);
    while (due <= end) {
      const held = around(due, 20);
      if (!push({ type: 'FosterCarerReviewHeld', carerId, date: held })) return;
      due = addMonths(held, 12);
    }
  }

  // Arrival order: about one event in twenty arrives a while after its neighbours.
  for (let i = events.length - 1; i > 0; i--) {
    if (next(20) !== 0) continue;
    const j = Math.min(events.length - 1, i + 1 + next(50));
    [events[i], events[j]] = [events[j] as CaseEvent, events[i] as CaseEvent];
  }
  return events;
}
