import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ClockHead, ClockHeads } from '../ports.js';
import { type Item, isConditionalCheckFailed, num, str } from './support.js';

const headKey = (clockId: string) => ({ pk: `CLOCK#${clockId}`, sk: 'HEAD' });

/** `version = :planVersion`, where a head never bumped counts as version 0. */
const atPlanVersion = (planVersion: number) =>
  planVersion === 0
    ? '(attribute_not_exists(version) OR version = :planVersion)'
    : 'version = :planVersion';

function headOf(clockId: string, item: Item | undefined): ClockHead {
  const execution = item && str(item, 'execution');
  const token = item && str(item, 'token');
  const tokenVersion = item && num(item, 'tokenVersion');
  return {
    clockId,
    version: (item && num(item, 'version')) ?? 0,
    ...(execution === undefined ? {} : { execution }),
    ...(token === undefined ? {} : { token }),
    ...(tokenVersion === undefined ? {} : { tokenVersion }),
  };
}

/**
 * Clock heads in DynamoDB: one item per clock, changed only by conditional UpdateItem,
 * so the handler that bumps a clock and the workflow that parks on it cannot both
 * believe they won: a park after a bump fails, and the workflow plans again.
 */
export function dynamoClockHeads(client: DynamoDBDocumentClient, tableName: string): ClockHeads {
  /** An update that reports a failed condition as false. */
  const conditionally = async (
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
    clockId: string,
  ): Promise<boolean> => {
    try {
      await client.send(
        new UpdateCommand({ TableName: tableName, Key: headKey(clockId), ...input }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  };

  return {
    async read(clockId) {
      const { Item: item } = await client.send(
        new GetCommand({ TableName: tableName, Key: headKey(clockId), ConsistentRead: true }),
      );
      return headOf(clockId, item);
    },

    async bump(clockId, candidate) {
      const { Attributes: item } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: headKey(clockId),
          UpdateExpression:
            'SET itemType = :itemType, clockId = :clockId, execution = if_not_exists(execution, :candidate) ADD version :one',
          ExpressionAttributeValues: {
            ':itemType': 'clock-head',
            ':clockId': clockId,
            ':candidate': candidate,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return headOf(clockId, item);
    },

    park(clockId, token, planVersion) {
      return conditionally(
        {
          UpdateExpression:
            'SET itemType = :itemType, clockId = :clockId, #token = :token, tokenVersion = :planVersion',
          ConditionExpression: atPlanVersion(planVersion),
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: {
            ':itemType': 'clock-head',
            ':clockId': clockId,
            ':token': token,
            ':planVersion': planVersion,
          },
        },
        clockId,
      );
    },

    release(clockId, execution, planVersion) {
      return conditionally(
        {
          UpdateExpression: 'REMOVE execution, #token, tokenVersion',
          ConditionExpression: `execution = :execution AND ${atPlanVersion(planVersion)}`,
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':execution': execution, ':planVersion': planVersion },
        },
        clockId,
      );
    },

    handOver(clockId, from, to) {
      // The predecessor's token dies with it: the successor parks its own.
      return conditionally(
        {
          UpdateExpression: 'SET execution = :to REMOVE #token, tokenVersion',
          ConditionExpression: 'execution = :from',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':from': from, ':to': to },
        },
        clockId,
      );
    },
  };
}
