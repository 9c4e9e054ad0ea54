/**
 * GET /reports/figures over the local runtime: who may ask, how a bad query is
 * answered, and the figures and caseloads of small authorities worked out by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerReport } from '../../../functions/reports.js';
import { keepFigures } from '../../../functions/shared/clock-steps.js';
import { reviewsClock } from '../../../workflows/clocks.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { DEFAULT_SETTINGS } from '../../../workflows/policy.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const ROUTE = 'GET /reports/figures';
const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const ask = (unit: Unit, who: Who, query?: Record<string, string>) =>
  callHandler(unit, answerReport, apiEvent(ROUTE, who, query ? { query } : {}));

/**
 * A small authority, on Monday 10 April 2017 (so the last complete financial year is
 * 2016-04-01..2017-03-31), with an under-18 population of 20,000:
 * - A looked after 2016-01-04 (figures.md section 7): reviews 2016-01-29 (due
 *   2016-01-04 + 20 working days = 2016-02-01), 2016-04-20 (due 2016-01-29 + 3 months
 *   = 2016-04-29: on time, PN1), 2016-10-25 (due 2016-04-20 + 6 months = 2016-10-20:
 *   late, PN7). IRO contact on 2016-10-01, between the second and third reviews. The
 *   2016-04-20 review's decisions shared 2016-04-25 (due + 5 working days = 2016-04-27:
 *   on time), its record 2016-06-01 (due + 20 working days, 2 May a bank holiday,
 *   = 2016-05-19: late); the 2016-10-25 review's never shared.
 * - B looked after 2017-03-20; a review recorded for B on 2017-03-25 in error, retracted.
 * - C looked after 2016-05-03, ceased 2016-09-01, never reviewed.
 * - Dispute D1 about A raised Wednesday 2016-06-01 (stage 1 due + 5 working days =
 *   2016-06-08), resolved Monday 2016-06-06 at stage 1, 3 working days later.
 */
const AUTHORITY: CaseEvent[] = [
  { eventId: 'a1', type: 'BecameLookedAfter', childId: 'A', date: '2016-01-04' },
  { eventId: 'a2', type: 'LacReviewHeld', childId: 'A', date: '2016-01-29' },
  { eventId: 'a3', type: 'LacReviewHeld', childId: 'A', date: '2016-04-20', participation: 'PN1' },
  {
    eventId: 'a4',
    type: 'ReviewRecordShared',
    childId: 'A',
    reviewDate: '2016-04-20',
    part: 'decisions',
    date: '2016-04-25',
  },
  { eventId: 'c1', type: 'BecameLookedAfter', childId: 'C', date: '2016-05-03' },
  {
    eventId: 'a5',
    type: 'ReviewRecordShared',
    childId: 'A',
    reviewDate: '2016-04-20',
    part: 'record',
    date: '2016-06-01',
  },
  {
    eventId: 'd1',
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'A',
    date: '2016-06-01',
    issue: 'contact arrangements',
  },
  { eventId: 'd2', type: 'DisputeResolved', disputeId: 'D1', date: '2016-06-06' },
  { eventId: 'c2', type: 'CeasedLookedAfter', childId: 'C', date: '2016-09-01' },
  { eventId: 'a6', type: 'IroContactWithChild', childId: 'A', date: '2016-10-01', method: 'visit' },
  { eventId: 'a7', type: 'LacReviewHeld', childId: 'A', date: '2016-10-25', participation: 'PN7' },
  { eventId: 'b1', type: 'BecameLookedAfter', childId: 'B', date: '2017-03-20' },
  { eventId: 'b2', type: 'LacReviewHeld', childId: 'B', date: '2017-03-25' },
  {
    type: 'EventRetracted',
    eventId: 'b2',
    reason: 'recorded for the wrong child',
    date: '2017-04-10',
  },
];

