/**
 * What a local run would be billed for in AWS, counted where the work is done: state
 * transitions by the Step Functions runner, Lambda invocations and their duration by
 * the runtime that calls each handler, DynamoDB request units from the capacity the
 * engine reports for every request, SES messages from every accepted send, and API
 * requests by whatever stands in for the HTTP API. bench/replay.bench.ts turns these
 * into dollars; nothing here is estimated from the events.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One Lambda function's use: invocations and billed duration. */
export interface FunctionUsage {
  invocations: number;
  /** Each invocation rounded up to the millisecond, as Lambda bills. */
  billedMs: number;
  /**
   * CPU time of this whole process while the function's invocations ran (user and
   * system, ms): its handler, the SDK and the in-process engines it asked. Invocations
   * that overlap each count the other's; the morning list runs alone, once the
   * workflows have settled.
   */
  cpuMs: number;
  memoryMb: number;
}

export interface UsageCounts {
  readonly stateTransitions: number;
  readonly executions: number;
  readonly functions: Readonly<Record<string, Readonly<FunctionUsage>>>;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly dynamoReadUnits: number;
  readonly dynamoWriteUnits: number;
  readonly dynamoRequests: number;
  readonly dynamoOperations: Readonly<Record<string, number>>;
  /** Requests by the function that made them (`other`: the API, the replay's own reads). */
  readonly dynamoRequestsBy: Readonly<Record<string, number>>;
  readonly sesMessages: number;
  readonly apiRequests: number;
}

/** Counters a local runtime fills in as it runs. */
export class Usage {
  stateTransitions = 0;
  executions = 0;
  readonly functions: Record<string, FunctionUsage> = {};
  dynamoReadUnits = 0;
  dynamoWriteUnits = 0;
  dynamoRequests = 0;
  /** Requests by operation, to see where a run's calls go. */
  readonly dynamoOperations: Record<string, number> = {};
  /** Requests by the function whose invocation made them, to see which one to make cheaper. */
  readonly dynamoRequestsBy: Record<string, number> = {};
  /** The function whose invocation is running, for {@link dynamoRequestsBy}. */
  readonly running = new AsyncLocalStorage<string>();
  sesMessages = 0;
  apiRequests = 0;

  /** Counts one invocation of `name` that ran for `ms` (wall time on this machine). */
  invoked(name: string, memoryMb: number, ms: number, cpuMs = 0): void {
    const used = this.functions[name] ?? { invocations: 0, billedMs: 0, cpuMs: 0, memoryMb };
    this.functions[name] = used;
    used.invocations++;
    used.billedMs += Math.max(1, Math.ceil(ms));
    used.cpuMs += cpuMs;
  }

  /** Calls `run` as one invocation of function `name`, timing it. */
  async invocation<T>(name: string, memoryMb: number, run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const cpuAtStart = process.cpuUsage();
    try {
      return await this.running.run(name, run);
    } finally {
      const cpu = process.cpuUsage(cpuAtStart);
      this.invoked(name, memoryMb, performance.now() - start, (cpu.user + cpu.system) / 1000);
    }
  }

  counts(): UsageCounts {
    const functions = structuredClone(this.functions);
    const all = Object.values(functions);
    return {
      stateTransitions: this.stateTransitions,
      executions: this.executions,
      functions,
      lambdaInvocations: all.reduce((sum, f) => sum + f.invocations, 0),
      lambdaGbSeconds: all.reduce((sum, f) => sum + (f.memoryMb / 1024) * (f.billedMs / 1000), 0),
      dynamoReadUnits: this.dynamoReadUnits,
      dynamoWriteUnits: this.dynamoWriteUnits,
      dynamoRequests: this.dynamoRequests,
      dynamoOperations: { ...this.dynamoOperations },
      dynamoRequestsBy: { ...this.dynamoRequestsBy },
      sesMessages: this.sesMessages,
      apiRequests: this.apiRequests,
    };
  }
}

/** DynamoDB operations that consume write units; every other one the adapters make reads. */
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'BatchWriteCommand',
]);

interface Capacity {
  readonly CapacityUnits?: number;
}

/**
 * Asks the engine for the capacity each request consumes (`ReturnConsumedCapacity:
 * TOTAL`, which changes nothing else) and adds it up. A write refused by its condition
 * is billed too in AWS: at least one write unit, counted here as one.
 */
export function meterDynamo(client: DynamoDBDocumentClient, usage: Usage): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const write = WRITES.has(String(context.commandName));
      usage.dynamoRequests++;
      const operation = String(context.commandName).replace(/Command$/, '');
      usage.dynamoOperations[operation] = (usage.dynamoOperations[operation] ?? 0) + 1;
      const by = usage.running.getStore() ?? 'other';
      usage.dynamoRequestsBy[by] = (usage.dynamoRequestsBy[by] ?? 0) + 1;
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] })
          .ConsumedCapacity;
        const units = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        if (write) usage.dynamoWriteUnits += units;
        else usage.dynamoReadUnits += units;
        return result;
      } catch (error) {
        if (write && (error as Error).name === 'ConditionalCheckFailedException')
          usage.dynamoWriteUnits += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'localUsageMeter', priority: 'high' },
  );
}

/** Counts every message SES accepts, one a recipient as SES bills. */
export function meterSes(client: SESv2Client, usage: Usage): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'SendEmailCommand') {
        const to = (args.input as { Destination?: Record<string, string[] | undefined> })
          .Destination;
        const recipients = (to?.ToAddresses?.length ?? 0) + (to?.CcAddresses?.length ?? 0);
        usage.sesMessages += recipients + (to?.BccAddresses?.length ?? 0) || 1;
      }
      return result;
    },
    { step: 'initialize', name: 'localUsageMeter', priority: 'high' },
  );
}
