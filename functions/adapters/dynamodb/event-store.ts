import { createHash } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../../../workflows/events.js';
import { EventIdConflict, type EventSource, type EventStore, type StoredEvent } from '../ports.js';
import {
  type AdapterOptions,
  type Item,
  isConditionalCheckFailed,
  plain,
  queryAll,
  str,
} from './support.js';

/** Keys hold ids encoded, so a `#` or `/` in a council's reference cannot split them. */
export const logKey = (log: string) => `LOG#${log}`;
export const claimKey = (source: EventSource, eventId: string) => ({
  pk: `EVENTID#${source}#${encodeURIComponent(eventId)}`,
  sk: 'CLAIM',
});
/** The registry of logs: one item per log in one partition, read for the unit's figures. */
export const REGISTRY = 'LOGS';
export const registryKey = (log: string) => ({ pk: REGISTRY, sk: `LOG#${log}` });
/** The highest position the sort key can hold. */
const LAST_POSITION = 999_999_999_999;
/** Positions are zero-padded so the sort key orders them. */
export const eventSortKey = (position: number) => `EVENT#${String(position).padStart(12, '0')}`;

/** The claim keeps a hash of the body, never the body: free text lives in the log alone. */
const hashOf = (body: string) => createHash('sha256').update(body).digest('base64url');

/**
 * The event logs in DynamoDB. Each event is an item at `LOG#<log>` / `EVENT#<position>`,
 * written only if that position is free; its eventId is claimed first in an
 * `EVENTID#<source>#<id>` item holding the log and a hash of the body.
 */
export function dynamoEventStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): EventStore {
  const readClaim = async (source: EventSource, eventId: string) => {
    const { Item: item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: claimKey(source, eventId),
        ConsistentRead: true,
      }),
    );
    if (item === undefined) return undefined;
    const log = str(item, 'log');
    const bodyHash = str(item, 'bodyHash');
    if (log === undefined || bodyHash === undefined) {
      throw new Error('an eventId claim is malformed');
    }
    return { log, bodyHash };
  };

  const claim: EventStore['claim'] = async (source, eventId, log, body) => {
    const bodyHash = hashOf(body);
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...claimKey(source, eventId), itemType: 'eventId-claim', log, bodyHash },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const held = await readClaim(source, eventId);
    // Given back between our two calls: claim again.
    if (held === undefined) return claim(source, eventId, log, body);
    if (held.log !== log) {
      throw new EventIdConflict('the eventId is already used for an event in another log');
    }
    if (held.bodyHash !== bodyHash) {
      throw new EventIdConflict('the eventId is already used for a different event');
    }
    return 'held';
  };

  return {
    claim,

    async unclaim(source, eventId, body) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: claimKey(source, eventId),
            ConditionExpression: 'bodyHash = :hash',
            ExpressionAttributeValues: { ':hash': hashOf(body) },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    async locate(source, eventId) {
      return (await readClaim(source, eventId))?.log;
    },

    async appendAt(log, stored) {
      // A log is registered before its first event, so no crash can leave a log the
      // figures do not know; a log registered and then left empty is harmless. The entry
      // names the child or carer the log concerns (a dispute's, from DisputeRaised), so
      // a child's records can be found for erasure.
      if (stored.position === 1) {
        const event = stored.event as { childId?: string; carerId?: string };
        const subjectId = event.childId ?? event.carerId;
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...registryKey(log),
              itemType: 'log',
              log,
              ...(subjectId === undefined ? {} : { subjectId }),
            },
          }),
        );
      }
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: logKey(log),
              sk: eventSortKey(stored.position),
              itemType: 'event',
              log,
              ...plain(stored),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'appended';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'taken';
        throw error;
      }
    },

    async logs() {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': REGISTRY },
          ConsistentRead: true,
        },
        options,
      );
      return items.map((item) => item.log as string);
    },

    async logsOf(subjectId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'subjectId = :subject',
          ExpressionAttributeValues: { ':pk': REGISTRY, ':subject': subjectId },
          ConsistentRead: true,
        },
        options,
      );
      return items.map((item) => item.log as string);
    },

    async history(log, afterPosition) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression:
            afterPosition === undefined
              ? 'pk = :pk AND begins_with(sk, :events)'
              : 'pk = :pk AND sk BETWEEN :after AND :last',
          ExpressionAttributeValues:
            afterPosition === undefined
              ? { ':pk': logKey(log), ':events': 'EVENT#' }
              : {
                  ':pk': logKey(log),
                  ':after': eventSortKey(afterPosition + 1),
                  ':last': eventSortKey(LAST_POSITION),
                },
          ConsistentRead: true,
        },
        options,
      );
      return items.map(storedEventOf);
    },
  };
}

function storedEventOf(item: Item): StoredEvent {
  const requestId = str(item, 'requestId');
  return {
    eventId: item.eventId as string,
    position: item.position as number,
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
    source: item.source as EventSource,
    ...(requestId === undefined ? {} : { requestId }),
    event: item.event as CaseEvent,
  };
}
