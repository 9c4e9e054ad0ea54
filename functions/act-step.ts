/** Lambda handler: the `act-step` step of every clock's state machine (see clock-steps.ts). */
import { ActInput, actStep } from './clock-steps.js';
import type { Dependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const actStepHandler = (deps: Dependencies) =>
  lambda(deps, (event: unknown, d) => actStep(ActInput.parse(event), d), { metrics: true });

export const handler = awsHandler(actStepHandler);
