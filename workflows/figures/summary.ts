/**
 * Each event log's contribution to the unit's figures, kept as a small summary: the
 * facts a replay of the log gives (facts.ts), read once over the log's whole history,
 * and where its plan stands on any date as far as the figures ask (a `lac-review`
 * overdue, a dispute's stage). The summaries are written when the log is planned, so
 * `GET /reports/figures` reads them and never every event, and gives the figures the
 * full replay ({@link unitFigures}) gives, for any period. Pure: no AWS, no I/O.
 *
 * Why one summary serves every period: every fact carries its dates, and the figures
 * of a period count only facts dated up to its end; what a fact says about a meeting
 * (its due date, on time or not) depends only on the history before it, which an
 * event dated later cannot change (events are replayed in date order).
 */
import { CalendarRangeError, type LocalDate } from '../calendar/index.js';
import { disputeStandingOn } from '../disputes/rules.js';
import { type CaseEvent, type DisputeStage, eventDate } from '../events.js';
import type { RulesContext } from '../obligations.js';
import type { CouncilSettings } from '../policy.js';
import {
  type AllocationFact,
  type AuditFact,
  type ConferenceFact,
  type ContactFact,
  type DisputeFact,
  type EpisodeFact,
  episodeKey,
  type Facts,
  factsOf,
  type HeldFact,
  type LacReviewFact,
  type PlanFact,
  type Standing,
} from './facts.js';
import { figuresOfFacts } from './figures.js';
import { historyUpTo } from './history.js';
import type { Period } from './period.js';
import type { FiguresReport } from './shape.js';

/** Earlier than any event: every fact is measured, whatever period is asked for later. */
const ALL_TIME: LocalDate = '0001-01-01';

/** Where a dispute stands after a day's events, before any later automatic escalation. */
export interface StageStanding {
  readonly stage: DisputeStage;
  readonly due: LocalDate;
}

/**
 * The shape of {@link LogFigures} as kept: raised whenever {@link logFigures} would
 * give another summary for the same history, or the store keeps them another way, so
 * the backfill (functions/shared/backfill.ts) writes every log's summary again and the
 * figures wait for it rather than count old ones. 2: kept in groups of logs, not one
 * item a log (functions/adapters/dynamodb/figures-store.ts).
 */
export const SUMMARY_VERSION = 2;

/** A log's contribution to the figures: plain data, stored as JSON. */
export interface LogFigures {
  /** The log's name (`reviews/C1`, `protection/C1`, `dispute/D1`, `carer/F1`). */
  readonly log: string;
  readonly episodes: readonly EpisodeFact[];
  readonly lacReviews: readonly LacReviewFact[];
  readonly secureReviews: readonly HeldFact[];
  readonly carerReviews: readonly HeldFact[];
  readonly shortBreaksReviews: readonly HeldFact[];
  readonly plans: readonly PlanFact[];
  readonly conferences: readonly ConferenceFact[];
  readonly disputes: readonly DisputeFact[];
  readonly contacts: readonly ContactFact[];
  readonly allocations: readonly AllocationFact[];
  readonly audits: readonly AuditFact[];
  /**
   * A looked-after log: the child, and the `lac-review` due date in force after each
   * day's events (null: none open), listed only where it changes.
   */
  readonly lacReview?: {
    readonly childId: string;
    readonly steps: readonly (readonly [LocalDate, LocalDate | null])[];
  };
  /** A dispute's log: where it stands after each day's events (null: not open), where that changes. */
  readonly disputeStage?: {
    readonly disputeId: string;
    readonly steps: readonly (readonly [LocalDate, StageStanding | null])[];
  };
}

/** A log with no fact at all (every event retracted, or none left). */
const emptyFigures = (log: string): LogFigures => ({
  log,
  episodes: [],
  lacReviews: [],
  secureReviews: [],
  carerReviews: [],
  shortBreaksReviews: [],
  plans: [],
  conferences: [],
  disputes: [],
  contacts: [],
  allocations: [],
  audits: [],
});

/** The value in force on `date`: the last step dated on or before it. */
function stepOn<T>(steps: readonly (readonly [LocalDate, T])[], date: LocalDate): T | undefined {
  let low = 0;
  let high = steps.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((steps[middle] as readonly [LocalDate, T])[0] <= date) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : (steps[low - 1] as readonly [LocalDate, T])[1];
}

/** The steps of a value read after each distinct date, kept only where it changes. */
function stepsOf<T>(dates: readonly LocalDate[], read: (date: LocalDate) => T): [LocalDate, T][] {
  const steps: [LocalDate, T][] = [];
  let last: string | undefined;
  for (const date of new Set(dates)) {
    const value = read(date);
    const key = JSON.stringify(value);
    if (key !== last) steps.push([date, value]);
    last = key;
  }
  return steps;
}

/**
 * The summary of one log from its stored events as the planner reads them (ids
 * qualified, retractions in): the facts of the log replayed to its last event, every
 * meeting measured. Every event must belong to `log`.
 */
