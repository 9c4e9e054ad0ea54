import { Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_DEPLOYMENT_CONFIG,
  parseDeploymentConfig,
  stageSettings,
} from '../../infra/config.js';
import { type HandlerModule, IroFunction } from '../../infra/constructs/iro-function.js';
import { offlineApp, removeOutdir } from '../../infra/offline.js';

const app = offlineApp();
afterAll(() => removeOutdir(app));

describe('IroFunction', () => {
  it('names the missing handler module rather than failing inside the bundler', () => {
    // Prepare: a stack with what every function needs.
    const stack = new Stack(app, 'Functions');
    const key = new Key(stack, 'Key');
    const stage = {
      table: { tableName: 'table', tableArn: 'arn:aws:dynamodb:eu-west-2:000000000000:table/t' },
      tableKey: key,
      settings: stageSettings(parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG), 'test'),
    };
    // Act, assess.
    expect(
      () =>
        new IroFunction(stack, 'Missing', {
          handler: 'not-written-yet' as HandlerModule,
          description: 'a handler nobody wrote',
          stage,
          logsKey: key,
        }),
    ).toThrow(
      "The Lambda handler functions/not-written-yet.ts does not exist: IroFunction 'Missing' bundles it",
    );
  });

  it('grants BatchWriteItem (puts and deletes alike) only on partitions it both writes and deletes', () => {
    // Prepare
    const stack = new Stack(app, 'Batches');
    const key = new Key(stack, 'Key');
    const stage = {
      table: { tableName: 'table', tableArn: 'arn:aws:dynamodb:eu-west-2:000000000000:table/t' },
      tableKey: key,
      settings: stageSettings(parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG), 'test'),
    };
    // Act, assess: it writes the notification log but may not delete from it
    expect(
      () =>
        new IroFunction(stack, 'WritesOnly', {
          handler: 'ses-feedback',
          description: 'marks claims sent',
          stage,
          logsKey: key,
          data: { writes: ['notification'], batchWrites: ['notification'] },
        }),
    ).toThrow("IroFunction 'WritesOnly': batchWrites names notification");
  });
});
