import { createHash } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoObligationBoard } from '../../../functions/adapters/dynamodb/obligation-board.js';
import { canonicalJson } from '../../../functions/adapters/dynamodb/support.js';
import { createTableInput } from '../../../functions/adapters/dynamodb/table.js';
import type { BoardEntry, ObligationBoard } from '../../../functions/adapters/ports.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';
import type { LocalDate } from '../../../workflows/calendar/index.js';
import type { Obligation } from '../../../workflows/obligations.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/** Each test has a table to itself: dueBy and disputesAt read across every clock. */
let board: ObligationBoard;
let tableName: string;
beforeEach(async () => {
  tableName = await dynamo.createTable();
  board = dynamoObligationBoard(dynamo.client, tableName);
});

const PLANNED = '2017-03-20T08:00:00.000Z';
const REPLANNED = '2017-03-21T08:00:00.000Z';

const lacReview = (subjectId: string, due: string): Obligation => ({
  kind: 'lac-review',
  subjectId,
  due,
  overdue: false,
  basis: 'second review within 3 months of the first',
  startedOn: '2017-01-30',
});

const report = (subjectId: string, refId: string, due: string): Obligation => ({
  kind: 'conference-report',
  subjectId,
  refId,
  due,
  overdue: false,
  basis: 'shared 2 working days before the conference',
  startedOn: '2017-03-13',
});

const disputeStage = (
  subjectId: string,
  refId: string,
  stage: 1 | 2 | 3,
  due: string,
): Obligation => ({
  kind: 'dispute-stage',
  subjectId,
  refId,
  stage,
  due,
  overdue: true,
  basis: `stage ${stage} to respond within 5 working days`,
  startedOn: '2017-03-01',
});

const icpc: Obligation = {
  kind: 'icpc',
  subjectId: 'C2',
  due: '2017-05-02',
  overdue: false,
  basis: 'within 15 working days of the strategy discussion',
  startedOn: '2017-04-10',
  bookedOn: '2017-04-12',
};

const entry = (clockId: string, obligation: Obligation, plannedAt = PLANNED): BoardEntry => ({
  ...obligation,
  clockId,
  plannedAt,
});