export function logFigures(
  log: string,
  events: readonly CaseEvent[],
  context: RulesContext,
): LogFigures {
  const dated = events.filter((e) => e.type !== 'EventRetracted').map(eventDate);
  if (dated.length === 0) return emptyFigures(log);
  // The latest date: LocalDate strings sort as dates do.
  const last = [...dated].sort().at(-1) as LocalDate;
  const history = historyUpTo(events, last, context);
  const facts = factsOf(history, ALL_TIME);
  const [replayed] = history.logs;
  const [childId] = facts.reviewLogs.keys();
  const [dispute] = facts.disputes;
  return {
    log,
    episodes: facts.episodes,
    lacReviews: facts.lacReviews,
    secureReviews: facts.secureReviews,
    carerReviews: facts.carerReviews,
    shortBreaksReviews: facts.shortBreaksReviews,
    plans: facts.plans,
    conferences: facts.conferences,
    disputes: facts.disputes,
    contacts: facts.contacts,
    allocations: [...facts.allocations.values()].flat(),
    audits: facts.audits,
    ...(replayed && childId !== undefined
      ? {
          lacReview: {
            childId,
            steps: stepsOf(
              replayed.dates,
              (date) => replayed.on(date).find((o) => o.kind === 'lac-review')?.due ?? null,
            ),
          },
        }
      : {}),
    ...(replayed && dispute && facts.disputeLogs.has(dispute.disputeId)
      ? {
          disputeStage: {
            disputeId: dispute.disputeId,
            steps: stepsOf(replayed.dates, (date): StageStanding | null => {
              const open = replayed.on(date).find((o) => o.kind === 'dispute-stage');
              return open?.stage === undefined ? null : { stage: open.stage, due: open.due };
            }),
          },
        }
      : {}),
  };
}

/** L5's question of a kept summary: the `lac-review` open on a date, overdue or not. */
const lacStanding = (steps: NonNullable<LogFigures['lacReview']>['steps']): Standing => ({
  on(date) {
    const due = stepOn(steps, date);
    return due == null ? [] : [{ kind: 'lac-review', due, overdue: date > due }];
  },
});

/** D4's question of a kept summary: the dispute's stage on a date, automatic escalation applied. */
const disputeStanding = (
  steps: NonNullable<LogFigures['disputeStage']>['steps'],
  context: RulesContext,
): Standing => ({
  on(date) {
    const standing = stepOn(steps, date);
    if (standing == null) return [];
    try {
      const { stage, due } = disputeStandingOn(
        { ...standing, startedOn: date, cause: 'raised' },
        date,
        context,
      );
      return [{ kind: 'dispute-stage', due, overdue: date > due, stage }];
    } catch (error) {
      // As a replay does: a date past the calendar's range leaves the stage unknown.
      if (error instanceof CalendarRangeError) return [];
      throw error;
    }
  },
});

/** The facts of every log at once, from their summaries: what `factsOf` gives from a replay. */
export function factsOfSummaries(summaries: readonly LogFigures[], context: RulesContext): Facts {
  const lacReviewsByEpisode = new Map<string, LacReviewFact[]>();
  const allocations = new Map<string, AllocationFact[]>();
  const reviewLogs = new Map<string, Standing>();
  const disputeLogs = new Map<string, Standing>();
  // Every summary's list of one kind, end to end (a loop: flatMap is several times slower here).
  const all = <K extends keyof LogFigures>(key: K) => {
    const list: unknown[] = [];
    for (const summary of summaries)
      for (const fact of summary[key] as readonly unknown[]) list.push(fact);
    return list as unknown as NonNullable<LogFigures[K]>;
  };
  for (const summary of summaries) {
    for (const review of summary.lacReviews) {
      const key = episodeKey(review.subjectId, review.episodeStart);
      const ofEpisode = lacReviewsByEpisode.get(key) ?? [];
      ofEpisode.push(review);
      lacReviewsByEpisode.set(key, ofEpisode);
    }
    for (const allocation of summary.allocations) {
      const ofChild = allocations.get(allocation.childId) ?? [];
      ofChild.push(allocation);
      allocations.set(allocation.childId, ofChild);
    }
    if (summary.lacReview) {
      reviewLogs.set(summary.lacReview.childId, lacStanding(summary.lacReview.steps));
    }
    if (summary.disputeStage) {
      disputeLogs.set(
        summary.disputeStage.disputeId,
        disputeStanding(summary.disputeStage.steps, context),
      );
    }
  }
  return {
    episodes: all('episodes'),
    lacReviews: all('lacReviews'),
    lacReviewsByEpisode,
    secureReviews: all('secureReviews'),
    carerReviews: all('carerReviews'),
    shortBreaksReviews: all('shortBreaksReviews'),
    plans: all('plans'),
    conferences: all('conferences'),
    disputes: all('disputes'),
    contacts: all('contacts'),
    allocations,
    audits: all('audits'),
    reviewLogs,
    disputeLogs,
  };
}

/** What `councilFigures` answers from a replay, from the logs' summaries. */
export function councilFiguresOfSummaries(
  summaries: readonly LogFigures[],
  chosen: { readonly period: Period; readonly years: number },
  settings: CouncilSettings,
): FiguresReport {
  const facts = factsOfSummaries(summaries, settings.rules);
  return figuresOfFacts(facts, chosen.period, {
    years: chosen.years,
    context: settings.rules,
    ...(settings.childPopulation === undefined
      ? {}
      : { childPopulation: settings.childPopulation }),
  });
}

/** The child a looked-after log (`reviews/<child>`) is about; undefined for any other log. */
export function lookedAfterChildOf(log: string): string | undefined {
  const prefix = 'reviews/';
  return log.startsWith(prefix) ? decodeURIComponent(log.slice(prefix.length)) : undefined;
}

/** A child's looked-after episodes, as the caseloads need them: `[start, end]`, end absent while open. */
export type EpisodeSpan = readonly [LocalDate, LocalDate?];

export const episodeSpans = (summary: LogFigures): EpisodeSpan[] =>
  summary.episodes.map((e) => (e.end === undefined ? [e.start] : [e.start, e.end]));

/** Whether an episode is open on `date` (figures.md L1). */
export const lookedAfterOnDay = (spans: readonly EpisodeSpan[], date: LocalDate): boolean =>
  spans.some(([start, end]) => start <= date && (end === undefined || end > date));
