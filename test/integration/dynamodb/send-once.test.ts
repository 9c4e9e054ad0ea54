/**
 * sendOnce against the notification log in dynalite: what a claim notes of the keys its
 * email carries, and how many it can mark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoNotificationLog } from '../../../functions/adapters/dynamodb/notification-log.js';
import type { NotificationLog } from '../../../functions/adapters/ports.js';
import { Logger, Metrics } from '../../../functions/shared/observability.js';
import { sendOnce } from '../../../functions/shared/send-once.js';
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

const T0 = '2017-04-04T07:00:00.000Z';
const deps = () => ({
  notifications,
  sendLease: { now: () => T0, seconds: 60 },
  alerts: { send: async () => {} },
  logger: new Logger({ level: 'SILENT' }),
  metrics: new Metrics({ namespace: 'test', service: 'test' }),
});
/**
 * 9,000 lines nobody can be told of, each key 52 or 54 characters: some 470 KB, more
 * than a DynamoDB item holds (400 KB).
 */
const manyLines = (run: string) =>
  Array.from(
    { length: 9000 },
    (_, n) => `lac-review/C${String(n).padStart(6, '0')}/2017-04-27/reminder-15/iro/${run}`,
  );

describe('sendOnce with many further keys', () => {
  it('sends an untagged alert carrying thousands of keys and marks them all', async () => {
    // Prepare
    const lines = manyLines('untagged');
    let sent = 0;

    // Act
    const outcome = await sendOnce(
      'morning-list-unfilled#2017-04-04#untagged',
      async () => {
        sent++;
        return { messageId: 'summary' };
      },
      deps(),
      { attempt: 'a1', at: T0, undeliverable: 'x', alsoMark: lines, untagged: true },
    );

    // Assess
    expect(outcome).toEqual({ status: 'sent', messageId: 'summary' });
    expect(sent).toBe(1);
    expect(await notifications.pending(lines)).toEqual([]);
  });

  it('cannot note as many on a tagged email’s claim (why the alert does not)', async () => {
    // Prepare
    const lines = manyLines('tagged');

    // Act / Assess: the claim's put is refused, and nothing went
    let sent = 0;
    await expect(
      sendOnce(
        'morning-list-unfilled#2017-04-04#tagged',
        async () => {
          sent++;
          return { messageId: 'summary' };
        },
        deps(),
        { attempt: 'a1', at: T0, undeliverable: 'x', alsoMark: lines },
      ),
    ).rejects.toThrow(/size/i);
    expect(sent).toBe(0);
  });
});