describe('dynamoObligationBoard.replace', () => {
  it('puts a clock’s obligations on the board, every field intact', async () => {
    // Act
    await board.replace('protection/C2', [icpc], PLANNED, 1);

    // Assess
    expect(await board.forSubject('C2')).toEqual([entry('protection/C2', icpc)]);
  });

  it('gives every open obligation of a kind, from every clock, each field as planned (the morning list’s read)', async () => {
    // Prepare
    const c1 = lacReview('C1', '2017-04-27');
    const c3 = lacReview('C3', '2017-02-01');
    await board.replace('reviews/C1', [c1], PLANNED, 1);
    await board.replace('reviews/C3', [c3], PLANNED, 1);
    await board.replace('protection/C2', [icpc], PLANNED, 1);

    // Act
    const open = await board.openOf('lac-review');

    // Assess: earliest due first, nothing of another kind, no clock; when each was written
    expect(open).toEqual([
      { obligation: c3, writtenAt: PLANNED },
      { obligation: c1, writtenAt: PLANNED },
    ]);
  });

  it('gives only those due on or before a date when asked, the date itself included', async () => {
    // Prepare: due before, on and after 2017-03-10 (a morning list's reach)
    const before = lacReview('C1', '2017-02-01');
    const on = lacReview('C2', '2017-03-10');
    const after = lacReview('C3', '2017-03-11');
    await board.replace('reviews/C1', [before], PLANNED, 1);
    await board.replace('reviews/C2', [on], PLANNED, 1);
    await board.replace('reviews/C3', [after], PLANNED, 1);

    // Act
    const open = await board.openOf('lac-review', '2017-03-10');

    // Assess: the one due the day after is left out, the rest earliest first
    expect(open).toEqual([
      { obligation: before, writtenAt: PLANNED },
      { obligation: on, writtenAt: PLANNED },
    ]);
    await expect(board.openOf('lac-review', '10/03/2017' as never)).rejects.toThrow(/dueBy/);
  });

  it('keeps when an entry last changed: a plan that changes nothing leaves it as it was', async () => {
    // Prepare
    const c1 = lacReview('C1', '2017-04-27');
    await board.replace('reviews/C1', [c1], PLANNED, 1);

    // Act: planned again, the same; then the review brought forward
    await board.replace('reviews/C1', [c1], REPLANNED, 2);
    const unchanged = await board.openOf('lac-review');
    const sooner = lacReview('C1', '2017-04-20');
    await board.replace('reviews/C1', [sooner], REPLANNED, 3);

    // Assess
    expect(unchanged).toEqual([{ obligation: c1, writtenAt: PLANNED }]);
    expect(await board.openOf('lac-review')).toEqual([
      { obligation: sooner, writtenAt: REPLANNED },
    ]);
  });

  it('makes the clock’s entries exactly the new plan: closed ones go, changed ones change', async () => {
    // Prepare
    const first = lacReview('C1', '2017-04-27');
    const secure: Obligation = { ...lacReview('C1', '2017-04-10'), kind: 'secure-review' };
    await board.replace('reviews/C1', [first, secure], PLANNED, 1);

    // Act: the review was held; the next one is due in six months; secure accommodation ended
    const next = lacReview('C1', '2017-10-27');
    await board.replace('reviews/C1', [next], REPLANNED, 2);

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', next, REPLANNED)]);
    expect(await board.dueBy('secure-review', '2017-12-31')).toEqual([]);
  });

  it('empties a clock with nothing open, leaving other clocks alone', async () => {
    // Prepare
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    await board.replace('dispute/D1', [disputeStage('C1', 'D1', 1, '2017-03-08')], PLANNED, 1);

    // Act
    await board.replace('dispute/D1', [], REPLANNED, 2);

    // Assess
    expect(await board.forSubject('C1')).toEqual([
      entry('reviews/C1', lacReview('C1', '2017-04-27')),
    ]);
    expect(await board.disputesAt(1)).toEqual([]);
  });

  it('stores an obligation listed twice once', async () => {
    // Act
    await board.replace(
      'reviews/C1',
      [lacReview('C1', '2017-04-27'), lacReview('C1', '2017-04-27')],
      PLANNED,
      1,
    );

    // Assess
    expect(await board.forSubject('C1')).toHaveLength(1);
  });
});

/** The board over a client that lists the DynamoDB commands it is sent, by name. */
function countingBoard() {
  const sent: string[] = [];
  const client = new Proxy(dynamo.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: object) => {
        sent.push(command.constructor.name);
        return target.send(command as never);
      };
    },
  });
  return { board: dynamoObligationBoard(client, tableName), sent };
}

