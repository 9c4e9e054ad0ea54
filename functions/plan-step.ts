/** Lambda handler: the `plan-step` step of every clock's state machine (see clock-steps.ts). */

import { dynamoDependencies } from './aws/dynamodb.js';
import { PlanInput, type PlanNeeds, planStep } from './clock-steps.js';
import { baseDependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const planStepHandler = (deps: PlanNeeds) =>
  lambda(deps, (event: unknown, d) => planStep(PlanInput.parse(event), d));

export const handler = awsHandler(planStepHandler, () => ({
  ...baseDependencies(),
  ...dynamoDependencies(),
}));
