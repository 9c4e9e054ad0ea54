import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
import { EventIdConflict, type StoredEvent } from '../../../functions/adapters/ports.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';
import type { CaseEvent } from '../../../workflows/events.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const store = (pageSize?: number) =>
  dynamoEventStore(dynamo.client, dynamo.tableName, pageSize === undefined ? {} : { pageSize });

/** Ids unique to the test, so tests share the table without seeing each other. */
const fresh = (name: string) => `${name}-${randomUUID()}`;

const lookedAfter = (childId: string, date: string, eventId?: string): CaseEvent => ({
  type: 'BecameLookedAfter',
  childId,
  date,
  ...(eventId === undefined ? {} : { eventId }),
});

const stored = (eventId: string, recordedAt: string, event: CaseEvent): StoredEvent => ({
  eventId,
  recordedAt,
  event,
});

/**
 * The same client, except that it "crashes" on the write of the event item itself,
 * as a Lambda killed between the claim and the event would.
 */
function crashingBeforeTheEvent(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: unknown) => {
        if (command instanceof PutCommand && command.input.Item?.itemType === 'event') {
          return Promise.reject(new Error('Lambda timed out'));
        }
        return target.send(command as PutCommand);
      };
    },
  });
}

describe('dynamoEventStore.append', () => {
  it('appends a new event and reads it back', async () => {
    // Prepare
    const log = fresh('reviews/C1');
    const eventId = fresh('e');
    const event = lookedAfter('C1', '2017-01-02', eventId);

    // Act
    const outcome = await store().append(log, stored(eventId, '2017-01-02T09:00:00.000Z', event));

    // Assess
    expect(outcome).toBe('appended');
    expect(await store().history(log)).toEqual([
      { eventId, recordedAt: '2017-01-02T09:00:00.000Z', event },
    ]);
  });

  it('treats a repeat of the same event as a duplicate and keeps the first arrival', async () => {
    // Prepare
    const log = fresh('reviews/C1');
    const eventId = fresh('e');
    const event = lookedAfter('C1', '2017-01-02', eventId);
    await store().append(log, stored(eventId, '2017-01-02T09:00:00.000Z', event));

    // Act: the same body with its keys in another order, arriving later
    const reordered = { date: '2017-01-02', eventId, childId: 'C1', type: 'BecameLookedAfter' };
    const outcome = await store().append(
      log,
      stored(eventId, '2017-01-03T09:00:00.000Z', reordered as CaseEvent),
    );

    // Assess
    expect(outcome).toBe('duplicate');
    expect(await store().history(log)).toEqual([
      { eventId, recordedAt: '2017-01-02T09:00:00.000Z', event },
    ]);
  });

  it.each([
    {
      reuse: 'for a different event in the same log',
      log: (first: string) => first,
      event: lookedAfter('C1', '2017-01-09'),
    },
    {
      reuse: 'for the same event in another log',
      log: (first: string) => `${first}-other`,
      event: lookedAfter('C1', '2017-01-02'),
    },
  ])('throws EventIdConflict when an eventId is reused $reuse', async ({ log, event }) => {
    // Prepare
    const first = fresh('reviews/C1');
    const eventId = fresh('e');
    await store().append(
      first,
      stored(eventId, '2017-01-02T09:00:00.000Z', lookedAfter('C1', '2017-01-02')),
    );

    // Act
    const reuse = store().append(log(first), stored(eventId, '2017-01-03T09:00:00.000Z', event));

    // Assess
    await expect(reuse).rejects.toBeInstanceOf(EventIdConflict);
    expect((await store().history(first)).map((e) => e.event)).toEqual([
      lookedAfter('C1', '2017-01-02'),
    ]);
  });

  it('heals an append that claimed the eventId and crashed before writing the event', async () => {
    // Prepare: the first attempt dies between its two writes
    const log = fresh('protection/C2');
    const eventId = fresh('e');
    const event = lookedAfter('C2', '2017-02-01', eventId);
    const crashing = dynamoEventStore(crashingBeforeTheEvent(dynamo.client), dynamo.tableName);
    await expect(
      crashing.append(log, stored(eventId, '2017-02-01T09:00:00.000Z', event)),
    ).rejects.toThrow('Lambda timed out');
    expect(await store().history(log)).toEqual([]);

    // Act: the retry
    const outcome = await store().append(log, stored(eventId, '2017-02-01T09:00:05.000Z', event));

    // Assess: stored once, at the arrival the claim recorded
    expect(outcome).toBe('duplicate');
    expect(await store().history(log)).toEqual([
      { eventId, recordedAt: '2017-02-01T09:00:00.000Z', event },
    ]);
  });
});

