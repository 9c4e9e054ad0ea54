/**
 * Properties of the figures over generated authorities (bench/support/authority.ts):
 * counts are consistent, arrival order of events on different dates does not matter,
 * a period reads nothing after its end, years side by side are separate runs, and the
 * replay the figures measure against is the planner's own plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorityHistory } from '../../../bench/support/authority.js';
import { addDays } from '../../../workflows/calendar/index.js';
import { type CaseEvent, eventDate } from '../../../workflows/events.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import { historyUpTo } from '../../../workflows/figures/history.js';
import type { Figures, Ratio } from '../../../workflows/figures/shape.js';
import { DEFAULT_RULES_CONTEXT } from '../../../workflows/obligations.js';
import { reviewHistory } from '../../../workflows/plan.js';

const authority = (seed: number) =>
  authorityHistory({ children: 12, from: '2013-04-01', years: 4, seed });

/** A period within the generated years: whole months or any days. */
const periods = fc
  .record({ start: fc.integer({ min: 0, max: 900 }), length: fc.integer({ min: 1, max: 500 }) })
  .map(({ start, length }) => {
    const from = addDays('2014-04-01', start);
    return { from, to: addDays(from, length - 1) };
  });

const ratios = (figures: Figures): [string, Ratio][] => [
  ['L5', figures.L5],
  ['L6', figures.L6],
  ['L7', figures.L7],
  ['L8.decisions', figures.L8.decisions],
  ['L8.record', figures.L8.record],
  ['C4', figures.C4],
  ['C5', figures.C5],
  ['C6', figures.C6],
  ['C8', figures.C8],
  ['C9.initial', figures.C9.initial],
  ['C9.review', figures.C9.review],
  ['C10', figures.C10],
  ['C11', figures.C11],
  ['D3', figures.D3],
  ['O1', figures.O1],
  ['O2', figures.O2],
  ['O3', figures.O3],
];

/** Moves events between dates freely; events on the same date keep their order. */
function reorderedAcrossDates(events: readonly CaseEvent[], seed: number): CaseEvent[] {
  const shuffled = [...events];
  let state = seed >>> 0;
  for (let i = shuffled.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as CaseEvent, shuffled[i] as CaseEvent];
  }
  const sameDay = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const day = eventDate(event);
    sameDay.set(day, [...(sameDay.get(day) ?? []), event]);
  }
  return shuffled.map(
    (event) => (sameDay.get(eventDate(event)) as CaseEvent[]).shift() as CaseEvent,
  );
}

describe('figures: properties', () => {
  it('every numerator is at most its denominator, and the parts add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), periods, (seed, period) => {
        const { figures } = unitFigures(authority(seed), period);
        for (const [, r] of ratios(figures)) {
          expect(r.numerator).toBeGreaterThanOrEqual(0);
          expect(r.numerator).toBeLessThanOrEqual(r.denominator);
        }
        expect(figures.L4.onTime + figures.L4.late).toBe(figures.L4.held);
        expect(figures.C4.denominator).toBeLessThanOrEqual(figures.C4.held);
        expect(figures.C7.within24Months).toBeLessThanOrEqual(figures.C7.ever);
        expect(figures.C7.ever).toBeLessThanOrEqual(figures.C7.started);
        const codes = Object.values(figures.L6.byCode).reduce((a, b) => a + b, 0);
        expect(codes).toBe(figures.L4.held);
        const stages = Object.values(figures.D2.byStage).reduce((a, b) => a + b, 0);
        expect(stages).toBe(figures.D1.resolved);
      }),
      { numRuns: 25 },
    );
  });

  it('do not depend on the arrival order of events on different dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer(),
        periods,
        (seed, order, period) => {
          const events = authority(seed);
          expect(unitFigures(reorderedAcrossDates(events, order), period)).toEqual(
            unitFigures(events, period),
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it("a period's figures are those of the same events cut at `to`", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), periods, (seed, period) => {
        const events = authority(seed);
        const cut = events.filter((e) => eventDate(e) <= period.to);
        expect(unitFigures(cut, period)).toEqual(unitFigures(events, period));
      }),
      { numRuns: 15 },
    );
  });

  it('years side by side equal separate single-year runs', () => {
    const financialYears = fc.integer({ min: 2014, max: 2016 }).map((year) => ({
      from: `${year}-04-01`,
      to: `${year + 1}-03-31`,
    }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.oneof(financialYears, periods),
        (seed, period) => {
          const events = authority(seed);
          const { earlier, ...current } = unitFigures(events, period, { years: 3 });
          const { earlier: none, ...alone } = unitFigures(events, period);
          expect(earlier).toHaveLength(2);
          expect(none).toEqual([]);
          expect(current).toEqual(alone);
          for (const year of earlier) {
            const { earlier: _none, ...separately } = unitFigures(events, year.period);
            expect(year).toEqual(separately);
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe('what the planner rejects', () => {
  it('counts for nothing: figures with rejected events added equal those without', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), periods, (seed, period) => {
        const events = authority(seed);
        const child = events.find((e) => e.type === 'LacReviewHeld');
        const protectedChild = events.find((e) => e.type === 'ConferenceHeld');
        // A record for a review never held, minutes for a conference never held, a review
        // for a child never looked after, and a second resolution of a resolved dispute.
        const rejected: CaseEvent[] = [
          ...(child && 'childId' in child
            ? [
                {
                  type: 'ReviewRecordShared',
                  childId: child.childId,
                  reviewDate: '2012-04-02',
                  part: 'record',
                  date: '2015-06-01',
                } as const,
              ]
            : []),
          ...(protectedChild && 'childId' in protectedChild
            ? [
                {
                  type: 'ConferenceMinutesShared',
                  childId: protectedChild.childId,
                  conferenceId: 'never-held',
                  date: '2015-06-01',
                } as const,
              ]
            : []),
          { type: 'LacReviewHeld', childId: 'never-looked-after', date: '2015-06-01' },
          ...events
            .filter((e) => e.type === 'DisputeResolved')
            .slice(0, 1)
            .map((e) => ({ ...e, eventId: 'again', date: addDays(eventDate(e), 1) })),
        ];
        const mixed = [...events];
        rejected.forEach((event, i) => {
          mixed.splice((i * 7919) % mixed.length, 0, event);
        });
        expect(unitFigures(mixed, period)).toEqual(unitFigures(events, period));
      }),
      { numRuns: 10 },
    );
  });
});

describe('the replay the figures measure against', () => {
  it('is the plan reviewHistory gives for the history before each event, on its date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const { logs } = historyUpTo(authority(seed), '2017-03-31', DEFAULT_RULES_CONTEXT);
        const sorted = (list: readonly object[]) => list.map((o) => JSON.stringify(o)).sort();
        for (const log of logs) {
          log.events.forEach((_, index) => {
            const date = log.dates[index] as string;
            const planned = reviewHistory(log.events.slice(0, index), date).obligations;
            expect(sorted(log.before(index))).toEqual(sorted(planned));
          });
          const end = '2017-03-31';
          expect(sorted(log.on(end))).toEqual(sorted(reviewHistory(log.events, end).obligations));
        }
      }),
      { numRuns: 10 },
    );
  });
});
