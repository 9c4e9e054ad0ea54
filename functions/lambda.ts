/**
 * What every Lambda handler shares: a middy chain with the Powertools logger, and
 * dependencies built once per container on first use (not at import, so the local
 * runtime and tests can build their own).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { awsDependencies, type Dependencies } from './dependencies.js';

export type Handler<In, Out> = (event: In, context: Context) => Promise<Out>;

/**
 * Wraps a step over dependencies as a Lambda handler: logging with the invocation's
 * context and, for the steps that count something, the metrics flushed after each call.
 */
export function lambda<In, Out>(
  deps: Dependencies,
  step: (event: In, deps: Dependencies) => Promise<Out>,
  options: { metrics?: boolean } = {},
): Handler<In, Out> {
  const handler = middy(async (event: In) => step(event, deps)).use(
    injectLambdaContext(deps.logger, { resetKeys: true }),
  );
  if (options.metrics) handler.use(logMetrics(deps.metrics));
  return handler as unknown as Handler<In, Out>;
}

/** The handler AWS calls: dependencies from the environment, created on the first invocation. */
export function awsHandler<In, Out>(
  make: (deps: Dependencies) => Handler<In, Out>,
): Handler<In, Out> {
  let handler: Handler<In, Out> | undefined;
  return (event, context) => {
    handler ??= make(awsDependencies());
    return handler(event, context);
  };
}
