/**
 * What happened, read once from the history: episodes, reviews, plans, conferences,
 * disputes, each with the due date it was measured against. The figures of any period
 * up to the history's end are then counts over these facts.
 */
import { type LocalDate, toEpochMillis } from '../calendar/index.js';
import type {
  Advocacy,
  CaseEvent,
  CaseEventOf,
  ChildParticipation,
  DisputeStage,
  Grade,
  ParticipationCode,
  PlanCategory,
} from '../events.js';
import type { Obligation, ObligationKind } from '../obligations.js';
import type { LogHistory, ReportHistory } from './history.js';

/** When a meeting's record was due (as the planner set it) and, if it was, when it was shared. */
export interface RecordDue {
  readonly due: LocalDate;
  readonly sharedOn?: LocalDate;
}

/** A looked-after episode: `end` is the date it ceased (adoption or ceasing), if it has. */
export interface EpisodeFact {
  readonly childId: string;
  readonly start: LocalDate;
  readonly end?: LocalDate;
  /** Already running when the records begin (an imported return): not a start in L2. */
  readonly beforeRecords?: boolean;
}

/** A review measured against the due date of the obligation it closed. */
export interface HeldFact {
  /** The child or foster carer. */
  readonly subjectId: string;
  readonly date: LocalDate;
  /** Absent when no such obligation was open just before it (e.g. no strategy discussion for an initial conference). */
  readonly due?: LocalDate;
  readonly onTime: boolean;
}

export interface LacReviewFact extends HeldFact {
  readonly participation?: ParticipationCode;
  /** Whether the permanence plan was agreed (figures.md L9), where recorded. */
  readonly permanencePlan?: 'agreed' | 'not-agreed';
  readonly episodeStart: LocalDate;
  /** An IRO contact with the child dated on or before the review and after the episode's previous review (or on or after the episode's start). */
  readonly contactBefore: boolean;
  /**
   * The young person shared their views through their link (ChildViewsShared) in the
   * same window as contactBefore: after the previous review, on or before this one (L12,
   * a local addition). Absent when they did not.
   */
  readonly viewsBefore?: true;
  /** Absent for reviews before every period reported: never counted, so never looked up. */
  readonly decisions?: RecordDue;
  readonly record?: RecordDue;
}

export interface PlanFact {
  readonly childId: string;
  readonly start: LocalDate;
  readonly end?: LocalDate;
  /** The end of the child's previous plan in the log, if there was one. */
  readonly previousEnd?: LocalDate;
  /** The conferences that made or continued the plan, in history order (C14, C15). */
  readonly conferences: readonly {
    readonly date: LocalDate;
    readonly category?: PlanCategory;
    readonly disability?: boolean;
  }[];
}

/** An IRO's contact with a child (L10). */
export interface ContactFact {
  readonly childId: string;
  readonly date: LocalDate;
  readonly method: CaseEventOf<'IroContactWithChild'>['method'];
  readonly outOfArea?: boolean;
}

/** A child's IRO from a date (L11): each child's in history order. */
export interface AllocationFact {
  readonly childId: string;
  readonly iro: string;
  readonly date: LocalDate;
}

/** A manager's quality audit of an IRO's work on one child (A1). */
export interface AuditFact {
  readonly auditId: string;
  readonly childId: string;
  readonly iro: string;
  readonly date: LocalDate;
  readonly grade: Grade;
}

export interface ReportFact {
  readonly at: string;
  readonly due: string;
  readonly onTime: boolean;
}

export interface ConferenceFact extends HeldFact {
  readonly conferenceId: string;
  readonly kind: 'initial' | 'review';
  /** initial: planMade; review: planContinues. */
  readonly plan: boolean;
  readonly familyAttended?: boolean;
  readonly childParticipation?: ChildParticipation;
  readonly advocacy?: Advocacy;
  readonly reportQuality?: Grade;
  /** A ConferenceBooked for it came before it. */
  readonly booked: boolean;
  /** The sharing that closed its `conference-report` obligation, if one came before the conference. */
  readonly report?: ReportFact;
  readonly minutes?: RecordDue;
}

