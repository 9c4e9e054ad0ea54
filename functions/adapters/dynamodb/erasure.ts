import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  disputeClock,
  protectionClock,
  reportClock,
  reviewsClock,
} from '../../../workflows/clocks.js';
import type { CaseEvent } from '../../../workflows/events.js';
import type { ChildRows } from '../../import/with-history.js';
import { type ChunkResult, type Erasure, type EventSource, RecordingUnderway } from '../ports.js';
import { claimKey, logKey, REGISTRY, registryKey } from './event-store.js';
import { forgetFigures } from './figures-store.js';
import { childUploadsPartition, importPartition, numbered } from './import-store.js';
import {
  type AdapterOptions,
  type Item,
  isConditionalCheckFailed,
  queryAll,
  utcInstant,
} from './support.js';

/** The record an erasure leaves: the id, who erased it and when; nothing else. */
const erasureKey = (childId: string, at: string) => ({
  pk: `ERASURE#${encodeURIComponent(childId)}`,
  sk: at,
});

/**
 * Erasure in DynamoDB, item by item (single-item writes, as everywhere): the child's
 * looked-after and child protection logs and the logs of disputes raised about them
 * (found through the registry of logs), each event's eventId claim, the registry
 * entries, the heads and board entries of every clock those logs fed (conference
 * report clocks included), and the child's allocations; and the child in every
 * SSDA903 upload holding them (found through their places, `CHILD#<childId>`): their
 * events and rows out of the chunk, the lines naming them out of the chunk's result,
 * then the place itself. Notification claims hold only references and expire by TTL.
 *
 * Each place is marked `erasing` before anything else, unless an upload's chunk step
 * holds it (then {@link RecordingUnderway}, nothing of the child's erased): from the
 * mark on, no chunk step records the child from that upload, even from a chunk it read
 * before. A repeat finds the places still there and finishes.
 */
