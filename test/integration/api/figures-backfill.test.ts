/**
 * The figures' backfill over the local runtime (dynalite, the local Step Functions
 * runner, the real handlers), on a store as the version before summaries left it: logs
 * and allocations, and no log summary, caseload item or marker. Until the backfill is
 * complete the figures and caseloads answer that they are being prepared; once it is,
 * they are the figures worked out by hand and the full replay's. It is idempotent,
 * resumes where a slice stopped or died, and never overwrites what a plan or an
 * allocation kept while it ran.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKFILL_MARK_KEY,
  FIGURES_PARTITIONS,
  olderSummaryKey,
} from '../../../functions/adapters/dynamodb/figures-store.js';
import type { Allocation, StoredEvent } from '../../../functions/adapters/ports.js';
import { backfillSlice, SLICE_MS } from '../../../functions/backfill.js';
import { answerReport, everyEvent, FIGURES_BEING_PREPARED } from '../../../functions/reports.js';
import { backfillFigures } from '../../../functions/shared/backfill.js';
import { keepFigures } from '../../../functions/shared/clock-steps.js';
import { startLocalRuntime } from '../../../infra/local/runtime.js';
import { reviewsClock } from '../../../workflows/clocks.js';
import { type CaseEvent, eventDate } from '../../../workflows/events.js';
import { councilFigures } from '../../../workflows/figures/report.js';
import { DEFAULT_SETTINGS } from '../../../workflows/policy.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const TODAY = '2017-04-10';
const PERIOD = { from: '2016-04-01', to: '2017-03-31' } as const;

/**
 * The old version's store, on Monday 10 April 2017 (the period 2016-04-01..2017-03-31):
 * - A looked after 2016-05-02, reviewed 2016-05-27; IRO iro-a.
 * - B looked after 2016-06-01, ceased 2016-09-01; IRO iro-b.
 * - C looked after 2015-01-05, before the period, and still; IRO iro-a.
 * - P never looked after; IRO iro-b.
 * By hand: L1 (looked after on 31 March) = A and C = 2; L2 started in the period = A
 * and B = 2, ceased = B = 1; L4 reviews held = 1. Caseloads on 10 April: A and C looked
 * after, both iro-a's (2); iro-b holds B (ceased) and P (never): 0; mean (2 + 0) / 2 =
 * 1; nobody looked after without an IRO.
 */
const HISTORY: Readonly<Record<string, readonly CaseEvent[]>> = {
  A: [
    { type: 'BecameLookedAfter', childId: 'A', date: '2016-05-02' },
    { type: 'LacReviewHeld', childId: 'A', date: '2016-05-27' },
  ],
  B: [
    { type: 'BecameLookedAfter', childId: 'B', date: '2016-06-01' },
    { type: 'CeasedLookedAfter', childId: 'B', date: '2016-09-01' },
  ],
  C: [{ type: 'BecameLookedAfter', childId: 'C', date: '2015-01-05' }],
};
const ALLOCATIONS: readonly Allocation[] = [
  { subjectId: 'A', roles: { iro: 'iro-a' } },
  { subjectId: 'B', roles: { iro: 'iro-b' } },
  { subjectId: 'C', roles: { iro: 'iro-a' } },
  { subjectId: 'P', roles: { iro: 'iro-b' } },
];
const LOGS = ['A', 'B', 'C'].map((child) => reviewsClock(child).log).sort();

const BY_HAND = { L1: { count: 2 }, L2: { started: 2, ceased: 1 }, L4held: 1 };
const CASELOADS_BY_HAND = {
  on: TODAY,
  lookedAfter: 2,
  withoutIro: 0,
  iros: 2,
  mean: 1,
  lowest: 0,
  highest: 2,
  over70: 0,
  byIro: [
    { iro: 'iro-a', children: 2, over70: false },
    { iro: 'iro-b', children: 0, over70: false },
  ],
};

const figures = (unit: Unit) =>
  callHandler(unit, answerReport, apiEvent('GET /reports/figures', MANAGER, { query: PERIOD }));
const caseloads = (unit: Unit) =>
  callHandler(unit, answerReport, apiEvent('GET /reports/caseloads', MANAGER));

