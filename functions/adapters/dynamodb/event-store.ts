import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseEvent } from '../../../workflows/events.js';
import { EventIdConflict, type EventStore, type StoredEvent } from '../ports.js';
import {
  type AdapterOptions,
  canonicalJson,
  type Item,
  isConditionalCheckFailed,
  plain,
  queryAll,
  str,
} from './support.js';

const logKey = (log: string) => `LOG#${log}`;
const claimKey = (eventId: string) => ({ pk: `EVENTID#${eventId}`, sk: 'CLAIM' });
/**
 * Arrival order: a per-log sequence number, so events recorded in the same instant (or
 * by Lambdas whose clocks disagree) keep the order they were accepted in.
 */
const eventSortKey = (sequence: number) => `EVENT#${String(sequence).padStart(12, '0')}`;
const SEQUENCE = 'SEQUENCE';

/** Attempts at an append that races a concurrent {@link EventStore.remove} of the same eventId. */
const MAX_ATTEMPTS = 3;

interface Claim {
  readonly log: string;
  readonly sk: string;
  readonly recordedAt: string;
  readonly body: string;
}

/**
 * The event logs in DynamoDB. An eventId is claimed table-wide (one `EVENTID#` item)
 * before its event is written into the log's partition, so a repeat is recognised
 * whichever log it is sent to, and a crash between the two writes is healed by the
 * repeat that is bound to follow.
 */
export function dynamoEventStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): EventStore {
  const readClaim = async (eventId: string): Promise<Claim | undefined> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: claimKey(eventId), ConsistentRead: true }),
    );
    if (item === undefined) return undefined;
    const [log, sk, recordedAt, body] = ['log', 'eventSk', 'recordedAt', 'body'].map((name) =>
      str(item, name),
    );
    if (log === undefined || sk === undefined || recordedAt === undefined || body === undefined) {
      throw new Error(`eventId claim ${eventId} is malformed`);
    }
    return { log, sk, recordedAt, body };
  };

  const eventItem = (log: string, sk: string, stored: StoredEvent): Item => ({
    pk: logKey(log),
    sk,
    itemType: 'event',
    log,
    eventId: stored.eventId,
    recordedAt: stored.recordedAt,
    event: plain(stored.event),
  });

  const eventExists = async (log: string, sk: string): Promise<boolean> => {
    const { Item: item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: logKey(log), sk },
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return item !== undefined;
  };

  const deleteEvent = (log: string, sk: string) =>
    client.send(new DeleteCommand({ TableName: tableName, Key: { pk: logKey(log), sk } }));

  /** The repeat of a claimed eventId: same log and body, or a conflict. Undefined when the claim vanished meanwhile. */
  const settleRepeat = async (
    log: string,
    stored: StoredEvent,
    body: string,
  ): Promise<'duplicate' | undefined> => {
    const claim = await readClaim(stored.eventId);
    if (claim === undefined) return undefined;
    if (claim.log !== log || claim.body !== body) {
      throw new EventIdConflict(
        claim.log === log
          ? `eventId ${stored.eventId} is already stored for a different event`
          : `eventId ${stored.eventId} is already stored in another log`,
      );
    }
    if (await eventExists(log, claim.sk)) return 'duplicate';
    // The first attempt claimed the id and crashed before writing the event: write it
    // now, at the position (arrival time) the claim recorded.
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: eventItem(log, claim.sk, { ...stored, recordedAt: claim.recordedAt }),
      }),
    );
    // A remove() may have run between our reads and the put: then the put resurrected
    // an event nobody claims (or that a newer claim places elsewhere). Take it back and
    // start over.
    if ((await readClaim(stored.eventId))?.sk !== claim.sk) {
      await deleteEvent(log, claim.sk);
      return undefined;
    }
    return 'duplicate';
  };

  /** The log's next arrival number (a crash may leave a gap; the order still holds). */
  const nextSequence = async (log: string): Promise<number> => {
    const { Attributes: attributes } = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: logKey(log), sk: SEQUENCE },
        UpdateExpression: 'ADD #sequence :one',
        ExpressionAttributeNames: { '#sequence': 'sequence' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const sequence = Number(attributes?.sequence);
    if (!Number.isSafeInteger(sequence)) throw new Error(`log ${log} has no sequence`);
    return sequence;
  };

  return {
    async append(log, stored) {
      const body = canonicalJson(stored.event);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        // A repeat spends a number it never uses: a gap, harmless to the order.
        const sk = eventSortKey(await nextSequence(log));
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...claimKey(stored.eventId),
                itemType: 'eventId-claim',
                eventId: stored.eventId,
                log,
                eventSk: sk,
                recordedAt: stored.recordedAt,
                body,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
          const repeat = await settleRepeat(log, stored, body);
          if (repeat !== undefined) return repeat;
          continue;
        }
        await client.send(
          new PutCommand({ TableName: tableName, Item: eventItem(log, sk, stored) }),
        );
        return 'appended';
      }
      throw new Error(`eventId ${stored.eventId} kept being removed while it was appended`);
    },

    async remove(log, eventId) {
      const claim = await readClaim(eventId);
      if (claim === undefined || claim.log !== log) return;
      // The event first: if we stop half-way, the claim still says where the event was.
      await deleteEvent(log, claim.sk);
      await client.send(new DeleteCommand({ TableName: tableName, Key: claimKey(eventId) }));
    },

    async history(log) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
          ExpressionAttributeValues: { ':pk': logKey(log), ':events': 'EVENT#' },
          ConsistentRead: true,
        },
        options,
      );
      return items.map(
        (item): StoredEvent => ({
          eventId: item.eventId as string,
          recordedAt: item.recordedAt as string,
          event: item.event as CaseEvent,
        }),
      );
    },
  };
}
