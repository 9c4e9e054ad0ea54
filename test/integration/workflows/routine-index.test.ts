/**
 * The routine index (gsi4) on a store written before it (issue 17, fourth round): its
 * entries lack the key until the backfill gives it, and the morning list reads kind by
 * kind until the backfill's marker says complete, then the one partition. Worked out by
 * hand (2017; Monday 2 January is the New Year bank holiday):
 * - C1 looked after from Mon 2 January: first review due Mon 30 January (20 working
 *   days); its lines to the IRO and the social worker 15 working days before (Mon 9
 *   January) and 5 before (Mon 23 January). C2 and C3 from Tue 3 and Wed 4 January:
 *   due Tue 31 January and Wed 1 February.
 * - The routine kinds, in the order the list reads them kind by kind: lac-review, icpc,
 *   icpc-booking-decision, cp-review, cp-plan-duration-check, secure-review,
 *   foster-carer-review, short-breaks-review, review-decisions, review-record,
 *   conference-minutes: 11 (conference-report and dispute-stage go at once).
 */
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dynamoObligationBoard,
  ROUTINE_INDEX_MARK_KEY,
} from '../../../functions/adapters/dynamodb/obligation-board.js';
import { createTableInput } from '../../../functions/adapters/dynamodb/table.js';
import type { RoutineIndexMark } from '../../../functions/adapters/ports.js';
import { sendMorningLists } from '../../../functions/morning-list.js';
import { backfillRoutineIndex } from '../../../functions/shared/backfill.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { startUnit, type Unit } from './support.js';

const isList = (m: JournalledMail) => m.subject.startsWith('Morning list for ');
const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');
const REVIEW_LINE =
  '- [new] Looked-after child review - child C1 - due Monday 30 January 2017 (as IRO';

/** The subjects and due dates in the routine index's partition, in its order. */
async function routinePartition(unit: Unit): Promise<string[]> {
  const { client, tableName } = unit.runtime.dynamo;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :routine',
      ExpressionAttributeValues: { ':routine': 'ROUTINE' },
    }),
  );
  return Items.map((item) => `${item.subjectId} ${item.kind} ${item.due}`);
}

/**
 * The store as the version before the index left it: every entry without the key, and
 * no backfill marker for it. (The marks' digests are left: only a next plan reads them.)
 */
async function asBeforeTheIndex(unit: Unit): Promise<void> {
  const { client, tableName } = unit.runtime.dynamo;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :routine',
      ExpressionAttributeValues: { ':routine': 'ROUTINE' },
    }),
  );
  for (const { pk, sk } of Items) {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk, sk },
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
      }),
    );
  }
  await client.send(new DeleteCommand({ TableName: tableName, Key: ROUTINE_INDEX_MARK_KEY }));
}

/**
 * The unit's dependencies with a board of their own (so nothing the runtime's board
 * has read is kept), over a client that counts the board's requests: each Query by
 * its index, each GetItem by its partition.
 */
function countedDeps(unit: Unit, pageSize?: number) {
  const { client, tableName } = unit.runtime.dynamo;
  const sent: string[] = [];
  const counting = new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const { IndexName, Key } = command.input as { IndexName?: string; Key?: { pk?: string } };
        if (command.constructor.name === 'QueryCommand') sent.push(`Query ${IndexName}`);
        if (command.constructor.name === 'GetCommand') sent.push(`GetItem ${Key?.pk}`);
        return target.send(command as never);
      };
    },
  });
  const board = dynamoObligationBoard(
    counting,
    tableName,
    pageSize === undefined ? {} : { pageSize },
  );
  return { deps: { ...unit.runtime.deps, board }, sent };
}

const count = (sent: readonly string[]) => {
  const counts: Record<string, number> = {};
  for (const request of sent) counts[request] = (counts[request] ?? 0) + 1;
  return counts;
};

describe('the morning list on a store written before the routine index', () => {
  let unit: Unit;
  beforeAll(async () => {
    // The virtual clock stays put: each morning is run by hand, by its date.
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      journalMail: true,
    });
    await unit.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    await asBeforeTheIndex(unit);
  }, 60_000);
  afterAll(async () => {
    await unit.stop();
  });

  it('lists the old entry from the reads kind by kind, then, after the backfill, from the one partition', async () => {
    // Act: Monday 9 January before the backfill; the backfill; Monday 23 and Tuesday 24
    // January after it.
    const before = countedDeps(unit);
    const monday9 = await sendMorningLists({ date: '2017-01-09' }, before.deps);
    const partitionBefore = await routinePartition(unit);
    const backfilled = await backfillRoutineIndex(unit.runtime.deps);
    const after = countedDeps(unit);
    const monday23 = await sendMorningLists({ date: '2017-01-23' }, after.deps);
    const readsOn23 = [...after.sent];
    const tuesday24 = await sendMorningLists({ date: '2017-01-24' }, after.deps);
    const readsOn24 = after.sent.slice(readsOn23.length);

    // Assess: the review is listed to its IRO and social worker both mornings
    expect(monday9).toMatchObject({ sent: 2, failed: 0 });
    expect(monday23).toMatchObject({ sent: 2, failed: 0 });
    expect(tuesday24).toMatchObject({ sent: 0, failed: 0 });
    const lists = unit.runtime.mail.entries().filter(isList);
    expect(lists.map((m) => `${who(m)} ${m.subject}`).sort()).toEqual([
      // The IRO's first: the review's line, and that no link is made yet for the views.
      'iro Morning list for Monday 23 January 2017: 1 new',
      'iro Morning list for Monday 9 January 2017: 2 new',
      'social-worker Morning list for Monday 23 January 2017: 1 new',
      'social-worker Morning list for Monday 9 January 2017: 1 new',
    ]);
    for (const list of lists.filter((m) => who(m) === 'iro'))
      expect(list.text).toContain(REVIEW_LINE);
    // Before: the marker, and one Query a routine kind; the partition empty.
    expect(count(before.sent)).toEqual({
      'GetItem BOARD#ROUTINE-INDEX': 1,
      'Query gsi2': 11,
    });
    expect(partitionBefore).toEqual([]);
    // The backfill gave the review (C1's only routine entry) the key.
    expect(backfilled).toEqual({ complete: true, entries: 1 });
    expect(await routinePartition(unit)).toEqual(['C1 lac-review 2017-01-30']);
    // After: the marker once, and one Query of the partition a morning.
    expect(count(readsOn23)).toEqual({ 'GetItem BOARD#ROUTINE-INDEX': 1, 'Query gsi4': 1 });
    expect(count(readsOn24)).toEqual({ 'Query gsi4': 1 });
  });
});

