/** Lambda handler: the `close-clock` step of every clock's state machine (see clock-steps.ts). */
import { CloseInput, closeClock } from './clock-steps.js';
import type { Dependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const closeClockHandler = (deps: Dependencies) =>
  lambda(deps, (event: unknown, d) => closeClock(CloseInput.parse(event), d));

export const handler = awsHandler(closeClockHandler);
