import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoClockHeads } from '../../../../functions/adapters/dynamodb/clock-heads.js';
import { conditionFailed, mockedDocumentClient, throttled } from './mocked-client.js';

const { dynamo, client } = mockedDocumentClient();
const heads = dynamoClockHeads(client, 'table');

const attempts = [
  { step: 'park', act: () => heads.park('reviews/C1', 'token-1', 3) },
  { step: 'release', act: () => heads.release('reviews/C1', 'run-a', 3) },
  { step: 'handOver', act: () => heads.handOver('reviews/C1', 'run-a', 'run-b') },
];

describe('dynamoClockHeads error mapping', () => {
  it.each(attempts)('$step answers false when its condition fails', async ({ act }) => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());

    // Act / Assess
    await expect(act()).resolves.toBe(false);
  });

  it.each(attempts)('$step answers true when its update is accepted', async ({ act }) => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({});

    // Act / Assess
    await expect(act()).resolves.toBe(true);
  });

  it.each(attempts)(
    '$step passes any other failure on, for the state machine to retry',
    async ({ act }) => {
      // Prepare
      dynamo.on(UpdateCommand).rejects(throttled());

      // Act / Assess
      await expect(act()).rejects.toThrow(ProvisionedThroughputExceededException);
    },
  );
});

describe('dynamoClockHeads conditions', () => {
  it.each([
    { planVersion: 0, condition: '(attribute_not_exists(version) OR version = :planVersion)' },
    { planVersion: 4, condition: 'version = :planVersion' },
  ])(
    'parks at plan version $planVersion only if the version is still it',
    async ({ planVersion, condition }) => {
      // Prepare
      dynamo.on(UpdateCommand).resolves({});

      // Act
      await heads.park('reviews/C1', 'token-1', planVersion);

      // Assess
      expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: 'CLOCK#reviews/C1', sk: 'HEAD' },
        ConditionExpression: condition,
      });
    },
  );

  it('reads the head from the item the bump returns', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({
      Attributes: { pk: 'CLOCK#reviews/C1', sk: 'HEAD', version: 5, execution: 'run-a' },
    });

    // Act
    const head = await heads.bump('reviews/C1', 'run-b');

    // Assess
    expect(head).toEqual({ clockId: 'reviews/C1', version: 5, execution: 'run-a' });
    expect(dynamo).toHaveReceivedCommandWith(UpdateCommand, { ReturnValues: 'ALL_NEW' });
  });
});