describe('dynamoObligationBoard.replace writes only what changed', () => {
  it('replans with nothing changed in one read-and-write of the mark and one more write of it', async () => {
    // Prepare: the review and a secure review are on the board
    const open = [
      lacReview('C1', '2017-04-27'),
      { ...lacReview('C1', '2017-04-10'), kind: 'secure-review' as const },
    ];
    await board.replace('reviews/C1', open, PLANNED, 1);
    const counted = countingBoard();

    // Act: the workflow plans again a day later (after a reminder), the same version
    await counted.board.replace('reviews/C1', open, REPLANNED, 1);

    // Assess: raise the mark, mark it finished; no entry read, put or deleted
    expect(counted.sent).toEqual(['UpdateCommand', 'UpdateCommand']);
    expect(await board.forSubject('C1')).toEqual([
      entry('reviews/C1', open[1] as Obligation, REPLANNED),
      entry('reviews/C1', open[0] as Obligation, REPLANNED),
    ]);
  });

  it('puts only the entry that changed, and deletes the one that closed', async () => {
    // Prepare: a review, a secure review and an ICPC on the clock
    const review = lacReview('C1', '2017-04-27');
    const secure: Obligation = { ...lacReview('C1', '2017-04-10'), kind: 'secure-review' };
    await board.replace('reviews/C1', [review, secure, { ...icpc, subjectId: 'C1' }], PLANNED, 1);
    const counted = countingBoard();

    // Act: the review became overdue; secure accommodation ended; the ICPC is unchanged
    const overdue = { ...review, overdue: true };
    await counted.board.replace(
      'reviews/C1',
      [overdue, { ...icpc, subjectId: 'C1' }],
      REPLANNED,
      2,
    );

    // Assess: one put (the review) and one delete (the secure review)
    expect(counted.sent.filter((name) => name === 'PutCommand')).toHaveLength(1);
    expect(counted.sent.filter((name) => name === 'DeleteCommand')).toHaveLength(1);
    expect(await board.forSubject('C1')).toEqual([
      entry('reviews/C1', overdue, REPLANNED),
      entry('reviews/C1', { ...icpc, subjectId: 'C1' }, REPLANNED),
    ]);
  });

  it('shows every clock with the time it was last planned, on every read', async () => {
    // Prepare: two clocks of one child planned at different times, the dispute replanned unchanged
    const stage = disputeStage('C1', 'D1', 1, '2017-03-08');
    await board.replace('reviews/C1', [lacReview('C1', '2017-03-09')], PLANNED, 1);
    await board.replace('dispute/D1', [stage], PLANNED, 1);
    await board.replace('dispute/D1', [stage], REPLANNED, 1);

    // Act
    const bySubject = await board.forSubject('C1');
    const byKind = await board.dueBy('lac-review', '2017-12-31');
    const byStage = await board.disputesAt(1);

    // Assess
    expect(bySubject.map((e) => [e.clockId, e.plannedAt])).toEqual([
      ['dispute/D1', REPLANNED],
      ['reviews/C1', PLANNED],
    ]);
    expect(byKind.map((e) => e.plannedAt)).toEqual([PLANNED]);
    expect(byStage.map((e) => e.plannedAt)).toEqual([REPLANNED]);
  });

  it('after a plan died while writing, the next plan still makes the board exactly its own', async () => {
    // Prepare: the board holds the review; a plan of version 2 dies at its first put
    // (the mark counts it as writing), having read that the review closed
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    const dying = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: { input?: { Item?: { itemType?: string } } }) =>
          command.input?.Item?.itemType === 'board-entry'
            ? Promise.reject(new Error('the Lambda timed out'))
            : target.send(command as never);
      },
    });
    const icpcC1 = { ...icpc, subjectId: 'C1' };
    await expect(
      dynamoObligationBoard(dying, tableName).replace('reviews/C1', [icpcC1], PLANNED, 2),
    ).rejects.toThrow('timed out');

    // Act: the retry plans the same again
    await board.replace('reviews/C1', [icpcC1], REPLANNED, 2);
    // ... and the plan after that finds nothing changed
    await board.replace('reviews/C1', [icpcC1], REPLANNED, 2);

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', icpcC1, REPLANNED)]);
  });
});

