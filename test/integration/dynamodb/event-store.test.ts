import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimKey, dynamoEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
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

const lookedAfter = (childId: string, date: string): CaseEvent => ({
  type: 'BecameLookedAfter',
  childId,
  date,
});

const at = (position: number, eventId: string, event: CaseEvent): StoredEvent => ({
  eventId,
  position,
  recordedAt: '2017-01-02T09:00:00.000Z',
  recordedBy: 'staff-7',
  source: 'staff',
  requestId: 'req-1',
  event,
});

describe('dynamoEventStore.appendAt', () => {
  it('appends at a free position and reads the event back with who recorded it', async () => {
    // Prepare
    const log = fresh('reviews/C1');
    const stored = at(1, 'e1', lookedAfter('C1', '2017-01-02'));

    // Act
    const outcome = await store().appendAt(log, stored);

    // Assess
    expect(outcome).toBe('appended');
    expect(await store().history(log)).toEqual([stored]);
  });

  it('refuses a position already taken and leaves the first event as it was', async () => {
    // Prepare
    const log = fresh('reviews/C1');
    const first = at(1, 'e1', lookedAfter('C1', '2017-01-02'));
    await store().appendAt(log, first);

    // Act: a racing recorder read the same (empty) history
    const outcome = await store().appendAt(log, at(1, 'e2', lookedAfter('C1', '2017-01-09')));

    // Assess
    expect(outcome).toBe('taken');
    expect(await store().history(log)).toEqual([first]);
  });

  it('answers exactly one of many racing appends at the same position', async () => {
    // Prepare
    const log = fresh('reviews/C1');

    // Act
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store().appendAt(log, at(1, `e${i}`, lookedAfter('C1', '2017-01-02'))),
      ),
    );

    // Assess
    expect(outcomes.filter((o) => o === 'appended')).toHaveLength(1);
    expect(await store().history(log)).toHaveLength(1);
  });
});

describe('dynamoEventStore.history', () => {
  it('returns events in position order across pages, whatever their ids and instants', async () => {
    // Prepare: ids and instants sort against the positions
    const log = fresh('dispute/D1');
    const ids = ['z7', 'y6', 'x5', 'w4', 'v3', 'u2', 't1'];
    for (const [index, id] of ids.entries()) {
      await store().appendAt(log, {
        ...at(index + 1, id, lookedAfter('C9', '2017-06-01')),
        recordedAt: `2017-06-0${7 - index}T00:00:00.000Z`,
      });
    }

    // Act: two events a page
    const history = await store(2).history(log);

    // Assess
    expect(history.map((e) => e.eventId)).toEqual(ids);
    expect(history.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('is empty for a log never written', async () => {
    expect(await store().history(fresh('carer/F1'))).toEqual([]);
  });
});

describe('dynamoEventStore.claim', () => {
  it('claims a new id, and holds it for a repeat of the same body in the same log', async () => {
    // Prepare
    const eventId = fresh('e');
    const log = fresh('reviews/C1');

    // Act
    const first = await store().claim('staff', eventId, log, '{"a":1}');
    const again = await store().claim('staff', eventId, log, '{"a":1}');

    // Assess
    expect([first, again]).toEqual(['claimed', 'held']);
  });

  it.each([
    ['a different body in the same log', 'same', '{"a":2}'],
    ['the same body in another log', 'other', '{"a":1}'],
  ])('refuses the id for %s', async (_case, where, body) => {
    // Prepare
    const eventId = fresh('e');
    const log = fresh('reviews/C1');
    await store().claim('system', eventId, log, '{"a":1}');

    // Act
    const reuse = store().claim('system', eventId, where === 'same' ? log : `${log}-x`, body);

    // Assess
    await expect(reuse).rejects.toBeInstanceOf(EventIdConflict);
  });

  it('keeps the sources apart, so staff cannot squat the case management system ids', async () => {
    // Prepare: staff took the id first
    const eventId = fresh('CMS');
    await store().claim('staff', eventId, 'reviews/C1', '{"a":1}');

    // Act
    const system = await store().claim('system', eventId, 'reviews/C2', '{"b":2}');

    // Assess
    expect(system).toBe('claimed');
    expect(await store().locate('system', eventId)).toBe('reviews/C2');
    expect(await store().locate('staff', eventId)).toBe('reviews/C1');
  });

  it('keeps a hash of the body in the claim, never the body', async () => {
    // Prepare
    const eventId = fresh('e');
    const body = '{"issue":"a sensitive dispute text"}';

    // Act
    await store().claim('staff', eventId, 'dispute/D1', body);

    // Assess
    const { Item: item } = await dynamo.client.send(
      new GetCommand({ TableName: dynamo.tableName, Key: claimKey('staff', eventId) }),
    );
    expect(JSON.stringify(item)).not.toContain('sensitive');
    expect(item?.bodyHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('gives a refused event its id back, but only for the body it was claimed with', async () => {
    // Prepare
    const eventId = fresh('e');
    await store().claim('staff', eventId, 'reviews/C1', '{"a":1}');

    // Act
    await store().unclaim('staff', eventId, '{"a":2}');
    const kept = await store().locate('staff', eventId);
    await store().unclaim('staff', eventId, '{"a":1}');

    // Assess
    expect(kept).toBe('reviews/C1');
    expect(await store().locate('staff', eventId)).toBeUndefined();
    expect(await store().claim('staff', eventId, 'reviews/C1', '{"a":2}')).toBe('claimed');
  });
});

describe('dynamoEventStore.history after a position', () => {
  it('returns only the events after it, so a recorder that lost a race reads only what is new', async () => {
    // Prepare
    const log = fresh('reviews/C1');
    for (const position of [1, 2, 3]) {
      await store().appendAt(log, at(position, `e${position}`, lookedAfter('C1', '2017-01-02')));
    }

    // Act
    const after = await store().history(log, 1);

    // Assess
    expect(after.map((e) => e.eventId)).toEqual(['e2', 'e3']);
    expect(await store().history(log, 3)).toEqual([]);
  });
});

describe('dynamoEventStore.logs', () => {
  it('lists every log that holds an event, once, without a Scan', async () => {
    // Prepare: a table of its own, two logs, one with two events
    const table = await dynamo.createTable();
    const own = dynamoEventStore(dynamo.client, table, { pageSize: 1 });
    await own.appendAt('reviews/C1', at(1, 'e1', lookedAfter('C1', '2017-01-02')));
    await own.appendAt('reviews/C1', at(2, 'e2', lookedAfter('C1', '2017-01-02')));
    await own.appendAt('dispute/DRP%2F17', at(1, 'e3', lookedAfter('C1', '2017-01-02')));

    // Act
    const logs = await own.logs();

    // Assess
    expect(logs.sort()).toEqual(['dispute/DRP%2F17', 'reviews/C1']);
  });
});
