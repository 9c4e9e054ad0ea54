/**
 * A council's SSDA903 history as ordinary case events (timescales.md section 2), checked
 * by the same planner as any other input: nothing here bypasses a contradiction rule.
 * Pure: checked rows and the events already imported in, events and an account of
 * every row out.
 *
 * Mapping, per child, episodes in DECOM order (ties in file order):
 * - a period of care runs from an `S` episode to the first episode whose REC is not
 *   X1: `BecameLookedAfter` on its DECOM, and `AdoptionOrderMade` (REC E11, E12) or
 *   `CeasedLookedAfter` (any other REC) on that episode's DEC;
 * - the period's first episode with LS E1 gives `PlacementOrderMade`, its first with
 *   PLACE A3 to A6 `PlacedForAdoption`, each on that episode's DECOM;
 * - every other episode is a change within the period: read, checked, not needed;
 * - a child whose first episode is not `S` was already looked after when the file
 *   starts. If the events already imported show the child looked after on that
 *   DECOM, the episode continues that period (otherwise see below), and the summary
 *   counts such periods;
 * - a period whose episode has legal status V3 or V4 is a series of short breaks (CPPCR
 *   2010 reg 48), not care: `ShortBreaksStarted` and `ShortBreaksEnded` in place of the
 *   start and end of care, no placement order nor adoption; an episode of the other
 *   kind within the period ends the one and begins the other on its DECOM;
 * - a child whose first episode is not `S` and who has no period recorded that holds
 *   it began before the file: from the earliest of that episode and the child's
 *   earliest review in the file, with `startedBeforeRecords` (the planner then sets
 *   the 6-month cycle, the first reviews having been held before the records begin);
 * - each review row gives `LacReviewHeld` with its participation code, if it falls
 *   within a period of care or short breaks (its first to its last day, both included).
 * - a fault in a field the clocks do not need (REC without DEC, a participation code
 *   that does not fit the age, a final X1, and the DfE's sequence rules 357, 431, 433,
 *   437) imports the row with what is sound and a warning naming the DfE rule; dates
 *   after the return's year end or after today are refused before mapping (checkYear).
 * - an episode that starts before the previous one ended is refused, and so is an `S`
 *   episode after one that ended X1, and a change (L, P, T, U, B) after a period
 *   ended; an episode that starts after one that ended X1 (a gap) still continues the
 *   period. A refused row takes no part in the sequence: the next episode is checked
 *   against the last one accepted. An exact repeat of a row is not needed.
 *
 * Every eventId is derived from what the event says (type, child, date), so the same
 * files imported twice give the same ids, and next year's return, which repeats the
 * episodes still open, adds only what is new.
 */
import { createHash } from 'node:crypto';
import { addDays, addMonths, type LocalDate } from '../../workflows/calendar/index.js';
import { type CaseEvent, eventDate } from '../../workflows/events.js';
import { DEFAULT_RULES_CONTEXT, type RulesContext } from '../../workflows/obligations.js';
import { reviewHistory } from '../../workflows/plan.js';
import {
  ADOPTED,
  ADOPTIVE_PLACEMENTS,
  type Checked,
  type EpisodeRow,
  type ReviewRow,
  type RowProblem,
  type Rule,
} from './ssda903-rows.js';

export type Table = 'episodes' | 'reviews';

/** Why a row that is fine gives no new event. */
export type NotNeeded = 'change within a period of care' | 'duplicate row' | 'already imported';

/** What became of one row: every row read ends in exactly one of these. */
export type RowOutcome =
  | {
      readonly table: Table;
      readonly line: number;
      readonly kind: 'imported';
      /** What was wrong with the row and left out: it is imported with warnings. */
      readonly warnings?: readonly RowProblem[];
    }
  | {
      readonly table: Table;
      readonly line: number;
      readonly kind: 'not needed';
      readonly reason: NotNeeded;
      readonly warnings?: readonly RowProblem[];
    }
  | {
      readonly table: Table;
      readonly line: number;
      readonly kind: 'refused';
      readonly problems: readonly RowProblem[];
    };

/** An event and the row (and column) it comes from. */
export interface SourcedEvent {
  readonly event: CaseEvent;
  readonly table: Table;
  readonly line: number;
  readonly column: string;
}

