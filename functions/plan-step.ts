/** Lambda handler: the `plan-step` step of every clock's state machine (see clock-steps.ts). */
import { PlanInput, planStep } from './clock-steps.js';
import type { Dependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const planStepHandler = (deps: Dependencies) =>
  lambda(deps, (event: unknown, d) => planStep(PlanInput.parse(event), d));

export const handler = awsHandler(planStepHandler);
