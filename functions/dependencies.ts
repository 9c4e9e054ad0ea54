/**
 * Everything a handler needs, created once per Lambda container (cold start) from its
 * environment and injected, so tests and the local runtime pass the same adapters
 * pointed at the local engines, with their own clock.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseRecordUrl } from '../workflows/notifications/templates.js';
import type { Obligation } from '../workflows/obligations.js';
import { type CouncilSettings, councilSettings, DEFAULT_SETTINGS } from '../workflows/policy.js';
import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import type {
  ClockHeads,
  EventStore,
  Mailer,
  NotificationLog,
  ObligationBoard,
  StaffDirectory,
  UnitAlerts,
  WorkflowSignals,
} from './adapters/ports.js';
import { sesUnitAlerts } from './adapters/ses/alerts.js';
import { sesMailer } from './adapters/ses/mailer.js';
import { sfnSignals } from './adapters/sfn/signals.js';

export interface Dependencies {
  readonly events: EventStore;
  readonly heads: ClockHeads;
  readonly staff: StaffDirectory;
  readonly notifications: NotificationLog;
  readonly board: ObligationBoard;
  readonly mailer: Mailer;
  readonly alerts: UnitAlerts;
  readonly signals: WorkflowSignals;
  /** The current instant (ISO 8601): the local runtime passes its virtual clock. */
  readonly now: () => string;
  readonly settings: CouncilSettings;
  /** The link to the case record an email carries. */
  readonly caseRecordUrl: (obligation: Obligation) => string;
  readonly logger: Logger;
  /** Counts the unit's managers watch: reminders sent, events recorded and rejected. */
  readonly metrics: Metrics;
}

/** The deployment's settings, read from the environment the CDK stack sets. */
export interface Environment {
  readonly TABLE_NAME: string;
  readonly STATE_MACHINE_ARN_PREFIX: string;
  readonly FROM_ADDRESS: string;
  readonly ALERT_ADDRESS: string;
  readonly CASE_RECORD_URL_TEMPLATE: string;
  readonly UNIT_NAME: string;
  readonly CONFIGURATION_SET?: string;
  readonly COUNCIL_CONFIG?: string;
}

function required(env: NodeJS.ProcessEnv, name: keyof Environment): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Reads the council's configuration; a bad one stops the function at cold start, loudly. */
export function settingsFrom(json: string | undefined): CouncilSettings {
  if (!json) return DEFAULT_SETTINGS;
  const result = councilSettings(JSON.parse(json));
  if (!result.ok) {
    throw new Error(
      `COUNCIL_CONFIG is invalid: ${result.problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}`,
    );
  }
  return result.settings;
}

/** AWS clients, from the environment; endpoints come from AWS_ENDPOINT_URL_* where set (the local runtime). */
export function awsDependencies(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Dependencies> = {},
): Dependencies {
  const table = required(env, 'TABLE_NAME');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const ses = new SESv2Client({});
  const from = required(env, 'FROM_ADDRESS');
  const unitName = required(env, 'UNIT_NAME');
  const configurationSetName = env.CONFIGURATION_SET;
  const urlTemplate = required(env, 'CASE_RECORD_URL_TEMPLATE');
  return {
    events: dynamoEventStore(documents, table),
    heads: dynamoClockHeads(documents, table),
    staff: dynamoStaffDirectory(documents, table),
    notifications: dynamoNotificationLog(documents, table),
    board: dynamoObligationBoard(documents, table),
    mailer: sesMailer(ses, {
      from,
      unitName,
      ...(configurationSetName ? { configurationSetName } : {}),
    }),
    alerts: sesUnitAlerts(ses, { from, to: required(env, 'ALERT_ADDRESS'), unitName }),
    signals: sfnSignals(new SFNClient({}), required(env, 'STATE_MACHINE_ARN_PREFIX')),
    now: () => new Date().toISOString(),
    settings: settingsFrom(env.COUNCIL_CONFIG),
    caseRecordUrl: (obligation) =>
      caseRecordUrl(urlTemplate, {
        subjectId: obligation.subjectId,
        ...(obligation.refId === undefined ? {} : { refId: obligation.refId }),
      }),
    logger: new Logger({ serviceName: 'iro-workflows' }),
    metrics: new Metrics({ namespace: 'IroWorkflows', serviceName: 'iro-workflows' }),
    ...overrides,
  };
}
