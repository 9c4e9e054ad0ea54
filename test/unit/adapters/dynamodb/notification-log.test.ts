import { InternalServerError } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoNotificationLog } from '../../../../functions/adapters/dynamodb/notification-log.js';
import { conditionFailed, mockedDocumentClient } from './mocked-client.js';

const { dynamo, client } = mockedDocumentClient();
const notifications = dynamoNotificationLog(client, 'table');

const NOW = '2017-04-04T07:00:00.000Z';

describe('dynamoNotificationLog.claim error mapping', () => {
  it.each([
    { status: 'sent', outcome: 'sent' },
    { status: 'sending', outcome: 'busy' },
  ])('answers $outcome when the key is already $status', async ({ status, outcome }) => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({ Item: { key: 'k1', status } });

    // Act / Assess
    expect(await notifications.claim('k1', NOW, 60, 'attempt-1')).toBe(outcome);
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
  });

  it('tries again when the claim it lost to was released meanwhile', async () => {
    // Prepare
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo.on(GetCommand).resolves({});

    // Act / Assess
    expect(await notifications.claim('k1', NOW, 60, 'attempt-1')).toBe('claimed');
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 2);
  });

  it('answers busy rather than loop when the key keeps changing hands', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand).resolves({});

    // Act / Assess
    expect(await notifications.claim('k1', NOW, 60, 'attempt-1')).toBe('busy');
  });

  it('passes any other failure on', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }));

    // Act / Assess
    await expect(notifications.claim('k1', NOW, 60, 'attempt-1')).rejects.toThrow(
      InternalServerError,
    );
  });

  it('writes the lease in UTC, so that it compares with any offset', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await notifications.claim('k1', '2017-04-04T08:00:00+01:00', 90, 'attempt-1');

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ leaseUntil: '2017-04-04T07:01:30.000Z' }),
      ExpressionAttributeValues: { ':sending': 'sending', ':now': NOW },
    });
  });
});

describe('dynamoNotificationLog.release error mapping', () => {
  it('ignores a key already sent or already released', async () => {
    // Prepare
    dynamo.on(DeleteCommand).rejects(conditionFailed());

    // Act / Assess
    await expect(notifications.release('k1', 'attempt-1')).resolves.toBeUndefined();
  });

  it('passes any other failure on', async () => {
    // Prepare
    dynamo.on(DeleteCommand).rejects(new InternalServerError({ message: 'oops', $metadata: {} }));

    // Act / Assess
    await expect(notifications.release('k1', 'attempt-1')).rejects.toThrow(InternalServerError);
  });
});

describe('dynamoNotificationLog.pending', () => {
  it('reads again the keys DynamoDB left unprocessed', async () => {
    // Prepare: the first batch is throttled for k2
    const k2 = { pk: 'NOTIFICATION#k2', sk: 'NOTIFICATION' };
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { table: [{ key: 'k1', status: 'sent' }] },
        UnprocessedKeys: { table: { Keys: [k2] } },
      })
      .resolves({ Responses: { table: [{ key: 'k2', status: 'sent' }] } });

    // Act
    const pending = await notifications.pending(['k1', 'k2', 'k3']);

    // Assess
    expect(pending).toEqual(['k3']);
    expect(dynamo).toHaveReceivedNthCommandWith(BatchGetCommand, 2, {
      RequestItems: { table: expect.objectContaining({ Keys: [k2] }) },
    });
  });
});