export interface DisputeFact {
  readonly disputeId: string;
  readonly childId: string;
  readonly raised: LocalDate;
  readonly resolved?: LocalDate;
  /** The stage it stood at on the day it was resolved. */
  readonly stageWhenResolved?: DisputeStage;
}

/**
 * What a log's plan says on a date, as far as the figures ask: L5 asks whether a
 * `lac-review` is overdue on `to`, D4 where a dispute stands on `to`. A replayed log
 * ({@link LogHistory}) answers it, and so does a log's kept summary (summary.ts).
 */
export interface Standing {
  on(date: LocalDate): readonly Pick<Obligation, 'kind' | 'due' | 'overdue' | 'stage'>[];
}

export interface Facts {
  readonly episodes: readonly EpisodeFact[];
  readonly lacReviews: readonly LacReviewFact[];
  /** The reviews of each episode, by {@link episodeKey}. */
  readonly lacReviewsByEpisode: ReadonlyMap<string, readonly LacReviewFact[]>;
  readonly secureReviews: readonly HeldFact[];
  readonly carerReviews: readonly HeldFact[];
  /** Reviews held during a short-breaks arrangement (O3), measured against `short-breaks-review`. */
  readonly shortBreaksReviews: readonly HeldFact[];
  readonly plans: readonly PlanFact[];
  readonly conferences: readonly ConferenceFact[];
  readonly disputes: readonly DisputeFact[];
  readonly contacts: readonly ContactFact[];
  /** Every child's IRO allocations, each child's in history order. */
  readonly allocations: ReadonlyMap<string, readonly AllocationFact[]>;
  readonly audits: readonly AuditFact[];
  /** Each looked-after child's log, for what is overdue on a date. */
  readonly reviewLogs: ReadonlyMap<string, Standing>;
  /** Each dispute's log, for where it stands on a date. */
  readonly disputeLogs: ReadonlyMap<string, Standing>;
}

const find = (
  obligations: readonly Obligation[],
  kind: ObligationKind,
  refId?: string,
): Obligation | undefined =>
  obligations.find((o) => o.kind === kind && (refId === undefined || o.refId === refId));

/**
 * The records a log's meetings opened (`review-decisions`, `review-record`,
 * `conference-minutes`) with the due date the planner gave each, and the event that
 * closed each: the one before which it was open and after which it was not.
 */
class RecordKeeping {
  readonly #records = new Map<string, { due: LocalDate; sharedOn?: LocalDate }>();
  constructor(private readonly log: LogHistory) {}