describe('the routine index backfill', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = await startUnit({
      startAt: '2017-01-04T09:00:00Z',
      subjects: ['C1', 'C2', 'C3'],
    });
    for (const [childId, date] of [
      ['C1', '2017-01-02'],
      ['C2', '2017-01-03'],
      ['C3', '2017-01-04'],
    ] as const) {
      await unit.record({ eventId: `${childId}-in`, type: 'BecameLookedAfter', childId, date });
    }
  }, 60_000);
  afterAll(async () => {
    await unit.stop();
  });

  const WHOLE = [
    'C1 lac-review 2017-01-30',
    'C2 lac-review 2017-01-31',
    'C3 lac-review 2017-02-01',
  ];

  it('works in slices from its marker, and done again changes nothing', async () => {
    // Prepare: one entry a page, and time for two pages in the first slice
    await asBeforeTheIndex(unit);
    const { deps } = countedDeps(unit, 1);
    let pages = 2;

    // Act
    const first = await backfillRoutineIndex(deps, { more: () => pages-- > 0 });
    const markFirst = await deps.board.routineIndexMark();
    const partitionFirst = await routinePartition(unit);
    const second = await backfillRoutineIndex(deps);
    const third = await backfillRoutineIndex(deps);
    // A slice that died before its marker moved on: the same pages done again.
    await deps.board.markRoutineIndex(markFirst as RoutineIndexMark);
    const redone = await backfillRoutineIndex(deps);

    // Assess: C1's and C2's reviews in the first slice, C3's in the second
    expect(first).toEqual({ complete: false, entries: 2 });
    expect(markFirst).toMatchObject({ complete: false, kind: 'lac-review' });
    expect((markFirst as { after?: string }).after).toMatch(/^2017-01-31#/);
    expect(partitionFirst).toEqual(WHOLE.slice(0, 2));
    expect(second).toEqual({ complete: true, entries: 1 });
    expect(third).toEqual({ complete: true, entries: 0 });
    expect(redone).toEqual({ complete: true, entries: 0 });
    expect(await deps.board.routineIndexMark()).toEqual({ indexVersion: 1, complete: true });
    expect(await routinePartition(unit)).toEqual(WHOLE);
  });

  it('waits its grace from its first run before it gives any entry the key', async () => {
    // Prepare: an hour's grace, on a clock of our own
    await asBeforeTheIndex(unit);
    const deps = { ...unit.runtime.deps, routineIndexGraceMs: 60 * 60 * 1000 };
    const start = Date.parse('2026-12-08T10:00:00Z');

    // Act
    const first = await backfillRoutineIndex(deps, { now: () => start });
    const justBefore = await backfillRoutineIndex(deps, { now: () => start + 3_599_999 });
    const partitionJustBefore = await routinePartition(unit);
    const atTheHour = await backfillRoutineIndex(deps, { now: () => start + 3_600_000 });

    // Assess
    expect(first).toEqual({ complete: false, entries: 0 });
    expect(justBefore).toEqual({ complete: false, entries: 0 });
    expect(partitionJustBefore).toEqual([]);
    expect(atTheHour).toEqual({ complete: true, entries: 3 });
    expect(await routinePartition(unit)).toEqual(WHOLE);
  });

  it('on a table made before the index (a kept local store), does nothing, so the list reads kind by kind', async () => {
    // Prepare: the table as the version before made it (no gsi4), with a routine entry
    const { client } = unit.runtime.dynamo;
    const older = `older-${Date.now()}`;
    const input = createTableInput(older);
    await client.send(
      new CreateTableCommand({
        ...input,
        AttributeDefinitions: input.AttributeDefinitions?.filter(
          (a) => !a.AttributeName?.startsWith('gsi4'),
        ),
        GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.filter((i) => i.IndexName !== 'gsi4'),
      }),
    );
    for (let status = ''; status !== 'ACTIVE'; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status =
        (await client.send(new DescribeTableCommand({ TableName: older }))).Table?.TableStatus ??
        '';
    }
    const board = dynamoObligationBoard(client, older);
    await board.replace(
      'reviews/C1',
      [
        {
          kind: 'lac-review',
          subjectId: 'C1',
          due: '2017-01-30',
          overdue: false,
          basis: 'first review within 20 working days',
          startedOn: '2017-01-02',
        },
      ],
      '2017-01-04T09:00:00.000Z',
      1,
    );

    // Act
    const slice = await backfillRoutineIndex({ ...unit.runtime.deps, board });

    // Assess: complete for the slice, no marker, so the list keeps its reads kind by kind
    expect(slice).toEqual({ complete: true, entries: 0 });
    expect(await board.routineIndexMark()).toBeUndefined();
    expect(await board.routineIndexReady()).toBe(false);
    expect((await board.openOf('lac-review')).map((o) => o.obligation.due)).toEqual(['2017-01-30']);
  });
});
