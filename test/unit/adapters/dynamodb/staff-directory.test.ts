import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoStaffDirectory } from '../../../../functions/adapters/dynamodb/staff-directory.js';
import { conditionFailed, mockedDocumentClient } from './mocked-client.js';

const { dynamo, client } = mockedDocumentClient();
const directory = dynamoStaffDirectory(client, 'table');

describe('dynamoStaffDirectory error mapping', () => {
  it('leaves out of the flagged a member whose address changed after the index was read', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [{ staffId: 'S1' }, { staffId: 'S2' }] });
    dynamo
      .on(UpdateCommand, { Key: { pk: 'STAFF#S1', sk: 'STAFF' } })
      .rejects(conditionFailed())
      .on(UpdateCommand, { Key: { pk: 'STAFF#S2', sk: 'STAFF' } })
      .resolves({});

    // Act
    const flagged = await directory.markUndeliverable('Team@Council.Example', 'bounce', 'now');

    // Assess
    expect(flagged).toEqual(['S2']);
    expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'gsi1',
      ExpressionAttributeValues: { ':address': 'EMAIL#team@council.example' },
    });
  });

  it('replaces the whole member when the address changed', async () => {
    // Prepare
    dynamo.on(UpdateCommand).rejects(conditionFailed());
    dynamo.on(PutCommand).resolves({});

    // Act
    await directory.putStaff({ staffId: 'S1', name: 'A', email: 'new@council.example' });

    // Assess
    expect(dynamo).toHaveReceivedCommandWith(PutCommand, {
      Item: {
        pk: 'STAFF#S1',
        sk: 'STAFF',
        itemType: 'staff',
        gsi1pk: 'EMAIL#new@council.example',
        gsi1sk: 'STAFF#S1',
        staffId: 'S1',
        name: 'A',
        email: 'new@council.example',
      },
    });
  });
});
