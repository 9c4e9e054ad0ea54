import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoEventStore } from '../../../../functions/adapters/dynamodb/event-store.js';
import { canonicalJson } from '../../../../functions/adapters/dynamodb/support.js';
import { EventIdConflict, type StoredEvent } from '../../../../functions/adapters/ports.js';
import { conditionFailed, mockedDocumentClient } from './mocked-client.js';

const { dynamo, client } = mockedDocumentClient();
const events = dynamoEventStore(client, 'table');
beforeEach(() => {
  // The log's arrival counter: the event goes in at number 7.
  dynamo.on(UpdateCommand).resolves({ Attributes: { sequence: 7 } });
});

const stored: StoredEvent = {
  eventId: 'e1',
  recordedAt: '2017-01-02T09:00:00.000Z',
  event: { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
};
const claimKey = { pk: 'EVENTID#e1', sk: 'CLAIM' };
const claim = (log: string, event: object) => ({
  ...claimKey,
  log,
  eventSk: 'EVENT#000000000007',
  recordedAt: '2017-01-02T09:00:00.000Z',
  body: canonicalJson(event),
});

describe('dynamoEventStore.append error mapping', () => {
  it.each([
    {
      claimed: 'for a different event',
      item: claim('reviews/C1', { ...stored.event, date: '2017-01-03' }),
    },
    { claimed: 'in another log', item: claim('reviews/C2', stored.event) },
  ])('throws EventIdConflict when the eventId is claimed $claimed', async ({ item }) => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand, { Key: claimKey }).resolves({ Item: item });

    // Act / Assess
    await expect(events.append('reviews/C1', stored)).rejects.toThrow(EventIdConflict);
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('answers duplicate without writing when the claim and its event are both there', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(GetCommand, { Key: claimKey }).resolves({ Item: claim('reviews/C1', stored.event) });
    dynamo.on(GetCommand, { Key: { pk: 'LOG#reviews/C1', sk: 'EVENT#000000000007' } }).resolves({
      Item: { pk: 'LOG#reviews/C1' },
    });

    // Act / Assess
    expect(await events.append('reviews/C1', stored)).toBe('duplicate');
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('passes any other failure of the claim on, without writing the event', async () => {
    // Prepare
    dynamo
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} }));

    // Act / Assess
    await expect(events.append('reviews/C1', stored)).rejects.toThrow(
      ProvisionedThroughputExceededException,
    );
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  });

  it('claims the eventId only if nobody has', async () => {
    // Prepare
    dynamo.on(PutCommand).resolves({});

    // Act
    await events.append('reviews/C1', stored);

    // Assess
    expect(dynamo).toHaveReceivedNthCommandWith(PutCommand, 1, {
      Item: expect.objectContaining(claimKey),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(dynamo).toHaveReceivedNthCommandWith(PutCommand, 2, {
      Item: expect.objectContaining({ pk: 'LOG#reviews/C1', eventId: 'e1' }),
    });
  });

  it('takes back a healed event whose claim was removed meanwhile, then appends afresh', async () => {
    // Prepare: the claim is there when read, gone when checked after the heal
    const eventKey = { pk: 'LOG#reviews/C1', sk: 'EVENT#000000000007' };
    dynamo.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamo
      .on(GetCommand, { Key: claimKey })
      .resolvesOnce({ Item: claim('reviews/C1', stored.event) })
      .resolves({});
    dynamo.on(GetCommand, { Key: eventKey }).resolves({});
    dynamo.on(DeleteCommand).resolves({});

    // Act
    const outcome = await events.append('reviews/C1', stored);

    // Assess
    expect(outcome).toBe('appended');
    expect(dynamo).toHaveReceivedCommandWith(DeleteCommand, { Key: eventKey });
    expect(dynamo).toHaveReceivedCommandTimes(PutCommand, 4);
  });
});