describe('dynamoObligationBoard.replace given what the last plan left', () => {
  it('replans with nothing changed in one conditional write of the mark', async () => {
    // Prepare: the review and a secure review are on the board; the plan answers its digest
    const open = [
      lacReview('C1', '2017-04-27'),
      { ...lacReview('C1', '2017-04-10'), kind: 'secure-review' as const },
    ];
    const left = await board.replace('reviews/C1', open, PLANNED, 1);
    const counted = countingBoard();

    // Act: the workflow plans again a day later, after an event that changed nothing here
    const again = await counted.board.replace('reviews/C1', open, REPLANNED, 2, left);

    // Assess: the mark alone is written; the entries are as they were, planned again
    expect(again).toBe(left);
    expect(counted.sent).toEqual(['UpdateCommand']);
    expect(await board.forSubject('C1')).toEqual([
      entry('reviews/C1', open[1] as Obligation, REPLANNED),
      entry('reviews/C1', open[0] as Obligation, REPLANNED),
    ]);
    expect(await board.openOf('lac-review')).toEqual([{ obligation: open[0], writtenAt: PLANNED }]);
  });

  it('still refuses an older plan after a replan in one write', async () => {
    // Prepare: version 1, then version 3 replanned in one write of the mark
    const review = lacReview('C1', '2017-04-27');
    const left = await board.replace('reviews/C1', [review], PLANNED, 1);
    await board.replace('reviews/C1', [review], REPLANNED, 3, left);

    // Act: a plan of version 2, overtaken, arrives late with another due date
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-20')], PLANNED, 2);

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', review, REPLANNED)]);
  });

  it('writes the board the full way when another plan has changed it since', async () => {
    // Prepare: version 1 left the review; version 2 moved it
    const review = lacReview('C1', '2017-04-27');
    const left = await board.replace('reviews/C1', [review], PLANNED, 1);
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-20')], PLANNED, 2);

    // Act: version 3 (the move retracted) wants what version 1 left, and says so
    await board.replace('reviews/C1', [review], REPLANNED, 3, left);

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', review, REPLANNED)]);
  });

  it('makes the board its own when it finds it unchanged while an older plan is changing it', async () => {
    // Prepare: version 1 left the review. A plan of version 2, which read that the
    // review closed and an ICPC opened, is held up just before it writes the ICPC.
    const review = lacReview('C1', '2017-04-27');
    const icpcC1 = { ...icpc, subjectId: 'C1' };
    const left = await board.replace('reviews/C1', [review], PLANNED, 1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => {
      reach = resolve;
    });
    const slow = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { input?: { Item?: { itemType?: string } } }) => {
          if (command.input?.Item?.itemType === 'board-entry') {
            reach();
            await held;
          }
          return target.send(command as never);
        };
      },
    });
    const older = dynamoObligationBoard(slow, tableName).replace(
      'reviews/C1',
      [icpcC1],
      PLANNED,
      2,
    );
    await reached;

    // Act: version 3 (both retracted) finds the review as version 1 left it; then version 2 goes on
    await board.replace('reviews/C1', [review], REPLANNED, 3, left);
    release();
    await older;

    // Assess: the newer plan's board, not the older's half
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', review, REPLANNED)]);
  });

  it('after a plan died while writing, a plan wanting what the board held before still makes it exactly its own', async () => {
    // Prepare: version 1 left the review; a plan of version 2 puts an ICPC beside it and
    // dies before it marks the board finished
    const review = lacReview('C1', '2017-04-27');
    const left = await board.replace('reviews/C1', [review], PLANNED, 1);
    const dying = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: { input?: { UpdateExpression?: string } }) =>
          command.input?.UpdateExpression?.startsWith('SET writing')
            ? Promise.reject(new Error('the Lambda timed out'))
            : target.send(command as never);
      },
    });
    await expect(
      dynamoObligationBoard(dying, tableName).replace(
        'reviews/C1',
        [review, { ...icpc, subjectId: 'C1' }],
        PLANNED,
        2,
      ),
    ).rejects.toThrow('timed out');

    // Act: the next plan (the ICPC retracted) wants what version 1 left, and says so
    await board.replace('reviews/C1', [review], REPLANNED, 3, left);

    // Assess: the ICPC the dead plan wrote is gone
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', review, REPLANNED)]);
  });
});

