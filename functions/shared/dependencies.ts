/**
 * Everything a handler may need, created once per Lambda container (cold start) from
 * its environment and injected, so tests and the local runtime pass the same adapters
 * pointed at the local engines, with their own clock. Each handler takes only the
 * ports it uses (see {@link Needs}), and composes only those from functions/aws/, so
 * its bundle holds no SDK client it never calls.
 */
import { caseRecordUrl } from '../../workflows/notifications/templates.js';
import type { Obligation } from '../../workflows/obligations.js';
import { type CouncilSettings, councilSettings, DEFAULT_SETTINGS } from '../../workflows/policy.js';
import {
  type ClockHeads,
  type Erasure,
  type EventStore,
  type FiguresStore,
  type ImportStore,
  type ImportSummaryMailer,
  type Mailer,
  type MorningListMailer,
  type NotificationLog,
  type ObligationBoard,
  RECORDING_LEASE_SECONDS,
  type SafetyMailer,
  type StaffDirectory,
  type UnitAlerts,
  type ViewsLinks,
  type WorkflowSignals,
} from '../adapters/ports.js';
import { Logger, Metrics } from './observability.js';

export interface Dependencies {
  readonly events: EventStore;
  readonly heads: ClockHeads;
  readonly staff: StaffDirectory;
  readonly notifications: NotificationLog;
  readonly board: ObligationBoard;
  /** The figures' read model: each log's summary and each subject's caseload item. */
  readonly figures: FiguresStore;
  readonly erasure: Erasure;
  /** SSDA903 uploads: their records, chunks of events and results. */
  readonly imports: ImportStore;
  readonly mailer: Mailer;
  /** Sends each person's morning list (one email a working day). */
  readonly morningLists: MorningListMailer;
  /** The work tray's address, which a morning list's items link into. */
  readonly workTrayUrl: string;
  readonly alerts: UnitAlerts;
  /** An import's one summary of what arrived overdue, to the service manager (or the duty inbox). */
  readonly importSummary: ImportSummaryMailer;
  /** The young person's links, each known by its hash (architecture.md, "The child's voice"). */
  readonly viewsLinks: ViewsLinks;
  /** The at-once email when a young person says they do not feel safe. */
  readonly safetyMail: SafetyMailer;
  readonly signals: WorkflowSignals;
  /** The current instant (ISO 8601): the local runtime passes its virtual clock. */
  readonly now: () => string;
  /** The real clock a send's claim is leased on, and the lease's length (see {@link SendLease}). */
  readonly sendLease: SendLease;
  /**
   * The real clock an upload's hold on a child (while its chunk step records them) is
   * leased on, and the hold's length: as for {@link SendLease}, a virtual clock would
   * keep a crashed step's hold for ever, or let a live one lapse when it jumps.
   */
  readonly recordingLease: SendLease;
  readonly settings: CouncilSettings;
  /** The link to the case record an email carries. */
  readonly caseRecordUrl: (obligation: Obligation) => string;
  readonly logger: Logger;
  /** Counts the unit's managers watch: reminders sent, events recorded and rejected. */
  readonly metrics: Metrics;
}

/**
 * A notification claim's lease runs on the real clock, never the local virtual one: a
 * virtual clock stands still while a workflow retries, so a claim left by a crashed
 * sender would never run out there.
 */
export interface SendLease {
  /** The real instant (ISO 8601). */
  readonly now: () => string;
  /** Long enough for one send and its bookkeeping; a claim older than this was abandoned. */
  readonly seconds: number;
}

/**
 * How long SES's Send event may take to mark a claim sent after SES took its email
 * (SES publishes to SNS, SNS invokes ses-feedback: seconds, as a rule). A takeover waits
 * this long past the longest a sender may run, so that it finds the claim marked if
 * SES took the email of a sender cut short.
 */
export const SEND_EVENT_SECONDS = 60;

/**
 * How long a send's claim is leased in AWS: the act step's Lambda timeout (90 s,
 * infra/stacks/workflow-stack.ts), so that whoever takes a claim over knows the attempt
 * that held it has ended (Step Functions may retry an invocation it lost sight of while
 * that invocation still runs), and then {@link SEND_EVENT_SECONDS} for the Send event
 * of an email SES took at that attempt's last moment. test/infra/lease.test.ts holds
 * them apart.
 */
export const LEASE_SECONDS = 150;

/** The ports a step uses, with the logger and metrics every handler has. */
export type Needs<K extends keyof Dependencies> = Pick<Dependencies, K | 'logger' | 'metrics'>;

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
  /** The work tray's address, for the morning list's links. */
  readonly WORK_TRAY_URL?: string;
}

export function required(env: NodeJS.ProcessEnv, name: keyof Environment): string {
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

/** The logs and metrics every handler has. */
export function observability(): Pick<Dependencies, 'logger' | 'metrics'> {
  const logger = new Logger();
  // Metrics' own notices (an invocation that counted nothing) go to the log as lines.
  return { logger, metrics: new Metrics({ logger }) };
}

/** What the workflow and API handlers get whatever ports they use: time, settings, links, logs, metrics. */
export function baseDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<
  Dependencies,
  'now' | 'sendLease' | 'recordingLease' | 'settings' | 'caseRecordUrl' | 'logger' | 'metrics'
> {
  const urlTemplate = required(env, 'CASE_RECORD_URL_TEMPLATE');
  return {
    now: () => new Date().toISOString(),
    sendLease: { now: () => new Date().toISOString(), seconds: LEASE_SECONDS },
    recordingLease: { now: () => new Date().toISOString(), seconds: RECORDING_LEASE_SECONDS },
    settings: settingsFrom(env.COUNCIL_CONFIG),
    caseRecordUrl: (obligation: Obligation) =>
      caseRecordUrl(urlTemplate, {
        subjectId: obligation.subjectId,
        ...(obligation.refId === undefined ? {} : { refId: obligation.refId }),
      }),
    ...observability(),
  };
}
