import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoNotificationLog } from '../../../functions/adapters/dynamodb/notification-log.js';
import type { NotificationLog } from '../../../functions/adapters/ports.js';
import { sendTag } from '../../../functions/adapters/send-tag.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';

let dynamo: LocalDynamo;
let notifications: NotificationLog;
beforeAll(async () => {
  dynamo = await startDynalite();
  notifications = dynamoNotificationLog(dynamo.client, dynamo.tableName);
});
afterAll(async () => {
  await dynamo.stop();
});

/** A key unique to the test, shaped like (obligation, step, recipient). */
const freshKey = () => `lac-review/C1/2017-04-27/reminder-15/iro/${randomUUID()}`;

const T0 = '2017-04-04T07:00:00.000Z';
const LEASE = 60;

describe('dynamoNotificationLog.claim', () => {
  it('claims a key nobody has claimed', async () => {
    // Act / Assess
    expect(await notifications.claim(freshKey(), T0, LEASE, 'attempt-1')).toBe('claimed');
  });

  it.each([
    { when: 'within the lease', now: '2017-04-04T07:00:59.999Z', outcome: 'busy' },
    { when: 'at the end of the lease', now: '2017-04-04T07:01:00.000Z', outcome: 'busy' },
    { when: 'after the lease ran out', now: '2017-04-04T07:01:00.001Z', outcome: 'claimed' },
    // The same instants with London's summer offset: leases compare as instants.
    { when: 'within the lease, in BST', now: '2017-04-04T08:00:30+01:00', outcome: 'busy' },
    { when: 'after the lease, in BST', now: '2017-04-04T08:01:01+01:00', outcome: 'claimed' },
  ])('a second attempt $when: $outcome', async ({ now, outcome }) => {
    // Prepare
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');

    // Act / Assess
    expect(await notifications.claim(key, now, LEASE, 'attempt-1')).toBe(outcome);
  });

  it('answers sent once the key is marked sent, even long after the lease', async () => {
    // Prepare
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');

    // Act
    await notifications.markSent(key, 'message-1', '2017-04-04T07:00:02.000Z');

    // Assess
    expect(await notifications.claim(key, '2017-04-05T07:00:00.000Z', LEASE, 'attempt-1')).toBe(
      'sent',
    );
  });
});

