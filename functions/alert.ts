/** Lambda handler: the `alert` step of every clock's state machine (see clock-steps.ts). */
import { AlertInput, alertWorkflowFailed } from './clock-steps.js';
import type { Dependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const alertHandler = (deps: Dependencies) =>
  lambda(deps, (event: unknown, d) => alertWorkflowFailed(AlertInput.parse(event), d), {
    metrics: true,
  });

export const handler = awsHandler(alertHandler);
