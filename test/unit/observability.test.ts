/**
 * The handlers' logs and metrics are Powertools', in the shapes the alarms, Lambda's
 * log-level filter and anyone searching the logs rely on: one JSON line per call with
 * Powertools' keys, and one EMF document per invocation in the namespace, with the
 * dimension and metric names the alarms read; lambda() frames each handler in middy.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Needs } from '../../functions/dependencies.js';
import { lambda } from '../../functions/lambda.js';
import { Logger, type LogLevel, Metrics } from '../../functions/observability.js';

const NOW = '2026-12-02T10:30:00.000Z';

const CONTEXT = {
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:iro-act-step',
  memoryLimitInMB: '512',
  functionName: 'iro-act-step',
  awsRequestId: 'request-1',
} as Context;

/** A logger keeping its lines, each parsed, with the level it was written at. */
function recording(level?: LogLevel) {
  const lines: { line: Record<string, unknown>; level: LogLevel }[] = [];
  const logger = new Logger({
    ...(level === undefined ? {} : { level }),
    write: (line, at) => lines.push({ line: JSON.parse(line), level: at }),
  });
  return { lines, logger };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', undefined);
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('Logger', () => {
  it('writes the level, message, timestamp and service, then the attributes', () => {
    // Prepare
    const { lines, logger } = recording();

    // Act
    logger.info('acted', { clock: 'reviews-0123456789ab', sent: 2 });

    // Assess: the keys in Powertools' order, with no invocation yet.
    expect(lines).toEqual([
      {
        level: 'INFO',
        line: {
          level: 'INFO',
          message: 'acted',
          timestamp: NOW,
          service: 'iro-workflows',
          sampling_rate: 0,
          clock: 'reviews-0123456789ab',
          sent: 2,
        },
      },
    ]);
    expect(Object.keys(lines[0]?.line ?? {})).toEqual([
      'level',
      'message',
      'timestamp',
      'service',
      'sampling_rate',
      'clock',
      'sent',
    ]);
  });

  it("adds the invocation's context and X-Ray trace, a cold start only on an on-demand container's first", () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    vi.stubEnv(
      '_X_AMZN_TRACE_ID',
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557ab;Sampled=1',
    );
    const { lines, logger } = recording();

    // Act
    logger.addContext(CONTEXT);
    logger.warn('first');
    logger.addContext({ ...CONTEXT, awsRequestId: 'request-2' });
    logger.warn('second');

    // Assess
    const context = {
      function_arn: 'arn:aws:lambda:eu-west-2:000000000000:function:iro-act-step',
      function_memory_size: '512',
      function_name: 'iro-act-step',
      sampling_rate: 0,
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
    };
    expect(lines.map((l) => l.line)).toEqual([
      {
        level: 'WARN',
        message: 'first',
        timestamp: NOW,
        service: 'iro-workflows',
        cold_start: true,
        function_request_id: 'request-1',
        ...context,
      },
      {
        level: 'WARN',
        message: 'second',
        timestamp: NOW,
        service: 'iro-workflows',
        cold_start: false,
        function_request_id: 'request-2',
        ...context,
      },
    ]);
  });

  it('is no cold start on a provisioned container', () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'provisioned-concurrency');
    const { lines, logger } = recording();

    // Act
    logger.addContext(CONTEXT);
    logger.info('first');

    // Assess
    expect(lines[0]?.line.cold_start).toBe(false);
  });

  it('leaves empty values off, writes an error as its name, message and stack, and a bigint as text', () => {
    // Prepare
    const { lines, logger } = recording();
    const error = new TypeError('no such clock');

    // Act
    logger.error('failed', { reason: '', code: null, missing: undefined, error, items: 3n });

    // Assess
    expect(lines[0]?.line).toEqual({
      level: 'ERROR',
      message: 'failed',
      timestamp: NOW,
      service: 'iro-workflows',
      sampling_rate: 0,
      error: {
        name: 'TypeError',
        location: expect.any(String),
        message: 'no such clock',
        stack: error.stack,
      },
      items: '3',
    });
  });

  it('leaves out a circular reference instead of throwing', () => {
    // Prepare
    const { lines, logger } = recording();
    const loop: Record<string, unknown> = { name: 'a' };
    loop.self = loop;

    // Act
    logger.info('loop', { loop });

    // Assess
    expect(lines[0]?.line.loop).toEqual({ name: 'a' });
  });

  // Levels: TRACE 6 < DEBUG 8 < INFO 12 < WARN 16 < ERROR 20 < FATAL 24 < SILENT 28.
  it.each<[string, LogLevel | undefined, string | undefined, LogLevel[]]>([
    ['INFO by default', undefined, undefined, ['INFO', 'WARN', 'ERROR']],
    ["Lambda's level (applicationLogLevelV2)", undefined, 'WARN', ['WARN', 'ERROR']],
    ["Lambda's DEBUG", undefined, 'DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ["Lambda's FATAL: none of ours", undefined, 'FATAL', []],
    // Powertools' rule: Lambda's level filters the lines anyway, so it wins (with a warning).
    ['Lambda’s, over the level given', 'ERROR', 'DEBUG', ['DEBUG', 'INFO', 'WARN', 'ERROR']],
    ['SILENT', 'SILENT', undefined, []],
  ])('writes at %s', (_name, level, lambdaLevel, written) => {
    // Prepare
    if (lambdaLevel !== undefined) vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', lambdaLevel);
    const { lines, logger } = recording(level);

    // Act
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    // Assess
    expect(lines.map((l) => l.line.level)).toEqual(written);
  });

  it('writes debug and info lines to stdout, warnings and errors to stderr', () => {
    // Prepare
    const stdout = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const logger = new Logger({ level: 'DEBUG' });

    // Act
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');

    // Assess: one line each, ended by a newline.
    const levels = (spy: typeof stdout) =>
      spy.mock.calls.map(([chunk]) => {
        expect(String(chunk).endsWith('}\n')).toBe(true);
        return JSON.parse(String(chunk)).level;
      });
    expect(levels(stdout)).toEqual(['DEBUG', 'INFO']);
    expect(levels(stderr)).toEqual(['WARN', 'ERROR']);
  });
});