/** Every item of the figures' read model and the marker, in key order, as stored. */
async function readModel(unit: Pick<Unit, 'runtime'>) {
  const { client, tableName } = unit.runtime.dynamo;
  const partitions = ['FIGURES#', 'CASELOAD#'].flatMap((prefix) =>
    Array.from({ length: FIGURES_PARTITIONS }, (_, n) => `${prefix}${String(n).padStart(2, '0')}`),
  );
  const items = [];
  for (const pk of [...partitions, BACKFILL_MARK_KEY.pk]) {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    items.push(...Items);
  }
  return items;
}

/** Leaves the store as the version before summaries did: no summary, caseload item or marker. */
async function forgetReadModel(unit: Pick<Unit, 'runtime'>) {
  const { client, tableName } = unit.runtime.dynamo;
  for (const item of await readModel(unit)) {
    await client.send(
      new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }),
    );
  }
  expect(await readModel(unit)).toEqual([]);
}

/** Each child's history straight into their log, as the old version stored it (no plan). */
async function oldVersionStore(unit: Pick<Unit, 'runtime'>) {
  const { events, staff } = unit.runtime.deps;
  for (const [child, history] of Object.entries(HISTORY)) {
    const log = reviewsClock(child).log;
    for (const [i, event] of history.entries()) {
      const stored: StoredEvent = {
        eventId: `${child}-${i + 1}`,
        position: i + 1,
        recordedAt: `${eventDate(event)}T09:00:00.000Z`,
        recordedBy: 'test',
        source: 'system',
        event: { ...event, eventId: `${child}-${i + 1}` },
      };
      expect(await events.appendAt(log, stored)).toBe('appended');
    }
  }
  for (const allocation of ALLOCATIONS) await staff.allocate(allocation);
  await forgetReadModel(unit);
}

/** The period's figures by the full replay of every stored event. */
async function replayed(unit: Unit) {
  const events = await everyEvent(unit.runtime.deps.events);
  return councilFigures(events, { period: PERIOD, years: 3 }, DEFAULT_SETTINGS);
}