export interface ImportResult {
  /** New events, in history order within each child: what to store. */
  readonly events: readonly CaseEvent[];
  /** One outcome per row read, episodes first, each table in line order. */
  readonly outcomes: readonly RowOutcome[];
  /** Periods taken to start on their first episode because the file begins inside them. */
  readonly periodsInProgress: number;
  /** The children of those periods: an upload maps them again against their recorded history. */
  readonly childrenInProgress: ReadonlySet<string>;
}

/** Thrown when the events already imported are not themselves a history the planner accepts. */
export class PriorHistoryError extends Error {
  override readonly name = 'PriorHistoryError';
}

/** One problem as `cli import-903` and `GET /imports/{id}` name it, never quoting a value: `FILE:LINE: FIELD: rule: detail`. */
export const problemLine = (file: string, line: number, problem: RowProblem): string =>
  `${file}:${line}: ${problem.field ? `${problem.field}: ` : ''}${problem.rule}: ${problem.detail}`;

/** The eventId of an imported event: a digest of what it says, never of personal data. */
export function importedEventId(type: CaseEvent['type'], childId: string, date: LocalDate): string {
  const digest = createHash('sha256').update(`${type}\u0000${childId}\u0000${date}`).digest();
  return `ssda903-${digest.toString('base64url').slice(0, 32)}`;
}

const childEvent = <
  T extends
    | 'BecameLookedAfter'
    | 'CeasedLookedAfter'
    | 'AdoptionOrderMade'
    | 'ShortBreaksStarted'
    | 'ShortBreaksEnded',
>(
  type: T,
  childId: string,
  date: LocalDate,
): CaseEvent =>
  ({ type, eventId: importedEventId(type, childId, date), childId, date }) as CaseEvent;

/**
 * What a period is: care (looked after), or a series of short breaks (legal status V3
 * or V4, CPPCR 2010 reg 48: not looked after, reviewed on its own clock).
 */
type Arrangement = 'care' | 'short breaks';
const arrangementOf = (ls: string): Arrangement =>
  ls === 'V3' || ls === 'V4' ? 'short breaks' : 'care';

/** A period of care (or of short breaks) as this import knows it: from the file, from earlier imports, or both. */
interface Period {
  readonly start: LocalDate;
  /** What the period is now: an episode of another kind within it switches it. */
  kind: Arrangement;
  /** Already running when the records begin (the file's first episode is a change). */
  readonly beforeRecords?: boolean;
  end?: LocalDate;
  placementOrder: boolean;
  placedForAdoption: boolean;
}

/** The looked-after periods in the events already imported, per child, in date order. */
function knownPeriods(prior: readonly CaseEvent[]): Map<string, Period[]> {
  const byChild = new Map<string, Period[]>();
  const ordered = prior
    .map((event, index) => ({ event, index, date: eventDate(event) }))
    .sort((a, b) => compare(a.date, b.date) || a.index - b.index);
  for (const { event } of ordered) {
    if (!(event.type in RANK) || !('childId' in event)) continue;
    const periods = byChild.get(event.childId) ?? [];
    const open = periods.at(-1)?.end === undefined ? periods.at(-1) : undefined;
    switch (event.type) {
      case 'BecameLookedAfter':
      case 'ShortBreaksStarted':
        periods.push({
          start: event.date,
          kind: event.type === 'BecameLookedAfter' ? 'care' : 'short breaks',
          placementOrder: false,
          placedForAdoption: false,
        });
        byChild.set(event.childId, periods);
        break;
      case 'PlacementOrderMade':
        if (open) open.placementOrder = true;
        break;
      case 'PlacedForAdoption':
        if (open) open.placedForAdoption = true;
        break;
      case 'CeasedLookedAfter':
      case 'AdoptionOrderMade':
      case 'ShortBreaksEnded':
        if (open) open.end = event.date;
        break;
      default:
        break;
    }
  }
  return byChild;
}

/** The order of events on the same day within one period. */
const RANK: Partial<Record<CaseEvent['type'], number>> = {
  BecameLookedAfter: 0,
  ShortBreaksStarted: 0,
  ShortBreaksEnded: 4,
  PlacementOrderMade: 1,
  PlacedForAdoption: 2,
  LacReviewHeld: 3,
  CeasedLookedAfter: 4,
  AdoptionOrderMade: 4,
};

