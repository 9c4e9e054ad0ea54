/**
 * Operational alarms: each stack watches its own resources with a `StageAlarms`, and
 * every alarm notifies the stage's alarm topic (the monitoring stack's, reached by name,
 * so no stack imports another's outputs). An alarm fires on one bad five-minute period,
 * treats no data as all is well, and its description tells the person reading the email
 * what happened and what to do.
 */
import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE } from '../../functions/shared/observability.js';
import type { Workflow } from '../../workflows/clocks.js';
import type { StageName } from '../config.js';
import { alarmName, alarmTopicArn } from '../naming.js';
import type { HandlerModule, IroFunction } from './iro-function.js';

/** How long each alarm looks at: one period, and one bad period is enough. */
export const ALARM_PERIOD = Duration.minutes(5);

/** The custom metrics the handlers emit (EMF, functions/shared/observability.ts): namespace and the `service` dimension. */
export const HANDLER_METRICS = {
  namespace: METRICS_NAMESPACE,
  dimensionsMap: { service: SERVICE },
} as const;

/** What the handlers' custom metrics mean, and what the duty inbox should do about them. */
export const CUSTOM_METRIC_ALARMS = [
  {
    metricName: 'WorkflowsStopped',
    name: 'workflows-stopped',
    description:
      "A clock's workflow stopped on its alert path (an email from the unit names the clock, if SES could send it). Find the failed execution in the Step Functions console and the error in the alert function's logs. Once the cause is fixed the clock resumes with its next recorded event; if none is expected soon, record one.",
  },
  {
    metricName: 'RemindersUndeliverable',
    name: 'reminders-undeliverable',
    description:
      'SES refused a reminder or escalation for its recipient, so it was not sent (an email from the unit names the role and the child reference). Correct that staff member’s address (PUT /staff/{staffId}) and make sure the person who should act knows today.',
  },
  {
    metricName: 'RemindersUnfilled',
    name: 'reminders-unfilled',
    description:
      'A reminder or escalation had nobody to go to: no one holds the role for that child or the unit, or their address was flagged after a bounce (an email from the unit names the role and the child reference). Allocate the role (PUT /allocations/{subjectId}) or fix the address, and tell the person who should act.',
  },
] as const;

/**
 * What goes wrong for the unit when a function fails or is throttled, in plain words.
 * A Record over every handler module, so a new handler cannot be deployed unexplained.
 */
const FUNCTION_CONSEQUENCES: Readonly<Record<HandlerModule, string>> = {
  'record-event':
    'Case events may have been refused with a server error and not stored. Once fixed, ask whoever sent them (staff, or the case management system) to send them again: a repeat is harmless.',
  queries: 'Staff could not read open obligations or disputes; nothing was lost.',
  erase:
    "A child's records may be only partly erased. Once fixed, ask the administrator to erase them again: a repeat erases what is left.",
  reports:
    "The unit's figures could not be computed (for a large authority, the API's 29-second limit may have run out); nothing was lost, and asking again is harmless.",
  staff:
    'A change to the staff directory or to allocations may not have been saved. Once fixed, ask the administrator to make it again.',
  'plan-step':
    'A clock could not be planned. Step Functions retries with backoff; a workflow that still fails stops and its execution-failed alarm fires.',
  park: 'A waiting workflow could not park its token or be woken. Step Functions retries with backoff; a workflow that still fails stops and its execution-failed alarm fires.',
  'act-step':
    'Reminders or escalations may not have gone out. Step Functions retries with backoff (each email is sent once); a step that ran out of time is tried again however often it does, so this alarm is what says the sends keep timing out (SES or the table slow); a workflow that fails for any other reason stops and its execution-failed alarm fires.',
  'close-clock':
    'A finished clock may not have been released, or handed to a fresh workflow. Step Functions retries with backoff; a workflow that still fails stops and its execution-failed alarm fires.',
  alert:
    'The duty inbox may not have been told that a workflow stopped (the alert email itself failed, often because SES cannot send). Look for failed executions in the Step Functions console: each is a clock waiting for its next event.',
  imports:
    'An SSDA903 upload may have been refused with a server error, or left marked running without its import started. Nothing of it was recorded unless GET /imports/{id} shows chunks recorded. Once fixed, ask the administrator to upload the same files again: what is already recorded is not stored twice.',
  backfill:
    "The figures' backfill after an update could not finish a slice: until it does, the Figures page and the board's caseloads say the figures are being prepared (nothing is counted wrong, nothing is lost). The schedule runs it again every five minutes from where it stopped; if it keeps failing, read its log for the error.",
  'morning-list':
    "Some of the day's morning lists may not have gone out. The schedule retries; a rerun sends only the lists that did not go (each person's once a day), and what was not listed comes, as new, in the next working day's list.",
  'import-chunk':
    "A chunk of an SSDA903 upload could not be recorded. Step Functions retries it; if it still fails, the upload is marked failed and the import state machine's execution-failed alarm fires. Uploading the same files again records only what is missing.",
  views:
    "A young person's views may not have been recorded, a link not made, or a safety email not sent (a send that failed is reported to the duty inbox). The young person saw an error and may send again: their link counts only sendings that got through the checks.",
  'ses-feedback':
    'A bounce or complaint may not have been recorded, so reminders may keep going to a dead address. Lambda retries; what still fails waits in the SES feedback dead-letter queue (its own alarm fires).',
};

