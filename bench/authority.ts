/**
 * A council's history, generated: looked-after children reviewed (mostly on time),
 * child protection plans from strategy discussion to end, foster carers reviewed each
 * year, secure placements, and a few disputes. Deterministic for a seed, so every run
 * of the replay benchmark replays the same authority; about 4 events a subject.
 *
 *   npx tsx bench/authority.ts 1000 > authority.jsonl    (subjects, then optional seed)
 */
import { addDays, addMonths } from '../workflows/calendar/index.js';
import type { CaseEvent } from '../workflows/events.js';
import { random } from './measure.js';

export interface AuthorityOptions {
  /** People the unit keeps clocks for: children and foster carers. */
  readonly subjects: number;
  /** First day of the history. */
  readonly from: string;
  /** How many years it covers. */
  readonly years: number;
  readonly seed?: number;
}

/** The share of subjects of each kind, out of 20. */
const LOOKED_AFTER = 10;
const PROTECTION = 6;
const CARERS = 3;
// The rest (1 in 20) are placed in secure accommodation.

/**
 * The authority's events in date order, each with an eventId. Reviews fall a few days
 * either side of their due dates, so some are late and the workflows escalate them.
 */
export function authorityHistory(options: AuthorityOptions): CaseEvent[] {
  const next = random(options.seed ?? 1);
  const end = addDays(addMonths(options.from, 12 * options.years), -1);
  const span = Math.round((Date.parse(end) - Date.parse(options.from)) / 86_400_000);
  const events: CaseEvent[] = [];
  /** A date within the history, or undefined past its end. */
  const within = (date: string) => (date <= end ? date : undefined);
  const startDate = () => addDays(options.from, next(span));

  for (let s = 0; s < options.subjects; s++) {
    const kind = s % 20;
    const n = String(s + 1).padStart(5, '0');
    if (kind < LOOKED_AFTER) {
      const childId = `LAC-${n}`;
      const start = startDate();
      const leaves = addDays(start, 60 + next(700));
      events.push({ type: 'BecameLookedAfter', childId, date: start });
      // First review about 20 working days in, the second within 3 months, then 6-monthly.
      let review = addDays(start, 18 + next(14));
      const gaps = [85 + next(14), 170 + next(21)];
      for (let r = 0; within(review) && review < leaves; r++) {
        events.push({ type: 'LacReviewHeld', childId, date: review });
        if (next(12) === 0) {
          const disputeId = `DRP-${n}-${r}`;
          const raised = addDays(review, 2 + next(10));
          if (within(raised) && raised < leaves) {
            events.push({ type: 'DisputeRaised', childId, disputeId, date: raised, issue: 'x' });
            const resolved = within(addDays(raised, 3 + next(25)));
            if (resolved) events.push({ type: 'DisputeResolved', disputeId, date: resolved });
          }
        }
        review = addDays(review, gaps[Math.min(r, 1)] ?? 180);
      }
      const ceased = within(leaves);
      if (ceased) events.push({ type: 'CeasedLookedAfter', childId, date: ceased });
    } else if (kind < LOOKED_AFTER + PROTECTION) {
      const childId = `CP-${n}`;
      const strategy = startDate();
      events.push({ type: 'StrategyDiscussionHeld', childId, date: strategy, section47: true });
      const initial = within(addDays(strategy, 14 + next(10)));
      if (!initial) continue;
      const planMade = next(5) !== 0;
      events.push({
        type: 'ConferenceHeld',
        childId,
        conferenceId: `ICPC-${n}`,
        kind: 'initial',
        date: initial,
        planMade,
      });
      if (!planMade) continue;
      const ends = addDays(initial, 120 + next(500));
      let review = addDays(initial, 80 + next(14));
      for (let r = 1; within(review) && review < ends; r++) {
        events.push({
          type: 'ConferenceHeld',
          childId,
          conferenceId: `RCPC-${n}-${r}`,
          kind: 'review',
          date: review,
          planContinues: true,
        });
        review = addDays(review, 170 + next(21));
      }
      const ended = within(ends);
      if (ended) events.push({ type: 'CpPlanEnded', childId, date: ended });
    } else if (kind < LOOKED_AFTER + PROTECTION + CARERS) {
      const carerId = `FC-${n}`;
      const approved = startDate();
      events.push({ type: 'FosterCarerApproved', carerId, date: approved });
      for (let review = addDays(approved, 340 + next(35)); within(review); ) {
        events.push({ type: 'FosterCarerReviewHeld', carerId, date: review });
        review = addDays(review, 340 + next(35));
      }
    } else {
      const childId = `SEC-${n}`;
      const placed = startDate();
      const leaves = addDays(placed, 30 + next(200));
      events.push({ type: 'PlacedInSecureAccommodation', childId, date: placed });
      for (let review = addDays(placed, 20 + next(10)); within(review) && review < leaves; ) {
        events.push({ type: 'SecureReviewHeld', childId, date: review });
        review = addDays(review, 80 + next(14));
      }
      const left = within(leaves);
      if (left) events.push({ type: 'LeftSecureAccommodation', childId, date: left });
    }
  }
  const dated = events.map((event, i) => ({
    ...event,
    eventId: `g-${String(i + 1).padStart(6, '0')}`,
  })) as CaseEvent[];
  // Stable: events of one day keep the order they were made in.
  return dated.sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));
}

const dateOf = (event: CaseEvent) => ('date' in event ? event.date : event.at);

/** Events after which nothing is left open for the subject they name. */
const WATCH_ENDS = new Set<CaseEvent['type']>([
  'CeasedLookedAfter',
  'CpPlanEnded',
  'LeftSecureAccommodation',
  'FosterCarerApprovalEnded',
]);

/**
 * Years of watch the history holds: each child or carer from its first event to the
 * event that ends its watch (or to `until` while it goes on), added up. An initial
 * conference that makes no plan ends a child protection watch too.
 */
export function subjectYears(events: readonly CaseEvent[], until: string): number {
  const spans = new Map<string, { from: string; to: string }>();
  for (const event of events) {
    const subject = 'childId' in event ? event.childId : 'carerId' in event ? event.carerId : '';
    if (!subject) continue;
    const date = dateOf(event).slice(0, 10);
    if (date > until) continue;
    const ends =
      WATCH_ENDS.has(event.type) ||
      (event.type === 'ConferenceHeld' && event.kind === 'initial' && !event.planMade);
    const span = spans.get(subject) ?? { from: date, to: until };
    span.to = ends ? date : until;
    spans.set(subject, span);
  }
  let days = 0;
  for (const { from, to } of spans.values())
    days += (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return days / 365.25;
}

/** One JSON object a line, as `npm start -- --events` reads. */
export const asJsonLines = (events: readonly CaseEvent[]): string =>
  events
    .map((event) => JSON.stringify(event))
    .join('\n')
    .concat('\n');

if (import.meta.url === `file://${process.argv[1]}`) {
  const subjects = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  process.stdout.write(
    asJsonLines(authorityHistory({ subjects, from: '2019-01-01', years: 5, seed })),
  );
}