const empty = { numerator: 0, denominator: 0 };
/** The figures of 2016-04-01..2017-03-31, by hand from the history above. */
const FIGURES_2016_17 = {
  // A and B on 31 March (C ceased); started B and C, ceased C.
  L1: { count: 2 },
  L2: { started: 2, ceased: 1 },
  // 2 × 10,000 / 20,000 = 1.
  L3: { rate: 1 },
  // 2016-04-20 on time, 2016-10-25 late; B's review was retracted.
  L4: { held: 2, onTime: 1, late: 1 },
  // B's episode started 11 days before 31 March: not counted; A had a late review.
  L5: { numerator: 0, denominator: 1 },
  // PN1 counts as participating; PN7 does not; both have a code other than PN0.
  L6: { byCode: { PN1: 1, PN7: 1 }, numerator: 1, denominator: 2 },
  // Contact only before the 2016-10-25 review.
  L7: { numerator: 1, denominator: 2 },
  // Decisions: 2016-04-20's on time, 2016-10-25's never shared (due 2016-11-01).
  // Records: 2016-04-20's late, 2016-10-25's never shared (due before 31 March).
  L8: { decisions: { numerator: 1, denominator: 2 }, record: { numerator: 0, denominator: 2 } },
  // No young person shared their views before either review (issue 20, a local addition).
  L12: { numerator: 0, denominator: 2 },
  C1: { count: 0 },
  C2: { rate: 0 },
  C3: { started: 0, ended: 0 },
  C4: { held: 0, ...empty },
  C5: empty,
  C6: { held: 0, ...empty },
  C7: { started: 0, ever: 0, within24Months: 0 },
  C8: empty,
  C9: { initial: empty, review: empty },
  C10: empty,
  C11: empty,
  D1: { raised: 1, resolved: 1 },
  D2: { byStage: { '1': 1 } },
  D3: { numerator: 1, denominator: 1 },
  D4: { byStage: {} },
  D5: { medianWorkingDays: 3 },
  O1: { held: 0, ...empty },
  O2: { held: 0, ...empty },
  O3: { held: 0, ...empty },
  // figures.md section 9. A's second review (2016-04-20) says nothing of permanence.
  L9: { numerator: 0, denominator: 1, notRecorded: 1 },
  L10: { byMethod: { visit: 1 }, outOfArea: { contacts: 0, children: 0 } },
  // No IroAllocated in the log (the allocations were made before it was recorded).
  L11: empty,
  C12: { byValue: {}, ...empty },
  C13: { byValue: {}, ...empty },
  C14: { onTo: {}, started: {} },
  C15: empty,
  C16: { byValue: {}, ...empty },
  A1: { byGrade: {}, ...empty, byIro: {} },
  // On 10 April 2017: iro-a (A, and P not looked after), iro-b (B), iro-c (C, ceased),
  // none with a staff record saying their basis.
  S1: { byBasis: { notRecorded: { iros: 3, children: 2 } } },
};

