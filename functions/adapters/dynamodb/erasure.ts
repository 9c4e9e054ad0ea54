import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  disputeClock,
  protectionClock,
  reportClock,
  reviewsClock,
} from '../../../workflows/clocks.js';
import type { Erasure, EventSource } from '../ports.js';
import { claimKey, logKey, REGISTRY, registryKey } from './event-store.js';
import { type AdapterOptions, type Item, queryAll } from './support.js';

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
 * report clocks included), and the child's allocations. Notification claims hold only
 * references and expire by TTL.
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
  return {
    async eraseChild(childId, erasedBy, at) {
      let deleted = 0;
      const remove = async (key: { pk: string; sk: string }) => {
        await client.send(new DeleteCommand({ TableName: tableName, Key: key }));
        deleted++;
      };
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
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...erasureKey(childId, at), itemType: 'erasure', childId, erasedBy, at },
        }),
      );
      return { items: deleted };
    },
  };
}