export interface StageAlarmsProps {
  /** Starts every alarm name: test and production alarms are told apart at a glance. */
  readonly stageName: StageName;
}

export interface AlarmProps {
  /** The alarm's name after the stage prefix, e.g. `act-step-errors`. */
  readonly name: string;
  readonly metric: IMetric;
  /** Fires at this value or above. */
  readonly threshold: number;
  /** What happened and what a person should do, in plain words. */
  readonly description: string;
}

export class StageAlarms extends Construct {
  readonly stageName: StageName;
  readonly alarms: Alarm[] = [];
  private readonly action: IAlarmAction;

  constructor(scope: Construct, id: string, props: StageAlarmsProps) {
    super(scope, id);
    this.stageName = props.stageName;
    this.action = new SnsAction(Topic.fromTopicArn(this, 'AlarmTopic', alarmTopicArn()));
  }

  /** One alarm on the stage's alarm topic: the metric at or above the threshold in one period. */
  add(id: string, props: AlarmProps): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: alarmName(this.stageName, props.name),
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** A state machine's failed, timed-out and throttled executions. */
  stateMachine(workflow: Workflow, stateMachine: IStateMachine): void {
    const period = { period: ALARM_PERIOD, statistic: Stats.SUM };
    const find = `Find the execution of iro-${workflow} in the Step Functions console (its name begins with the clock) and read the error in its history.`;
    const resume =
      'Once the cause is fixed the clock resumes with its next recorded event; if none is expected soon, record one.';
    this.add(`${workflow}-ExecutionsFailed`, {
      name: `${workflow}-executions-failed`,
      metric: stateMachine.metricFailed(period),
      threshold: 1,
      description: `A clock's ${workflow} workflow failed, so its reminders and escalations have stopped. ${find} ${resume}`,
    });
    this.add(`${workflow}-ExecutionsTimedOut`, {
      name: `${workflow}-executions-timed-out`,
      metric: stateMachine.metricTimedOut(period),
      threshold: 1,
      description: `A clock's ${workflow} workflow ran out of time (a Standard execution lasts at most a year) instead of handing over to a fresh one, so its reminders have stopped. ${find} ${resume}`,
    });
    this.add(`${workflow}-ExecutionThrottled`, {
      name: `${workflow}-executions-throttled`,
      metric: stateMachine.metricThrottled(period),
      threshold: 1,
      description: `Step Functions throttled the iro-${workflow} state machine (an account quota was reached): reminders may go out late, and starts that keep failing are retried by their callers. Check the Step Functions quotas in Service Quotas and ask for more if this repeats.`,
    });
  }

