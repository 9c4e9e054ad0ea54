/**
 * The unit's figures (shared/design/figures.md): a history and a period in, the
 * annual report's tables out, with the shortfalls behind every percentage, the
 * month-by-month series and the same figures for earlier periods. Pure: no AWS, no I/O.
 */
import { addDays, addMonths, type LocalDate, type WorkingCalendar } from '../calendar/index.js';
import type { CaseEvent, DisputeStage } from '../events.js';
import { DEFAULT_RULES_CONTEXT, type RulesContext } from '../obligations.js';
import {
  type ConferenceFact,
  type EpisodeFact,
  episodeKey,
  type Facts,
  factsOf,
  type HeldFact,
  type LacReviewFact,
  type RecordDue,
  type Standing,
} from './facts.js';
import { historyUpTo } from './history.js';
import { earlierPeriods, monthsOf, type Period } from './period.js';
import { secondReviewsByMonth, secondRoundFigures, takingPart } from './second-round.js';
import {
  type CodeCounts,
  type Figures,
  type FiguresReport,
  type HeldRatio,
  type MonthFigures,
  type PeriodFigures,
  type Ratio,
  SHORTFALL_LISTS,
  type Shortfall,
  type ShortfallList,
  type StageCounts,
} from './shape.js';

export interface FiguresOptions {
  /** How many periods side by side, this one included (the annual report shows 3). Default 1. */
  readonly years?: number;
  /** The council's under-18 population, for the rates per 10,000 (L3, C2). */
  readonly childPopulation?: number;
  readonly context?: RulesContext;
}

const inPeriod = (date: LocalDate | undefined, { from, to }: Period): date is LocalDate =>
  date !== undefined && date >= from && date <= to;

const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator });

/** Rounded half up to a whole number: 10,000 × count / population. */
const ratePer10000 = (count: number, population: number): number =>
  Math.floor((2 * count * 10_000 + population) / (2 * population));

/** Working days after `from` up to and including `to` (the calendar's running total, not day by day). */
const workingDaysBetween = (from: LocalDate, to: LocalDate, calendar: WorkingCalendar): number =>
  calendar.workingDaysAfter(from, to);

const held = (facts: readonly HeldFact[], period: Period) =>
  facts.filter((f) => inPeriod(f.date, period));

const lateList = (facts: readonly HeldFact[]): Shortfall[] =>
  facts
    .filter((f) => !f.onTime)
    .map((f) => ({
      subjectId: f.subjectId,
      date: f.date,
      ...(f.due === undefined ? {} : { due: f.due }),
      reason: 'late',
    }));

/**
 * L5: children looked after on `to` for 28 days or more, none of whose reviews in the
 * period (in the current episode) was late, and whose next review is not overdue on `to`.
 */
function childrenReviewedInTime(facts: Facts, period: Period) {
  const { from, to } = period;
  const settledBy = addDays(to, -28);
  const shortfalls: Shortfall[] = [];
  let denominator = 0;
  let failed = 0;
  for (const { episode, late: lateEver, standing } of episodesReviewed(facts)) {
    if (episode.start > settledBy || (episode.end !== undefined && episode.end <= to)) continue;
    denominator++;
    const { childId } = episode;
    const late = lateEver.filter((r) => r.date >= from && r.date <= to);
    const overdue = standing?.on(to).find((o) => o.kind === 'lac-review' && o.overdue);
    if (late.length > 0 || overdue) failed++;
    shortfalls.push(...lateList(late));
    if (overdue) {
      shortfalls.push({ subjectId: childId, date: to, due: overdue.due, reason: 'overdue' });
    }
  }
  return { ratio: ratio(denominator - failed, denominator), shortfalls };
}

/**
 * L5 for each month of the period as of the month's last day (figures.md §6): for each
 * month, what {@link childrenReviewedInTime} counts for `{ from: period.from, to: month.to }`,
 * in one pass over the episodes rather than one per month. An episode is counted in the
 * months whose last day is at least 28 days after its start and before its end (the
 * months' last days only grow, so once its end is reached no later month counts it);
 * it fails in every month from its first late review in the period on, and in any month
 * whose last day finds its `lac-review` overdue.
 */
