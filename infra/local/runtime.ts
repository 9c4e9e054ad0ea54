/**
 * The whole system on one machine, no AWS account: dynalite for DynamoDB,
 * aws-ses-v2-local for SES (its web page shows every email), and the synthesized state
 * machines on the local Step Functions runner with a virtual clock. The handlers and
 * adapters are the ones deployed; only the endpoints differ.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context, SNSEvent } from 'aws-lambda';
import { actStepHandler } from '../../functions/act-step.js';
import { dynamoClockHeads } from '../../functions/adapters/dynamodb/clock-heads.js';
import { dynamoErasure } from '../../functions/adapters/dynamodb/erasure.js';
import { dynamoEventStore } from '../../functions/adapters/dynamodb/event-store.js';
import { dynamoFiguresStore } from '../../functions/adapters/dynamodb/figures-store.js';
import { dynamoImportStore } from '../../functions/adapters/dynamodb/import-store.js';
import { dynamoNotificationLog } from '../../functions/adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from '../../functions/adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from '../../functions/adapters/dynamodb/staff-directory.js';
import { dynamoViewsLinks } from '../../functions/adapters/dynamodb/views-links.js';
import { RECORDING_LEASE_SECONDS } from '../../functions/adapters/ports.js';
import { SEND_TAG_NAME } from '../../functions/adapters/send-tag.js';
import { sesUnitAlerts } from '../../functions/adapters/ses/alerts.js';
import { sesImportSummaryMailer } from '../../functions/adapters/ses/import-summary.js';
import { sesMailer, sesMorningListMailer } from '../../functions/adapters/ses/mailer.js';
import { sesSafetyMailer } from '../../functions/adapters/ses/safety-mail.js';
import { sfnSignals } from '../../functions/adapters/sfn/signals.js';
import { alertHandler } from '../../functions/alert.js';
import { backfillHandler } from '../../functions/backfill.js';
import { closeClockHandler } from '../../functions/close-clock.js';
import { importChunkHandler } from '../../functions/import-chunk.js';
import { morningListHandler } from '../../functions/morning-list.js';
import { parkHandler } from '../../functions/park.js';
import { planStepHandler } from '../../functions/plan-step.js';
import { sesFeedbackHandler } from '../../functions/ses-feedback.js';
import type { BackfillSlice } from '../../functions/shared/backfill.js';
import { type Dependencies, LEASE_SECONDS } from '../../functions/shared/dependencies.js';
import { Logger, Metrics } from '../../functions/shared/observability.js';
import { nextListInstant, nextReminderInstant } from '../../workflows/morning-list.js';
import { caseRecordUrl } from '../../workflows/notifications/templates.js';
import { type CouncilSettings, DEFAULT_SETTINGS } from '../../workflows/policy.js';
import { synthesizedDefinitions } from '../definitions.js';
import { LOCAL_CLIENT_CONFIG, type LocalDynamo, startDynalite } from './engines/dynalite.js';
import { forLocalEngine, InProcessHandler } from './engines/in-process.js';
import { MailJournal } from './engines/mail-page.js';
import { deliverSendEvent, publishSendEvents, sendEvent } from './engines/ses-events.js';
import { type SesLocal, startSesLocal } from './engines/ses-local.js';
import { type LocalHandler, LocalStepFunctions } from './step-functions.js';
import { meterDynamo, meterSes, Usage } from './usage.js';

export const LOCAL_ARN_PREFIX = 'arn:aws:states:eu-west-2:000000000000:stateMachine:iro-';
export const LOCAL_CASE_RECORD_URL = 'http://localhost:8080/case-records/{subjectId}';
/** The work tray as `npm start -- --serve` serves it by default: a morning list's links. */
export const LOCAL_WORK_TRAY_URL = 'http://localhost:3000/';

export interface LocalRuntimeOptions {
  /** Where virtual time starts (ISO instant). */
  readonly startAt: string;
  readonly settings?: CouncilSettings;
  /** Adjusts the dependencies the handlers get, to inject faults in tests. */
  readonly adjust?: (deps: Dependencies) => Dependencies;
  /** Puts something between the mailer and the SES engine (a throttling proxy, in tests): given its endpoint, returns the one to use. */
  readonly sesEndpoint?: (endpoint: string) => Promise<string>;
  /** Tasks one execution may run before it is stopped as a runaway (tests lower it). */
  readonly maxTasksPerExecution?: number;
  /**
   * A handler's Lambda timeout (ms, real time), by handler name: middy ends an
   * invocation that runs out of it, as Lambda would (fault tests shorten act-step's).
   */
  readonly lambdaTimeoutMs?: Readonly<Record<string, number>>;
  /** How long a send's claim is leased, on the real clock (tests shorten it); as in AWS by default. */
  readonly sendLeaseSeconds?: number;
  /** How long an upload's hold on a child lasts, on the real clock (tests shorten it); as in AWS by default. */
  readonly recordingLeaseSeconds?: number;
  /**
   * Keep the table and the mail sent in this directory, so another runtime started on it
   * finds them (`npm start -- --serve`); in memory without it.
   */
  readonly dataDir?: string;
  /** Journal the mail sent with its virtual date even in memory (the mail page); always with `dataDir`. */
  readonly journalMail?: boolean;
}

