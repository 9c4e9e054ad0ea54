/** Lambda handler: the `plan-step` step of every clock's state machine (see clock-steps.ts). */

import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoFiguresStore } from './adapters/dynamodb/figures-store.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { PlanInput, type PlanNeeds, planStep } from './shared/clock-steps.js';
import { baseDependencies } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export const planStepHandler = (deps: PlanNeeds) =>
  lambda(deps, (event: unknown, d) => planStep(PlanInput.parse(event), d));

export const handler = awsHandler(planStepHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    events: dynamoEventStore,
    heads: dynamoClockHeads,
    board: dynamoObligationBoard,
    notifications: dynamoNotificationLog,
    figures: dynamoFiguresStore,
  }),
}));
