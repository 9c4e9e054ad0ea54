/**
 * SSDA903 uploads in DynamoDB, one partition per upload (`IMPORT#<importId>`): the
 * record, the chunks of events (as JSON, a few hundred events each, with the rows of any
 * child to be mapped against their recorded history; expiring by TTL once they can no
 * longer be needed) and one result per chunk. Single-item writes only.
 *
 * It speaks the low-level API, every value a string or a number (what is nested is
 * JSON), so the imports handler, which carries the CSV reader and the mapping, need not
 * bundle the document client's marshalling as well.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { CaseEvent } from '../../../workflows/events.js';
import type { ChildRows } from '../../import/with-history.js';
import type { ChunkResult, ImportRecord, ImportStore } from '../ports.js';

const partition = (importId: string) => `IMPORT#${encodeURIComponent(importId)}`;
const RECORD = 'IMPORT';
const numbered = (kind: 'CHUNK' | 'RESULT', n: number) => `${kind}#${String(n).padStart(6, '0')}`;
const key = (importId: string, sk: string) => ({
  pk: { S: partition(importId) },
  sk: { S: sk },
});

/** Chunks are read only while the state machine records them: kept 30 days, then DynamoDB deletes them. */
const CHUNK_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/** Chunks written at once: a real return has a few hundred, written in about a second. */
const WRITES_IN_FLIGHT = 16;

type Item = Record<string, AttributeValue>;
// Not support.ts's helpers: they would bring the document client into the imports bundle.
const text = (item: Item | undefined, name: string) => item?.[name]?.S;

/** Any client that sends the low-level commands (the document client does too). */
export type LowLevelClient = Pick<DynamoDBClient, 'send'>;

export function dynamoImportStore(client: LowLevelClient, tableName: string): ImportStore {
  const get = async (importId: string, sk: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(importId, sk), ConsistentRead: true }),
      )
    ).Item;
  return {
    async create(record, chunks) {
      const expiresAt = Math.floor(Date.parse(record.importedAt) / 1000) + CHUNK_LIFETIME_SECONDS;
      let next = 0;
      const writer = async () => {
        while (next < chunks.length) {
          const n = next++;
          await client.send(
            new PutItemCommand({
              TableName: tableName,
              Item: {
                ...key(record.importId, numbered('CHUNK', n)),
                events: { S: JSON.stringify(chunks[n]?.events ?? []) },
                ...(chunks[n]?.children === undefined
                  ? {}
                  : { children: { S: JSON.stringify(chunks[n]?.children) } }),
                expiresAt: { N: String(expiresAt) },
              },
            }),
          );
        }
      };
      await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, chunks.length) }, writer));
      const { summary, finishedAt, failure, ...plainFields } = record;
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...key(record.importId, RECORD),
            importId: { S: plainFields.importId },
            importedBy: { S: plainFields.importedBy },
            importedAt: { S: plainFields.importedAt },
            status: { S: plainFields.status },
            chunks: { N: String(plainFields.chunks) },
            summary: { S: JSON.stringify(summary) },
            ...(finishedAt === undefined ? {} : { finishedAt: { S: finishedAt } }),
            ...(failure === undefined ? {} : { failure: { S: failure } }),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async record(importId) {
      const item = await get(importId, RECORD);
      if (!item) return undefined;
      const finishedAt = text(item, 'finishedAt');
      const failure = text(item, 'failure');
      return {
        importId: text(item, 'importId') ?? importId,
        importedBy: text(item, 'importedBy') ?? '',
        importedAt: text(item, 'importedAt') ?? '',
        status: (text(item, 'status') ?? 'running') as ImportRecord['status'],
        chunks: Number(item.chunks?.N ?? 0),
        summary: JSON.parse(text(item, 'summary') ?? '{}') as ImportRecord['summary'],
        ...(finishedAt === undefined ? {} : { finishedAt }),
        ...(failure === undefined ? {} : { failure }),
      };
    },

    async chunk(importId, n) {
      const item = await get(importId, numbered('CHUNK', n));
      const events = text(item, 'events');
      if (events === undefined) return undefined;
      const children = text(item, 'children');
      return {
        events: JSON.parse(events) as CaseEvent[],
        ...(children === undefined ? {} : { children: JSON.parse(children) as ChildRows[] }),
      };
    },

    async putResult(importId, n, result) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...key(importId, numbered('RESULT', n)), result: { S: JSON.stringify(result) } },
        }),
      );
    },

    async results(importId) {
      const results: ChunkResult[] = [];
      let startKey: Item | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :result)',
            ExpressionAttributeValues: {
              ':pk': { S: partition(importId) },
              ':result': { S: 'RESULT#' },
            },
            ConsistentRead: true,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of page.Items ?? []) {
          results.push(JSON.parse(text(item, 'result') ?? '{}') as ChunkResult);
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
      return results;
    },

    async finish(importId, status, at, failure) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(importId, RECORD),
            UpdateExpression: `SET #status = :status, finishedAt = :at${failure === undefined ? '' : ', failure = :failure'}`,
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':status': { S: status },
              ':at': { S: at },
              ':running': { S: 'running' },
              ...(failure === undefined ? {} : { ':failure': { S: failure } }),
            },
          }),
        );
      } catch (error) {
        // Finished already (a retried step): the first word stands.
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
          throw error;
        }
      }
    },
  };
}
