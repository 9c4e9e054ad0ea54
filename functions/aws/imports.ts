/**
 * The uploads' DynamoDB port, on the low-level client: the imports handler carries the
 * CSV reader and the mapping, so it leaves out the adapters it never calls and the
 * document client's marshalling, to stay within its bundle budget
 * (test/infra/bundles.test.ts); import-chunk adds it to the others, and no other
 * handler carries it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoImportStore } from '../adapters/dynamodb/import-store.js';
import { type Dependencies, required } from '../shared/dependencies.js';

export function importStoreDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'imports'> {
  return { imports: dynamoImportStore(new DynamoDBClient({}), required(env, 'TABLE_NAME')) };
}
