/** Every port at once, from the environment: for checks of the deployed configuration. */
import { dynamoClockHeads } from '../adapters/dynamodb/clock-heads.js';
import { dynamoErasure } from '../adapters/dynamodb/erasure.js';
import { dynamoEventStore } from '../adapters/dynamodb/event-store.js';
import { dynamoFiguresStore } from '../adapters/dynamodb/figures-store.js';
import { dynamoNotificationLog } from '../adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from '../adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from '../adapters/dynamodb/staff-directory.js';
import { dynamoViewsLinks } from '../adapters/dynamodb/views-links.js';
import { baseDependencies, type Dependencies } from '../shared/dependencies.js';
import { type DynamoPort, dynamoPorts } from './dynamodb.js';
import { importStoreDependencies } from './imports.js';
import { sesDependencies, sesImportSummary, sesMorningListDependencies, sesSafety } from './ses.js';
import { sfnDependencies } from './sfn.js';

export function awsDependencies(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Dependencies> = {},
): Dependencies {
  return {
    ...baseDependencies(env),
    ...dynamoDependencies(env),
    ...importStoreDependencies(env),
    ...sesDependencies(env),
    safetyMail: sesSafety(env).safetyMail,
    ...sesMorningListDependencies(env),
    ...sesImportSummary(env),
    workTrayUrl: env.WORK_TRAY_URL ?? '',
    ...sfnDependencies(env),
    ...overrides,
  };
}

/** Every DynamoDB port. */
export function dynamoDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, DynamoPort> {
  return dynamoPorts(
    {
      events: dynamoEventStore,
      heads: dynamoClockHeads,
      staff: dynamoStaffDirectory,
      notifications: dynamoNotificationLog,
      board: dynamoObligationBoard,
      erasure: dynamoErasure,
      viewsLinks: dynamoViewsLinks,
      figures: dynamoFiguresStore,
    },
    env,
  );
}
