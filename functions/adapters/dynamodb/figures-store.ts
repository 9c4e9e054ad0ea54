/**
 * The figures' read model in DynamoDB: each log's summary (workflows/figures/summary.ts)
 * and each subject's caseload item (who is their IRO, when were they looked after).
 * Both are spread over a fixed number of partitions by a hash of the log or subject,
 * so the figures read them all with one Query per partition, in parallel, and never
 * read an event.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type EpisodeSpan,
  type LogFigures,
  lookedAfterChildOf,
} from '../../../workflows/figures/summary.js';
import type { BackfillMark, CaseloadSubject, FiguresStore } from '../ports.js';
import { type AdapterOptions, type Item, isConditionalCheckFailed, queryAll } from './support.js';

/** Partitions of each kind: enough to read in parallel and to spread DynamoDB's load. */
export const FIGURES_PARTITIONS = 32;

/** A stable partition number for an id (FNV-1a), two digits. */
function partitionOf(id: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(hash % FIGURES_PARTITIONS).padStart(2, '0');
}

const partitions = (prefix: string) =>
  Array.from({ length: FIGURES_PARTITIONS }, (_, n) => `${prefix}${String(n).padStart(2, '0')}`);

/** A log's summary: `FIGURES#<nn>` / `LOG#<log>`. */
export const summaryKey = (log: string) => ({
  pk: `FIGURES#${partitionOf(log)}`,
  sk: `LOG#${log}`,
});

/** A subject's caseload item: `CASELOAD#<nn>` / `SUBJECT#<subjectId>`. */
export const caseloadKey = (subjectId: string) => ({
  pk: `CASELOAD#${partitionOf(subjectId)}`,
  sk: `SUBJECT#${subjectId}`,
});

/**
 * The backfill's marker, in the figures' own partition prefix (so whoever reads the
 * summaries may read it) but outside the 32 partitions the summaries are read from.
 */
export const BACKFILL_MARK_KEY = { pk: 'FIGURES#BACKFILL', sk: 'MARK' } as const;

/**
 * Sets or removes the subject's IRO on their caseload item: the staff directory calls
 * it once the allocation itself is written, so the caseloads follow every allocation.
 * `iroKept` says an allocation has spoken since caseload items were kept, so the
 * backfill never puts back an IRO from an older read of the allocations.
 */
export async function keepIro(
  client: DynamoDBDocumentClient,
  tableName: string,
  subjectId: string,
  iro: string | undefined,
): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: caseloadKey(subjectId),
      ...(iro === undefined
        ? {
            UpdateExpression: 'SET iroKept = :kept REMOVE iro',
            ExpressionAttributeValues: { ':kept': true },
          }
        : {
            UpdateExpression: 'SET iro = :iro, iroKept = :kept',
            ExpressionAttributeValues: { ':iro': iro, ':kept': true },
          }),
    }),
  );
}

/** Deletes what the figures keep of an erased child: their logs' summaries and their caseload item; how many there were. */
export async function forgetFigures(
  client: DynamoDBDocumentClient,
  tableName: string,
  logs: readonly string[],
  subjectId: string,
): Promise<number> {
  let removed = 0;
  for (const key of [...logs.map(summaryKey), caseloadKey(subjectId)]) {
    const { Attributes } = await client.send(
      new DeleteCommand({ TableName: tableName, Key: key, ReturnValues: 'ALL_OLD' }),
    );
    if (Attributes !== undefined) removed++;
  }
  return removed;
}

async function readAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  prefix: string,
  options: AdapterOptions,
): Promise<Item[]> {
  const pages = await Promise.all(
    partitions(prefix).map((pk) =>
      queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        },
        options,
      ),
    ),
  );
  return pages.flat();
}

export function dynamoFiguresStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): FiguresStore {
  return {
    async keep(summary, version) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            // Deflated: a third of the JSON's size, so a third of the bytes every figures
            // request reads, and one write unit instead of two for most logs.
            Item: {
              ...summaryKey(summary.log),
              version,
              body: deflateRawSync(JSON.stringify(summary)),
            },
            // An older plan of the log never overwrites a newer one.
            ConditionExpression: 'attribute_not_exists(pk) OR version <= :version',
            ExpressionAttributeValues: { ':version': version },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'stale';
        throw error;
      }
      const child = lookedAfterChildOf(summary.log);
      if (child === undefined) return 'kept';
      const spans: EpisodeSpan[] = summary.episodes.map((e) =>
        e.end === undefined ? [e.start] : [e.start, e.end],
      );
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseloadKey(child),
            UpdateExpression: 'SET episodes = :episodes, episodesVersion = :version',
            ConditionExpression:
              'attribute_not_exists(episodesVersion) OR episodesVersion <= :version',
            ExpressionAttributeValues: { ':episodes': JSON.stringify(spans), ':version': version },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      return 'kept';
    },

    async all() {
      const items = await readAll(client, tableName, 'FIGURES#', options);
      return items.map(
        (item) => JSON.parse(inflateRawSync(item.body as Uint8Array).toString()) as LogFigures,
      );
    },

    async caseloadSubjects() {
      const items = await readAll(client, tableName, 'CASELOAD#', options);
      return items.map((item): CaseloadSubject => {
        const subjectId = (item.sk as string).slice('SUBJECT#'.length);
        const episodes =
          typeof item.episodes === 'string' ? (JSON.parse(item.episodes) as EpisodeSpan[]) : [];
        return typeof item.iro === 'string'
          ? { subjectId, iro: item.iro, episodes }
          : { subjectId, episodes };
      });
    },

    async fillIro(subjectId, iro) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseloadKey(subjectId),
            UpdateExpression: 'SET iro = :iro',
            // An item an allocation has kept (since caseload items were, or this version) is newer.
            ConditionExpression: 'attribute_not_exists(iro) AND attribute_not_exists(iroKept)',
            ExpressionAttributeValues: { ':iro': iro },
          }),
        );
        return 'kept';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'newer';
        throw error;
      }
    },

    async backfillMark() {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: BACKFILL_MARK_KEY, ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      const summaryVersion = Item.summaryVersion as number;
      if (Item.complete === true) return { summaryVersion, complete: true };
      return {
        summaryVersion,
        complete: false,
        phase: Item.phase === 'caseloads' ? 'caseloads' : 'logs',
        ...(typeof Item.after === 'string' ? { after: Item.after } : {}),
      } satisfies BackfillMark;
    },

    async markBackfill(mark) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...BACKFILL_MARK_KEY, ...mark } }),
      );
    },
  };
}