export function dynamoErasure(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): Erasure {
  const query = (pk: string, extra: Partial<Parameters<typeof queryAll>[1]> = {}) =>
    queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ...extra,
      },
      options,
    );
  /** Marks a place `erasing`; false if it is gone (another erasure finished with it). */
  const markErasing = async (key: { pk: string; sk: string }, now: string) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'SET erasing = :true',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(recordingUntil) OR recordingUntil < :now)',
          ExpressionAttributeValues: { ':true': true, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const { Item: place } = await client.send(
      new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    if (place === undefined) return false;
    throw new RecordingUnderway("an upload is recording the child's events now");
  };

  /**
   * Rewrites one item of an upload with `without` applied to its attribute, on condition
   * it is unchanged since read (a chunk step may write its result meanwhile; another
   * erasure may edit the same chunk). True if the item held anything of the child.
   */
  const rewrite = async (
    key: { pk: string; sk: string },
    without: (item: Item) => Record<string, string | undefined> | undefined,
  ): Promise<boolean> => {
    for (;;) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
      );
      // Not there: a chunk expired by TTL, a result not yet written.
      const changed = item === undefined ? undefined : without(item);
      if (item === undefined || changed === undefined) return false;
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets: string[] = [];
      const removes: string[] = [];
      const unchanged: string[] = [];
      Object.entries(changed).forEach(([name, value], i) => {
        names[`#a${i}`] = name;
        if (value === undefined) removes.push(`#a${i}`);
        else {
          sets.push(`#a${i} = :new${i}`);
          values[`:new${i}`] = value;
        }
        if (item[name] === undefined) unchanged.push(`attribute_not_exists(#a${i})`);
        else {
          unchanged.push(`#a${i} = :old${i}`);
          values[`:old${i}`] = item[name];
        }
      });
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: [
              sets.length > 0 ? `SET ${sets.join(', ')}` : '',
              removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
            ]
              .join(' ')
              .trim(),
            ConditionExpression: ['attribute_exists(pk)', ...unchanged].join(' AND '),
            ExpressionAttributeNames: names,
            ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  };

  return {
    async knows(childId) {
      for (const pk of [`ALLOCATION#${childId}`, childUploadsPartition(childId)]) {
        if ((await query(pk)).length > 0) return true;
      }
      const logs = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'subjectId = :child',
          ExpressionAttributeValues: { ':pk': REGISTRY, ':child': childId },
          ConsistentRead: true,
        },
        options,
      );
      const clocks = [reviewsClock(childId), protectionClock(childId)].map((c) => c.log);
      return logs.some(
        (l) => clocks.includes(l.log as string) || String(l.log).startsWith('dispute/'),
      );
    },

    async eraseChild(childId, erasedBy, at, holdsAsOf) {
      let items = 0;
      const remove = async (key: { pk: string; sk: string }) => {
        await client.send(new DeleteCommand({ TableName: tableName, Key: key }));
        items++;
      };
      // Every upload holding the child stops recording them before anything is erased.
      const now = utcInstant(holdsAsOf ?? at);
      const places: Item[] = [];
      for (const place of await query(childUploadsPartition(childId))) {
        if (await markErasing({ pk: place.pk as string, sk: place.sk as string }, now)) {
          places.push(place);
        }
      }
      // The record of the erasure goes first, once no upload holds the child: a crash
      // part-way leaves something of the child, so the repeat still knows them and
      // finishes; a crash at the end cannot leave an erasure unrecorded.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...erasureKey(childId, at), itemType: 'erasure', childId, erasedBy, at },
        }),
      );
      /** Every item of a partition. */
      const removeAll = async (pk: string) => {
        for (const item of await query(pk)) await remove({ pk, sk: item.sk as string });
      };
      const disputes = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'subjectId = :child AND begins_with(#log, :dispute)',
          ExpressionAttributeNames: { '#log': 'log' },
          ExpressionAttributeValues: { ':pk': REGISTRY, ':child': childId, ':dispute': 'dispute/' },
          ConsistentRead: true,
        },
        options,
      );
      const clocks = [reviewsClock(childId), protectionClock(childId)];
      const logs = [...clocks.map((c) => c.log), ...disputes.map((d) => d.log as string)];
      const clockIds = new Set(clocks.map((c) => c.id));
      for (const log of logs) {
        const events: Item[] = await query(logKey(log));
        for (const item of events) {
          const event = item.event as { type: string; conferenceId?: string; disputeId?: string };
          if (event.type !== 'EventRetracted') {
            await remove(claimKey(item.source as EventSource, item.eventId as string));
          }
          if (event.conferenceId !== undefined) {
            clockIds.add(reportClock(childId, event.conferenceId).id);
          }
          if (event.disputeId !== undefined) clockIds.add(disputeClock(event.disputeId).id);
          await remove({ pk: item.pk as string, sk: item.sk as string });
        }
        await remove(registryKey(log));
      }
      for (const clockId of clockIds) {
        await remove({ pk: `CLOCK#${clockId}`, sk: 'HEAD' });
        await removeAll(`BOARD#${clockId}`);
      }
      await removeAll(`ALLOCATION#${childId}`);
      items += await forgetFigures(client, tableName, logs, childId);
      for (const place of places) {
        const upload = importPartition(place.importId as string);
        const n = place.chunk as number;
        const chunk = { pk: upload, sk: numbered('CHUNK', n) };
        const result = { pk: upload, sk: numbered('RESULT', n) };
        if (await rewrite(chunk, (item) => chunkWithout(item, childId))) items++;
        if (await rewrite(result, (item) => resultWithout(item, childId))) items++;
        await remove({ pk: place.pk as string, sk: place.sk as string });
      }
      return { items };
    },
  };
}

/**
 * A chunk's `events` and `children` without the child's (another child's stay, for a
 * chunk step yet to record them); undefined when it holds nothing of theirs. A chunk
 * that held only them is left empty, so a chunk step still running records nothing
 * from it rather than failing.
 */
function chunkWithout(
  chunk: Item,
  childId: string,
): Record<string, string | undefined> | undefined {
  const events = JSON.parse(String(chunk.events ?? '[]')) as CaseEvent[];
  const children =
    chunk.children === undefined ? undefined : (JSON.parse(String(chunk.children)) as ChildRows[]);
  const keptEvents = events.filter((e) => !('childId' in e) || e.childId !== childId);
  const keptChildren = children?.filter((c) => c.child !== childId);
  if (keptEvents.length === events.length && keptChildren?.length === children?.length) {
    return undefined;
  }
  return {
    events: JSON.stringify(keptEvents),
    children:
      keptChildren === undefined || keptChildren.length === 0
        ? undefined
        : JSON.stringify(keptChildren),
  };
}

/**
 * A chunk's result without the refusal lines naming the child (their eventIds are
 * digests of the child's id); the counts stay. Undefined when no line names them.
 */
function resultWithout(item: Item, childId: string): Record<string, string> | undefined {
  const result = JSON.parse(String(item.result ?? '{}')) as ChunkResult;
  const lineChildren = result.problemChildren ?? [];
  if (!lineChildren.includes(childId)) return undefined;
  const kept = result.problems.flatMap((line, i) =>
    lineChildren[i] === childId ? [] : [{ line, child: lineChildren[i] ?? '' }],
  );
  const without: ChunkResult = {
    ...result,
    problems: kept.map((k) => k.line),
    problemChildren: kept.map((k) => k.child),
  };
  return { result: JSON.stringify(without) };
}
