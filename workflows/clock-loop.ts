/**
 * The loop every clock's state machine runs (architecture.md, "Flow"): plan what is
 * due, wait for the next step or a new event, act, plan again; close when nothing is
 * open; hand over to a fresh execution before the history or the year runs out. Each
 * process names the states in the unit's own words, so the console reads like the work.
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  Fail,
  type IChainable,
  IntegrationPattern,
  JitterType,
  JsonPath,
  type State,
  Succeed,
  TaskInput,
  Timeout,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/** The Lambda functions a clock's state machine calls. */
export interface WorkflowFunctions {
  /** Folds the clock's history: what is open, what is due now, how long to wait. */
  readonly plan: IFunction;
  /** Stores the waiting task token, or wakes itself when an event came in since planning. */
  readonly park: IFunction;
  /** Sends the reminders and escalations that are due. */
  readonly act: IFunction;
  /** Releases the clock when nothing is open, or hands it to a successor execution. */
  readonly close: IFunction;
  /** Tells the unit a workflow failed (no personal data). */
  readonly alert: IFunction;
}

/** State names, in the unit's words. */
export interface ClockStateNames {
  readonly plan: string;
  readonly route: string;
  readonly act: string;
  readonly close: string;
  readonly closed: string;
  readonly successor: string;
  readonly alert: string;
  readonly failed: string;
  /** One waiting state; or, for disputes, one per stage, chosen by `$.plan.stage`. */
  readonly wait:
    | string
    | { readonly choice: string; readonly stages: Readonly<Record<number, string>> };
}

/** Errors worth another attempt: Lambda's own, and the ones handlers raise for throttling. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
  'TransientError',
];

/**
 * An act step's Lambda running out of time: middy ends it just before Lambda would
 * (`TimeoutError`), or Lambda does (`Sandbox.Timedout`).
 */
export const ACT_TIMEOUTS = ['TimeoutError', 'Sandbox.Timedout'];

/** Where a waiting state reads its timeout: the state input, as AWS reads `TimeoutSecondsPath`. */
export const WAIT_SECONDS_PATH = '$.plan.waitSeconds';

const retryTransient = <T extends LambdaInvoke>(task: T): T => {
  task.addRetry({
    errors: TRANSIENT_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.minutes(2),
    jitterStrategy: JitterType.FULL,
  });
  return task;
};

/**
 * Any other failure of an idempotent step (plan, act, close) gets a few more tries too:
 * a crash mid-way through sending is safe to repeat, each email being claimed once.
 */
export const retryIdempotent = <T extends LambdaInvoke>(task: T): T => {
  retryTransient(task).addRetry({
    errors: ['States.TaskFailed'],
    interval: Duration.seconds(5),
    backoffRate: 2,
    maxAttempts: 3,
    jitterStrategy: JitterType.FULL,
  });
  return task;
};

const clockId = JsonPath.stringAt('$.clockId');
/**
 * The id of the request that started or last woke the execution (null when none did,
 * an error's fields once the wait timed out): every step logs it as its correlation id.
 */
const correlationId = JsonPath.stringAt('$.correlationId');
const execution = JsonPath.stringAt('$$.Execution.Name');
const planVersion = JsonPath.numberAt('$.plan.version');

