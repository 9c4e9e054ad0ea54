/**
 * The young person's links in DynamoDB. A link is known by the SHA-256 of its secret
 * (`VIEWSLINK#<hash>`): the secret itself is never stored, and a look-up is one GetItem
 * by that hash, whatever was sent, so an unknown link costs what a known one does. Each
 * child's links are listed beside it (`LINKSOF#<childId>`, one item per link id) for
 * the work tray, for withdrawing, and for erasure. The table is encrypted at rest with
 * its KMS key (infra/stacks/data-stack.ts), as the young person's words in the log are.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LocalDate } from '../../../workflows/calendar/index.js';
import type { ViewsLinkRecord } from '../../../workflows/voice/links.js';
import type { ViewsLinkListed, ViewsLinks } from '../ports.js';
import { type Item, isConditionalCheckFailed, num, queryAll, str } from './support.js';

const linkKey = (hash: string) => ({ pk: `VIEWSLINK#${hash}`, sk: 'LINK' });
export const childLinksPartition = (childId: string) => `LINKSOF#${childId}`;
const listedKey = (childId: string, linkId: string) => ({
  pk: childLinksPartition(childId),
  sk: linkId,
});

function recordOf(item: Item): ViewsLinkRecord {
  const withdrawnBy = str(item, 'withdrawnBy');
  const withdrawnOn = str(item, 'withdrawnOn');
  return {
    linkId: str(item, 'linkId') ?? '',
    childId: str(item, 'childId') ?? '',
    reviewDue: (str(item, 'reviewDue') ?? '') as LocalDate,
    madeOn: (str(item, 'madeOn') ?? '') as LocalDate,
    madeBy: str(item, 'madeBy') ?? '',
    submissions: num(item, 'submissions') ?? 0,
    ...(withdrawnBy && withdrawnOn
      ? { withdrawn: { by: withdrawnBy, on: withdrawnOn as LocalDate } }
      : {}),
  };
}

/** Whether two hex digests are the same, in time that does not depend on where they differ. */
const sameDigest = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
};

export function dynamoViewsLinks(client: DynamoDBDocumentClient, tableName: string): ViewsLinks {
  const listedItem = async (childId: string, linkId: string) =>
    (
      await client.send(
        new GetCommand({
          TableName: tableName,
          Key: listedKey(childId, linkId),
          ConsistentRead: true,
        }),
      )
    ).Item as Item | undefined;

  return {
    async make(link, hash) {
      const record = {
        linkId: link.linkId,
        childId: link.childId,
        reviewDue: link.reviewDue,
        madeOn: link.madeOn,
        madeBy: link.madeBy,
      };
      // Single-item writes, as everywhere (dynalite has no transactions): the child's
      // listing first, so a link that works is always one the tray can withdraw.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...listedKey(link.childId, link.linkId), ...record, hash },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...linkKey(hash), ...record, hash, submissions: 0 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async byHash(hash) {
      const item = (
        await client.send(
          new GetCommand({ TableName: tableName, Key: linkKey(hash), ConsistentRead: true }),
        )
      ).Item as Item | undefined;
      if (!item || !sameDigest(str(item, 'hash') ?? '', hash)) return undefined;
      return recordOf(item);
    },

    async takeSubmission(hash, max) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: linkKey(hash),
            UpdateExpression: 'SET submissions = submissions + :one',
            ConditionExpression:
              'attribute_exists(pk) AND submissions < :max AND attribute_not_exists(withdrawnBy)',
            ExpressionAttributeValues: { ':one': 1, ':max': max },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        return num((Attributes ?? {}) as Item, 'submissions');
      } catch (error) {
        if (isConditionalCheckFailed(error)) return undefined;
        throw error;
      }
    },

    async ofChild(childId) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': childLinksPartition(childId) },
        ConsistentRead: true,
      });
      const listed: ViewsLinkListed[] = [];
      for (const item of items) {
        const hash = str(item, 'hash');
        const live = hash ? await this.byHash(hash) : undefined;
        if (!live) continue;
        const actedBy = str(item, 'safetyActedBy');
        const actedAt = str(item, 'safetyActedAt');
        listed.push({
          ...live,
          ...(actedBy && actedAt ? { safetyActedOn: { by: actedBy, at: actedAt } } : {}),
        });
      }
      return listed.sort((a, b) => (a.madeOn < b.madeOn ? 1 : a.madeOn > b.madeOn ? -1 : 0));
    },

    async withdraw(childId, linkId, by, on) {
      const hash = str((await listedItem(childId, linkId)) ?? {}, 'hash');
      if (!hash) return false;
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: linkKey(hash),
          UpdateExpression:
            'SET withdrawnBy = if_not_exists(withdrawnBy, :by), withdrawnOn = if_not_exists(withdrawnOn, :on)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':by': by, ':on': on },
        }),
      );
      return true;
    },

    async markSafetyActed(childId, linkId, by, at) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: listedKey(childId, linkId),
            UpdateExpression: 'SET safetyActedBy = :by, safetyActedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(safetyActedBy)',
            ExpressionAttributeValues: { ':by': by, ':at': at },
          }),
        );
        return 'marked';
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        return (await listedItem(childId, linkId)) ? 'already' : 'unknown';
      }
    },

    async eraseChild(childId) {
      const items = await queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': childLinksPartition(childId) },
        ConsistentRead: true,
      });
      let removed = 0;
      for (const item of items) {
        const hash = str(item, 'hash');
        const keys = [...(hash ? [linkKey(hash)] : []), listedKey(childId, String(item.sk))];
        for (const Key of keys) {
          await client.send(new DeleteCommand({ TableName: tableName, Key }));
          removed++;
        }
      }
      return removed;
    },
  };
}
