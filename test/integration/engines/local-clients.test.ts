/**
 * The local engines' SDK clients leave off the middleware only AWS's side reads (the
 * User-Agent, the X-Ray trace header, the client logger) and keep everything that
 * shapes a request and reads its answer.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';
import { AWS_ONLY_MIDDLEWARE } from '../../../infra/local/engines/in-process.js';

let dynamo: LocalDynamo;
/** The headers of every request the client sent, as the engine got them. */
const sent: Record<string, string>[] = [];
beforeAll(async () => {
  dynamo = await startDynalite();
  dynamo.client.middlewareStack.add(
    (next) => async (args) => {
      sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'testSeesHeaders', priority: 'low' },
  );
});
afterAll(async () => {
  await dynamo.stop();
});

describe('the local DynamoDB client', () => {
  it('sends no User-Agent or trace header, and still writes and reads', async () => {
    // Prepare
    process.env._X_AMZN_TRACE_ID = 'Root=1-00000000-000000000000000000000000';
    const Key = { pk: 'TEST#local-clients', sk: 'ITEM' };

    // Act
    await dynamo.client.send(
      new PutCommand({ TableName: dynamo.tableName, Item: { ...Key, said: 'hello' } }),
    );
    const { Item } = await dynamo.client.send(new GetCommand({ TableName: dynamo.tableName, Key }));
    delete process.env._X_AMZN_TRACE_ID;

    // Assess
    expect(Item).toEqual({ ...Key, said: 'hello' });
    expect(sent).toHaveLength(2);
    for (const headers of sent) {
      const names = Object.keys(headers).map((name) => name.toLowerCase());
      expect(names).not.toContain('x-amz-user-agent');
      expect(names).not.toContain('user-agent');
      expect(names).not.toContain('x-amzn-trace-id');
      // What shapes the request is still there.
      expect(names).toEqual(
        expect.arrayContaining(['content-type', 'x-amz-target', 'authorization']),
      );
    }
  });

  it('takes off middleware by names the SDK uses, so a rename cannot leave it on', () => {
    // Prepare: a client as the handlers build one in AWS, not trimmed.
    const untrimmed = new DynamoDBClient({ region: 'eu-west-2' });

    // Act
    const names = untrimmed.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
    untrimmed.destroy();

    // Assess
    for (const name of AWS_ONLY_MIDDLEWARE) expect(names).toContain(name);
  });
});
