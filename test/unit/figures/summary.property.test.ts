/**
 * The figures from each log's kept summary (summary.ts) equal the figures of the full
 * replay (figures.ts), for any period and the years beside it, on generated
 * authorities with section 9's facts added and random events retracted. The
 * summaries go through JSON, as the table stores them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorityHistory } from '../../../bench/support/authority.js';
import {
  ADVOCACY,
  CHILD_PARTICIPATION,
  CONTACT_METHODS,
  GRADES,
  PERMANENCE_PLAN,
  PLAN_CATEGORIES,
} from '../../../workflows/answers.js';
import { addDays } from '../../../workflows/calendar/index.js';
import { clocksOf } from '../../../workflows/clocks.js';
import { type CaseEvent, eventDate } from '../../../workflows/events.js';
import {
  caseloadsOf,
  caseloadsOfSubjects,
  lookedAfterOn,
} from '../../../workflows/figures/caseloads.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import {
  councilFiguresOfSummaries,
  episodeSpans,
  type LogFigures,
  logFigures,
  lookedAfterChildOf,
} from '../../../workflows/figures/summary.js';
import { DEFAULT_SETTINGS } from '../../../workflows/policy.js';

/** A small deterministic chooser, so a failing seed can be replayed. */
function chooser(seed: number) {
  let state = seed >>> 0;
  return <T>(list: readonly T[]): T => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return list[state % list.length] as T;
  };
}

/**
 * A generated authority with section 9's answers on its meetings and contacts, IRO
 * allocations and audits for its looked-after children, and some events retracted.
 */
function authority(seed: number, retractEvery: number): CaseEvent[] {
  const pick = chooser(seed);
  const base = authorityHistory({ children: 12, from: '2013-04-01', years: 4, seed });
  const events: CaseEvent[] = [];
  let extra = 0;
  for (const event of base) {
    switch (event.type) {
      case 'ConferenceHeld':
        events.push({
          ...event,
          category: pick([...PLAN_CATEGORIES, undefined]),
          disability: pick([true, false, undefined]),
          advocacy: pick([...ADVOCACY, undefined]),
          childParticipation: pick([...CHILD_PARTICIPATION, undefined]),
          reportQuality: pick([...GRADES, undefined]),
        } as CaseEvent);
        break;
      case 'LacReviewHeld':
        events.push({
          ...event,
          permanencePlan: pick([...PERMANENCE_PLAN, undefined]),
        } as CaseEvent);
        events.push({
          eventId: `X${++extra}`,
          type: 'IroAllocated',
          childId: event.childId,
          iro: pick(['iro-a', 'iro-b', 'iro-c']),
          date: addDays(event.date, -3),
        });
        if (pick([true, false])) {
          events.push({
            eventId: `X${++extra}`,
            type: 'CaseAuditCompleted',
            childId: event.childId,
            auditId: `audit-${extra}`,
            iro: pick(['iro-a', 'iro-b']),
            grade: pick(GRADES),
            date: addDays(event.date, 10),
          });
        }
        break;
      case 'IroContactWithChild':
        events.push({
          ...event,
          method: pick(CONTACT_METHODS),
          ...(pick([true, false]) ? { outOfArea: pick([true, false]) } : {}),
        } as CaseEvent);
        break;
      default:
        events.push(event);
    }
  }
  const retractions = events
    .filter((e, i) => e.eventId !== undefined && i % retractEvery === 0)
    .map(
      (e): CaseEvent => ({
        type: 'EventRetracted',
        eventId: e.eventId as string,
        reason: 'recorded in error',
        date: '2017-06-01',
      }),
    );
  return [...events, ...retractions];
}

/** Each log's summary as the plan step writes it: the log's stored events, retractions in it. */
function summaries(events: readonly CaseEvent[]): LogFigures[] {
  const logOf = new Map<string, string>();
  const byLog = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const log =
      event.type === 'EventRetracted'
        ? (logOf.get(event.eventId) as string)
        : clocksOf(event)[0].log;
    if (event.type !== 'EventRetracted' && event.eventId) logOf.set(event.eventId, log);
    byLog.set(log, [...(byLog.get(log) ?? []), event]);
  }
  return [...byLog].map(([log, ofLog]) =>
    JSON.parse(JSON.stringify(logFigures(log, ofLog, DEFAULT_SETTINGS.rules))),
  );
}

