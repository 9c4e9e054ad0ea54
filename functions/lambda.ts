/**
 * What every Lambda handler shares: the invocation's context on its log lines, its
 * metrics flushed when it ends, and dependencies built once per container on first use
 * (not at import, so the local runtime and tests can build their own).
 */
import type { Context } from 'aws-lambda';
import type { Needs } from './dependencies.js';
import { withSourceStack } from './source-maps.js';

export type Handler<In, Out> = (event: In, context: Context) => Promise<Out>;

/**
 * Wraps a step over dependencies as a Lambda handler: logging with the invocation's
 * context and, for the steps that count something, the metrics flushed after each call,
 * whether it returned or threw.
 */
export function lambda<D extends Needs<never>, In, Out>(
  deps: D,
  step: (event: In, deps: D) => Promise<Out>,
  options: { metrics?: boolean } = {},
): Handler<In, Out> {
  return async (event, context) => {
    deps.logger.addContext(context);
    try {
      return await step(event, deps);
    } finally {
      if (options.metrics) deps.metrics.flush();
    }
  };
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