interface Placed extends SourcedEvent {
  readonly period: Period;
}

/** Episodes and reviews of one child, in file order. */
interface ChildRows {
  readonly episodes: EpisodeRow[];
  readonly reviews: ReviewRow[];
}

/**
 * Maps checked rows to events. Rows that failed their checks are refused as they
 * are; the rest are mapped, then the new events are reviewed by the planner together
 * with the events already imported, and every event it refuses refuses its row.
 */
export function importReturn(input: {
  readonly episodes: readonly Checked<EpisodeRow>[];
  readonly reviews: readonly Checked<ReviewRow>[];
  readonly prior?: readonly CaseEvent[];
  readonly rules?: RulesContext;
  /** The return's year end: a first episode within its year that is not S is warned of (DfE 357). */
  readonly yearEnd?: LocalDate;
}): ImportResult {
  const yearStart =
    input.yearEnd === undefined ? undefined : addDays(addMonths(input.yearEnd, -12), 1);
  const prior = input.prior ?? [];
  const outcomes = new Map<string, RowOutcome>();
  const outcomeKey = (table: Table, line: number) => `${table}:${line}`;
  const settle = (outcome: RowOutcome) =>
    outcomes.set(outcomeKey(outcome.table, outcome.line), outcome);
  const refuse = (table: Table, line: number, ...problems: RowProblem[]) =>
    settle({ table, line, kind: 'refused', problems });
  // Warnings by row: those of the row checks, and those of the sequence below.
  const warned = new Map<string, RowProblem[]>();
  const warn = (table: Table, line: number, ...warnings: readonly RowProblem[]) => {
    if (warnings.length === 0) return;
    const key = outcomeKey(table, line);
    warned.set(key, [...(warned.get(key) ?? []), ...warnings]);
  };
  const warningsOf = (table: Table, line: number) => {
    const warnings = warned.get(outcomeKey(table, line));
    return warnings ? { warnings } : {};
  };
  const notNeeded = (table: Table, line: number, reason: NotNeeded) =>
    settle({ table, line, kind: 'not needed', reason, ...warningsOf(table, line) });

  const children = new Map<string, ChildRows>();
  const rowsOf = (child: string) => {
    let rows = children.get(child);
    if (!rows) {
      rows = { episodes: [], reviews: [] };
      children.set(child, rows);
    }
    return rows;
  };
  for (const checked of input.episodes) {
    if (checked.ok) {
      rowsOf(checked.row.child).episodes.push(checked.row);
      warn('episodes', checked.row.line, ...(checked.row.warnings ?? []));
    } else refuse('episodes', checked.line, ...checked.problems);
  }
  for (const checked of input.reviews) {
    if (checked.ok) {
      rowsOf(checked.row.child).reviews.push(checked.row);
      warn('reviews', checked.row.line, ...(checked.row.warnings ?? []));
    } else refuse('reviews', checked.line, ...checked.problems);
  }

  const known = knownPeriods(prior);
  const mapped: SourcedEvent[] = [];
  let periodsInProgress = 0;
  const childrenInProgress = new Set<string>();

  for (const [child, rows] of children) {
    const placed: Placed[] = [];
    const periods: Period[] = [];
    const priorPeriods = known.get(child) ?? [];
    const episodes = [...rows.episodes].sort((a, b) =>
      a.start < b.start ? -1 : a.start > b.start ? 1 : a.line - b.line,
    );
    const seen = new Map<string, number>();
    let current: Period | undefined;
    let last: EpisodeRow | undefined;
    // The child's earliest review in the file: a period already running when the file
    // starts began no later than it.
    const earliestReview = rows.reviews.reduce<LocalDate | undefined>(
      (earliest, r) => (earliest === undefined || r.date < earliest ? r.date : earliest),
      undefined,
    );
    for (const episode of episodes) {
      const { line, start } = episode;
      if (seen.has(episode.key)) {
        notNeeded('episodes', line, 'duplicate row');
        continue;
      }
      seen.set(episode.key, line);
      if (last && (last.end === undefined || start < last.end)) {
        refuse('episodes', line, {
          field: 'DECOM',
          rule: 'episode overlaps the previous one',
          detail:
            last.end === undefined
              ? `starts while the episode on line ${last.line}, which has no end date (DEC), is still open (DfE 501)`
              : `is before the end (DEC) of the episode on line ${last.line} (DfE 501)`,
        });
        continue;
      }
      if (last && (last.rec === 'E2' || last.rec === 'E15')) {
        warn('episodes', line, {
          field: 'DECOM',
          rule: 'DfE 437: episodes after the child died or turned 18',
          detail: `the episode on line ${last.line} ended because the child died or turned 18, yet this one follows`,
        });
      }
      if (episode.rne === 'S' && last && !current && start === last.end) {
        warn('episodes', line, {
          field: 'RNE',
          rule: 'DfE 431: S on the day the previous episode ended',
          detail: `starts a new period of care (S) on the day the episode on line ${last.line} ended: if the child stayed in care, the previous episode should end X1 and this one be a change`,
        });
      }
      if (episode.rne !== 'S' && current && last && start !== last.end) {
        warn('episodes', line, {
          field: 'DECOM',
          rule: 'DfE 433: continuation does not start the day the last ended',
          detail: `continues the period of care, but does not start on the day the episode on line ${last.line} ended: taken as part of the same period`,
        });
      }
      let became = false;
      if (episode.rne === 'S') {
        if (current && last) {
          refuse('episodes', line, {
            field: 'RNE',
            rule: 'S episode within a period of care',
            detail: `S starts a period of care, but the episode on line ${last.line} ended X1: a new episode follows within the same period`,
          });
          continue;
        }
        const same = priorPeriods.find((p) => p.start === start);
        current = same ?? {
          start,
          kind: arrangementOf(episode.ls),
          placementOrder: false,
          placedForAdoption: false,
        };
        became = true;
      } else if (!current) {
        if (last) {
          refuse('episodes', line, {
            field: 'RNE',
            rule: 'change outside a period of care',
            detail: `is a change within a period of care, but the period ended with the episode on line ${last.line} (DfE 432)`,
          });
          continue;
        }
        const ongoing = priorPeriods.find(
          (p) => p.start <= start && (p.end === undefined || start < p.end),
        );
        if (ongoing) {
          current = ongoing;
        } else {
          // Begun before the file: from the earliest date the file shows the child in
          // care (this episode, or an earlier review), marked so that the planner sets
          // no first-review clock for a child long in care.
          const from =
            earliestReview !== undefined && earliestReview < start ? earliestReview : start;
          current = {
            start: from,
            kind: arrangementOf(episode.ls),
            placementOrder: false,
            placedForAdoption: false,
            beforeRecords: true,
          };
          became = true;
          periodsInProgress++;
          childrenInProgress.add(child);
          if (yearStart !== undefined && start >= yearStart) {
            warn('episodes', line, {
              field: 'RNE',
              rule: 'DfE 357: first episode is not S',
              detail:
                "the child's first episode starts within the return's year but is a change, not S: taken as a period of care already running",
            });
          }
        }
      }
      if (!periods.includes(current)) periods.push(current);
      const period = current;
      const before = placed.length;
      const add = (event: CaseEvent, column: string) =>
        placed.push({ event, table: 'episodes', line, column, period });
      if (became && period.kind === 'short breaks') {
        add(childEvent('ShortBreaksStarted', child, period.start), 'LS');
      } else if (became) {
        const event = childEvent('BecameLookedAfter', child, period.start);
        add(
          period.beforeRecords ? ({ ...event, startedBeforeRecords: true } as CaseEvent) : event,
          'DECOM',
        );
      } else if (arrangementOf(episode.ls) !== period.kind) {
        // Short breaks become care, or care short breaks: one ends and the other begins
        // on this episode's start (the planner runs the two clocks side by side).
        const [ends, begins] =
          period.kind === 'care'
            ? (['CeasedLookedAfter', 'ShortBreaksStarted'] as const)
            : (['ShortBreaksEnded', 'BecameLookedAfter'] as const);
        add(childEvent(ends, child, start), 'LS');
        add(childEvent(begins, child, start), 'LS');
        period.kind = arrangementOf(episode.ls);
      }
      if (period.kind === 'care' && episode.ls === 'E1' && !period.placementOrder) {
        period.placementOrder = true;
        add(
          {
            type: 'PlacementOrderMade',
            eventId: importedEventId('PlacementOrderMade', child, start),
            childId: child,
            date: start,
          },
          'LS',
        );
      }
      if (
        period.kind === 'care' &&
        ADOPTIVE_PLACEMENTS.has(episode.place) &&
        !period.placedForAdoption
      ) {
        period.placedForAdoption = true;
        add(
          {
            type: 'PlacedForAdoption',
            eventId: importedEventId('PlacedForAdoption', child, start),
            childId: child,
            date: start,
          },
          'PLACE',
        );
      }
      if (episode.end !== undefined && episode.rec !== 'X1') {
        period.end = episode.end;
        const type =
          period.kind === 'short breaks'
            ? 'ShortBreaksEnded'
            : ADOPTED.has(episode.rec ?? '')
              ? 'AdoptionOrderMade'
              : 'CeasedLookedAfter';
        add(childEvent(type, child, episode.end), 'REC');
        current = undefined;
      }
      last = episode;
      if (placed.length === before) notNeeded('episodes', line, 'change within a period of care');
    }
    if (last?.rec === 'X1' && current) {
      warn('episodes', last.line, {
        field: 'REC',
        rule: 'DfE 388: last episode ended X1',
        detail:
          'ends X1 (a new episode starts the same day) but no episode follows: the period of care is left open',
      });
      // The row was settled before the warning was known: settle it again with it.
      const settled = outcomes.get(outcomeKey('episodes', last.line));
      if (settled?.kind === 'not needed') notNeeded('episodes', last.line, settled.reason);
    }

    // Reviews fall within a period from this file or from earlier imports.
    const within = [...periods, ...priorPeriods.filter((p) => !periods.includes(p))].sort((a, b) =>
      a.start < b.start ? -1 : a.start > b.start ? 1 : 0,
    );
    const reviews = [...rows.reviews].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.line - b.line,
    );
    const reviewed = new Map<string, ReviewRow>();
    for (const review of reviews) {
      const { line, date } = review;
      const earlier = reviewed.get(date);
      if (earlier) {
        if (earlier.key === review.key) notNeeded('reviews', line, 'duplicate row');
        else {
          refuse('reviews', line, {
            field: 'REVIEW_CODE',
            rule: 'conflicting duplicate',
            detail: `the review on line ${earlier.line} has the same child and date with a different participation code`,
          });
        }
        continue;
      }
      reviewed.set(date, review);
      const period = within.find((p) => p.start <= date && (p.end === undefined || date <= p.end));
      if (!period) {
        refuse('reviews', line, {
          field: 'REVIEW',
          rule: 'review outside any period of care',
          detail: 'is not within any period of care of this child, in this file or imported before',
        });
        continue;
      }
      placed.push({
        event: {
          type: 'LacReviewHeld',
          eventId: importedEventId('LacReviewHeld', child, date),
          childId: child,
          date,
          ...(review.participation === undefined ? {} : { participation: review.participation }),
        },
        table: 'reviews',
        line,
        column: 'REVIEW',
        period,
      });
    }

    // History order within the child: by date; on one day, by period, then by kind.
    const ordinal = new Map(within.map((p, i) => [p, i]));
    placed.sort(
      (a, b) =>
        compare(eventDate(a.event), eventDate(b.event)) ||
        (ordinal.get(a.period) ?? 0) - (ordinal.get(b.period) ?? 0) ||
        (RANK[a.event.type] ?? 0) - (RANK[b.event.type] ?? 0),
    );
    mapped.push(...placed);
  }

  const { events, refused, alreadyThere } = review(mapped, prior, input.rules);
  for (const source of mapped) {
    const key = outcomeKey(source.table, source.line);
    const problem = refused.get(source);
    if (problem) {
      const previous = outcomes.get(key);
      const problems = previous?.kind === 'refused' ? [...previous.problems, problem] : [problem];
      settle({ table: source.table, line: source.line, kind: 'refused', problems });
    } else if (outcomes.get(key)?.kind === 'refused') {
      // Another event of the same row was refused: the row stays refused.
    } else if (!alreadyThere.has(source)) {
      settle({
        table: source.table,
        line: source.line,
        kind: 'imported',
        ...warningsOf(source.table, source.line),
      });
    } else if (outcomes.get(key)?.kind !== 'imported') {
      notNeeded(source.table, source.line, 'already imported');
    }
  }

  const tableOrder = (t: Table) => (t === 'episodes' ? 0 : 1);
  return {
    events,
    outcomes: [...outcomes.values()].sort(
      (a, b) => tableOrder(a.table) - tableOrder(b.table) || a.line - b.line,
    ),
    periodsInProgress,
    childrenInProgress,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An event's content whatever the order of its fields, as the planner compares repeats. */
const canonical = (event: CaseEvent): string =>
  JSON.stringify(Object.entries(event).sort(([a], [b]) => compare(a, b)));

/**
 * The planner's word on the new events, child by child, after the events already
 * imported. An event whose id is already there, saying the same, is not stored again.
 * When a child's new events together contradict nothing, all are taken; otherwise
 * they are taken row by row in history order, as the API would take them, and an
 * event that brings a contradiction into the history (its own, or one it causes in an
 * event already recorded) is refused with its whole row: a refused row stores nothing.
 */
function review(
  mapped: readonly SourcedEvent[],
  prior: readonly CaseEvent[],
  rules: RulesContext = DEFAULT_RULES_CONTEXT,
) {
  const [broken] = reviewHistory(prior, undefined, rules).problems;
  if (broken) {
    throw new PriorHistoryError(
      `event ${broken.index + 1} (${broken.type}) ${broken.field}: ${broken.reason}`,
    );
  }
  const priorBodies = new Map<string, string>();
  const priorByChild = new Map<string, CaseEvent[]>();
  for (const event of prior) {
    if (event.eventId !== undefined) priorBodies.set(event.eventId, canonical(event));
    if ('childId' in event) {
      const events = priorByChild.get(event.childId) ?? [];
      events.push(event);
      priorByChild.set(event.childId, events);
    }
  }
  const alreadyThere = new Set<SourcedEvent>();
  const freshByChild = new Map<string, SourcedEvent[]>();
  for (const source of mapped) {
    const id = source.event.eventId;
    if (id !== undefined && priorBodies.get(id) === canonical(source.event)) {
      alreadyThere.add(source);
      continue;
    }
    const childId = 'childId' in source.event ? source.event.childId : '';
    const sources = freshByChild.get(childId) ?? [];
    sources.push(source);
    freshByChild.set(childId, sources);
  }
  const refused = new Map<SourcedEvent, RowProblem>();
  const refusedRows = new Set<string>();
  const rowOf = (source: SourcedEvent) => `${source.table}:${source.line}`;
  for (const [childId, sources] of freshByChild) {
    const before = priorByChild.get(childId) ?? [];
    const together = [...before, ...sources.map((s) => s.event)];
    if (reviewHistory(together, undefined, rules).problems.length === 0) continue;
    // A row is taken whole or not at all: its events are checked one at a time, in
    // history order beside the rows already taken, and the first one refused refuses
    // the row, so no event of a refused row is stored.
    const taken = new Set<SourcedEvent>();
    const rows = new Map<string, SourcedEvent[]>();
    for (const source of sources) {
      const row = rows.get(rowOf(source)) ?? [];
      row.push(source);
      rows.set(rowOf(source), row);
    }
    for (const row of rows.values()) {
      const trying = new Set<SourcedEvent>();
      for (const source of row) {
        trying.add(source);
        const candidate = sources.filter((s) => taken.has(s) || trying.has(s));
        const history = [...before, ...candidate.map((s) => s.event)];
        const [problem] = reviewHistory(history, undefined, rules).problems;
        if (!problem) continue;
        const own = problem.index === before.length + candidate.indexOf(source);
        refused.set(source, {
          field: source.column,
          rule: 'refused by the planner' satisfies Rule,
          detail: own
            ? `${problem.type}: ${problem.reason}`
            : `${source.event.type}: it contradicts an event already recorded (${problem.type}${problem.eventId ? ` ${problem.eventId}` : ''}): ${problem.reason}`,
        });
        refusedRows.add(rowOf(source));
        break;
      }
      if (!refusedRows.has(rowOf(row[0] as SourcedEvent))) for (const s of row) taken.add(s);
    }
  }
  return {
    events: mapped
      .filter((s) => !alreadyThere.has(s) && !refusedRows.has(rowOf(s)))
      .map((s) => s.event),
    refused,
    alreadyThere,
  };
}