describe('dynamoObligationBoard.replace guarded by the plan version', () => {
  it('changes nothing for a plan older than one already written', async () => {
    // Prepare: the plan of version 5 (after the review) is on the board
    const next = lacReview('C1', '2017-10-27');
    await board.replace('reviews/C1', [next], REPLANNED, 5);

    // Act: a plan of version 3, overtaken, arrives late
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 3);

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', next, REPLANNED)]);
  });

  it('takes back what an older plan wrote while a newer one replaced the board', async () => {
    // Prepare: the older plan (version 3) is held up just before it writes its entries
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => {
      reach = resolve;
    });
    let holding = true;
    const slow = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { input?: { Item?: { itemType?: string } } }) => {
          if (holding && command.input?.Item?.itemType === 'board-entry') {
            holding = false;
            reach();
            await held;
          }
          return target.send(command as never);
        };
      },
    });
    const older = dynamoObligationBoard(slow, tableName).replace(
      'reviews/C1',
      [lacReview('C1', '2017-04-27')],
      PLANNED,
      3,
    );
    // However busy the machine, the newer plan runs only once the older is held there.
    await reached;

    // Act: the newer plan (version 5) replaces the board, then the older one goes on
    const next = lacReview('C1', '2017-10-27');
    await board.replace('reviews/C1', [next], REPLANNED, 5);
    release();
    await older;

    // Assess
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', next, REPLANNED)]);
  });
  it('keeps an entry a newer plan found unchanged while an older plan was deleting it', async () => {
    // Prepare: the review is on the board (version 1); an older plan (version 3), which
    // read that nothing is open, is held up just before it deletes the review
    const review = lacReview('C1', '2017-04-27');
    await board.replace('reviews/C1', [review], PLANNED, 1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => {
      reach = resolve;
    });
    const slow = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: object) => {
          if (command.constructor.name === 'DeleteCommand') {
            reach();
            await held;
          }
          return target.send(command as never);
        };
      },
    });
    const older = dynamoObligationBoard(slow, tableName).replace('reviews/C1', [], PLANNED, 3);
    await reached;

    // Act: the newer plan (version 5) finds the review as it wants it; then the older goes on
    await board.replace('reviews/C1', [review], REPLANNED, 5);
    release();
    await older;

    // Assess: the newer plan wrote the review over, so the older plan's delete was refused
    expect(await board.forSubject('C1')).toEqual([entry('reviews/C1', review, REPLANNED)]);
  });
});

describe('dynamoObligationBoard.forSubject', () => {
  it('gathers the subject’s entries from every clock, earliest due first, page after page', async () => {
    // Prepare
    const paged = dynamoObligationBoard(dynamo.client, tableName, { pageSize: 1 });
    await paged.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    await paged.replace(
      'report/C1/K1',
      [report('C1', 'K1', '2017-03-23T10:00:00+00:00')],
      PLANNED,
      1,
    );
    await paged.replace('dispute/D1', [disputeStage('C1', 'D1', 2, '2017-03-24')], PLANNED, 1);
    await paged.replace('reviews/C9', [lacReview('C9', '2017-01-01')], PLANNED, 1);

    // Act
    const entries = await paged.forSubject('C1');

    // Assess
    expect(entries.map((e) => e.clockId)).toEqual(['report/C1/K1', 'dispute/D1', 'reviews/C1']);
  });

  it('is empty for a subject with nothing open', async () => {
    // Act / Assess
    expect(await board.forSubject('C404')).toEqual([]);
  });
});

describe('dynamoObligationBoard.dueBy', () => {
  beforeEach(async () => {
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    await board.replace('reviews/C2', [lacReview('C2', '2017-04-26')], PLANNED, 1);
    await board.replace('reviews/C3', [lacReview('C3', '2017-04-28')], PLANNED, 1);
    await board.replace('protection/C2', [icpc], PLANNED, 1);
    // London dates: the 23rd at 09:00 and 10:00 GMT; the 27th at 00:30 BST (23:30 UTC on the 26th)
    await board.replace(
      'report/C4/K1',
      [report('C4', 'K1', '2017-03-23T10:00:00+00:00')],
      PLANNED,
      1,
    );
    await board.replace(
      'report/C5/K2',
      [report('C5', 'K2', '2017-03-23T09:00:00+00:00')],
      PLANNED,
      1,
    );
    await board.replace(
      'report/C6/K3',
      [report('C6', 'K3', '2017-03-27T00:30:00+01:00')],
      PLANNED,
      1,
    );
  });

  it.each([
    { kind: 'lac-review', date: '2017-04-25', subjects: [] },
    { kind: 'lac-review', date: '2017-04-26', subjects: ['C2'] },
    { kind: 'lac-review', date: '2017-04-27', subjects: ['C2', 'C1'] },
    { kind: 'lac-review', date: '2030-01-01', subjects: ['C2', 'C1', 'C3'] },
    { kind: 'icpc', date: '2017-05-02', subjects: ['C2'] },
    { kind: 'cp-review', date: '2030-01-01', subjects: [] },
    { kind: 'conference-report', date: '2017-03-22', subjects: [] },
    // due on the 23rd, London time: included on the 23rd, the earlier hour first
    { kind: 'conference-report', date: '2017-03-23', subjects: ['C5', 'C4'] },
    { kind: 'conference-report', date: '2017-03-26', subjects: ['C5', 'C4'] },
    { kind: 'conference-report', date: '2017-03-27', subjects: ['C5', 'C4', 'C6'] },
  ] as const)('$kind by $date: $subjects', async ({ kind, date, subjects }) => {
    // Act
    const entries = await board.dueBy(kind, date);

    // Assess
    expect(entries.map((e) => e.subjectId)).toEqual(subjects);
    expect(entries.every((e) => e.kind === kind)).toBe(true);
  });

  it('reads every page', async () => {
    // Prepare
    const paged = dynamoObligationBoard(dynamo.client, tableName, { pageSize: 1 });

    // Act / Assess
    expect((await paged.dueBy('lac-review', '2030-01-01')).map((e) => e.subjectId)).toEqual([
      'C2',
      'C1',
      'C3',
    ]);
  });

  it('rejects a date that is not YYYY-MM-DD', async () => {
    // Act / Assess
    await expect(board.dueBy('lac-review', '2017-04-27T00:00:00Z')).rejects.toThrow(RangeError);
  });
});

