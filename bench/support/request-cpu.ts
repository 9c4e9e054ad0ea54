/**
 * What one DynamoDB request costs in CPU on the local system's own path: the handlers'
 * document client (its middleware, marshalling and metering as in a replay) handing the
 * request to dynalite in this process. Each operation the adapters use is asked in the
 * shape they ask it, on a partition of its own, so the replay's counts times these
 * costs is what the DynamoDB requests alone take: the floor under a replay of that
 * many requests, whatever the rest of the system does.
 */
import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { median } from '../measure.js';

/** A stored event as the event store keeps one: about the size of the replay's. */
const eventItem = (pk: string, position: number) => ({
  pk,
  sk: `EVENT#${String(position).padStart(10, '0')}`,
  eventId: `bench-${position}`,
  source: 'system',
  recordedBy: 'arn:aws:sts::000000000000:assumed-role/case-management/bench',
  recordedAt: '2020-01-01T09:00:00.000Z',
  event: { type: 'LacReviewHeld', childId: 'BENCH', date: '2020-01-01', participation: 'PN1' },
});

/**
 * CPU milliseconds (this process, every thread) for one request of each operation the
 * adapters use, the median of `rounds` rounds of `perRound` requests each, in turns.
 */
export async function requestCpu(
  client: DynamoDBDocumentClient,
  tableName: string,
  { rounds = 5, perRound = 400 } = {},
): Promise<Record<string, number>> {
  const TableName = tableName;
  // Partitions of this call's own, so that a second call writes nothing the first did.
  const own = `BENCH#request-cpu#${randomUUID()}`;
  const log = `${own}#log`;
  // A log of 12 events, the length of a busy child's in the generated authority.
  for (let position = 1; position <= 12; position++) {
    await client.send(new PutCommand({ TableName, Item: eventItem(log, position) }));
  }
  let n = 0;
  const operations: Record<string, () => Promise<unknown>> = {
    GetItem: () => client.send(new GetCommand({ TableName, Key: { pk: log, sk: 'HEAD' } })),
    Query: () =>
      client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
          ExpressionAttributeValues: { ':pk': log, ':events': 'EVENT#' },
          ConsistentRead: true,
        }),
      ),
    UpdateItem: () =>
      client.send(
        new UpdateCommand({
          TableName,
          Key: { pk: `${own}#mark`, sk: 'MARK' },
          UpdateExpression: 'SET planVersion = :version, plannedAt = :at ADD writing :one',
          ConditionExpression: 'attribute_not_exists(planVersion) OR planVersion <= :version',
          ExpressionAttributeValues: { ':version': ++n, ':at': '2020-01-01T09:00:00Z', ':one': 1 },
          ReturnValues: 'ALL_OLD',
        }),
      ),
    PutItem: () =>
      client.send(
        new PutCommand({
          TableName,
          Item: { ...eventItem(`${own}#put`, n), sk: `ENTRY#${n++}` },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    BatchGetItem: () =>
      client.send(
        new BatchGetCommand({
          RequestItems: {
            [TableName]: {
              Keys: [1, 2, 3].map((p) => ({ pk: log, sk: `EVENT#${String(p).padStart(10, '0')}` })),
            },
          },
        }),
      ),
    // A morning list's new lines marked sent: a few small items a request.
    BatchWriteItem: () =>
      client.send(
        new BatchWriteCommand({
          RequestItems: {
            [TableName]: [1, 2, 3].map((p) => ({
              PutRequest: {
                Item: {
                  pk: `${own}#marks#${p}`,
                  sk: 'NOTIFICATION',
                  itemType: 'notification',
                  key: `lac-review/BENCH/2020-01-01/reminder-15/iro/${n++}`,
                  status: 'sent',
                  messageId: 'bench',
                  sentAt: '2020-01-01T07:30:00Z',
                  expiresAt: 1612171800,
                },
              },
            })),
          },
        }),
      ),
    DeleteItem: () =>
      client.send(new DeleteCommand({ TableName, Key: { pk: `${own}#put`, sk: 'NONE' } })),
  };
  const samples: Record<string, number[]> = Object.fromEntries(
    Object.keys(operations).map((name) => [name, []]),
  );
  for (let round = -1; round < rounds; round++) {
    for (const [name, ask] of Object.entries(operations)) {
      const start = process.cpuUsage();
      for (let i = 0; i < perRound; i++) await ask();
      const used = process.cpuUsage(start);
      if (round >= 0) samples[name]?.push((used.user + used.system) / 1000 / perRound);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}
