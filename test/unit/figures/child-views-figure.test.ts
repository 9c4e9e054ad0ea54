/**
 * L12, a local addition beside L6 (README, "The child's voice"): the period's reviews
 * for which the young person shared their views beforehand through their link, in the
 * same window as L7's IRO contact: after the previous review (or on or after the
 * episode's start), on or before the review.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import { TABLES } from '../../../workflows/figures/measures.js';

const FY2016 = { from: '2016-04-01', to: '2017-03-31' } as const;

const views = (childId: string, date: string): CaseEvent => ({
  type: 'ChildViewsShared',
  childId,
  date,
  reviewDue: date,
  attend: 'no',
  feelsSafe: 'yes',
  words: 'not counted, never shown',
});
const review = (childId: string, date: string): CaseEvent => ({
  type: 'LacReviewHeld',
  childId,
  date,
});

describe('L12: reviews with the young person’s views shared beforehand', () => {
  it('counts views after the previous review and on or before this one', () => {
    // Prepare: A's reviews 2016-04-20, 2016-10-25 and 2017-03-22 in the period, the first
    // preceded by views on the episode's first day; the second's only views were sent on
    // the first review's day (not after it); the third's on its own day. B's one review
    // had views the day after it.
    const events: CaseEvent[] = [
      { type: 'BecameLookedAfter', childId: 'A', date: '2016-03-01' },
      views('A', '2016-03-01'),
      review('A', '2016-04-20'),
      views('A', '2016-04-20'),
      review('A', '2016-10-25'),
      views('A', '2017-03-22'),
      review('A', '2017-03-22'),
      { type: 'BecameLookedAfter', childId: 'B', date: '2016-05-02' },
      review('B', '2016-05-27'),
      views('B', '2016-05-28'),
    ];

    // Act
    const { figures } = unitFigures(events, FY2016);

    // Assess: A 04-20 yes (views 03-01 in its window, the episode's first day); A 10-25
    // no (04-20 is the previous review's day); A 03-22 yes (same day); B 05-27 no.
    expect(figures.L12).toEqual({ numerator: 2, denominator: 4 });
  });

  it('is a row of the report beside L6 and L7', () => {
    const rows = TABLES.flatMap((t) => t.measures).map((m) => m.id);
    expect(rows.indexOf('L12')).toBe(rows.indexOf('L7') + 1);
  });
});
