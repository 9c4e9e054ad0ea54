/** What the DynamoDB adapters share: paging through a Query, reading a failed condition, instants as keys. */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** Options every adapter takes: tests shrink the page to prove pagination. */
export interface AdapterOptions {
  /** Items per Query page (DynamoDB's own limit, 1 MB, applies anyway). */
  readonly pageSize?: number;
}

export type Item = Record<string, unknown>;

/** Every item a Query matches, following LastEvaluatedKey: a page boundary must never hide an item. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: AdapterOptions = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        ...input,
        ...(options.pageSize === undefined ? {} : { Limit: options.pageSize }),
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** A write whose condition did not hold: the expected outcome of a lost race, not a fault. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * An ISO instant rewritten in UTC with milliseconds, so instants written with any
 * offset sort as strings in time order (keys and lease comparisons rely on it).
 */
export function utcInstant(instant: string): string {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`not an ISO instant: ${JSON.stringify(instant)}`);
  return new Date(millis).toISOString();
}

/**
 * JSON with object keys sorted at every depth and undefined members dropped: two
 * bodies are the same event exactly when these strings are equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member !== null && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : member,
  );
}

/** A plain copy without undefined members: items never depend on the client's marshalling options. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export const str = (item: Item, name: string): string | undefined => {
  const value = item[name];
  return typeof value === 'string' ? value : undefined;
};

export const num = (item: Item, name: string): number | undefined => {
  const value = item[name];
  return typeof value === 'number' ? value : undefined;
};
