/** The DynamoDB ports, on one document client for the container's life. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Dependencies, required } from '../shared/dependencies.js';

export type DynamoPort =
  | 'events'
  | 'heads'
  | 'staff'
  | 'notifications'
  | 'board'
  | 'erasure'
  | 'viewsLinks'
  | 'figures';
type Adapter<P> = (client: DynamoDBDocumentClient, tableName: string) => P;
type Adapters = { readonly [K in DynamoPort]?: Adapter<Dependencies[K]> };

/**
 * The DynamoDB ports a handler names, each from the adapter given for it, on one
 * document client: a handler imports only the adapters it uses, so its bundle and its
 * cold start carry no other.
 */
export function dynamoPorts<A extends Adapters>(
  adapters: A,
  env: NodeJS.ProcessEnv = process.env,
): { [K in keyof A]: A[K] extends Adapter<infer P> ? P : never } {
  const table = required(env, 'TABLE_NAME');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return Object.fromEntries(
    Object.entries(adapters).map(([port, adapter]) => [port, adapter(documents, table)]),
  ) as { [K in keyof A]: A[K] extends Adapter<infer P> ? P : never };
}
