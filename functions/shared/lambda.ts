/**
 * What every Lambda handler shares: middy as its frame, with Powertools' middlewares
 * (the invocation's context on every log line, the metrics flushed when it ends,
 * returned, threw or about to time out, and a ColdStart metric), the request's
 * correlation id on every line and passed to the workflows it starts or wakes, and
 * dependencies built once per container on first use (not at import, so the local
 * runtime and tests can build their own).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Mailer, MorningListMailer, WorkflowSignals } from '../adapters/ports.js';
import { CORRELATION_TAG_NAME, correlationOfTag } from '../adapters/send-tag.js';
import type { Needs } from './dependencies.js';
import type { Logger } from './observability.js';
import { withSourceStack } from './source-maps.js';

export type Handler<In, Out> = (event: In, context: Context) => Promise<Out>;

/** Time kept back before Lambda's timeout, for middy to end the invocation and flush. */
const TIMEOUT_EARLY_MS = 500;

/**
 * The id that ties one request together: API Gateway's request id (which the events it
 * records store as `requestId`), the id a workflow step was given by the request that
 * started or woke its execution, an import's `import/<id>` (its events' requestId), or,
 * for SES's Send event of an email (through SNS), the id of the request it was sent for.
 */
export function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as {
    requestContext?: { requestId?: unknown };
    correlationId?: unknown;
    importId?: unknown;
    Records?: unknown;
  };
  if (typeof e.requestContext?.requestId === 'string') return e.requestContext.requestId;
  if (typeof e.correlationId === 'string') return e.correlationId;
  if (typeof e.importId === 'string') return `import/${e.importId}`;
  if (Array.isArray(e.Records) && e.Records.length === 1) return sentForRequest(e.Records[0]);
  return undefined;
}

/** The correlation tag of the SES event in one SNS record, if it carries one. */
function sentForRequest(record: unknown): string | undefined {
  const message = (record as { Sns?: { Message?: unknown } } | undefined)?.Sns?.Message;
  if (typeof message !== 'string' || !message.includes(CORRELATION_TAG_NAME)) return undefined;
  try {
    const tags = (JSON.parse(message) as { mail?: { tags?: Record<string, unknown> } }).mail?.tags;
    const [value] = Array.isArray(tags?.[CORRELATION_TAG_NAME]) ? tags[CORRELATION_TAG_NAME] : [];
    return typeof value === 'string' ? correlationOfTag(value) : undefined;
  } catch {
    return undefined;
  }
}

/** Signals that hand `correlationId` to each execution they start or wake. */
function correlatedSignals(signals: WorkflowSignals, correlationId: string): WorkflowSignals {
  return {
    wake: (token) => signals.wake(token, correlationId),
    start: (workflow, name, input) => signals.start(workflow, name, { ...input, correlationId }),
  };
}

/** Mailers that tag each email with `correlationId`, for the ses-feedback lines its Send event causes. */
function correlatedMail<M extends Mailer | MorningListMailer>(mailer: M, correlationId: string): M {
  return {
    send: (email: Parameters<M['send']>[0]) => mailer.send({ ...email, correlationId } as never),
  } as M;
}

/**
 * The dependencies of one invocation: a child logger that writes `correlationId` on
 * every line, and signals and mailers that pass it on. A child per invocation, so
 * invocations that run at once in one process (the local system) never write each
 * other's id.
 */
export function forInvocation<D extends Needs<never>>(
  deps: D,
  correlationId: string | undefined,
): D {
  if (correlationId === undefined) return deps;
  const logger = deps.logger.createChild() as Logger;
  logger.setCorrelationId(correlationId);
  const { signals, mailer, morningLists } = deps as {
    signals?: WorkflowSignals;
    mailer?: Mailer;
    morningLists?: MorningListMailer;
  };
  return {
    ...deps,
    logger,
    ...(signals ? { signals: correlatedSignals(signals, correlationId) } : {}),
    ...(mailer ? { mailer: correlatedMail(mailer, correlationId) } : {}),
    ...(morningLists ? { morningLists: correlatedMail(morningLists, correlationId) } : {}),
  };
}

/** Options of {@link lambda}. */
export interface LambdaOptions {
  /**
   * Once: whether the step counts something. Every handler now publishes its metrics
   * (and the ColdStart one) through logMetrics; kept so handler files need not change.
   */
  readonly metrics?: boolean;
}

/** Wraps a step over dependencies as a Lambda handler, in middy with Powertools' middlewares. */
export function lambda<D extends Needs<never>, In, Out>(
  deps: D,
  step: (event: In, deps: D) => Promise<Out>,
  _options: LambdaOptions = {},
): Handler<In, Out> {
  const handler = middy<In, Out>(
    (event: In) => {
      const invocation = forInvocation(deps, correlationIdOf(event));
      // At DEBUG (or sampled): which requests reached which function, and nothing of the event.
      invocation.logger.debug('invoked');
      return step(event, invocation);
    },
    { timeoutEarlyInMillis: TIMEOUT_EARLY_MS },
  )
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
  return (event, context) => handler(event, context);
}

/**
 * The handler AWS calls: its dependencies composed from the environment on the first
 * invocation, from only the ports it uses. An error it reports to Lambda names source
 * lines, not the bundle's (the source map is read then, not at start).
 */
export function awsHandler<D, In, Out>(
  make: (deps: D) => Handler<In, Out>,
  compose: () => D,
): Handler<In, Out> {
  let handler: Handler<In, Out> | undefined;
  return async (event, context) => {
    try {
      handler ??= make(compose());
      return await handler(event, context);
    } catch (error) {
      throw withSourceStack(error);
    }
  };
}
