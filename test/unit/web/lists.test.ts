/** What the list pages decide: My work's sections, the board's query, the head of service's order. */
import { describe, expect, it } from 'vitest';
import {
  boardQuery,
  disputesInOrder,
  holderOptions,
  myWorkSections,
  pageNumbers,
  pageOf,
} from '../../../web/src/lists.js';
import type { Dispute, Obligation } from '../../../web/src/words.js';

const due = (subjectId: string, date: string, overdue = false): Obligation => ({
  kind: 'lac-review',
  subjectId,
  due: date,
  overdue,
  basis: 'rule',
});

describe('myWorkSections', () => {
  it('puts the overdue first, then up to today + 28 days, counting the rest', () => {
    // Today Monday 6 March 2017: + 28 days = Monday 3 April, which is still in.
    const { until, overdue, soon, later } = myWorkSections(
      [
        due('A', '2017-03-01', true),
        due('B', '2017-03-06'),
        due('C', '2017-04-03'),
        due('D', '2017-04-04'),
        due('E', '2017-04-03T10:00:00+01:00'),
      ],
      '2017-03-06',
    );
    expect(until).toBe('2017-04-03');
    expect(overdue.map((o) => o.subjectId)).toEqual(['A']);
    expect(soon.map((o) => o.subjectId)).toEqual(['B', 'C', 'E']);
    expect(later).toBe(1);
  });
});

describe('boardQuery', () => {
  it.each([
    [
      '',
      {
        kind: undefined,
        iro: undefined,
        team: undefined,
        overdue: undefined,
        withoutIro: undefined,
      },
    ],
    [
      'kind=icpc&iro=iro-1&team=tm-2&overdue=true&sort=due',
      { kind: 'icpc', iro: 'iro-1', team: 'tm-2', overdue: 'true', withoutIro: undefined },
    ],
    [
      'overdue=false&kind=',
      {
        kind: undefined,
        iro: undefined,
        team: undefined,
        overdue: undefined,
        withoutIro: undefined,
      },
    ],
    // "No IRO": what no IRO holds, never an IRO called "none".
    [
      'iro=none',
      { kind: undefined, iro: undefined, team: undefined, overdue: undefined, withoutIro: 'true' },
    ],
  ])('asks the API for "%s" as %j', (search, expected) => {
    expect(boardQuery(new URLSearchParams(search))).toEqual(expected);
  });
});

describe('disputesInOrder', () => {
  const at = (refId: string, stage: 1 | 2 | 3 | 4 | 5): Dispute => ({
    kind: 'dispute-stage',
    subjectId: 'C1',
    refId,
    stage,
    due: '2017-03-08',
    overdue: false,
    basis: 'rule',
  });
  const disputes = [at('D1', 1), at('D2', 3), at('D3', 2), at('D4', 5), at('D5', 4)];

  it('gives the head of service stage 3 and above first, each part in the order given', () => {
    expect(disputesInOrder(disputes, true).map((d) => d.refId)).toEqual([
      'D2',
      'D4',
      'D5',
      'D1',
      'D3',
    ]);
  });

  it('leaves everyone else the order given', () => {
    expect(disputesInOrder(disputes, false).map((d) => d.refId)).toEqual([
      'D1',
      'D2',
      'D3',
      'D4',
      'D5',
    ]);
  });
});

describe('pageOf', () => {
  it.each<[number, string | null, { page: number; pages: number; start: number; end: number }]>([
    // 138 rows, 50 a page: 1-50, 51-100, 101-138.
    [138, null, { page: 1, pages: 3, start: 0, end: 50 }],
    [138, '2', { page: 2, pages: 3, start: 50, end: 100 }],
    [138, '3', { page: 3, pages: 3, start: 100, end: 138 }],
    // A page past the last (a filter left fewer) shows the last; nonsense shows the first.
    [138, '9', { page: 3, pages: 3, start: 100, end: 138 }],
    [138, 'x', { page: 1, pages: 3, start: 0, end: 50 }],
    [138, '0', { page: 1, pages: 3, start: 0, end: 50 }],
    [0, null, { page: 1, pages: 1, start: 0, end: 0 }],
    [50, null, { page: 1, pages: 1, start: 0, end: 50 }],
  ])('%i rows, page %s', (rows, asked, expected) => {
    expect(pageOf(rows, asked)).toEqual(expected);
  });
});

describe('pageNumbers', () => {
  it.each<[number, number, (number | undefined)[]]>([
    [1, 1, [1]],
    [1, 3, [1, 2, 3]],
    [1, 10, [1, 2, undefined, 10]],
    [5, 10, [1, undefined, 4, 5, 6, undefined, 10]],
    [10, 10, [1, undefined, 9, 10]],
    [3, 10, [1, 2, 3, 4, undefined, 10]],
  ])('page %i of %i', (page, pages, expected) => {
    expect(pageNumbers(page, pages)).toEqual(expected);
  });
});

describe('holderOptions', () => {
  const holders = [
    { staffId: 'iro-7', name: 'Amy Brown' },
    { staffId: 'iro-2', name: 'Sam Patel' },
    { staffId: 'iro-9', name: 'Sam Patel' },
    { staffId: 'iro-x' },
  ];
  it.each<[string, string | undefined, string[]]>([
    // "Any" first; the API's order kept; a shared name gets the staff ids beside it;
    // the unnamed by id.
    [
      'nothing chosen',
      undefined,
      [
        '=Any',
        'iro-7=Amy Brown',
        'iro-2=Sam Patel (iro-2)',
        'iro-9=Sam Patel (iro-9)',
        'iro-x=iro-x',
      ],
    ],
    [
      'a holder chosen',
      'iro-2',
      [
        '=Any',
        'iro-7=Amy Brown',
        'iro-2=Sam Patel (iro-2)',
        'iro-9=Sam Patel (iro-9)',
        'iro-x=iro-x',
      ],
    ],
    // Someone who no longer holds the post stays choosable, so the filter shown is the one applied.
    [
      'someone holding no such post',
      'iro-gone',
      [
        '=Any',
        'iro-7=Amy Brown',
        'iro-2=Sam Patel (iro-2)',
        'iro-9=Sam Patel (iro-9)',
        'iro-x=iro-x',
        'iro-gone=iro-gone',
      ],
    ],
  ])('lists the holders with %s', (_, chosen, expected) => {
    expect(holderOptions(holders, chosen).map((o) => `${o.value}=${o.text}`)).toEqual(expected);
  });
});