/** Attempts at a day's morning list, as the schedule's retry policy gives in AWS. */
export const MORNING_LIST_ATTEMPTS = 3;

/** The table's name when it is kept on disk, so a later run finds it. */
export const KEPT_TABLE = 'iro-local';

export interface LocalRuntime {
  readonly deps: Dependencies;
  readonly stepFunctions: LocalStepFunctions;
  readonly dynamo: LocalDynamo;
  readonly ses: SesLocal;
  /** What the run would be billed for in AWS, counted as it runs. */
  readonly usage: Usage;
  /** Every message sent, with the virtual instant it was sent at, if asked for (kept with `dataDir`). */
  readonly mail: MailJournal;
  /**
   * What the figures' backfill did on start (AWS runs it on a schedule): a store kept by
   * an older version gets its summaries and caseload items before anything reads them.
   */
  readonly backfilled: { readonly logs: number; readonly subjects: number };
  stop(): Promise<void>;
}

/** The HTTP API's record-event function keeps IroFunction's default memory (infra/stacks/api-stack.ts). */
export const RECORD_EVENT_MEMORY_MB = 512;

/** Lambda's longest timeout: middy ends an invocation just before its time runs out. */
const LONGEST_TIMEOUT_MS = 15 * 60_000;

/** What the handlers see of the Lambda context locally; its time runs out `timeoutMs` after the call. */
const localContext = (functionName: string, timeoutMs = LONGEST_TIMEOUT_MS): Context => {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } as Context;
};

/**
 * The invocation a request comes from: whether Lambda would have ended it (its time ran
 * out), and SES's Send events for the emails it sent, held until it has ended.
 */
interface InvocationLife {
  ended: boolean;
  /** Send events to deliver once the invocation has ended; undefined once they have gone. */
  sendEvents: SNSEvent[] | undefined;
}
const invocationLife = new AsyncLocalStorage<InvocationLife>();

/**
 * Ends the calling invocation as Lambda's timeout would, now (fault tests: a send that
 * outlasts the time left): nothing more of it reaches a service, and it fails with the
 * error middy raises at a timeout.
 */
export function timeOutThisInvocation(): never {
  const life = invocationLife.getStore();
  if (life) life.ended = true;
  throw Object.assign(new Error('[AbortError]: The operation was aborted.'), {
    name: 'TimeoutError',
  });
}

/**
 * Past its timeout Lambda freezes an invocation: nothing more of it reaches a service.
 * Locally the invocation's promise would run on (middy has already answered for it),
 * so its requests from then on are held for ever instead.
 */
function freezeEnded(client: { middlewareStack: SESv2Client['middlewareStack'] }): void {
  client.middlewareStack.add(
    (next) => (args) =>
      invocationLife.getStore()?.ended ? new Promise<never>(() => {}) : next(args),
    { step: 'initialize', name: 'localLambdaFreeze', priority: 'high' },
  );
}

/** A handler bound once, on first use, to the runtime's dependencies; each call counted as a Lambda invocation. */
function bind(
  name: string,
  make: (deps: Dependencies) => (event: never, context: Context) => Promise<unknown>,
  deps: () => Dependencies,
  usage: Usage,
  memoryMb: number,
  timeoutMs?: number,
  afterEnd?: (sendEvents: readonly SNSEvent[]) => Promise<void>,
): LocalHandler {
  let handler: ((event: never, context: Context) => Promise<unknown>) | undefined;
  return (payload) => {
    handler ??= make(deps());
    const call = handler;
    const life: InvocationLife = { ended: false, sendEvents: [] };
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            life.ended = true;
          }, timeoutMs);
    return invocationLife
      .run(life, () =>
        usage.invocation(name, memoryMb, () =>
          call(payload as never, localContext(name, timeoutMs)),
        ),
      )
      .finally(async () => {
        clearTimeout(timer);
        // Its emails' Send events, now that it has ended (as it answered, failed or
        // timed out): a send still under way in a timed-out invocation publishes its
        // own at once (see `sendEventsAfter`).
        const held = life.sendEvents ?? [];
        life.sendEvents = undefined;
        if (afterEnd && held.length > 0) await afterEnd(held);
      });
  };
}