describe("the figures' backfill", () => {
  let unit: Unit;
  beforeEach(async () => {
    unit = await startUnit({ startAt: `${TODAY}T09:00:00Z`, subjects: [] });
    await oldVersionStore(unit);
  }, 60_000);
  afterEach(async () => {
    await unit?.stop();
  });

  it('is waited for: the figures and caseloads say they are being prepared, then are right', async () => {
    // Act
    const before = [await figures(unit), await caseloads(unit)];
    const slice = await backfillFigures(unit.runtime.deps);
    const after = await figures(unit);
    const board = await caseloads(unit);

    // Assess: no count before; after, the figures by hand and the full replay's.
    for (const answer of before) {
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({ reason: FIGURES_BEING_PREPARED });
    }
    expect(slice).toEqual({ complete: true, logs: 3, subjects: 4 });
    expect(after.status).toBe(200);
    expect(after.body.figures.L1).toEqual(BY_HAND.L1);
    expect(after.body.figures.L2).toEqual(BY_HAND.L2);
    expect(after.body.figures.L4.held).toBe(BY_HAND.L4held);
    const whole = await replayed(unit);
    // S1 is read from the staff records on the day, not the logs: the replay has none.
    const { S1: _staff, ...kept } = after.body.figures;
    expect(kept).toEqual(JSON.parse(JSON.stringify(whole.figures)));
    expect(after.body.earlier).toEqual(
      JSON.parse(JSON.stringify(whole.earlier.map(({ shortfalls: _lists, ...rest }) => rest))),
    );
    expect(board).toEqual({ status: 200, body: { caseloads: CASELOADS_BY_HAND } });
    expect(after.body.caseloads).toEqual(CASELOADS_BY_HAND);
  });

  it('changes nothing when run again, whether the marker says complete or not', async () => {
    // Prepare
    await backfillFigures(unit.runtime.deps);
    const once = await readModel(unit);

    // Act: again; then again with the marker lost, so every write is made a second time.
    const again = await backfillFigures(unit.runtime.deps);
    const afterAgain = await readModel(unit);
    const { client, tableName } = unit.runtime.dynamo;
    await client.send(new DeleteCommand({ TableName: tableName, Key: BACKFILL_MARK_KEY }));
    const redone = await backfillFigures(unit.runtime.deps);

    // Assess
    expect(again).toEqual({ complete: true, logs: 0, subjects: 0 });
    expect(afterAgain).toEqual(once);
    expect(redone).toEqual({ complete: true, logs: 3, subjects: 4 });
    expect(await readModel(unit)).toEqual(once);
    expect((await caseloads(unit)).body.caseloads).toEqual(CASELOADS_BY_HAND);
  });

  it('resumes where a slice ran out of time, in the logs and in the allocations', async () => {
    // Prepare: one log a batch; each slice is allowed so many batches (or IROs).
    const slice = (batches: number) =>
      backfillFigures(unit.runtime.deps, { logsAtOnce: 1, more: () => batches-- > 0 });

    // Act: two logs; the third and iro-a; then iro-b.
    const first = await slice(2);
    const markFirst = await unit.runtime.deps.figures.backfillMark();
    const second = await slice(2);
    const markSecond = await unit.runtime.deps.figures.backfillMark();
    const meanwhile = await figures(unit);
    const third = await slice(5);

    // Assess: each slice did only what the one before left, and the answer waited.
    expect(first).toEqual({ complete: false, logs: 2, subjects: 0 });
    expect(markFirst).toMatchObject({ complete: false, phase: 'logs', after: LOGS[1] });
    expect(second).toEqual({ complete: false, logs: 1, subjects: 2 });
    expect(markSecond).toMatchObject({ complete: false, phase: 'caseloads', after: 'iro-a' });
    expect(meanwhile.status).toBe(503);
    expect(third).toEqual({ complete: true, logs: 0, subjects: 2 });
    const answer = await figures(unit);
    expect(answer.body.figures.L1).toEqual(BY_HAND.L1);
    expect(answer.body.figures.L2).toEqual(BY_HAND.L2);
    expect(answer.body.caseloads).toEqual(CASELOADS_BY_HAND);
  });

  it('leaves for the next Lambda slice what its own time does not allow', async () => {
    // Prepare: a clock at which the slice's time is up by its first batch.
    let clock = 0;
    const ticking = () => {
      const now = clock;
      clock += SLICE_MS;
      return now;
    };

    // Act
    const late = await backfillSlice(unit.runtime.deps, ticking);
    const next = await backfillSlice(unit.runtime.deps);

    // Assess
    expect(late).toEqual({ complete: false, logs: 0, subjects: 0, entries: 0 });
    expect(next).toEqual({ complete: true, logs: 3, subjects: 4, entries: 0 });
  });

  it('finishes right after a slice that died half way through a batch', async () => {
    // Prepare: the second summary write of the slice fails, as a killed invocation would.
    const { deps } = unit.runtime;
    let writes = 0;
    const dying = {
      ...deps,
      figures: {
        ...deps.figures,
        keep: async (...args: Parameters<typeof deps.figures.keep>) => {
          if (++writes === 2) throw new Error('invocation killed');
          return deps.figures.keep(...args);
        },
      },
    };

    // Act
    const died = backfillFigures(dying, { logsAtOnce: 2 });
    await expect(died).rejects.toThrow('invocation killed');
    const markDied = await deps.figures.backfillMark();
    const resumed = await backfillFigures(deps, { logsAtOnce: 2 });

    // Assess: the batch that died is done again in full, and the answer is right.
    expect(markDied).toBeUndefined();
    expect(resumed).toEqual({ complete: true, logs: 3, subjects: 4 });
    const answer = await figures(unit);
    expect(answer.body.figures.L1).toEqual(BY_HAND.L1);
    expect(answer.body.figures.L4.held).toBe(BY_HAND.L4held);
    expect(answer.body.caseloads).toEqual(CASELOADS_BY_HAND);
  });

  it("keeps a log's newer summary, and a newer allocation, written while it ran", async () => {
    // Prepare: A's log is read by the backfill, then a review of A is recorded (and
    // planned, keeping A's newer summary) before the backfill keeps its older one; A's
    // allocation is read, then A is given iro-c, before the backfill fills in iro-a.
    const { deps } = unit.runtime;
    const logA = reviewsClock('A').log;
    let raced = { log: false, allocation: false };
    const racing = {
      ...deps,
      events: {
        ...deps.events,
        history: async (log: string, afterPosition?: number) => {
          const history = await deps.events.history(log, afterPosition);
          if (log === logA && !raced.log) {
            raced = { ...raced, log: true };
            const outcome = await unit.record({
              eventId: 'A-late',
              type: 'LacReviewHeld',
              childId: 'A',
              date: '2016-11-21',
            });
            expect(outcome).toMatchObject({ status: 201 });
          }
          return history;
        },
      },
      staff: {
        ...deps.staff,
        allocation: async (subjectId: string) => {
          const read = await deps.staff.allocation(subjectId);
          if (subjectId === 'A' && !raced.allocation) {
            raced = { ...raced, allocation: true };
            await deps.staff.allocate({ subjectId: 'A', roles: { iro: 'iro-c' } });
          }
          return read;
        },
      },
    };

    // Act
    const slice = await backfillFigures(racing);
    const answer = await figures(unit);

    // Assess: both reviews of A count (the backfill's older summary was not kept), as the
    // full replay says; A is iro-c's, not iro-a's again.
    expect(raced).toEqual({ log: true, allocation: true });
    expect(slice.complete).toBe(true);
    expect(answer.body.figures.L4.held).toBe(2);
    expect(answer.body.figures.L4).toEqual((await replayed(unit)).figures.L4);
    expect(answer.body.caseloads.byIro).toEqual([
      { iro: 'iro-a', children: 1, over70: false },
      { iro: 'iro-b', children: 0, over70: false },
      { iro: 'iro-c', children: 1, over70: false },
    ]);
  });

  it('rebuilds a store that summary version 1 kept, one item a log, and leaves none of its items', async () => {
    // Prepare: as version 1 left it: each log's summary alone (wrong on purpose: no
    // episode), and its marker complete.
    const { client, tableName } = unit.runtime.dynamo;
    for (const log of LOGS) {
      const wrong = { log, episodes: [], lacReviews: [], contacts: [] };
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...olderSummaryKey(log),
            version: 1,
            body: deflateRawSync(JSON.stringify(wrong)),
          },
        }),
      );
    }
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...BACKFILL_MARK_KEY, summaryVersion: 1, complete: true },
      }),
    );

    // Act
    const before = await figures(unit);
    const slice = await backfillFigures(unit.runtime.deps);
    const after = await figures(unit);
    const left = (await readModel(unit)).filter((item) => String(item.sk).startsWith('LOG#'));

    // Assess: not read while being rebuilt; then the figures by hand; no item a log is left.
    expect(before.status).toBe(503);
    expect(slice).toEqual({ complete: true, logs: 3, subjects: 4 });
    expect(after.status).toBe(200);
    expect(after.body.figures.L1).toEqual(BY_HAND.L1);
    expect(after.body.figures.L2).toEqual(BY_HAND.L2);
    expect(left).toEqual([]);
  });

  it("is the plan step's own summary: a log planned after the backfill keeps the same", async () => {
    // Prepare
    await backfillFigures(unit.runtime.deps);
    const backfilled = await readModel(unit);

    // Act: each log's summary kept again as the plan step keeps it, from the same history.
    for (const log of LOGS) {
      await keepFigures(log, await unit.runtime.deps.events.history(log), unit.runtime.deps);
    }

    // Assess
    expect(await readModel(unit)).toEqual(backfilled);
  });
});

describe('npm start on a store kept by an older version', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iro-backfill-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps its summaries and caseload items before anything reads the figures', async () => {
    // Prepare: a kept store (as `npm start -- --serve` keeps it) left by the old version.
    const startAt = `${TODAY}T09:00:00Z`;
    const old = await startLocalRuntime({ startAt, dataDir: dir });
    try {
      await oldVersionStore({ runtime: old });
    } finally {
      await old.stop();
    }

    // Act
    const runtime = await startLocalRuntime({ startAt, dataDir: dir });
    try {
      const answer = await callHandler(
        { runtime } as Unit,
        answerReport,
        apiEvent('GET /reports/figures', MANAGER, { query: PERIOD }),
      );

      // Assess
      expect(runtime.backfilled).toEqual({ logs: 3, subjects: 4 });
      expect(answer.status).toBe(200);
      expect(answer.body.figures.L1).toEqual(BY_HAND.L1);
      expect(answer.body.caseloads).toEqual(CASELOADS_BY_HAND);
    } finally {
      await runtime.stop();
    }
  });
});