function childrenReviewedInTimeByMonth(
  facts: Facts,
  period: Period,
  months: readonly Period[],
): Ratio[] {
  const settledBy = months.map(({ to }) => addDays(to, -28));
  const counted = months.map(() => 0);
  const failed = months.map(() => 0);
  for (const { episode, late, standing } of episodesReviewed(facts)) {
    let firstLate: LocalDate | undefined;
    for (const { date } of late) {
      if (inPeriod(date, period) && (firstLate === undefined || date < firstLate)) firstLate = date;
    }
    for (let i = 0; i < months.length; i++) {
      const { to } = months[i] as Period;
      if (episode.end !== undefined && episode.end <= to) break;
      if (episode.start > (settledBy[i] as LocalDate)) continue;
      counted[i] = (counted[i] as number) + 1;
      const lateBy = firstLate !== undefined && firstLate <= to;
      if (lateBy || standing?.on(to).some((o) => o.kind === 'lac-review' && o.overdue)) {
        failed[i] = (failed[i] as number) + 1;
      }
    }
  }
  return months.map((_, i) =>
    ratio((counted[i] as number) - (failed[i] as number), counted[i] as number),
  );
}

/**
 * L5 asks the same of every episode for the period and each of its months (39 times a
 * report): each episode's late reviews and its child's standing, looked up once per
 * facts rather than by building every episode's key again each time.
 */
const reviewedOnce = new WeakMap<
  Facts,
  { episode: EpisodeFact; late: LacReviewFact[]; standing: Standing | undefined }[]
>();
function episodesReviewed(facts: Facts) {
  let kept = reviewedOnce.get(facts);
  if (kept === undefined) {
    kept = facts.episodes.map((episode) => ({
      episode,
      late: (
        facts.lacReviewsByEpisode.get(episodeKey(episode.childId, episode.start)) ?? []
      ).filter((r) => !r.onTime),
      standing: facts.reviewLogs.get(episode.childId),
    }));
    reviewedOnce.set(facts, kept);
  }
  return kept;
}

/**
 * L8, C11: of the meetings whose record fell due on or before `to`, those whose record
 * was shared by its due date (one still not shared on `to` is not on time).
 */
function recordsOnTime(
  meetings: readonly {
    subjectId: string;
    refId?: string;
    date: LocalDate;
    record: RecordDue | undefined;
  }[],
  to: LocalDate,
) {
  const due = meetings.filter((m) => m.record !== undefined && m.record.due <= to);
  const shortfalls: Shortfall[] = [];
  for (const { subjectId, refId, date, record } of due) {
    const { due: by, sharedOn } = record as RecordDue;
    if (sharedOn !== undefined && sharedOn <= by) continue;
    shortfalls.push({
      subjectId,
      ...(refId === undefined ? {} : { refId }),
      date,
      due: by,
      reason: sharedOn === undefined || sharedOn > to ? 'not shared' : 'shared late',
    });
  }
  return { ratio: ratio(due.length - shortfalls.length, due.length), shortfalls };
}

function conferencesInTime(conferences: readonly ConferenceFact[]) {
  const measured = conferences.filter((c) => c.due !== undefined);
  const shortfalls: Shortfall[] = conferences
    .filter((c) => !c.onTime)
    .map((c) => ({
      subjectId: c.subjectId,
      refId: c.conferenceId,
      date: c.date,
      ...(c.due === undefined ? {} : { due: c.due }),
      reason: c.due === undefined ? 'no strategy discussion' : 'late',
    }));
  return {
    figure: {
      held: conferences.length,
      numerator: measured.filter((c) => c.onTime).length,
      denominator: measured.length,
    },
    shortfalls,
  };
}

const kindHeld = (facts: Facts, kind: 'initial' | 'review', period: Period) =>
  facts.conferences.filter((c) => c.kind === kind && inPeriod(c.date, period));

function stageCounts(stages: readonly (DisputeStage | undefined)[]): StageCounts {
  const counts: StageCounts = {};
  for (const stage of [...stages].sort()) {
    if (stage === undefined) continue;
    counts[`${stage}`] = (counts[`${stage}`] ?? 0) + 1;
  }
  return counts;
}