const periods = fc
  .record({ start: fc.integer({ min: 0, max: 1100 }), length: fc.integer({ min: 1, max: 500 }) })
  .map(({ start, length }) => {
    const from = addDays('2014-04-01', start);
    return { from, to: addDays(from, length - 1) };
  });

describe('figures from the kept summaries', () => {
  it('equal the full replay for any period and the years beside it, retractions included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 3, max: 40 }),
        fc.oneof(
          periods,
          fc.integer({ min: 2014, max: 2017 }).map((y) => ({
            from: `${y}-04-01`,
            to: `${y + 1}-03-31`,
          })),
        ),
        fc.integer({ min: 1, max: 4 }),
        (seed, retractEvery, period, years) => {
          const events = authority(seed, retractEvery);
          const settings = { ...DEFAULT_SETTINGS, childPopulation: 5_000 };
          const replayed = unitFigures(events, period, {
            years,
            context: settings.rules,
            childPopulation: 5_000,
          });
          const kept = councilFiguresOfSummaries(summaries(events), { period, years }, settings);
          expect(kept).toEqual(replayed);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leave nothing of a log whose every event was retracted', () => {
    const events = authority(7, 1_000_000).filter((e) => eventDate(e) <= '2015-03-31');
    const child = events.find((e) => e.type === 'BecameLookedAfter') as CaseEvent & {
      childId: string;
    };
    const ofChild = events.filter((e) => clocksOf(e)[0].log === clocksOf(child)[0].log);
    const retracted = [
      ...ofChild,
      ...ofChild.map(
        (e): CaseEvent => ({
          type: 'EventRetracted',
          eventId: e.eventId as string,
          reason: 'wrong child',
          date: '2015-04-01',
        }),
      ),
    ];
    const summary = logFigures(clocksOf(child)[0].log, retracted, DEFAULT_SETTINGS.rules);
    expect(summary.episodes).toEqual([]);
    expect(summary.lacReviews).toEqual([]);
    expect(summary.lacReview).toBeUndefined();
  });

  it('give the caseloads on any day that the allocations and the looked-after logs give', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 0, max: 1600 }),
        fc.integer({ min: 1, max: 4 }),
        (seed, retractEvery, day, iros) => {
          const events = authority(seed, retractEvery);
          // Half the time a day some episode ended or started on, where the edges lie.
          const edges = events
            .filter((e) => e.type === 'CeasedLookedAfter' || e.type === 'BecameLookedAfter')
            .map(eventDate);
          const on =
            day % 2 === 0 && edges.length > 0
              ? (edges[day % edges.length] as string)
              : addDays('2013-01-01', day);
          // Every other subject named in the history allocated, one IRO of `iros` each.
          const subjects = [...new Set(events.flatMap((e) => ('childId' in e ? [e.childId] : [])))]
            .sort()
            .filter((_, i) => i % 2 === 0);
          const iroOf = new Map(subjects.map((s, i) => [s, `iro-${i % iros}`]));
          const allocated = new Map<string, string[]>();
          for (const [subject, iro] of iroOf) {
            allocated.set(iro, [...(allocated.get(iro) ?? []), subject]);
          }
          const expected = caseloadsOf(
            on,
            allocated,
            lookedAfterOn(events, on, DEFAULT_SETTINGS.rules),
          );
          const kept = new Map<
            string,
            { subjectId: string; iro?: string; episodes: ReturnType<typeof episodeSpans> }
          >();
          for (const [subjectId, iro] of iroOf)
            kept.set(subjectId, { subjectId, iro, episodes: [] });
          for (const summary of summaries(events)) {
            const child = lookedAfterChildOf(summary.log);
            if (child === undefined) continue;
            kept.set(child, {
              ...(kept.get(child) ?? { subjectId: child }),
              episodes: episodeSpans(summary),
            });
          }
          expect(caseloadsOfSubjects(on, [...kept.values()])).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });
});
