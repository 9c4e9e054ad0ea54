/** IRO caseloads (figures.md section 6): counting, the mean's rounding, and who is looked after. */
import { describe, expect, it } from 'vitest';
import { caseloadsOf, lookedAfterOn } from '../../../workflows/figures/caseloads.js';
import { DEFAULT_RULES_CONTEXT } from '../../../workflows/obligations.js';
import { fx } from './fixtures.js';

const ON = '2017-04-10';

describe('caseloadsOf', () => {
  it.each([
    // (1 + 0) / 2 = 0.5
    { counts: [1, 0], mean: 0.5 },
    // (1 + 0 + 0 + 0) / 4 = 0.25: half up to 0.3
    { counts: [1, 0, 0, 0], mean: 0.3 },
    // 2 / 3 = 0.666...: 0.7
    { counts: [1, 1, 0], mean: 0.7 },
    // 1 / 3 = 0.333...: 0.3
    { counts: [1, 0, 0], mean: 0.3 },
    // (3 + 2) / 2 = 2.5
    { counts: [3, 2], mean: 2.5 },
  ])('gives the mean of $counts as $mean', ({ counts, mean }) => {
    // Prepare: IRO i holds counts[i] looked-after children
    const lookedAfter = new Set<string>();
    const allocated = new Map<string, string[]>();
    counts.forEach((n, i) => {
      const children = Array.from({ length: n }, (_, c) => `C${i}-${c}`);
      for (const child of children) lookedAfter.add(child);
      allocated.set(`iro-${i}`, children);
    });

    // Act / Assess
    expect(caseloadsOf(ON, allocated, lookedAfter).mean).toBe(mean);
  });

  it('counts only looked-after children, and those with no IRO', () => {
    // Prepare: iro-1 holds C1 (looked after) and P1 (not); C2 is looked after, unallocated
    const allocated = new Map([['iro-1', ['C1', 'P1']]]);

    // Act
    const caseloads = caseloadsOf(ON, allocated, new Set(['C1', 'C2']));

    // Assess
    expect(caseloads).toEqual({
      on: ON,
      lookedAfter: 2,
      withoutIro: 1,
      iros: 1,
      mean: 1,
      lowest: 1,
      highest: 1,
      over70: 0,
      byIro: [{ iro: 'iro-1', children: 1, over70: false }],
    });
  });

  it('has no mean, lowest or highest without IROs', () => {
    // Act / Assess
    expect(caseloadsOf(ON, new Map(), new Set(['C1']))).toMatchObject({
      iros: 0,
      mean: null,
      lowest: null,
      highest: null,
      withoutIro: 1,
    });
  });
});

describe('lookedAfterOn', () => {
  it.each([
    { name: 'an open episode', events: [fx.became('C1', '2017-01-02')], expected: ['C1'] },
    {
      name: 'an episode ceased before the day',
      events: [fx.became('C1', '2017-01-02'), fx.ceased('C1', '2017-04-03')],
      expected: [],
    },
    {
      name: 'an episode ceased on the day',
      events: [fx.became('C1', '2017-01-02'), fx.ceased('C1', ON)],
      expected: [],
    },
    {
      name: 'an episode starting after the day',
      events: [fx.became('C1', '2017-04-11')],
      expected: [],
    },
    {
      name: 'a ceasing retracted',
      events: [
        fx.became('C1', '2017-01-02'),
        { ...fx.ceased('C1', '2017-04-03'), eventId: 'staff:x1' },
        {
          type: 'EventRetracted' as const,
          eventId: 'staff:x1',
          reason: 'recorded in error',
          date: '2017-04-04',
        },
      ],
      expected: ['C1'],
    },
  ])('on $name: $expected', ({ events, expected }) => {
    // Act / Assess
    expect([...lookedAfterOn(events, ON, DEFAULT_RULES_CONTEXT)]).toEqual(expected);
  });
});