function lookedAfterFigures(facts: Facts, period: Period, childPopulation?: number) {
  const { to } = period;
  const lookedAfter = facts.episodes.filter(
    (e) => e.start <= to && (e.end === undefined || e.end > to),
  ).length;
  const reviews = facts.lacReviews.filter((r) => inPeriod(r.date, period));
  const onTime = reviews.filter((r) => r.onTime).length;
  const l5 = childrenReviewedInTime(facts, period);

  // Counted, then listed in code order ('none' after the PN codes).
  const codeCounts = new Map<keyof CodeCounts, number>();
  for (const r of reviews) {
    const code = r.participation ?? 'none';
    codeCounts.set(code, (codeCounts.get(code) ?? 0) + 1);
  }
  const byCode: CodeCounts = {};
  for (const code of [...codeCounts.keys()].sort()) byCode[code] = codeCounts.get(code) as number;
  const coded = reviews.filter((r) => r.participation !== undefined && r.participation !== 'PN0');
  const participated = coded.filter((r) => r.participation !== 'PN7');
  const participationList: Shortfall[] = reviews
    .filter((r) => r.participation === undefined || r.participation === 'PN7')
    .map((r) => ({
      subjectId: r.subjectId,
      date: r.date,
      reason: r.participation === 'PN7' ? 'views not conveyed' : 'no participation code',
    }));

  const records = (part: 'decisions' | 'record') =>
    recordsOnTime(
      reviews.map((r) => ({ subjectId: r.subjectId, date: r.date, record: r[part] })),
      to,
    );
  const decisions = records('decisions');
  const record = records('record');

  return {
    figures: {
      L1: { count: lookedAfter },
      L2: {
        // A period the records begin inside of was not started then (timescales.md 3.1).
        started: facts.episodes.filter((e) => !e.beforeRecords && inPeriod(e.start, period)).length,
        ceased: facts.episodes.filter((e) => inPeriod(e.end, period)).length,
      },
      ...(childPopulation === undefined
        ? {}
        : { L3: { rate: ratePer10000(lookedAfter, childPopulation) } }),
      L4: { held: reviews.length, onTime, late: reviews.length - onTime },
      L5: l5.ratio,
      L6: { byCode, numerator: participated.length, denominator: coded.length },
      L7: ratio(reviews.filter((r) => r.contactBefore).length, reviews.length),
      L8: { decisions: decisions.ratio, record: record.ratio },
      L12: ratio(reviews.filter((r) => r.viewsBefore).length, reviews.length),
    },
    shortfalls: {
      L4: lateList(reviews),
      L5: l5.shortfalls,
      L6: participationList,
      L7: reviews
        .filter((r) => !r.contactBefore)
        .map(
          (r): Shortfall => ({ subjectId: r.subjectId, date: r.date, reason: 'no IRO contact' }),
        ),
      'L8.decisions': decisions.shortfalls,
      'L8.record': record.shortfalls,
    },
  };
}

function childProtectionFigures(facts: Facts, period: Period, childPopulation?: number) {
  const { to } = period;
  const withPlan = facts.plans.filter(
    (p) => p.start <= to && (p.end === undefined || p.end > to),
  ).length;
  const started = facts.plans.filter((p) => inPeriod(p.start, period));
  const ended = facts.plans.filter((p) => inPeriod(p.end, period));
  const initial = kindHeld(facts, 'initial', period);
  const review = kindHeld(facts, 'review', period);
  const c4 = conferencesInTime(initial);
  const c6 = conferencesInTime(review);
  const conferences = facts.conferences.filter((c) => inPeriod(c.date, period));

  const subsequent = started.filter((p) => p.previousEnd !== undefined);
  const within24 = subsequent.filter((p) => addMonths(p.previousEnd as LocalDate, 24) >= p.start);
  const long = ended.filter((p) => addMonths(p.start, 24) <= (p.end as LocalDate));

  const attendance = (list: readonly ConferenceFact[]) => {
    const recorded = list.filter((c) => c.familyAttended !== undefined);
    const absent = recorded.filter((c) => !c.familyAttended);
    return {
      ratio: ratio(recorded.length - absent.length, recorded.length),
      shortfalls: absent.map(
        (c): Shortfall => ({
          subjectId: c.subjectId,
          refId: c.conferenceId,
          date: c.date,
          reason: 'family did not attend',
        }),
      ),
    };
  };
  const initialAttendance = attendance(initial);
  const reviewAttendance = attendance(review);

  const bookedConferences = conferences.filter((c) => c.booked);
  const reportsLate = bookedConferences
    .filter((c) => !c.report?.onTime)
    .map(
      (c): Shortfall => ({
        subjectId: c.subjectId,
        refId: c.conferenceId,
        date: c.date,
        ...(c.report ? { due: c.report.due } : {}),
        reason: c.report ? 'report late' : 'no report before the conference',
      }),
    );
  const minutes = recordsOnTime(
    conferences.map((c) => ({
      subjectId: c.subjectId,
      refId: c.conferenceId,
      date: c.date,
      record: c.minutes,
    })),
    to,
  );

  return {
    figures: {
      C1: { count: withPlan },
      ...(childPopulation === undefined
        ? {}
        : { C2: { rate: ratePer10000(withPlan, childPopulation) } }),
      C3: { started: started.length, ended: ended.length },
      C4: c4.figure,
      C5: ratio(initial.filter((c) => !c.plan).length, initial.length),
      C6: c6.figure,
      C7: { started: started.length, ever: subsequent.length, within24Months: within24.length },
      C8: ratio(long.length, ended.length),
      C9: { initial: initialAttendance.ratio, review: reviewAttendance.ratio },
      C10: ratio(bookedConferences.length - reportsLate.length, bookedConferences.length),
      C11: minutes.ratio,
    },
    shortfalls: {
      C4: c4.shortfalls,
      C5: initial
        .filter((c) => !c.plan)
        .map(
          (c): Shortfall => ({
            subjectId: c.subjectId,
            refId: c.conferenceId,
            date: c.date,
            reason: 'no plan made',
          }),
        ),
      C6: c6.shortfalls,
      C7: subsequent.map(
        (p): Shortfall => ({
          subjectId: p.childId,
          date: p.start,
          reason: within24.includes(p) ? 'earlier plan ended within 24 months' : 'earlier plan',
        }),
      ),
      C8: long.map(
        (p): Shortfall => ({
          subjectId: p.childId,
          date: p.end as LocalDate,
          reason: 'two years or more',
        }),
      ),
      'C9.initial': initialAttendance.shortfalls,
      'C9.review': reviewAttendance.shortfalls,
      C10: reportsLate,
      C11: minutes.shortfalls,
    },
  };
}