describe('dynamoObligationBoard.disputesAt', () => {
  it('lists the disputes standing at a stage, and moves one when it escalates', async () => {
    // Prepare
    await board.replace('dispute/D1', [disputeStage('C1', 'D1', 1, '2017-03-08')], PLANNED, 1);
    await board.replace('dispute/D2', [disputeStage('C2', 'D2', 1, '2017-03-07')], PLANNED, 1);
    await board.replace('reviews/C1', [lacReview('C1', '2017-03-01')], PLANNED, 1);

    // Act: D1 escalates by itself to stage 2
    await board.replace('dispute/D1', [disputeStage('C1', 'D1', 2, '2017-03-15')], REPLANNED, 2);

    // Assess
    expect(await board.disputesAt(1)).toEqual([
      entry('dispute/D2', disputeStage('C2', 'D2', 1, '2017-03-07')),
    ]);
    expect(await board.disputesAt(2)).toEqual([
      entry('dispute/D1', disputeStage('C1', 'D1', 2, '2017-03-15'), REPLANNED),
    ]);
    expect(await board.disputesAt(3)).toEqual([]);
  });

  it('lists the disputes at a stage earliest due first, across pages', async () => {
    // Prepare
    const paged = dynamoObligationBoard(dynamo.client, tableName, { pageSize: 1 });
    for (const [refId, due] of [
      ['D1', '2017-03-09'],
      ['D2', '2017-03-07'],
      ['D3', '2017-03-08'],
    ] as const) {
      await paged.replace(`dispute/${refId}`, [disputeStage('C1', refId, 3, due)], PLANNED, 1);
    }

    // Act / Assess
    expect((await paged.disputesAt(3)).map((e) => e.refId)).toEqual(['D2', 'D3', 'D1']);
  });
});

/** The kinds and due dates in the routine index's partition, in its order. */
async function routinePartition(): Promise<string[]> {
  const { Items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :routine',
      ExpressionAttributeValues: { ':routine': 'ROUTINE' },
    }),
  );
  return Items.map((item) => `${item.kind} ${item.due}`);
}

/**
 * Makes the clock's entries as the version before the routine index wrote them: no
 * key, and the mark's digest of them as that version reckoned it (each entry without
 * its version and times, as canonical JSON, sorted, hashed).
 */
async function asWrittenBefore(clockId: string): Promise<void> {
  const { Items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
      ExpressionAttributeValues: { ':pk': `BOARD#${clockId}`, ':entries': 'ENTRY#' },
    }),
  );
  const contents: string[] = [];
  for (const item of Items) {
    await dynamo.client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
      }),
    );
    const {
      gsi4pk: _pk,
      gsi4sk: _sk,
      planVersion: _version,
      plannedAt: _at,
      writtenAt: _written,
      ...content
    } = item;
    contents.push(canonicalJson(content));
  }
  const digest = createHash('sha256').update(JSON.stringify(contents.sort())).digest('base64');
  const { Attributes } = await dynamo.client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: `BOARD#${clockId}`, sk: 'VERSION' },
      UpdateExpression: 'SET content = :digest',
      ExpressionAttributeValues: { ':digest': digest },
      ReturnValues: 'ALL_OLD',
    }),
  );
  // The digest was the new version's, of the entries with their key: it differs.
  expect(Attributes?.content).not.toBe(digest);
}

