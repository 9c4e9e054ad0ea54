/** Lambda handler: the `alert` step of every clock's state machine (see clock-steps.ts). */

import { sesAlerts } from './aws/ses.js';
import { AlertInput, alertWorkflowFailed } from './shared/clock-steps.js';
import { type Needs, observability } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export const alertHandler = (deps: Needs<'alerts'>) =>
  lambda(deps, (event: unknown, d) => alertWorkflowFailed(AlertInput.parse(event), d), {
    metrics: true,
  });

export const handler = awsHandler(alertHandler, () => ({
  ...observability(),
  ...sesAlerts(),
}));