describe('GET /reports/figures', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = await startUnit({
      startAt: '2017-04-10T09:00:00Z',
      subjects: [],
      settings: { ...DEFAULT_SETTINGS, childPopulation: 20_000 },
    });
    const { staff } = unit.runtime.deps;
    // P (no events: not looked after) went from iro-d to iro-a, so iro-d holds nothing.
    await staff.allocate({ subjectId: 'P', roles: { iro: 'iro-d' } });
    await staff.allocate({ subjectId: 'P', roles: { iro: 'iro-a' } });
    await staff.allocate({ subjectId: 'A', roles: { iro: 'iro-a', 'social-worker': 'sw-1' } });
    await staff.allocate({ subjectId: 'B', roles: { iro: 'iro-b' } });
    await staff.allocate({ subjectId: 'C', roles: { iro: 'iro-c' } });
    for (const event of AUTHORITY) {
      const outcome = await unit.record(event);
      expect(outcome, event.eventId).toMatchObject({ status: 201 });
    }
  });
  afterAll(async () => {
    await unit?.stop();
  });

  it.each<[number, string, Who]>([
    [401, 'nobody signed in', 'nobody'],
    [403, 'a social worker', { roles: ['social-worker'], sub: 'sw-1' }],
    [403, 'a token with no staff role', { roles: ['mayor'] }],
  ])('answers %i to %s, with no figures', async (status, _, who) => {
    // Act
    const answer = await ask(unit, who);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body.figures).toBeUndefined();
  });

  it.each<[string, Record<string, string>, { field: string; reason: string }[]]>([
    [
      'a from that is no date',
      { from: '2016-02-30', to: '2017-03-31' },
      [{ field: 'from', reason: 'must be a real date written YYYY-MM-DD, given with to' }],
    ],
    [
      'a to without a from',
      { to: '2017-03-31' },
      [{ field: 'from', reason: 'must be a real date written YYYY-MM-DD, given with to' }],
    ],
    [
      'a to before the from',
      { from: '2017-04-01', to: '2017-03-31' },
      [{ field: 'to', reason: 'must not be before from' }],
    ],
    [
      'years=0',
      { years: '0' },
      [{ field: 'years', reason: 'must be a whole number from 1 to 10' }],
    ],
    [
      'years=11',
      { years: '11' },
      [{ field: 'years', reason: 'must be a whole number from 1 to 10' }],
    ],
    [
      'years=1.5',
      { years: '1.5' },
      [{ field: 'years', reason: 'must be a whole number from 1 to 10' }],
    ],
    [
      'an unknown parameter, named by the rule and not by its name',
      { JaneSmith: 'csv' },
      [{ field: 'query', reason: 'may hold only from, to, years, list, page' }],
    ],
    [
      'a list that is no shortfall list',
      { list: 'L99' },
      [{ field: 'list', reason: 'must name a shortfall list of the report, such as L5' }],
    ],
    [
      'page=0',
      { list: 'L5', page: '0' },
      [{ field: 'page', reason: 'must be a whole number from 1, given with list' }],
    ],
    [
      'a page without a list',
      { page: '2' },
      [{ field: 'page', reason: 'must be a whole number from 1, given with list' }],
    ],
    [
      'two broken rules',
      { from: 'x', to: '2017-03-31', years: '0' },
      [
        { field: 'from', reason: 'must be a real date written YYYY-MM-DD, given with to' },
        { field: 'years', reason: 'must be a whole number from 1 to 10' },
      ],
    ],
  ])('answers 400 to %s, naming each field and rule', async (_, query, problems) => {
    // Act
    const answer = await ask(unit, MANAGER, query);

    // Assess
    expect(answer).toEqual({ status: 400, body: { problems } });
  });

  it('answers the period asked for with the figures worked out by hand', async () => {
    // Act
    const answer = await ask(
      unit,
      { roles: ['iro'], sub: 'iro-a' },
      {
        from: '2016-04-01',
        to: '2017-03-31',
        years: '1',
      },
    );

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.period).toEqual({ from: '2016-04-01', to: '2017-03-31' });
    expect(answer.body.figures).toEqual(FIGURES_2016_17);
    expect(answer.body.earlier).toEqual([]);
    expect(answer.body.shortfalls.L5).toEqual([
      { subjectId: 'A', date: '2016-10-25', due: '2016-10-20', reason: 'late' },
    ]);
  });

  it('answers, by default, the last complete financial year with the two before it', async () => {
    // Act: an administrator asks on 10 April 2017
    const answer = await ask(unit, { roles: ['admin'] });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.period).toEqual({ from: '2016-04-01', to: '2017-03-31' });
    expect(answer.body.figures).toEqual(FIGURES_2016_17);
    expect(answer.body.earlier.map((p: { period: unknown }) => p.period)).toEqual([
      { from: '2015-04-01', to: '2016-03-31' },
      { from: '2014-04-01', to: '2015-03-31' },
    ]);
    // 2015/16: A became looked after and had the 2016-01-29 review, on time.
    expect(answer.body.earlier[0].figures.L4).toEqual({ held: 1, onTime: 1, late: 0 });
    // Sized for a page: the earlier periods' figures and months, without their lists.
    expect(Object.keys(answer.body.earlier[0]).sort()).toEqual(['figures', 'months', 'period']);
    expect(answer.body.shortfallCounts.L5).toBe(1);
  });

  it('answers one shortfall list of the period a page at a time', async () => {
    // Act
    const answer = await ask(unit, MANAGER, { from: '2016-04-01', to: '2017-03-31', list: 'L4' });

    // Assess: the late review of 2016-10-25 is L4's one shortfall.
    expect(answer).toEqual({
      status: 200,
      body: {
        period: { from: '2016-04-01', to: '2017-03-31' },
        list: 'L4',
        page: 1,
        pageSize: 100,
        total: 1,
        items: [{ subjectId: 'A', date: '2016-10-25', due: '2016-10-20', reason: 'late' }],
      },
    });
  });

  it("gives each IRO's looked-after children on the day, leaving out who holds none", async () => {
    // Act
    const answer = await ask(unit, MANAGER, { years: '1' });

    // Assess: on 10 April A and B are looked after (C ceased; P never was).
    // iro-a holds A and P: 1; iro-b holds B: 1; iro-c holds C: 0; iro-d nothing (left out).
    // Mean (1 + 1 + 0) / 3 = 0.67, to one place 0.7.
    expect(answer.body.caseloads).toEqual({
      on: '2017-04-10',
      lookedAfter: 2,
      withoutIro: 0,
      iros: 3,
      mean: 0.7,
      lowest: 0,
      highest: 1,
      over70: 0,
      byIro: [
        { iro: 'iro-a', children: 1, over70: false },
        { iro: 'iro-b', children: 1, over70: false },
        { iro: 'iro-c', children: 0, over70: false },
      ],
    });
  });
});