const reviewRecord = (subjectId: string, due: string): Obligation => ({
  kind: 'review-record',
  subjectId,
  refId: '2017-03-13',
  due,
  overdue: false,
  basis: 'record of the review within 20 working days',
  startedOn: '2017-03-13',
});

describe('the routine index (gsi4)', () => {
  it('holds every kind the morning list carries, earliest due first, and no kind sent at once', async () => {
    // Act: a review, a review's record and an initial conference (all in the morning
    // list), a conference report and a dispute stage (each sent at once)
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    await board.replace('reviews/C2', [reviewRecord('C2', '2017-04-10')], PLANNED, 1);
    await board.replace('protection/C2', [icpc], PLANNED, 1);
    await board.replace(
      'report/C2/K1',
      [report('C2', 'K1', '2017-04-03T10:00:00+01:00')],
      PLANNED,
      1,
    );
    await board.replace('dispute/D1', [disputeStage('C1', 'D1', 1, '2017-03-08')], PLANNED, 1);

    // Assess
    expect(await routinePartition()).toEqual([
      'review-record 2017-04-10',
      'lac-review 2017-04-27',
      'icpc 2017-05-02',
    ]);
  });

  it('gives each kind as far as its own bound (or whole), as the reads kind by kind do, across pages', async () => {
    // Prepare: two of each kind, one either side of its bound; the ICPC is read whole.
    await board.replace(
      'reviews/C1',
      [lacReview('C1', '2017-04-10'), lacReview('C1', '2017-05-20')],
      PLANNED,
      1,
    );
    await board.replace(
      'reviews/C2',
      [reviewRecord('C2', '2017-04-03'), reviewRecord('C2', '2017-04-20')],
      PLANNED,
      1,
    );
    await board.replace('protection/C2', [{ ...icpc, due: '2017-06-01' }], PLANNED, 1);
    await board.replace('dispute/D1', [disputeStage('C1', 'D1', 1, '2017-03-08')], PLANNED, 1);
    const paged = dynamoObligationBoard(dynamo.client, tableName, { pageSize: 1 });
    const bounds = [
      { kind: 'lac-review', dueBy: '2017-04-27' },
      { kind: 'review-record', dueBy: '2017-04-05' },
      { kind: 'icpc', dueBy: undefined },
    ] as const;

    // Act
    const whole = await paged.openRoutine(bounds);
    const bounded = await paged.openRoutine(bounds.slice(0, 2));

    // Assess: the review of 10 April, the record of 3 April and the ICPC; not the
    // review of 20 May, past 27 April, nor the record of 20 April, past 5 April.
    expect(whole.map((o) => `${o.obligation.kind} ${o.obligation.due}`)).toEqual([
      'review-record 2017-04-03',
      'lac-review 2017-04-10',
      'icpc 2017-06-01',
    ]);
    expect(whole[0]).toEqual({ obligation: reviewRecord('C2', '2017-04-03'), writtenAt: PLANNED });
    expect(bounded.map((o) => `${o.obligation.kind} ${o.obligation.due}`)).toEqual([
      'review-record 2017-04-03',
      'lac-review 2017-04-10',
    ]);
    // The same as the reads kind by kind.
    const byKind = [
      ...(await board.openOf('review-record', '2017-04-05')),
      ...(await board.openOf('lac-review', '2017-04-27')),
      ...(await board.openOf('icpc')),
    ];
    expect(whole).toEqual(byKind);
  });

  it('is ready once its backfill marker says complete for this key, and is not read again', async () => {
    // Prepare
    const counted = countingBoard();
    const before = await counted.board.routineIndexReady();
    await board.markRoutineIndex({ indexVersion: 1, complete: false, since: PLANNED });
    const begun = await counted.board.routineIndexReady();
    await board.markRoutineIndex({ indexVersion: 0, complete: true });
    const otherKey = await counted.board.routineIndexReady();
    await board.markRoutineIndex({ indexVersion: 1, complete: true });

    // Act
    const whole = await counted.board.routineIndexReady();
    const again = await counted.board.routineIndexReady();

    // Assess: four reads of the marker, none once it said complete
    expect([before, begun, otherKey, whole, again]).toEqual([false, false, false, true, true]);
    expect(counted.sent).toEqual(['GetCommand', 'GetCommand', 'GetCommand', 'GetCommand']);
  });

  it('gives an entry written before it the key when its clock is next planned (its content differs)', async () => {
    // Prepare
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], PLANNED, 1);
    await asWrittenBefore('reviews/C1');
    expect(await routinePartition()).toEqual([]);

    // Act: planned again, nothing else changed
    await board.replace('reviews/C1', [lacReview('C1', '2017-04-27')], REPLANNED, 2);

    // Assess
    expect(await routinePartition()).toEqual(['lac-review 2017-04-27']);
  });

  it('gives a kind’s entries written before it the key a page at a time, each once, never a closed one', async () => {
    // Prepare: four reviews written before the index, C2's given the key since (a plan);
    // C3's review closes, and C4's clock is planned (which gives it the key), each just
    // as the backfill is about to give it the key.
    for (const [n, due] of [
      [1, '2017-04-10'],
      [2, '2017-04-20'],
      [3, '2017-04-25'],
      [4, '2017-04-30'],
    ] as const) {
      await board.replace(`reviews/C${n}`, [lacReview(`C${n}`, due)], PLANNED, 1);
      if (n !== 2) await asWrittenBefore(`reviews/C${n}`);
    }
    const closing = new Proxy(dynamo.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: { input: { Key?: { pk?: string } } }) => {
          if (command instanceof UpdateCommand && command.input.Key?.pk === 'BOARD#reviews/C3')
            await board.replace('reviews/C3', [], REPLANNED, 2);
          if (command instanceof UpdateCommand && command.input.Key?.pk === 'BOARD#reviews/C4')
            await board.replace('reviews/C4', [lacReview('C4', '2017-04-30')], REPLANNED, 2);
          return target.send(command as never);
        };
      },
    });
    const paged = dynamoObligationBoard(closing, tableName, { pageSize: 2 });

    // Act: two pages of two, then the kind again from the start
    const first = await paged.indexRoutineEntries('lac-review');
    const second = await paged.indexRoutineEntries('lac-review', first.next);
    const rest = await paged.indexRoutineEntries('lac-review', second.next);
    const again = await paged.indexRoutineEntries('lac-review');

    // Assess: C1's on the first page (C2's had the key); none on the second, where C3's
    // closed first and was not made again, and C4's plan gave it the key first; nothing
    // the second time.
    expect(first.indexed).toBe(1);
    expect(first.next).toMatch(/^2017-04-20#/);
    expect(second.indexed).toBe(0);
    expect(rest).toEqual({ indexed: 0, next: undefined });
    expect(again.indexed).toBe(0);
    expect(await routinePartition()).toEqual([
      'lac-review 2017-04-10',
      'lac-review 2017-04-20',
      'lac-review 2017-04-30',
    ]);
    expect(await board.forSubject('C3')).toEqual([]);
  });

  it('is absent from a table made before it, and there the list can tell', async () => {
    // Prepare: the table as the version before made it (no gsi4)
    const older = `${tableName}-older`;
    const input = createTableInput(older);
    await dynamo.client.send(
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
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: older }));
      status = Table?.TableStatus ?? '';
    }

    // Act / Assess
    expect(await dynamoObligationBoard(dynamo.client, older).hasRoutineIndex()).toBe(false);
    expect(await board.hasRoutineIndex()).toBe(true);
  });

  it('rejects a bound that is not YYYY-MM-DD', async () => {
    // Act / Assess
    await expect(
      board.openRoutine([{ kind: 'lac-review', dueBy: '2017-04-27T00:00:00Z' as LocalDate }]),
    ).rejects.toThrow(RangeError);
  });
});