describe('Metrics', () => {
  /** Metrics that keep each document they write. */
  function recordingMetrics() {
    const documents: Record<string, unknown>[] = [];
    const metrics = new Metrics({ write: (line) => documents.push(JSON.parse(line)) });
    return { documents, metrics };
  }

  it('writes one EMF document per flush, in the namespace with the service dimension', () => {
    // Prepare
    const { documents, metrics } = recordingMetrics();

    // Act
    metrics.addMetric('RemindersSent', 'Count', 2);
    metrics.addMetric('RemindersUnfilled', 'Count', 0);
    metrics.flush();

    // Assess: as CloudWatch's embedded metric format reads it.
    expect(documents).toEqual([
      {
        _aws: {
          Timestamp: Date.parse(NOW),
          CloudWatchMetrics: [
            {
              Namespace: 'IroWorkflows',
              Dimensions: [['service']],
              Metrics: [
                { Name: 'RemindersSent', Unit: 'Count' },
                { Name: 'RemindersUnfilled', Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'iro-workflows',
        RemindersSent: 2,
        RemindersUnfilled: 0,
      },
    ]);
  });

  it('keeps every value of a metric counted more than once, and starts afresh after a flush', () => {
    // Prepare
    const { documents, metrics } = recordingMetrics();

    // Act
    metrics.addMetric('EventsRecorded', 'Count', 1);
    metrics.addMetric('EventsRecorded', 'Count', 1);
    metrics.addMetric('EventsRejected', 'Count', 1);
    metrics.flush();
    metrics.addMetric('EventsRecorded', 'Count', 1);
    metrics.flush();

    // Assess
    expect(documents.map(({ _aws, ...values }) => values)).toEqual([
      { service: 'iro-workflows', EventsRecorded: [1, 1], EventsRejected: 1 },
      { service: 'iro-workflows', EventsRecorded: 1 },
    ]);
  });

  it('writes nothing when nothing was counted', () => {
    // Prepare
    const { documents, metrics } = recordingMetrics();

    // Act
    metrics.flush();

    // Assess
    expect(documents).toEqual([]);
    expect(metrics.document()).toBeUndefined();
  });

  it("writes a metric's 100th value at once: CloudWatch takes at most 100 values of one metric", () => {
    // Prepare
    const { documents, metrics } = recordingMetrics();

    // Act: 100 values, then one more.
    for (let i = 0; i < 101; i++) metrics.addMetric('EventsRecorded', 'Count', 1);
    metrics.flush();

    // Assess
    expect(documents.map((d) => d.EventsRecorded)).toEqual([Array(100).fill(1), 1]);
  });
});

describe('lambda', () => {
  function deps() {
    const lines: Record<string, unknown>[] = [];
    const documents: Record<string, unknown>[] = [];
    const needs: Needs<never> = {
      logger: new Logger({ write: (line) => lines.push(JSON.parse(line)) }),
      metrics: new Metrics({ write: (line) => documents.push(JSON.parse(line)) }),
    };
    return { lines, documents, needs };
  }

  it("logs with the invocation's context and flushes the metrics it counted", async () => {
    // Prepare
    const { lines, documents, needs } = deps();
    const handler = lambda(
      needs,
      async (event: { n: number }, d) => {
        d.logger.info('step');
        d.metrics.addMetric('WorkflowsStopped', 'Count', event.n);
        return event.n;
      },
      { metrics: true },
    );

    // Act
    const result = await handler({ n: 1 }, CONTEXT);

    // Assess
    expect(result).toBe(1);
    expect(lines[0]).toMatchObject({ message: 'step', function_request_id: 'request-1' });
    expect(documents.map((d) => d.WorkflowsStopped)).toEqual([1]);
  });

  it('flushes the metrics when the step throws, and throws its error', async () => {
    // Prepare
    const { documents, needs } = deps();
    const handler = lambda(
      needs,
      async (_event: unknown, d) => {
        d.metrics.addMetric('EventsRejected', 'Count', 1);
        throw new Error('refused');
      },
      { metrics: true },
    );

    // Act / Assess
    await expect(handler({}, CONTEXT)).rejects.toThrow('refused');
    expect(documents.map((d) => d.EventsRejected)).toEqual([1]);
  });

  it('publishes a ColdStart metric on an on-demand container’s first invocation only, by function name', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { documents, needs } = deps();
    const handler = lambda(needs, async () => undefined);

    // Act
    await handler({}, CONTEXT);
    await handler({}, { ...CONTEXT, awsRequestId: 'request-2' });

    // Assess: one document, with the function's name as a dimension beside the service
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      ColdStart: 1,
      service: 'iro-workflows',
      function_name: 'iro-act-step',
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'IroWorkflows',
            Dimensions: [['service', 'function_name']],
            Metrics: [{ Name: 'ColdStart', Unit: 'Count' }],
          },
        ],
      },
    });
  });

  it('writes the request id as the correlation id on every line of the request, and only of it', async () => {
    // Prepare: two requests at once in one process, as the local system runs them,
    // each writing a line, then waiting for the other to write, then writing again
    const { lines, needs } = deps();
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    const handler = lambda(needs, async (_event: { requestContext: object }, d) => {
      d.logger.info('recorded');
      if (++started === 2) release();
      await bothStarted;
      d.logger.warn('refused', { field: 'date' });
    });

    // Act
    await Promise.all([
      handler({ requestContext: { requestId: 'api-request-1' } }, CONTEXT),
      handler({ requestContext: { requestId: 'api-request-2' } }, CONTEXT),
    ]);
    needs.logger.info('outside any request');

    // Assess
    expect(lines.map((l) => [l.message, l.correlation_id])).toEqual([
      ['recorded', 'api-request-1'],
      ['recorded', 'api-request-2'],
      ['refused', 'api-request-1'],
      ['refused', 'api-request-2'],
      ['outside any request', undefined],
    ]);
  });

  it('ends an invocation about to time out, flushing what it counted', async () => {
    // Prepare: 600 ms left, of which middy keeps 500 to end the invocation
    const { documents, needs } = deps();
    const handler = lambda(needs, async (_event: unknown, d) => {
      d.metrics.addMetric('RemindersSent', 'Count', 1);
      await new Promise(() => {});
    });
    const deadline = Date.now() + 600;

    // Act / Assess
    vi.useRealTimers();
    await expect(
      handler({}, { ...CONTEXT, getRemainingTimeInMillis: () => deadline - Date.now() }),
    ).rejects.toThrow('aborted');
    expect(documents.map((d) => d.RemindersSent).filter((v) => v !== undefined)).toEqual([1]);
  });
});