/**
 * SES's Send events as the runtime publishes them: held by the invocation that sent
 * the email until it has ended, and then delivered, as SNS would, to ses-feedback; an
 * email sent outside any invocation (or by one already ended) has its event delivered
 * at once.
 */
function sendEventsAfter(deliver: (event: SNSEvent) => Promise<unknown>) {
  return {
    async publish(event: SNSEvent): Promise<void> {
      const held = invocationLife.getStore()?.sendEvents;
      if (held) held.push(event);
      else await deliverSendEvent(event, deliver);
    },
    async afterEnd(events: readonly SNSEvent[]): Promise<void> {
      for (const event of events) await deliverSendEvent(event, deliver);
    },
  };
}

export const DUTY_INBOX = 'duty-inbox@localhost';
/** The case management system's role locally: the local server's `x-local-system` calls come as a session of it. */
export const LOCAL_SYSTEM_ROLE_ARN = 'arn:aws:iam::000000000000:role/case-management';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  process.env.SYSTEM_ROLE_ARN ??= LOCAL_SYSTEM_ROLE_ARN;
  if (options.dataDir) mkdirSync(join(options.dataDir, 'dynamo'), { recursive: true });
  const dynamo = await startDynalite(
    options.dataDir ? { path: join(options.dataDir, 'dynamo'), tableName: KEPT_TABLE } : {},
  );
  const ses = await startSesLocal();
  const table = dynamo.tableName;
  const from = 'IRO reminders <iro-reminders@localhost>';
  const unitName = 'Children’s Safeguarding Unit (local)';
  const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
  const sesClient = options.sesEndpoint
    ? new SESv2Client({
        ...LOCAL_CLIENT_CONFIG,
        endpoint: await options.sesEndpoint(ses.endpoint),
        maxAttempts: 1,
      })
    : ses.client;
  const usage = new Usage();
  if (options.lambdaTimeoutMs) {
    freezeEnded(dynamo.client as never);
    freezeEnded(sesClient);
  }
  meterDynamo(dynamo.client, usage);
  meterSes(sesClient, usage);
  const mail = new MailJournal(options.dataDir ? join(options.dataDir, 'mail.jsonl') : undefined);
  const definitions = synthesizedDefinitions();
  const memoryMb = Object.assign(
    {},
    ...Object.values(definitions).map((d) => d.memoryMb),
  ) as Record<string, number>;
  const bound = (
    name: string,
    make: (deps: Dependencies) => (event: never, context: Context) => Promise<unknown>,
  ) =>
    bind(
      name,
      make,
      () => deps,
      usage,
      memoryMb[name] ?? 128,
      options.lambdaTimeoutMs?.[name],
      (held) => sendEvents.afterEnd(held),
    );
  const handlers: Record<string, LocalHandler> = {
    'plan-step': bound('plan-step', planStepHandler),
    park: bound('park', parkHandler),
    'act-step': bound('act-step', actStepHandler),
    'close-clock': bound('close-clock', closeClockHandler),
    alert: bound('alert', alertHandler),
    'import-chunk': bound('import-chunk', importChunkHandler),
  };
  // SES's Send events, which mark each email's claim sent once the engine has taken it
  // and its sender's invocation has ended (in AWS the configuration set publishes them
  // through SNS to ses-feedback, seconds after the send as a rule).
  const sesFeedback = bound('ses-feedback', sesFeedbackHandler);
  const sendEvents = sendEventsAfter(sesFeedback);
  publishSendEvents(sesClient, (event) => sendEvents.publish(event));
  const stepFunctions = new LocalStepFunctions({
    definitions,
    handlers,
    arnPrefix: LOCAL_ARN_PREFIX,
    startAt: options.startAt,
    ...(options.maxTasksPerExecution === undefined
      ? {}
      : { maxTasksPerExecution: options.maxTasksPerExecution }),
    usage,
  });
  // The signals adapter speaks to the runner through the real SDK, as it would to AWS
  // (in this process: the same requests and answers, without a loopback socket).
  const endpoint = await stepFunctions.listen();
  // Off by default: a long benchmark replay would hold every message it sent.
  if (options.dataDir || options.journalMail) mail.watch(sesClient, () => stepFunctions.now());
  const wired: Dependencies = {
    events: dynamoEventStore(dynamo.client, table),
    heads: dynamoClockHeads(dynamo.client, table),
    staff: dynamoStaffDirectory(dynamo.client, table),
    notifications: dynamoNotificationLog(dynamo.client, table),
    board: dynamoObligationBoard(dynamo.client, table),
    figures: dynamoFiguresStore(dynamo.client, table),
    erasure: dynamoErasure(dynamo.client, table),
    viewsLinks: dynamoViewsLinks(dynamo.client, table),
    imports: dynamoImportStore(dynamo.client, table),
    mailer: sesMailer(sesClient, { from, unitName, retry: fastRetry }),
    safetyMail: sesSafetyMailer(sesClient, {
      from,
      unitName,
      dutyInbox: DUTY_INBOX,
      retry: fastRetry,
    }),
    morningLists: sesMorningListMailer(sesClient, { from, unitName, retry: fastRetry }),
    workTrayUrl: LOCAL_WORK_TRAY_URL,
    alerts: sesUnitAlerts(sesClient, { from, to: DUTY_INBOX, unitName, retry: fastRetry }),
    importSummary: sesImportSummaryMailer(sesClient, {
      from,
      unitName,
      dutyInbox: DUTY_INBOX,
      retry: fastRetry,
    }),
    signals: sfnSignals(
      forLocalEngine(
        new SFNClient({
          ...LOCAL_CLIENT_CONFIG,
          endpoint,
          requestHandler: new InProcessHandler(stepFunctions.listener),
        }),
      ),
      LOCAL_ARN_PREFIX,
    ),
    now: () => stepFunctions.now(),
    sendLease: {
      now: () => new Date().toISOString(),
      seconds: options.sendLeaseSeconds ?? LEASE_SECONDS,
    },
    recordingLease: {
      now: () => new Date().toISOString(),
      seconds: options.recordingLeaseSeconds ?? RECORDING_LEASE_SECONDS,
    },
    settings: options.settings ?? DEFAULT_SETTINGS,
    caseRecordUrl: (obligation) =>
      caseRecordUrl(LOCAL_CASE_RECORD_URL, {
        subjectId: obligation.subjectId,
        ...(obligation.refId === undefined ? {} : { refId: obligation.refId }),
      }),
    logger: new Logger({ level: 'ERROR' }),
    // Metrics go to CloudWatch in AWS; here they would only clutter the console.
    metrics: new Metrics({ write: () => {} }),
  };
  const deps = options.adjust ? options.adjust(wired) : wired;
  // A kill between the engine taking an email and its Send event marking the claim:
  // deliver again, as SNS retries, the events of the emails taken within a lease of the
  // journal's last (each event follows its email within moments, so only the last few
  // can have been cut); marking is idempotent, and a claim already marked is left be.
  for (const taken of mail.lastTaken(wired.sendLease.seconds)) {
    await deliverSendEvent(
      sendEvent({
        messageId: taken.messageId,
        at: taken.acceptedAt ?? '',
        to: taken.to,
        tags: { [SEND_TAG_NAME]: [taken.claim ?? ''] },
      }),
      sesFeedback,
    );
  }
  // The figures' backfill, slice after slice until complete, before anything reads the
  // figures: on an empty store or one already done it reads its marker (and writes it once).
  const backfill = bound('backfill', backfillHandler);
  const backfilled = { logs: 0, subjects: 0 };
  for (let done = false; !done; ) {
    const slice = (await backfill({})) as BackfillSlice;
    backfilled.logs += slice.logs;
    backfilled.subjects += slice.subjects;
    done = slice.complete;
  }
  // The morning list at the council's time on each working day, as the virtual clock passes it.
  const morningList = bound('morning-list', morningListHandler);
  // Retried as the schedule's retry policy would (infra/stacks/workflow-stack.ts): a
  // rerun sends only what did not go.
  const retried = (input: object) => async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await morningList(input);
      } catch (error) {
        if (attempt >= MORNING_LIST_ATTEMPTS) throw error;
      }
    }
  };
  stepFunctions.every(
    'morning-list',
    (after) => nextListInstant(after, deps.settings),
    retried({}),
  );
  // Each reminder as it happens, for those who asked: at the reminder time every day.
  stepFunctions.every(
    'reminders-as-they-happen',
    (after) => nextReminderInstant(after, deps.settings),
    retried({ sweep: 'as-it-happens' }),
  );
  return {
    deps,
    stepFunctions,
    dynamo,
    ses,
    usage,
    mail,
    backfilled,
    async stop() {
      await stepFunctions.close();
      await ses.stop();
      await dynamo.stop();
    },
  };
}
