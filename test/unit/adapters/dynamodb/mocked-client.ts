/**
 * What the adapters' unit tests share: a document client whose calls aws-sdk-client-mock
 * answers (reset before each test), and the errors DynamoDB answers with.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach } from 'vitest';

/** The mock of every DynamoDBDocumentClient; `client` is the one to give an adapter. */
export function mockedDocumentClient() {
  const dynamo = mockClient(DynamoDBDocumentClient);
  beforeEach(() => {
    dynamo.reset();
  });
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-2' }));
  return { dynamo, client };
}

export const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

export const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Slow down', $metadata: {} });