describe("dynamoNotificationLog.confirmSent (SES's Send event)", () => {
  it('marks sent a claim left `sending`: a takeover after its lease finds it sent', async () => {
    // Prepare: attempt 1 claimed and sent, then died before its own mark
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');

    // Act: the Send event, by the tag the email carried
    const outcome = await notifications.confirmSent(
      sendTag(key),
      'message-1',
      '2017-04-04T07:00:02.000Z',
    );

    // Assess: long after the lease, no takeover; the key is no longer pending
    const afterLease = new Date(Date.parse(T0) + (LEASE + 1) * 1000).toISOString();
    expect(outcome).toBe('marked');
    expect(await notifications.claim(key, afterLease, LEASE, 'attempt-2')).toBe('sent');
    expect(await notifications.pending([key])).toEqual([]);
  });

  it('leaves a mark already made as it is', async () => {
    // Prepare
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');
    await notifications.markSent(key, 'message-1', T0);

    // Act
    const outcome = await notifications.confirmSent(sendTag(key), 'message-2', T0);

    // Assess
    expect(outcome).toBe('unchanged');
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: dynamo.tableName,
        Key: { pk: `NOTIFICATION#${sendTag(key)}`, sk: 'NOTIFICATION' },
      }),
    );
    expect(Item).toMatchObject({ key, status: 'sent', messageId: 'message-1' });
  });

  it("marks with it the keys its claim was taken carrying (a morning list's lines), again on a repeat", async () => {
    // Prepare: a list claimed carrying its two lines; a kill cut one line's mark on the
    // event's first delivery (here: the line's mark taken back by hand)
    const [list, line1, line2] = [freshKey(), freshKey(), freshKey()];
    await notifications.claim(list, T0, LEASE, 'attempt-1', [line1, line2]);

    // Act
    const first = await notifications.confirmSent(sendTag(list), 'message-1', T0);
    await dynamo.client.send(
      new DeleteCommand({
        TableName: dynamo.tableName,
        Key: { pk: `NOTIFICATION#${sendTag(line2)}`, sk: 'NOTIFICATION' },
      }),
    );
    const again = await notifications.confirmSent(sendTag(list), 'message-1', T0);

    // Assess
    expect([first, again]).toEqual(['marked', 'unchanged']);
    expect(await notifications.pending([list, line1, line2])).toEqual([]);
  });

  it('writes no carried key again once the sender has marked its claim (it marks them itself)', async () => {
    // Prepare: the sender marked its list, then (here, by hand) not its line
    const [list, line] = [freshKey(), freshKey()];
    await notifications.claim(list, T0, LEASE, 'attempt-1', [line]);
    await notifications.markSent(list, 'message-1', T0);

    // Act: SES's Send event comes after
    const outcome = await notifications.confirmSent(sendTag(list), 'message-1', T0);

    // Assess
    expect(outcome).toBe('unchanged');
    expect(await notifications.pending([list, line])).toEqual([line]);
  });

  it('carries only what the attempt that took the claim over carries', async () => {
    // Prepare: attempt 1 claimed the list carrying two lines and died; after its lease,
    // attempt 2 takes the list over carrying one (the other went in its own list since)
    const [list, line1, line2] = [freshKey(), freshKey(), freshKey()];
    await notifications.claim(list, T0, LEASE, 'attempt-1', [line1, line2]);
    const afterLease = '2017-04-04T07:01:01.000Z';
    expect(await notifications.claim(list, afterLease, LEASE, 'attempt-2', [line2])).toBe(
      'claimed',
    );

    // Act: SES's Send event for attempt 2's email
    await notifications.confirmSent(sendTag(list), 'message-2', afterLease);

    // Assess
    expect(await notifications.pending([list, line1, line2])).toEqual([line1]);
  });

  it('makes up no claim for a tag no claim has (given back, or never taken)', async () => {
    // Prepare
    const key = freshKey();

    // Act
    const outcome = await notifications.confirmSent(sendTag(key), 'message-1', T0);

    // Assess: the key can still be claimed and sent
    expect(outcome).toBe('unchanged');
    expect(await notifications.claim(key, T0, LEASE, 'attempt-1')).toBe('claimed');
  });

  it('keys the claim by a tag that does not name the child', async () => {
    // Prepare
    const key = freshKey();

    // Act
    await notifications.claim(key, T0, LEASE, 'attempt-1');

    // Assess: the item's key is the tag: 43 base64url characters, no child id
    const tag = sendTag(key);
    expect(tag).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tag).not.toContain('C1');
    const { Item } = await dynamo.client.send(
      new GetCommand({
        TableName: dynamo.tableName,
        Key: { pk: `NOTIFICATION#${tag}`, sk: 'NOTIFICATION' },
      }),
    );
    expect(Item).toMatchObject({ status: 'sending' });
  });
});

describe('dynamoNotificationLog.release', () => {
  it('gives a claim back, so the retry takes it at once', async () => {
    // Prepare
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');

    // Act
    await notifications.release(key, 'attempt-1');

    // Assess
    expect(await notifications.claim(key, '2017-04-04T07:00:01.000Z', LEASE, 'attempt-1')).toBe(
      'claimed',
    );
  });

  it('never gives back a key already sent', async () => {
    // Prepare
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');
    await notifications.markSent(key, 'message-1', T0);

    // Act
    await notifications.release(key, 'attempt-1');

    // Assess
    expect(await notifications.claim(key, T0, LEASE, 'attempt-1')).toBe('sent');
  });

  it("leaves alone a claim another attempt took over once the first one's lease ran out", async () => {
    // Prepare: attempt 1 stalls past its lease; attempt 2 takes the key over
    const key = freshKey();
    await notifications.claim(key, T0, LEASE, 'attempt-1');
    const afterLease = new Date(Date.parse(T0) + (LEASE + 1) * 1000).toISOString();
    expect(await notifications.claim(key, afterLease, LEASE, 'attempt-2')).toBe('claimed');

    // Act: the stalled attempt fails and gives back what it thinks is its claim
    await notifications.release(key, 'attempt-1');

    // Assess: attempt 2 still holds it, so a third attempt cannot send the email too
    expect(await notifications.claim(key, afterLease, LEASE, 'attempt-3')).toBe('busy');
  });

  it('does nothing for a key never claimed', async () => {
    // Act / Assess
    await expect(notifications.release(freshKey(), 'attempt-1')).resolves.toBeUndefined();
  });
});

