/**
 * A real DynamoDB API on one machine: dynalite in this process, in memory (or on disk in
 * a directory, for `npm start -- --serve` to keep its data between runs), on a free
 * port. Integration and end-to-end tests point the real adapters at it, exactly as
 * handlers point them at DynamoDB; only the endpoint differs.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from '../../../functions/adapters/dynamodb/table.js';
import { forLocalEngine, InProcessHandler, type RequestListener } from './in-process.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}

// dynalite ships no types: this is the one call we make.
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;

/**
 * dynalite 4 ends the stream behind each Query by calling its iterator's `return()`,
 * which abstract-level 3 iterators do not have (they have `close()`), so no iterator was
 * ever closed: each stayed registered with the database, holding a snapshot of the
 * in-memory tree, and a long replay kept every value ever written (1 GB by a few
 * thousand events). Giving the iterators `return()` lets dynalite close them as it means to.
 */
function closeDynaliteIterators(): void {
  const level = createRequire(require.resolve('dynalite'))('abstract-level') as Record<
    string,
    { prototype: { close(): Promise<void> } }
  >;
  for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
    const prototype = level[name]?.prototype;
    if (!prototype || 'return' in prototype) continue;
    Object.defineProperty(prototype, 'return', {
      configurable: true,
      writable: true,
      value(this: { close(): Promise<void> }) {
        return this.close();
      },
    });
  }
}
closeDynaliteIterators();

/**
 * memory-level keeps the Buffers it is given as its keys and values, and those are
 * small views into Node's shared allocation pool: each stored key or value kept a whole
 * pool slab (64 KB) alive, so a replay of 100 children held 165 MB of slabs for a few
 * MB of data, and memory grew with every item written. Storing an exact copy of each
 * keeps only the bytes. Same keys, same order (the copies are byte for byte).
 */
function storeExactCopies(): void {
  const { MemoryLevel } = createRequire(require.resolve('dynalite'))('memory-level') as {
    MemoryLevel: {
      prototype: {
        _put(key: unknown, value: unknown, options: unknown): Promise<void>;
        _batch(operations: readonly Record<string, unknown>[], options: unknown): Promise<void>;
      };
    };
  };
  const exact = (data: unknown) =>
    ArrayBuffer.isView(data) && data.byteLength < data.buffer.byteLength
      ? Buffer.from(Uint8Array.prototype.slice.call(data).buffer)
      : data;
  const { prototype } = MemoryLevel;
  const copying = Symbol.for('iro.memory-level.exact-copies');
  if (copying in prototype) return;
  Object.defineProperty(prototype, copying, { value: true });
  const put = prototype._put;
  prototype._put = function (key, value, options) {
    return put.call(this, exact(key), exact(value), options);
  };
  const batch = prototype._batch;
  prototype._batch = function (operations, options) {
    return batch.call(
      this,
      operations.map((op) =>
        op.type === 'put' ? { ...op, key: exact(op.key), value: exact(op.value) } : op,
      ),
      options,
    );
  };
}
storeExactCopies();

export interface StartOptions {
  /** Create the single table (default true); name it with `tableName` or get a unique name. */
  readonly createTable?: boolean;
  readonly tableName?: string;
  /** Keep the data in this directory (LevelDB) instead of memory; an existing table is kept. */
  readonly path?: string;
}

export interface LocalDynamo {
  /** For clients of other processes or other SDK settings (`AWS_ENDPOINT_URL_DYNAMODB`). */
  readonly endpoint: string;
  /** The document client the adapters take; it reaches the engine in-process, not over a socket. */
  readonly client: DynamoDBDocumentClient;
  /** The table created at start (or the name one would be created under). */
  readonly tableName: string;
  /** Another table of the same design, for a test that wants one to itself; returns its name. */
  createTable(tableName?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The region and credentials a local engine accepts: any will do, none is real. */
export const LOCAL_CLIENT_CONFIG = {
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

/**
 * dynalite wants a SigV4 Authorization header but never checks the signature, and the
 * credentials are dummies anyway: this writes a well-formed one without the hashing,
 * which was a tenth of a long replay's time. Requests are otherwise the SDK's own.
 */
const UNCHECKED_SIGNER = {
  async sign<R extends { headers: Record<string, string> }>(request: R): Promise<R> {
    request.headers['x-amz-date'] = '20000101T000000Z';
    request.headers.authorization =
      'AWS4-HMAC-SHA256 Credential=local/20000101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=unchecked';
    return request;
  },
};

const uniqueTableName = () => `iro-${randomUUID()}`;

async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`table ${tableName} did not become active`);
}

async function exists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Starts dynalite on a free port and, unless told not to, creates the table. */
export async function startDynalite(options: StartOptions = {}): Promise<LocalDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path === undefined ? {} : { path: options.path }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  // The client hands requests to the engine in this process: same requests, same engine,
  // no loopback socket (the endpoint still serves clients of other processes).
  const inProcess = new InProcessHandler(server.listeners('request')[0] as RequestListener);
  const raw = forLocalEngine(
    new DynamoDBClient({
      ...LOCAL_CLIENT_CONFIG,
      endpoint,
      requestHandler: inProcess,
      signer: UNCHECKED_SIGNER,
    }),
  );
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true },
  });

  const createTable = async (tableName = uniqueTableName()) => {
    await raw.send(new CreateTableCommand(createTableInput(tableName)));
    await untilActive(raw, tableName);
    return tableName;
  };

  const tableName = options.tableName ?? uniqueTableName();
  // In memory the table is new; on disk it may be there from an earlier run.
  const kept = options.path !== undefined && (await exists(raw, tableName));
  if ((options.createTable ?? true) && !kept) await createTable(tableName);

  return {
    endpoint,
    client,
    tableName,
    createTable,
    async stop() {
      await inProcess.drain();
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
