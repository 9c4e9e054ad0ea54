import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NotificationLog } from '../ports.js';
import { sendTag } from '../send-tag.js';
import { isConditionalCheckFailed, str, utcInstant } from './support.js';

/**
 * A claim is keyed by its key's send tag (../send-tag.ts), which its email carries as an
 * SES message tag: SES's Send event finds the claim by it alone.
 */
const claimItemKey = (tag: string) => ({ pk: `NOTIFICATION#${tag}`, sk: 'NOTIFICATION' });
const notificationKey = (key: string) => claimItemKey(sendTag(key));

/**
 * A claim expires (DynamoDB's TTL deletes it) this long after it was last written:
 * the key names a child, and a step still due more than a year after it was sent is
 * worth one more email.
 */
export const CLAIM_RETENTION_DAYS = 400;
const expiresAt = (instant: string) =>
  Math.floor(Date.parse(instant) / 1000) + CLAIM_RETENTION_DAYS * 24 * 60 * 60;

/** Attempts at a claim that races a release of the same key. */
const MAX_ATTEMPTS = 2;
/** BatchGetItem's limit of keys per request. */
const BATCH_SIZE = 100;
/** BatchWriteItem's limit of items per request. */
const WRITE_BATCH_SIZE = 25;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up. */
const MAX_BATCH_ROUNDS = 8;

/**
 * The notification log in DynamoDB: one item per (obligation, step, recipient) key,
 * `sending` with a lease while an attempt holds it, then `sent`, by the attempt's own
 * mark or by SES's Send event ({@link NotificationLog.confirmSent}), whichever comes
 * first. Lease instants are stored in UTC so that they compare as strings.
 */
export function dynamoNotificationLog(
  client: DynamoDBDocumentClient,
  tableName: string,
): NotificationLog {
  /** The keys among `keys` already marked sent: batched strongly consistent reads. */
  const sentAmong = async (keys: readonly string[]): Promise<Set<string>> => {
    const sent = new Set<string>();
    const distinct = [...new Set(keys)];
    for (let start = 0; start < distinct.length; start += BATCH_SIZE) {
      let requested: Record<string, unknown>[] = distinct
        .slice(start, start + BATCH_SIZE)
        .map(notificationKey);
      for (let round = 1; requested.length > 0; round++) {
        if (round > MAX_BATCH_ROUNDS)
          throw new Error('notification log reads kept being throttled');
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: requested,
                ConsistentRead: true,
                ProjectionExpression: '#key, #status',
                ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
              },
            },
          }),
        );
        for (const item of Responses?.[tableName] ?? []) {
          const key = str(item, 'key');
          if (key !== undefined && str(item, 'status') === 'sent') sent.add(key);
        }
        requested = UnprocessedKeys?.[tableName]?.Keys ?? [];
      }
    }
    return sent;
  };

  const markSent: NotificationLog['markSent'] = async (key, messageId, at) => {
    // Whoever holds the claim now, the email went out: nobody may send it again. The
    // sender marks what its email carried itself from here on, so SES's Send event,
    // which comes after as a rule, writes none of it again.
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: notificationKey(key),
        UpdateExpression:
          'SET itemType = :itemType, #key = :key, #status = :sent, messageId = :messageId, sentAt = :at, expiresAt = :expiresAt REMOVE leaseUntil, claimedBy, carries',
        ExpressionAttributeNames: { '#key': 'key', '#status': 'status' },
        ExpressionAttributeValues: {
          ':itemType': 'notification',
          ':key': key,
          ':sent': 'sent',
          ':messageId': messageId,
          ':at': at,
          ':expiresAt': expiresAt(at),
        },
      }),
    );
  };

  /**
   * Marks many keys sent: BatchWriteItem, 25 puts a request. A put writes the whole
   * item, which is what {@link markSent}'s unconditional update leaves of any claim
   * (its lease, owner and carried keys removed), less when it was claimed, which no
   * reader uses: so the two leave the same marks.
   */
  const markSentMany: NotificationLog['markSentMany'] = async (keys, messageId, at) => {
    const distinct = [...new Set(keys)];
    for (let start = 0; start < distinct.length; start += WRITE_BATCH_SIZE) {
      let requested: Record<string, unknown>[] = distinct
        .slice(start, start + WRITE_BATCH_SIZE)
        .map((key) => ({
          PutRequest: {
            Item: {
              ...notificationKey(key),
              itemType: 'notification',
              key,
              status: 'sent',
              messageId,
              sentAt: at,
              expiresAt: expiresAt(at),
            },
          },
        }));
      for (let round = 1; requested.length > 0; round++) {
        if (round > MAX_BATCH_ROUNDS) throw new Error('notification marks kept being throttled');
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        const { UnprocessedItems } = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requested } }),
        );
        requested = (UnprocessedItems?.[tableName] ?? []) as Record<string, unknown>[];
      }
    }
  };

  return {
    async claim(key, now, leaseSeconds, owner, carries = []) {
      const nowUtc = utcInstant(now);
      const leaseUntil = new Date(Date.parse(nowUtc) + leaseSeconds * 1000).toISOString();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...notificationKey(key),
                itemType: 'notification',
                key,
                status: 'sending',
                claimedBy: owner,
                claimedAt: nowUtc,
                leaseUntil,
                expiresAt: expiresAt(nowUtc),
                // Taken over, the claim carries this attempt's keys, not the one before's.
                ...(carries.length === 0 ? {} : { carries: [...new Set(carries)] }),
              },
              ConditionExpression:
                'attribute_not_exists(pk) OR (#status = :sending AND leaseUntil < :now)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':sending': 'sending', ':now': nowUtc },
            }),
          );
          return 'claimed';
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
        const { Item: item } = await client.send(
          new GetCommand({ TableName: tableName, Key: notificationKey(key), ConsistentRead: true }),
        );
        if (item !== undefined) return str(item, 'status') === 'sent' ? 'sent' : 'busy';
        // Released between our put and our read: the key is free, try again.
      }
      return 'busy';
    },

    markSent,

    markSentMany,

    async confirmSent(tag, messageId, at) {
      let before: Record<string, unknown> | undefined;
      try {
        ({ Attributes: before } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: claimItemKey(tag),
            UpdateExpression:
              'SET #status = :sent, messageId = :messageId, sentAt = :at, expiresAt = :expiresAt REMOVE leaseUntil, claimedBy',
            // A claim still `sending`, or this very email's mark again (a repeated
            // event, whose carried keys a kill may have cut short): another mark stands,
            // and a claim given back, or never taken, is not made up here.
            ConditionExpression: '#status = :sending OR messageId = :messageId',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':sending': 'sending',
              ':messageId': messageId,
              ':at': utcInstant(at),
              ':expiresAt': expiresAt(at),
            },
            ReturnValues: 'ALL_OLD',
          }),
        ));
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return 'unchanged';
      }
      const carries = Array.isArray(before?.carries) ? (before.carries as unknown[]) : [];
      for (const carried of carries) {
        if (typeof carried === 'string') await markSent(carried, messageId, at);
      }
      return before !== undefined && str(before, 'status') === 'sending' ? 'marked' : 'unchanged';
    },

    async release(key, owner) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: notificationKey(key),
            ConditionExpression: '#status = :sending AND claimedBy = :owner',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending', ':owner': owner },
          }),
        );
      } catch (error) {
        // Already sent (never given back), already released, or taken over by another
        // attempt after our lease ran out (theirs now): nothing to do.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },

    async pending(keys) {
      const sent = await sentAmong(keys);
      return keys.filter((key) => !sent.has(key));
    },
  };
}