describe('GET /reports/figures caseloads over 70', () => {
  let unit: Unit;
  /**
   * Looked after from Monday 2 January 2017, stored straight into the child's log, and
   * the log's summary kept as its plan step keeps it.
   */
  const lookedAfter = async (childId: string) => {
    const { events } = unit.runtime.deps;
    const log = reviewsClock(childId).log;
    const appended = await events.appendAt(log, {
      eventId: `start-${childId}`,
      position: 1,
      recordedAt: '2017-01-02T09:00:00.000Z',
      recordedBy: 'test',
      source: 'system',
      event: { type: 'BecameLookedAfter', childId, date: '2017-01-02' },
    });
    expect(appended).toBe('appended');
    await keepFigures(log, await events.history(log), unit.runtime.deps);
  };
  beforeAll(async () => {
    unit = await startUnit({ startAt: '2017-04-10T09:00:00Z', subjects: [] });
    const { staff } = unit.runtime.deps;
    const give = async (iro: string, count: number) => {
      for (let i = 0; i < count; i++) {
        await lookedAfter(`${iro}-${i}`);
        await staff.allocate({ subjectId: `${iro}-${i}`, roles: { iro } });
      }
    };
    await give('iro-big', 71);
    await give('iro-edge', 70);
    await give('iro-small', 2);
    // One child looked after with no IRO allocated.
    await lookedAfter('nobodys');
  }, 240_000);
  afterAll(async () => {
    await unit?.stop();
  });

  it('counts the IROs holding more than 70, and the children with no IRO', async () => {
    // Act
    const answer = await ask(unit, MANAGER, { years: '1' });

    // Assess: 71 + 70 + 2 = 143 allocated, 144 looked after; mean 143 / 3 = 47.67 -> 47.7;
    // only iro-big holds more than 70 (70 is the Handbook's ceiling, not over it).
    expect(answer.status).toBe(200);
    expect(answer.body.figures.L1).toEqual({ count: 144 });
    expect(answer.body.caseloads).toEqual({
      on: '2017-04-10',
      lookedAfter: 144,
      withoutIro: 1,
      iros: 3,
      mean: 47.7,
      lowest: 2,
      highest: 71,
      over70: 1,
      byIro: [
        { iro: 'iro-big', children: 71, over70: true },
        { iro: 'iro-edge', children: 70, over70: false },
        { iro: 'iro-small', children: 2, over70: false },
      ],
    });
  });

  it('gives the first 100 of a long shortfall list, and the rest on the next page', async () => {
    // By hand: all 144 were looked after from 2 January 2017, 28 days or more before 31
    // March; none was reviewed, and each first review was due 20 working days after the
    // start (30 January): 144 overdue on 31 March, the whole of L5's list.
    // Act
    const first = await ask(unit, MANAGER, { years: '1' });
    const second = await ask(unit, MANAGER, {
      from: '2016-04-01',
      to: '2017-03-31',
      list: 'L5',
      page: '2',
    });

    // Assess
    expect(first.body.figures.L5).toEqual({ numerator: 0, denominator: 144 });
    expect(first.body.shortfallCounts.L5).toBe(144);
    expect(first.body.shortfalls.L5).toHaveLength(100);
    expect(second.body).toMatchObject({ list: 'L5', page: 2, total: 144 });
    expect(second.body.items).toHaveLength(44);
    const seen = new Set(
      [...first.body.shortfalls.L5, ...second.body.items].map(
        (s: { subjectId: string }) => s.subjectId,
      ),
    );
    expect(seen.size).toBe(144);
  });
});