  /** The import state machine's failed, timed-out and throttled executions: an SSDA903 upload that stopped part-way. */
  importMachine(stateMachine: IStateMachine): void {
    const period = { period: ALARM_PERIOD, statistic: Stats.SUM };
    const find =
      'Find the execution of iro-import in the Step Functions console (its name is import-<importId>) and read the error in its history.';
    const again =
      'Once the cause is fixed, ask the administrator to upload the same files again: what is already recorded is not stored twice.';
    this.add('import-ExecutionsFailed', {
      name: 'import-executions-failed',
      metric: stateMachine.metricFailed(period),
      threshold: 1,
      description: `An SSDA903 upload stopped part-way: GET /imports/{id} shows it failed, with the chunks recorded so far. ${find} ${again}`,
    });
    this.add('import-ExecutionsTimedOut', {
      name: 'import-executions-timed-out',
      metric: stateMachine.metricTimedOut(period),
      threshold: 1,
      description: `An SSDA903 upload ran out of time before every chunk was recorded. ${find} ${again}`,
    });
    this.add('import-ExecutionThrottled', {
      name: 'import-executions-throttled',
      metric: stateMachine.metricThrottled(period),
      threshold: 1,
      description:
        'Step Functions throttled the iro-import state machine (an account quota was reached): an upload may not have started (the administrator saw a server error) or may be slow. Check the Step Functions quotas in Service Quotas; uploading the same files again is harmless.',
    });
  }

  /** A function's errors and throttles. */
  lambda(fn: IroFunction): void {
    const { handler } = fn;
    const period = { period: ALARM_PERIOD, statistic: Stats.SUM };
    const consequence = FUNCTION_CONSEQUENCES[handler];
    const logs = `Read the function's log group ${fn.logGroup.logGroupName} (CloudWatch Logs) for the cause.`;
    this.add(`${handler}-Errors`, {
      name: `${handler}-errors`,
      metric: fn.function.metricErrors(period),
      threshold: 1,
      description: `The ${handler} function failed. ${consequence} ${logs}`,
    });
    this.add(`${handler}-Throttles`, {
      name: `${handler}-throttles`,
      metric: fn.function.metricThrottles(period),
      threshold: 1,
      description: `Lambda throttled the ${handler} function (the account's concurrency is used up), so some calls did not run. ${consequence} Check concurrent executions in the Lambda console and ask for a higher limit in Service Quotas if this repeats.`,
    });
  }

  /** Anything waiting in a dead-letter queue: each message is something not done. */
  deadLetters(name: string, queue: IQueue, description: string): void {
    this.add(`${name}-DeadLetters`, {
      name: `${name}-dead-letters`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      description,
    });
  }

  /** The HTTP API's server errors. */
  httpApi(api: Pick<IHttpApi, 'metricServerError'>): void {
    this.add('Api-5xx', {
      name: 'api-5xx',
      metric: api.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
      threshold: 5,
      description:
        'The API answered 5 or more requests with a server error (5xx) in 5 minutes: case events may not have been stored and staff may not see the board. Read the API access logs and the record-event, queries and staff function logs for the cause; once fixed, ask senders to send their events again (a repeat is harmless).',
    });
  }

  /** The handlers' own counts (WorkflowsStopped, RemindersUndeliverable, RemindersUnfilled). */
  handlerMetrics(): void {
    for (const { metricName, name, description } of CUSTOM_METRIC_ALARMS) {
      this.add(metricName, {
        name,
        metric: new Metric({
          ...HANDLER_METRICS,
          dimensionsMap: { ...HANDLER_METRICS.dimensionsMap },
          metricName,
          period: ALARM_PERIOD,
          statistic: Stats.SUM,
        }),
        threshold: 1,
        description,
      });
    }
  }
}
