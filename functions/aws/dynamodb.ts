/** The DynamoDB ports, on one document client for the container's life. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClockHeads } from '../adapters/dynamodb/clock-heads.js';
import { dynamoErasure } from '../adapters/dynamodb/erasure.js';
import { dynamoEventStore } from '../adapters/dynamodb/event-store.js';
import { dynamoNotificationLog } from '../adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from '../adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from '../adapters/dynamodb/staff-directory.js';
import { type Dependencies, required } from '../dependencies.js';

export function dynamoDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'events' | 'heads' | 'staff' | 'notifications' | 'board' | 'erasure'> {
  const table = required(env, 'TABLE_NAME');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    events: dynamoEventStore(documents, table),
    heads: dynamoClockHeads(documents, table),
    staff: dynamoStaffDirectory(documents, table),
    notifications: dynamoNotificationLog(documents, table),
    board: dynamoObligationBoard(documents, table),
    erasure: dynamoErasure(documents, table),
  };
}