  /** The meeting at `index` opened the record `kind` of `refId`. */
  opened(index: number, kind: ObligationKind, refId: string): void {
    const due = find(this.log.after(index), kind, refId)?.due;
    const key = `${kind}\u0000${refId}`;
    if (due !== undefined && !this.#records.has(key)) this.#records.set(key, { due });
  }

  /** The event at `index` may close the records `kinds` of `refId`. */
  closing(index: number, kinds: readonly ObligationKind[], refId: string): void {
    const before = this.log.before(index);
    const after = this.log.after(index);
    for (const kind of kinds) {
      const record = this.#records.get(`${kind}\u0000${refId}`);
      if (!record || record.sharedOn !== undefined) continue;
      if (find(before, kind, refId) && !find(after, kind, refId)) {
        record.sharedOn = this.log.dates[index] as LocalDate;
      }
    }
  }

  get(kind: ObligationKind, refId: string): RecordDue | undefined {
    const record = this.#records.get(`${kind}\u0000${refId}`);
    return record && { ...record };
  }
}

/** Measures a held review or conference against the obligation open just before it. */
function measured(log: LogHistory, index: number, kind: ObligationKind, since: LocalDate) {
  const date = log.dates[index] as LocalDate;
  // Events before every period reported are never counted: no need to plan them.
  if (date < since) return { date, onTime: true };
  const due = find(log.before(index), kind)?.due;
  return due === undefined ? { date, onTime: false } : { date, due, onTime: date <= due };
}

const episodeFact = (episode: {
  childId: string;
  start: LocalDate;
  beforeRecords?: boolean;
}): EpisodeFact => ({
  childId: episode.childId,
  start: episode.start,
  ...(episode.beforeRecords ? { beforeRecords: true } : {}),
});

function reviewsLog(log: LogHistory, since: LocalDate, facts: Collector) {
  let episode:
    | { childId: string; start: LocalDate; lastReview?: LocalDate; beforeRecords?: boolean }
    | undefined;
  // A short-breaks arrangement (timescales.md 3.6): its reviews count for O3, and only
  // an episode of care (BecameLookedAfter) counts the child as looked after.
  let inShortBreaks = false;
  const contacts: LocalDate[] = [];
  const viewsShared: LocalDate[] = [];
  const records = new RecordKeeping(log);
  const reviews: (Omit<LacReviewFact, 'contactBefore' | 'decisions' | 'record'> & {
    readonly windowStart: LocalDate;
    readonly afterWindowStart: boolean;
  })[] = [];
  log.events.forEach((event, index) => {
    const date = log.dates[index] as LocalDate;
    switch (event.type) {
      case 'BecameLookedAfter':
        episode = {
          childId: event.childId,
          start: date,
          ...(event.startedBeforeRecords ? { beforeRecords: true } : {}),
        };
        break;
      case 'CeasedLookedAfter':
      case 'AdoptionOrderMade':
        if (episode) facts.episodes.push({ ...episodeFact(episode), end: date });
        episode = undefined;
        break;
      case 'LacReviewHeld': {
        if (inShortBreaks) {
          facts.shortBreaksReviews.push({
            subjectId: event.childId,
            ...measured(log, index, 'short-breaks-review', since),
          });
        }
        if (!episode) break;
        const { due, onTime } = measured(log, index, 'lac-review', since);
        reviews.push({
          subjectId: event.childId,
          date,
          ...(due === undefined ? {} : { due }),
          onTime,
          ...(event.participation === undefined ? {} : { participation: event.participation }),
          ...(event.permanencePlan === undefined ? {} : { permanencePlan: event.permanencePlan }),
          episodeStart: episode.start,
          windowStart: episode.lastReview ?? episode.start,
          afterWindowStart: episode.lastReview !== undefined,
        });
        episode.lastReview = date;
        if (date >= since) {
          records.opened(index, 'review-decisions', date);
          records.opened(index, 'review-record', date);
        }
        break;
      }
      case 'IroContactWithChild':
        contacts.push(date);
        facts.contacts.push({
          childId: event.childId,
          date,
          method: event.method,
          ...(event.outOfArea === undefined ? {} : { outOfArea: event.outOfArea }),
        });
        break;
      case 'IroAllocated': {
        const ofChild = facts.allocations.get(event.childId) ?? [];
        ofChild.push({ childId: event.childId, iro: event.iro, date });
        facts.allocations.set(event.childId, ofChild);
        break;
      }
      case 'CaseAuditCompleted':
        facts.audits.push({
          auditId: event.auditId,
          childId: event.childId,
          iro: event.iro,
          date,
          grade: event.grade,
        });
        break;
      case 'ReviewRecordShared':
        if (date >= since) {
          records.closing(index, ['review-decisions', 'review-record'], event.reviewDate);
        }
        break;
      case 'ChildViewsShared':
        viewsShared.push(date);
        break;
      case 'ShortBreaksStarted':
        inShortBreaks = true;
        break;
      case 'ShortBreaksEnded':
        inShortBreaks = false;
        break;
      case 'SecureReviewHeld':
        facts.secureReviews.push({
          subjectId: event.childId,
          ...measured(log, index, 'secure-review', since),
        });
        break;
      default:
        break;
    }
  });
  if (episode) facts.episodes.push(episodeFact(episode));
  for (const { windowStart, afterWindowStart, ...review } of reviews) {
    const decisions = records.get('review-decisions', review.date);
    const record = records.get('review-record', review.date);
    const key = episodeKey(review.subjectId, review.episodeStart);
    const ofEpisode = facts.lacReviewsByEpisode.get(key) ?? [];
    facts.lacReviewsByEpisode.set(key, ofEpisode);
    const inWindow = (c: LocalDate) =>
      c <= review.date && (afterWindowStart ? c > windowStart : c >= windowStart);
    const fact: LacReviewFact = {
      ...review,
      contactBefore: contacts.some(inWindow),
      ...(viewsShared.some(inWindow) ? { viewsBefore: true as const } : {}),
      ...(decisions === undefined ? {} : { decisions }),
      ...(record === undefined ? {} : { record }),
    };
    facts.lacReviews.push(fact);
    ofEpisode.push(fact);
  }
}

function protectionLog(log: LogHistory, since: LocalDate, facts: Collector) {
  let plan:
    | { childId: string; start: LocalDate; conferences: PlanFact['conferences'][number][] }
    | undefined;
  let previousEnd: LocalDate | undefined;
  const booked = new Set<string>();
  const reportsShared = new Map<string, number[]>();
  const records = new RecordKeeping(log);
  const held: (Omit<ConferenceFact, 'minutes'> & { readonly date: LocalDate })[] = [];
  const endPlan = (date: LocalDate) => {
    if (!plan) return;
    facts.plans.push({
      childId: plan.childId,
      start: plan.start,
      end: date,
      ...(previousEnd === undefined ? {} : { previousEnd }),
      conferences: plan.conferences,
    });
    previousEnd = date;
    plan = undefined;
  };
  log.events.forEach((event, index) => {
    const date = log.dates[index] as LocalDate;
    switch (event.type) {
      case 'ConferenceBooked':
        booked.add(event.conferenceId);
        break;
      case 'ReportShared':
        reportsShared.set(event.conferenceId, [
          ...(reportsShared.get(event.conferenceId) ?? []),
          index,
        ]);
        break;
      case 'ConferenceMinutesShared':
        if (date >= since) records.closing(index, ['conference-minutes'], event.conferenceId);
        break;
      case 'CpPlanEnded':
        endPlan(date);
        break;
      case 'ConferenceHeld': {
        const kind = event.kind;
        const measure = measured(log, index, kind === 'initial' ? 'icpc' : 'cp-review', since);
        const report =
          date < since ? undefined : reportOf(log, event, reportsShared.get(event.conferenceId));
        held.push({
          subjectId: event.childId,
          conferenceId: event.conferenceId,
          kind,
          ...measure,
          plan: event.kind === 'initial' ? event.planMade : event.planContinues,
          ...(event.familyAttended === undefined ? {} : { familyAttended: event.familyAttended }),
          ...(event.childParticipation === undefined
            ? {}
            : { childParticipation: event.childParticipation }),
          ...(event.advocacy === undefined ? {} : { advocacy: event.advocacy }),
          ...(event.reportQuality === undefined ? {} : { reportQuality: event.reportQuality }),
          booked: booked.has(event.conferenceId),
          ...(report === undefined ? {} : { report }),
        });
        if (date >= since) records.opened(index, 'conference-minutes', event.conferenceId);
        const ofPlan = {
          date,
          ...(event.category === undefined ? {} : { category: event.category }),
          ...(event.disability === undefined ? {} : { disability: event.disability }),
        };
        if (event.kind === 'initial' && event.planMade) {
          plan = { childId: event.childId, start: date, conferences: [ofPlan] };
        } else if (event.kind === 'review' && event.planContinues) {
          plan?.conferences.push(ofPlan);
        } else if (event.kind === 'review' && !event.planContinues) {
          endPlan(date);
        }
        break;
      }
      default:
        break;
    }
  });
  if (plan) {
    facts.plans.push({
      childId: plan.childId,
      start: plan.start,
      ...(previousEnd === undefined ? {} : { previousEnd }),
      conferences: plan.conferences,
    });
  }
  for (const conference of held) {
    const minutes = records.get('conference-minutes', conference.conferenceId);
    facts.conferences.push({ ...conference, ...(minutes === undefined ? {} : { minutes }) });
  }
}

/** The sharing of the report that closed the conference's `conference-report` obligation, before the conference. */
function reportOf(
  log: LogHistory,
  held: CaseEventOf<'ConferenceHeld'>,
  sharings: readonly number[] | undefined,
): ReportFact | undefined {
  for (const index of sharings ?? []) {
    const event = log.events[index] as CaseEvent;
    const open = find(log.before(index), 'conference-report', held.conferenceId);
    if (open === undefined || event.type !== 'ReportShared') continue;
    return {
      at: event.at,
      due: open.due,
      onTime: toEpochMillis(event.at) <= toEpochMillis(open.due),
    };
  }
  return undefined;
}

function disputeLog(log: LogHistory, since: LocalDate, facts: Collector) {
  let dispute: { disputeId: string; childId: string; raised: LocalDate } | undefined;
  let resolved: Pick<DisputeFact, 'resolved' | 'stageWhenResolved'> = {};
  log.events.forEach((event, index) => {
    const date = log.dates[index] as LocalDate;
    if (event.type === 'DisputeRaised') {
      dispute = { disputeId: event.disputeId, childId: event.childId, raised: date };
    } else if (event.type === 'DisputeResolved') {
      const stage =
        date < since ? undefined : find(log.before(index), 'dispute-stage', event.disputeId)?.stage;
      resolved = { resolved: date, ...(stage === undefined ? {} : { stageWhenResolved: stage }) };
    }
  });
  if (dispute) {
    facts.disputes.push({ ...dispute, ...resolved });
    facts.disputeLogs.set(dispute.disputeId, log);
  }
}

function carerLog(log: LogHistory, since: LocalDate, facts: Collector) {
  log.events.forEach((event, index) => {
    if (event.type !== 'FosterCarerReviewHeld') return;
    facts.carerReviews.push({
      subjectId: event.carerId,
      ...measured(log, index, 'foster-carer-review', since),
    });
  });
}

/** Names an episode: the child and the day it started. */
export const episodeKey = (childId: string, start: LocalDate): string => `${childId}\u0000${start}`;

interface Collector {
  episodes: EpisodeFact[];
  lacReviews: LacReviewFact[];
  lacReviewsByEpisode: Map<string, LacReviewFact[]>;
  secureReviews: HeldFact[];
  carerReviews: HeldFact[];
  shortBreaksReviews: HeldFact[];
  plans: PlanFact[];
  conferences: ConferenceFact[];
  disputes: DisputeFact[];
  contacts: ContactFact[];
  allocations: Map<string, AllocationFact[]>;
  audits: AuditFact[];
  reviewLogs: Map<string, LogHistory>;
  disputeLogs: Map<string, LogHistory>;
}

/**
 * Reads the facts of a history. Due dates are looked up only for what happened on or
 * after `since` (the first day of the earliest period reported): nothing earlier is counted.
 */
export function factsOf(history: ReportHistory, since: LocalDate): Facts {
  const facts: Collector = {
    episodes: [],
    lacReviews: [],
    lacReviewsByEpisode: new Map(),
    secureReviews: [],
    carerReviews: [],
    shortBreaksReviews: [],
    plans: [],
    conferences: [],
    disputes: [],
    contacts: [],
    allocations: new Map(),
    audits: [],
    reviewLogs: new Map(),
    disputeLogs: new Map(),
  };
  for (const log of history.logs) {
    // The log's name says which process it is; its subject is read from its events, since
    // the name encodes the id.
    const [prefix] = log.log.split('/');
    const [first] = log.events;
    if (prefix === 'reviews' && first && 'childId' in first) {
      facts.reviewLogs.set(first.childId, log);
      reviewsLog(log, since, facts);
    } else if (prefix === 'protection') protectionLog(log, since, facts);
    else if (prefix === 'dispute') disputeLog(log, since, facts);
    else if (prefix === 'carer') carerLog(log, since, facts);
  }
  return facts;
}