/** Builds the loop; returns its start state. */
export function clockLoop(
  scope: Construct,
  functions: WorkflowFunctions,
  names: ClockStateNames,
): IChainable {
  const failed = new Fail(scope, names.failed, {
    error: 'WorkflowFailed',
    cause: 'The unit was alerted; the clock resumes with the next event.',
  });
  const alert = retryTransient(
    new LambdaInvoke(scope, names.alert, {
      lambdaFunction: functions.alert,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({
        clockId,
        execution,
        correlationId,
        error: JsonPath.stringAt('$.error.Error'),
      }),
      resultPath: JsonPath.DISCARD,
    }),
  ).next(failed);
  const onFailure = <T extends LambdaInvoke>(task: T): T => {
    task.addCatch(alert, { errors: ['States.ALL'], resultPath: '$.error' });
    return task;
  };

  const plan = onFailure(
    retryIdempotent(
      new LambdaInvoke(scope, names.plan, {
        lambdaFunction: functions.plan,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        payload: TaskInput.fromObject({
          clockId,
          execution,
          correlationId,
          startedAt: JsonPath.stringAt('$$.Execution.StartTime'),
          loops: JsonPath.numberAt('$.plan.loops'),
          // The last plan's result, whatever it holds (`{ loops: 0 }` before the first).
          previous: JsonPath.objectAt('$.plan'),
        }),
        resultPath: '$.plan',
      }),
    ),
  );
  const act = retryIdempotent(
    new LambdaInvoke(scope, names.act, {
      lambdaFunction: functions.act,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({ clockId, planVersion, correlationId }),
      resultPath: '$.sent',
    }),
  );
  // A step that ran out of time, however often, acts again rather than stopping the
  // clock: each email is claimed once, so a send it cut short is either marked (by SES's
  // Send event) or waited out as busy until its lease has passed. Its retries used up by
  // timeouts alone (two slow recipients can take all four), it used to end on the alert
  // path, the clock stopped until the child's next event. The act step's errors alarm
  // is what says that it keeps timing out.
  act.addCatch(act, { errors: ACT_TIMEOUTS, resultPath: JsonPath.DISCARD });
  onFailure(act);
  // An email another attempt holds (a sender that crashed mid-send): wait until its
  // lease has run out and act again, which takes the claim over. The step never fails
  // for it, so a crash in the middle of a send never stops the clock.
  const waitOutSend = new Wait(scope, `${names.act}: wait out an interrupted send`, {
    time: WaitTime.secondsPath('$.sent.retryInSeconds'),
  }).next(act);
  act.next(
    new Choice(scope, `${names.act}: interrupted send?`)
      .when(Condition.numberGreaterThan('$.sent.busy', 0), waitOutSend)
      .otherwise(plan),
  );

  const waitState = (name: string): State => {
    const wait = new LambdaInvoke(scope, name, {
      lambdaFunction: functions.park,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      retryOnServiceExceptions: false,
      payload: TaskInput.fromObject({
        token: JsonPath.taskToken,
        clockId,
        planVersion,
        correlationId,
        // Also in the payload, so a local runner that sees only the payload knows the timeout.
        waitSeconds: JsonPath.numberAt(WAIT_SECONDS_PATH),
      }),
      taskTimeout: Timeout.at(WAIT_SECONDS_PATH),
      // Woken by a request: its correlation id, for the steps that follow.
      resultPath: '$.correlationId',
    });
    retryTransient(wait);
    // Woken by time, by no request: the timeout's fields replace the last request's id.
    wait.addCatch(act, { errors: ['States.Timeout'], resultPath: '$.correlationId' });
    onFailure(wait);
    wait.next(plan);
    return wait;
  };

  const close = (mode: 'release' | 'hand-over', name: string) =>
    onFailure(
      retryIdempotent(
        new LambdaInvoke(scope, name, {
          lambdaFunction: functions.close,
          payloadResponseOnly: true,
          retryOnServiceExceptions: false,
          payload: TaskInput.fromObject({
            clockId,
            execution,
            planVersion,
            mode,
            correlationId,
            // What the last plan left (digests), for a successor's first plan.
            previous: JsonPath.objectAt('$.plan'),
          }),
          resultPath: '$.close',
        }),
      ),
    );
  const release = close('release', names.close).next(
    new Choice(scope, `${names.close}: done?`)
      .when(Condition.booleanEquals('$.close.done', true), new Succeed(scope, names.closed))
      .otherwise(plan),
  );
  const handOver = close('hand-over', names.successor).next(
    new Succeed(scope, `${names.successor}: handed over`),
  );

  let waiting: State;
  if (typeof names.wait === 'string') {
    waiting = waitState(names.wait);
  } else {
    const byStage = new Choice(scope, names.wait.choice);
    for (const [stage, name] of Object.entries(names.wait.stages)) {
      byStage.when(Condition.numberEquals('$.plan.stage', Number(stage)), waitState(name));
    }
    waiting = byStage.otherwise(failed);
  }

  plan.next(
    new Choice(scope, names.route)
      .when(Condition.booleanEquals('$.plan.closed', true), release)
      .when(Condition.booleanEquals('$.plan.handOver', true), handOver)
      .when(Condition.booleanEquals('$.plan.dueNow', true), act)
      .otherwise(waiting),
  );
  return plan;
}
