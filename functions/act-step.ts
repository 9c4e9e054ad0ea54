/** Lambda handler: the `act-step` step of every clock's state machine (see clock-steps.ts). */

import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sesDependencies } from './aws/ses.js';
import { ActInput, type ActNeeds, actStep } from './shared/clock-steps.js';
import { baseDependencies } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export const actStepHandler = (deps: ActNeeds) =>
  lambda(deps, (event: unknown, d) => actStep(ActInput.parse(event), d), { metrics: true });

export const handler = awsHandler(actStepHandler, () => ({
  ...baseDependencies(),
  // An answered dispute's email links to its page in the tray.
  workTrayUrl: process.env.WORK_TRAY_URL ?? '',
  ...dynamoPorts({
    events: dynamoEventStore,
    staff: dynamoStaffDirectory,
    notifications: dynamoNotificationLog,
  }),
  ...sesDependencies(),
}));