function disputeFigures(facts: Facts, period: Period, context: RulesContext) {
  const { to } = period;
  const { calendar } = context;
  const resolved = facts.disputes.filter((d) => inPeriod(d.resolved, period));
  const slow = resolved.filter(
    (d) => (d.resolved as LocalDate) > calendar.addWorkingDays(d.raised, 20),
  );
  const open = facts.disputes
    .filter((d) => d.raised <= to && (d.resolved === undefined || d.resolved > to))
    .map((d) => {
      const standing = facts.disputeLogs
        .get(d.disputeId)
        ?.on(to)
        .find((o) => o.kind === 'dispute-stage');
      return { dispute: d, stage: standing?.stage, due: standing?.due };
    });
  const days = resolved
    .map((d) => workingDaysBetween(d.raised, d.resolved as LocalDate, calendar))
    .sort((a, b) => a - b);
  // The lower middle value when there is an even number of them.
  const median = days[Math.floor((days.length - 1) / 2)];
  return {
    figures: {
      D1: {
        raised: facts.disputes.filter((d) => inPeriod(d.raised, period)).length,
        resolved: resolved.length,
      },
      D2: { byStage: stageCounts(resolved.map((d) => d.stageWhenResolved)) },
      D3: ratio(resolved.length - slow.length, resolved.length),
      D4: { byStage: stageCounts(open.map((o) => o.stage)) },
      D5: median === undefined ? null : { medianWorkingDays: median },
    },
    shortfalls: {
      D3: slow.map(
        (d): Shortfall => ({
          subjectId: d.childId,
          refId: d.disputeId,
          date: d.raised,
          due: calendar.addWorkingDays(d.raised, 20),
          reason: 'not resolved within 20 working days',
          ...(d.stageWhenResolved === undefined ? {} : { stage: d.stageWhenResolved }),
          workingDays: workingDaysBetween(d.raised, d.resolved as LocalDate, calendar),
        }),
      ),
      D4: open.map(
        ({ dispute, stage, due }): Shortfall => ({
          subjectId: dispute.childId,
          refId: dispute.disputeId,
          date: dispute.raised,
          ...(due === undefined ? {} : { due }),
          reason: 'open',
          ...(stage === undefined ? {} : { stage }),
          workingDays: workingDaysBetween(dispute.raised, to, calendar),
        }),
      ),
    },
  };
}

function otherReviewFigures(facts: Facts, period: Period) {
  const heldRatio = (list: readonly HeldFact[]): HeldRatio => {
    const measured = list.filter((f) => f.due !== undefined);
    return {
      held: list.length,
      numerator: measured.filter((f) => f.onTime).length,
      denominator: measured.length,
    };
  };
  const secure = held(facts.secureReviews, period);
  const carers = held(facts.carerReviews, period);
  const shortBreaks = held(facts.shortBreaksReviews, period);
  return {
    figures: { O1: heldRatio(secure), O2: heldRatio(carers), O3: heldRatio(shortBreaks) },
    shortfalls: { O1: lateList(secure), O2: lateList(carers), O3: lateList(shortBreaks) },
  };
}

