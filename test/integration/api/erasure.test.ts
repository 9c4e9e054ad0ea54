/**
 * Erasing a child's records (DELETE /children/{childId}, administrators only): the
 * logs, the disputes raised about the child, the eventId claims, the clocks' heads and
 * board entries, and the allocations go; one record of the erasure stays. Checked by
 * reading every item of the table back (a Scan, in the test only).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import { recordEvents } from '../../../functions/record-event.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const CHILD = 'E/1';
const OTHER = 'E2';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-01T09:00:00Z', subjects: [CHILD, OTHER] });
  const iro: Who = { roles: ['iro'], sub: 'iro' };
  const events = [
    { eventId: 'e1', type: 'BecameLookedAfter', childId: CHILD, date: '2017-03-01' },
    { eventId: 'e2', type: 'BecameLookedAfter', childId: OTHER, date: '2017-03-01' },
    {
      eventId: 'e3',
      type: 'StrategyDiscussionHeld',
      childId: CHILD,
      date: '2017-03-01',
      section47: true,
    },
    {
      eventId: 'e4',
      type: 'ConferenceBooked',
      childId: CHILD,
      conferenceId: 'K/1',
      kind: 'initial',
      date: '2017-03-01',
      at: '2017-03-20T10:00:00Z',
    },
    {
      eventId: 'e5',
      type: 'DisputeRaised',
      disputeId: 'D/7',
      childId: CHILD,
      date: '2017-03-01',
      issue: 'a sensitive account of the care plan',
    },
    { eventId: 'e6', type: 'DisputeEscalated', disputeId: 'D/7', date: '2017-03-01', toStage: 2 },
  ];
  for (const event of events) {
    const { status } = await callHandler(
      unit,
      recordEvents,
      apiEvent('POST /events', iro, { body: event }),
    );
    expect(status).toBe(201);
  }
  // A manager's answer (recorded here by an administrator) is in the dispute's log too.
  const answered = await callHandler(
    unit,
    recordEvents,
    apiEvent(
      'POST /events',
      { roles: ['admin'], sub: 'admin-1' },
      {
        body: {
          eventId: 'e7',
          type: 'DisputeAnswered',
          disputeId: 'D/7',
          date: '2017-03-01',
          answer: 'a sensitive answer about the plan',
        },
      },
    ),
  );
  expect(answered.status).toBe(201);
});
afterAll(async () => {
  await unit.stop();
});

const erase = (who: Who, childId: string) =>
  callHandler(
    unit,
    eraseChild as (
      event: APIGatewayProxyEventV2,
      deps: Unit['runtime']['deps'],
    ) => Promise<unknown>,
    apiEvent('DELETE /children/{childId}', who, { path: { childId } }),
  );

async function everyItem(): Promise<Record<string, unknown>[]> {
  const { client, tableName } = unit.runtime.dynamo;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('DELETE /children/{childId}', () => {
  it('refuses anyone but an administrator, and erases nothing', async () => {
    // Act
    const answer = await erase({ roles: ['iro', 'manager'] }, CHILD);

    // Assess
    expect(answer.status).toBe(403);
    expect(await unit.runtime.deps.events.history('reviews/E%2F1')).toHaveLength(1);
  });

  it("erases the child's logs, disputes, claims, clocks, board and allocations, and records the erasure", async () => {
    // Act
    const answer = await erase({ roles: ['admin'], sub: 'admin-3' }, CHILD);

    // Assess: nothing of the child is left but the record of the erasure (and the
    // notification claims, which hold only references and expire by TTL)
    expect(answer.status).toBe(200);
    const { deps } = unit.runtime;
    for (const log of ['reviews/E%2F1', 'protection/E%2F1', 'dispute/D%2F7']) {
      expect(await deps.events.history(log)).toEqual([]);
    }
    for (const eventId of ['e1', 'e3', 'e4', 'e5', 'e6', 'e7']) {
      expect(await deps.events.locate('staff', eventId)).toBeUndefined();
    }
    expect(await deps.board.forSubject(CHILD)).toEqual([]);
    expect(await deps.staff.allocation(CHILD)).toBeUndefined();
    expect((await deps.events.logs()).sort()).toEqual(['reviews/E2']);
    const left = (await everyItem()).filter((item) => !String(item.pk).startsWith('NOTIFICATION#'));
    expect(JSON.stringify(left)).not.toContain('sensitive');
    const ofChild = left.filter(
      (item) => JSON.stringify(item).includes('E%2F1') || JSON.stringify(item).includes('E/1'),
    );
    expect(ofChild).toEqual([
      {
        pk: 'ERASURE#E%2F1',
        sk: '2017-03-01T09:00:00.000Z',
        itemType: 'erasure',
        childId: CHILD,
        erasedBy: 'admin-3',
        at: '2017-03-01T09:00:00.000Z',
      },
    ]);
  });

  it("leaves other children's records alone", async () => {
    expect((await unit.runtime.deps.events.history('reviews/E2')).map((e) => e.eventId)).toEqual([
      'e2',
    ]);
    expect(await unit.runtime.deps.board.forSubject(OTHER)).toHaveLength(1);
  });
});
