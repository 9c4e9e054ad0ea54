/**
 * SSDA903 uploads in DynamoDB, one partition per upload (`IMPORT#<importId>`): the
 * record, the chunks of events (as JSON, a few hundred events each, with the rows of any
 * child to be mapped against their recorded history; expiring by TTL once they can no
 * longer be needed), one result per chunk, and every row refused when it was uploaded,
 * in pages (no child's id in them: file, line, field and rule); and in each child's own partition
 * (`CHILD#<childId>`) their place in the upload, by which an erasure finds the chunk and
 * the result that hold them, and which the chunk step holds while it records them.
 * Single-item writes only.
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
import type { ImportChunk } from '../../import/upload.js';
import type { ChildRows } from '../../import/with-history.js';
import type { ChunkResult, ImportRecord, ImportStore } from '../ports.js';

export const importPartition = (importId: string) => `IMPORT#${encodeURIComponent(importId)}`;
const RECORD = 'IMPORT';
export const numbered = (kind: 'CHUNK' | 'RESULT' | 'REFUSALS', n: number) =>
  `${kind}#${String(n).padStart(6, '0')}`;

/**
 * Refusal lines a page holds at most, and their bytes: a page of the download is one
 * item, well under DynamoDB's 400 KB (a line is about 100 bytes).
 */
export const REFUSALS_PER_PAGE = 1_000;
const REFUSAL_PAGE_BYTES = 200 * 1024;

/** Lines cut into pages of at most {@link REFUSALS_PER_PAGE} lines and {@link REFUSAL_PAGE_BYTES}. */
export function refusalPages(lines: readonly string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line, 'utf8') + 3;
    if (
      page.length > 0 &&
      (page.length >= REFUSALS_PER_PAGE || bytes + size > REFUSAL_PAGE_BYTES)
    ) {
      pages.push(page);
      page = [];
      bytes = 0;
    }
    page.push(line);
    bytes += size;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
const key = (importId: string, sk: string) => ({
  pk: { S: importPartition(importId) },
  sk: { S: sk },
});

/** The children a chunk holds, each once: those with events, then those kept as rows. */
export function childrenOf(chunk: ImportChunk): string[] {
  const children = new Set<string>();
  for (const event of chunk.events) if ('childId' in event) children.add(event.childId);
  for (const rows of chunk.children ?? []) children.add(rows.child);
  return [...children];
}

/** The partition of a child's places in the uploads that hold them. */
export const childUploadsPartition = (childId: string) => `CHILD#${encodeURIComponent(childId)}`;
/** A child's place: which upload and which chunk of it holds them (the child is in one chunk of an upload). */
export const placeKey = (childId: string, importId: string, n: number) => ({
  pk: childUploadsPartition(childId),
  sk: `IMPORT#${encodeURIComponent(importId)}#${numbered('CHUNK', n)}`,
});
const placeItemKey = (childId: string, importId: string, n: number) => {
  const { pk, sk } = placeKey(childId, importId, n);
  return { pk: { S: pk }, sk: { S: sk } };
};

/** Chunks are read only while the state machine records them: kept 30 days, then DynamoDB deletes them. */
const CHUNK_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * Items written at once: a real return has a few hundred chunks and some thousands of
 * children (a place each), single small writes of a few milliseconds each in AWS.
 */
const WRITES_IN_FLIGHT = 32;

/** Runs `write(0)` to `write(count - 1)`, {@link WRITES_IN_FLIGHT} at a time. */
async function writeAll(count: number, write: (n: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < count) await write(next++);
  };
  await Promise.all(Array.from({ length: Math.min(WRITES_IN_FLIGHT, count) }, writer));
}

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
    async create(record, chunks, refusals = []) {
      const expiresAt = Math.floor(Date.parse(record.importedAt) / 1000) + CHUNK_LIFETIME_SECONDS;
      // Places first: no chunk is ever stored holding a child an erasure cannot find.
      const places = chunks.flatMap((chunk, n) => childrenOf(chunk).map((child) => ({ child, n })));
      await writeAll(places.length, async (i) => {
        const { child, n } = places[i] ?? { child: '', n: 0 };
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...placeItemKey(child, record.importId, n),
              itemType: { S: 'upload-place' },
              childId: { S: child },
              importId: { S: record.importId },
              chunk: { N: String(n) },
            },
          }),
        );
      });
      await writeAll(chunks.length, async (n) => {
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
      });
      // Every row refused, page by page, before the record that says how many pages there are.
      const pages = refusalPages(refusals);
      await writeAll(pages.length, async (n) => {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key(record.importId, numbered('REFUSALS', n)),
              lines: { S: JSON.stringify(pages[n] ?? []) },
            },
          }),
        );
      });
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
            refusalPages: { N: String(pages.length) },
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

    async holdChild(importId, n, childId, until) {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: placeItemKey(childId, importId, n),
            UpdateExpression: 'SET recordingUntil = :until',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasing)',
            ExpressionAttributeValues: { ':until': { S: until } },
          }),
        );
        return true;
      } catch (error) {
        // Erased from the upload since it was stored, or being erased now.
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
          return false;
        }
        throw error;
      }
    },

    async releaseChildren(importId, n, childIds) {
      await writeAll(childIds.length, async (i) => {
        try {
          await client.send(
            new UpdateItemCommand({
              TableName: tableName,
              Key: placeItemKey(childIds[i] ?? '', importId, n),
              UpdateExpression: 'REMOVE recordingUntil',
              ConditionExpression: 'attribute_exists(pk)',
            }),
          );
        } catch (error) {
          // Erased once the hold lapsed: nothing to let go of.
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
            throw error;
          }
        }
      });
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
              ':pk': { S: importPartition(importId) },
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

    async refusals(importId, page) {
      const record = await get(importId, RECORD);
      if (!record) return undefined;
      const chunks = Number(record.chunks?.N ?? 0);
      // An upload stored before every refusal was kept: its summary's first lines are its rows'.
      const stored = record.refusalPages?.N;
      const rowPages = stored === undefined ? 1 : Number(stored);
      const last = rowPages + chunks - 1;
      const next = (n: number) => (n <= last ? { nextPage: n } : {});
      if (page < rowPages) {
        const lines =
          stored === undefined
            ? ((JSON.parse(text(record, 'summary') ?? '{}') as ImportRecord['summary']).problems ??
              [])
            : (JSON.parse(
                text(await get(importId, numbered('REFUSALS', page)), 'lines') ?? '[]',
              ) as string[]);
        return { lines, ...next(page + 1) };
      }
      // Each chunk's lines, from the page's chunk on, until the page is full: a page of
      // the download is a few GetItem's worth, however many chunks refused nothing.
      const lines: string[] = [];
      let startKey: Item | undefined;
      do {
        const found = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': { S: importPartition(importId) },
              ':from': { S: numbered('RESULT', page - rowPages) },
              ':to': { S: numbered('RESULT', last - rowPages) },
            },
            ConsistentRead: true,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of found.Items ?? []) {
          const chunk = Number((text(item, 'sk') ?? '').replace('RESULT#', ''));
          if (lines.length >= REFUSALS_PER_PAGE) return { lines, ...next(rowPages + chunk) };
          const result = JSON.parse(text(item, 'result') ?? '{}') as ChunkResult;
          lines.push(...(result.rows?.problems ?? []), ...(result.problems ?? []));
        }
        startKey = found.LastEvaluatedKey;
      } while (startKey !== undefined);
      return { lines };
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
