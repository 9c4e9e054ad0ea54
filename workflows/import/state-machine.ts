/**
 * The import of an SSDA903 upload: every chunk of its events recorded by the
 * import-chunk function, a few side by side (each chunk holds whole children, so no
 * child's events race), then the upload marked done. A chunk that still fails after
 * its retries marks the upload failed and fails the execution, whose alarm tells the
 * duty inbox; importing the same files again records only what is missing.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Fail,
  type IChainable,
  JsonPath,
  Map as MapState,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { retryIdempotent } from '../clock-loop.js';

/**
 * Chunks recorded at once: each records its children eight at a time, so about 32
 * children's logs are written side by side, well within DynamoDB's and Step Functions'
 * rates, and a return of 90,000 events (360 chunks) is in within minutes.
 */
export const CHUNKS_IN_FLIGHT = 4;

/** Where the execution's input lists the chunk numbers. */
export const CHUNKS_PATH = '$.chunks';

const importId = JsonPath.stringAt('$.importId');

/**
 * What the finishing step throws when another attempt holds the import summary's claim
 * (functions/import/summary.ts): one that died mid-send, most likely. Retried once the
 * claim's lease (150 s, functions/shared/dependencies.ts) has run out, when the retry
 * takes it over, so the summary is not lost; test/infra/lease.test.ts holds the two apart.
 */
export const SUMMARY_HELD_ERROR = 'ImportSummaryHeld';
export const SUMMARY_HELD_RETRY_SECONDS = 151;

export function importDefinition(scope: Construct, importChunk: IFunction): IChainable {
  // Recording a chunk again stores nothing twice (eventId claims): safe to retry. The
  // finishing steps first wait out a summary's claim another attempt holds.
  const invoke = (name: string, payload: Record<string, unknown>, finishing = false) => {
    const task = new LambdaInvoke(scope, name, {
      lambdaFunction: importChunk,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject(payload),
      resultPath: JsonPath.DISCARD,
    });
    if (finishing) {
      task.addRetry({
        errors: [SUMMARY_HELD_ERROR],
        interval: Duration.seconds(SUMMARY_HELD_RETRY_SECONDS),
        backoffRate: 1,
        maxAttempts: 2,
      });
    }
    return retryIdempotent(task);
  };

  const markFailed = invoke(
    'Mark the import failed',
    { importId, finish: 'failed', error: JsonPath.stringAt('$.error.Error') },
    true,
  ).next(
    new Fail(scope, 'Import stopped', {
      error: 'ImportFailed',
      cause:
        'A chunk could not be recorded: the upload is marked failed; importing it again records what is missing.',
    }),
  );

  const everyChunk = new MapState(scope, 'Record every chunk of events', {
    itemsPath: CHUNKS_PATH,
    maxConcurrency: CHUNKS_IN_FLIGHT,
    itemSelector: { importId, chunk: JsonPath.numberAt('$$.Map.Item.Value') },
    resultPath: JsonPath.DISCARD,
  });
  everyChunk.itemProcessor(
    invoke('Record a chunk of events', { importId, chunk: JsonPath.numberAt('$.chunk') }),
  );
  everyChunk.addCatch(markFailed, { errors: ['States.ALL'], resultPath: '$.error' });

  const markDone = invoke('Mark the import done', { importId, finish: 'done' }, true);
  markDone.addCatch(markFailed, { errors: ['States.ALL'], resultPath: '$.error' });
  return everyChunk.next(markDone).next(new Succeed(scope, 'Imported'));
}