function periodFigures(
  facts: Facts,
  period: Period,
  options: FiguresOptions,
  context: RulesContext,
): PeriodFigures {
  const { childPopulation } = options;
  const lookedAfter = lookedAfterFigures(facts, period, childPopulation);
  const protection = childProtectionFigures(facts, period, childPopulation);
  const disputes = disputeFigures(facts, period, context);
  const others = otherReviewFigures(facts, period);
  const secondRound = secondRoundFigures(facts, period);
  const figures: Figures = {
    ...lookedAfter.figures,
    ...protection.figures,
    ...disputes.figures,
    ...others.figures,
    ...secondRound.figures,
  };
  const lists = {
    ...lookedAfter.shortfalls,
    ...protection.shortfalls,
    ...disputes.shortfalls,
    ...others.shortfalls,
    ...secondRound.shortfalls,
  };
  // By reference, then date: the same whatever order the events arrived in.
  const shortfalls = Object.fromEntries(
    SHORTFALL_LISTS.map((id) => [id, [...lists[id]].sort(byReference)]),
  ) as Record<ShortfallList, Shortfall[]>;
  const conferencesByMonth = new Map<string, ConferenceFact[]>();
  for (const conference of facts.conferences) {
    if (!inPeriod(conference.date, period)) continue;
    const month = conference.date.slice(0, 7);
    const ofMonth = conferencesByMonth.get(month);
    if (ofMonth) ofMonth.push(conference);
    else conferencesByMonth.set(month, [conference]);
  }
  const secondByMonth = secondReviewsByMonth(facts, period);
  const periodMonths = monthsOf(period);
  const l5ByMonth = childrenReviewedInTimeByMonth(facts, period, periodMonths);
  const months = periodMonths.map((month, i): MonthFigures => {
    const held = conferencesByMonth.get(month.month) ?? [];
    const permanence = secondByMonth.get(month.month) ?? { second: [], agreed: [] };
    const part = takingPart(held);
    return {
      ...month,
      L5: l5ByMonth[i] as Ratio,
      C4: ratioOf(conferencesInTime(held.filter((c) => c.kind === 'initial')).figure),
      C6: ratioOf(conferencesInTime(held.filter((c) => c.kind === 'review')).figure),
      L9: ratio(permanence.agreed.length, permanence.second.length),
      C13: ratio(part.numerator, part.parts.length),
    };
  });
  return { period, figures, shortfalls, months };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byReference = (a: Shortfall, b: Shortfall): number =>
  compare(a.subjectId, b.subjectId) ||
  compare(a.refId ?? '', b.refId ?? '') ||
  compare(a.date, b.date) ||
  compare(a.reason, b.reason);

const ratioOf = ({ numerator, denominator }: Ratio): Ratio => ({ numerator, denominator });

/**
 * The figures of `period` from a history (events in arrival order, any subjects), and
 * of the `years - 1` periods of the same length before it. Events dated after the
 * period's end are not read; events the planner rejects are left out as it leaves them out.
 */
export function unitFigures(
  events: readonly CaseEvent[],
  period: Period,
  options: FiguresOptions = {},
): FiguresReport {
  const context = options.context ?? DEFAULT_RULES_CONTEXT;
  const since = earliestDay(period, options);
  return figuresOfFacts(factsOf(historyUpTo(events, period.to, context), since), period, options);
}

/** The first day of the earliest period a report covers: nothing before it is counted. */
export const earliestDay = (period: Period, options: Pick<FiguresOptions, 'years'>): LocalDate =>
  earlierPeriods(period, Math.max(0, (options.years ?? 1) - 1)).at(-1)?.from ?? period.from;

/**
 * The figures of `period` and the periods before it from facts already read: from one
 * replay of the history ({@link unitFigures}), or from each log's kept summary
 * (summary.ts), which give the same facts for any period up to the history's end.
 */
export function figuresOfFacts(
  facts: Facts,
  period: Period,
  options: FiguresOptions = {},
): FiguresReport {
  const context = options.context ?? DEFAULT_RULES_CONTEXT;
  const earlier = earlierPeriods(period, Math.max(0, (options.years ?? 1) - 1));
  return {
    ...periodFigures(facts, period, options, context),
    earlier: earlier.map((p) => periodFigures(facts, p, options, context)),
  };
}