describe('dynamoEventStore.history', () => {
  it('returns events in arrival order across pages, whatever their ids and offsets', async () => {
    // Prepare: ids sort against arrival; one instant is written with a +01:00 offset
    const log = fresh('dispute/D1');
    const arrivals = [
      ['z7', '2017-06-01T08:00:00.000Z'],
      ['y6', '2017-06-01T09:30:00+01:00'], // 08:30Z
      ['x5', '2017-06-01T09:00:00.000Z'],
      ['w4', '2017-06-01T09:00:00.001Z'],
      ['v3', '2017-06-02T00:00:00.000Z'],
      ['u2', '2017-06-03T00:00:00.000Z'],
      ['t1', '2017-06-04T00:00:00.000Z'],
    ] as const;
    const run = randomUUID();
    for (const [id, recordedAt] of arrivals) {
      const eventId = `${run}-${id}`;
      await store().append(
        log,
        stored(eventId, recordedAt, lookedAfter('C9', '2017-06-01', eventId)),
      );
    }

    // Act: two events a page
    const history = await store(2).history(log);

    // Assess
    expect(history.map((e) => e.eventId.slice(run.length + 1))).toEqual([
      'z7',
      'y6',
      'x5',
      'w4',
      'v3',
      'u2',
      't1',
    ]);
    expect(history[1]?.recordedAt).toBe('2017-06-01T09:30:00+01:00');
  });

  it('keeps the order of events recorded in the same instant, or by a clock running behind', async () => {
    // Prepare: ids sort against arrival, and the instants too
    const log = fresh('reviews/C8');
    const run = randomUUID();
    const arrivals = [
      ['c', '2017-06-01T09:00:00.000Z'],
      ['b', '2017-06-01T09:00:00.000Z'],
      ['a', '2017-06-01T08:59:59.000Z'],
    ] as const;
    for (const [id, recordedAt] of arrivals) {
      const eventId = `${run}-${id}`;
      await store().append(
        log,
        stored(eventId, recordedAt, lookedAfter('C8', '2017-06-01', eventId)),
      );
    }

    // Act
    const history = await store().history(log);

    // Assess
    expect(history.map((e) => e.eventId.slice(run.length + 1))).toEqual(['c', 'b', 'a']);
  });

  it('is empty for a log never written', async () => {
    // Act / Assess
    expect(await store().history(fresh('carer/F1'))).toEqual([]);
  });
});

describe('dynamoEventStore.remove', () => {
  it('takes back an append, so the eventId may carry a corrected event', async () => {
    // Prepare
    const log = fresh('reviews/C3');
    const eventId = fresh('e');
    const kept = fresh('e');
    await store().append(
      log,
      stored(kept, '2017-01-01T09:00:00.000Z', lookedAfter('C3', '2017-01-01')),
    );
    await store().append(
      log,
      stored(eventId, '2017-01-02T09:00:00.000Z', lookedAfter('C3', '2017-01-02')),
    );

    // Act
    await store().remove(log, eventId);

    // Assess
    expect((await store().history(log)).map((e) => e.eventId)).toEqual([kept]);
    const corrected = lookedAfter('C3', '2017-01-05');
    expect(await store().append(log, stored(eventId, '2017-01-06T09:00:00.000Z', corrected))).toBe(
      'appended',
    );
  });

  it('leaves an event alone when asked to remove it from another log', async () => {
    // Prepare
    const log = fresh('reviews/C4');
    const eventId = fresh('e');
    await store().append(
      log,
      stored(eventId, '2017-01-02T09:00:00.000Z', lookedAfter('C4', '2017-01-02')),
    );

    // Act
    await store().remove(`${log}-other`, eventId);

    // Assess
    expect((await store().history(log)).map((e) => e.eventId)).toEqual([eventId]);
  });

  it('does nothing for an eventId never stored', async () => {
    // Act / Assess
    await expect(store().remove(fresh('reviews/C5'), fresh('e'))).resolves.toBeUndefined();
  });
});