describe('dynamoNotificationLog.pending', () => {
  it('lists, in the order given, every key not marked sent, across batches of 100', async () => {
    // Prepare: 150 keys; every third is sent, every third claimed but not sent
    const keys = Array.from({ length: 150 }, () => freshKey());
    for (const [i, key] of keys.entries()) {
      if (i % 3 === 0) continue;
      await notifications.claim(key, T0, LEASE, 'attempt-1');
      if (i % 3 === 1) await notifications.markSent(key, `message-${i}`, T0);
    }

    // Act
    const pending = await notifications.pending(keys);

    // Assess
    expect(pending).toEqual(keys.filter((_, i) => i % 3 !== 1));
  });

  it('accepts no keys, and a key asked for twice', async () => {
    // Prepare
    const key = freshKey();

    // Act / Assess
    expect(await notifications.pending([])).toEqual([]);
    expect(await notifications.pending([key, key])).toEqual([key, key]);
  });
});

describe('dynamoNotificationLog.markSentMany', () => {
  const claimItem = async (key: string) =>
    (
      await dynamo.client.send(
        new GetCommand({
          TableName: dynamo.tableName,
          Key: { pk: `NOTIFICATION#${sendTag(key)}`, sk: 'NOTIFICATION' },
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('marks every key sent, across batches of 25 and with a key given twice, as markSent marks one', async () => {
    // Prepare: 60 keys (three batches: 25, 25, 10), one of them claimed by another
    // attempt and still within its lease, one given twice; and one key marked by markSent
    const keys = Array.from({ length: 60 }, () => freshKey());
    const held = keys[7] as string;
    await notifications.claim(held, T0, LEASE, 'attempt-2');
    const single = freshKey();
    await notifications.claim(single, T0, LEASE, 'attempt-2');

    // Act
    await notifications.markSentMany([...keys, keys[3] as string], 'message-1', T0);
    await notifications.markSent(single, 'message-1', T0);

    // Assess: none pending, none claimable, the held one too; the marks alike, less
    // when the key was claimed (2017-04-04T07:00Z is 1491289200 s; + 400 days = 1525849200)
    expect(await notifications.pending(keys)).toEqual([]);
    expect(await notifications.claim(held, '2017-04-05T07:00:00.000Z', LEASE, 'a')).toBe('sent');
    const { claimedAt: _claimedAt, pk: _pk, ...singleMark } = (await claimItem(single)) ?? {};
    const { pk: _heldPk, ...heldMark } = (await claimItem(held)) ?? {};
    expect(heldMark).toEqual({ ...singleMark, key: held });
    expect(heldMark).toEqual({
      sk: 'NOTIFICATION',
      itemType: 'notification',
      key: held,
      status: 'sent',
      messageId: 'message-1',
      sentAt: T0,
      expiresAt: 1525849200,
    });
  });

  it('accepts no keys', async () => {
    await expect(notifications.markSentMany([], 'message-1', T0)).resolves.toBeUndefined();
  });
});

describe('notification claims expire', () => {
  it('carry an expiry 400 days after they were claimed, and again after they were sent', async () => {
    // Prepare: 2017-03-01T09:00:00Z is 1488358800 s; + 400 × 86,400 s = 1522918800 (2018-04-05 09:00Z).
    // Sent on 2017-03-02T09:00:00Z (+86,400 s): expires 1523005200.
    const key = freshKey();
    const read = async () =>
      (
        await dynamo.client.send(
          new GetCommand({
            TableName: dynamo.tableName,
            Key: { pk: `NOTIFICATION#${sendTag(key)}`, sk: 'NOTIFICATION' },
          }),
        )
      ).Item?.expiresAt;

    // Act
    await notifications.claim(key, '2017-03-01T09:00:00Z', LEASE, 'attempt-1');
    const claimed = await read();
    await notifications.markSent(key, 'message-1', '2017-03-02T09:00:00Z');

    // Assess
    expect(claimed).toBe(1522918800);
    expect(await read()).toBe(1523005200);
  });
});
