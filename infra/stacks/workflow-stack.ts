/**
 * The clocks: the five workflow functions (plan, park, act, close, alert) and one
 * Standard state machine per workflow, named `iro-<workflow>` so handlers reach them
 * by name; and `iro-import` with its import-chunk function, which records an SSDA903
 * upload's events chunk by chunk and sends the import's one summary. Execution history and logs are encrypted with this stack's key; logs
 * record every state but no execution data, so no child's details reach them. Alarms
 * on every state machine's failed, timed-out and throttled executions, and on every
 * function's errors and throttles. The morning list: its function, started by an
 * EventBridge Scheduler schedule at the council's time (07:30 London) on weekdays. The
 * figures' backfill: its function, run every five minutes by a schedule, which after a
 * deploy keeps every log's summary and allocation's caseload item that an older version
 * did not (functions/shared/backfill.ts), and otherwise reads its marker and stops.
 */
import { Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  type IChainable,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { IMPORT_WORKFLOW } from '../../functions/import/upload.js';
import { WORKFLOWS, type Workflow } from '../../workflows/clocks.js';
import { importDefinition } from '../../workflows/import/state-machine.js';
import { DEFAULT_MORNING_LIST_TIME } from '../../workflows/policy.js';
import { WORKFLOW_DEFINITIONS, type WorkflowFunctions } from '../../workflows/state-machines.js';
import { webOrigin } from '../config.js';
import { StageAlarms } from '../constructs/alarms.js';
import { IroFunction, type IroStageResources } from '../constructs/iro-function.js';
import { ServiceKey } from '../constructs/service-key.js';
import { wildcardResourceFinding } from '../nag.js';
import { type StateMachineKey, stateMachineName } from '../naming.js';

export interface WorkflowStackProps extends StackProps {
  readonly resources: IroStageResources;
}

/**
 * The schedule's target, its role allowed to invoke the function itself and nothing
 * else: the schedule calls the unqualified ARN, so no version or alias (`:*`) is granted.
 */
class InvokeThisFunction extends LambdaInvoke {
  constructor(
    private readonly target: IFunction,
    props: ConstructorParameters<typeof LambdaInvoke>[1],
  ) {
    super(target, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.target.functionArn],
      }),
    );
  }
}

export class WorkflowStack extends Stack {
  readonly functions: Readonly<Record<keyof WorkflowFunctions, IroFunction>>;
  readonly stateMachines: Readonly<Record<Workflow, StateMachine>>;
  /** Records the chunks of an SSDA903 upload (`iro-import`). */
  readonly importChunk: IroFunction;
  readonly importMachine: StateMachine;
  /** Sends each working day's morning lists (architecture.md, "Who hears what, and when"). */
  readonly morningList: IroFunction;
  readonly morningListSchedule: Schedule;
  /** Sends each reminder as it happens to the staff who asked for that. */
  readonly asTheyHappenSchedule: Schedule;
  /** Keeps the figures' summaries and caseload items an older version did not (issue 22). */
  readonly backfill: IroFunction;
  readonly backfillSchedule: Schedule;
  readonly alarms: StageAlarms;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const key = new ServiceKey(this, 'WorkflowKey', {
      alias: 'alias/iro-workflows/workflows',
      description: 'Encrypts the iro-workflows state machines, their executions and logs',
      forLogs: true,
    }).key;
    const common = { stage: props.resources, logsKey: key };

    this.functions = {
      plan: new IroFunction(this, 'PlanStep', {
        ...common,
        handler: 'plan-step',
        description: 'Plans a clock: what is open, what is due, how long to wait',
        data: {
          // The log's group of summaries for the figures, read before it is written again.
          reads: ['clockHead', 'log', 'board', 'notification', 'figures'],
          // The log's summary for the figures, and a looked-after child's episodes for the caseloads.
          writes: ['board', 'figures', 'caseload'],
          deletes: ['board'],
        },
      }),
      park: new IroFunction(this, 'Park', {
        ...common,
        handler: 'park',
        description: "Parks a waiting workflow's task token, or wakes it if an event came in",
        data: { writes: ['clockHead'] },
        workflows: { wake: true },
        timeout: Duration.seconds(10),
        memorySize: 256,
      }),
      act: new IroFunction(this, 'ActStep', {
        ...common,
        handler: 'act-step',
        description: 'Sends the reminders and escalations that are due, each once',
        data: {
          reads: ['log', 'staff', 'allocation', 'notification'],
          writes: ['notification'],
          deletes: ['notification'],
        },
        sendsEmail: true,
        // An answered dispute's email links to the dispute's page in the work tray.
        environment: { WORK_TRAY_URL: `${webOrigin(props.resources.settings)}/` },
        timeout: Duration.seconds(90),
      }),
      close: new IroFunction(this, 'CloseClock', {
        ...common,
        handler: 'close-clock',
        description: 'Releases a clock, or hands it to a fresh execution',
        data: { reads: ['clockHead'], writes: ['clockHead'] },
        workflows: { start: true },
        timeout: Duration.seconds(10),
        memorySize: 256,
      }),
      alert: new IroFunction(this, 'Alert', {
        ...common,
        handler: 'alert',
        description: 'Tells the unit a workflow stopped (references only)',
        sendsEmail: true,
        memorySize: 256,
      }),
    };
    const invocable: WorkflowFunctions = {
      plan: this.functions.plan.function,
      park: this.functions.park.function,
      act: this.functions.act.function,
      close: this.functions.close.function,
      alert: this.functions.alert.function,
    };

    const stateMachines: Partial<Record<Workflow, StateMachine>> = {};
    for (const workflow of WORKFLOWS) {
      stateMachines[workflow] = this.stateMachine(
        workflow,
        (scope) => WORKFLOW_DEFINITIONS[workflow](scope, invocable),
        Object.values(invocable),
        key,
      );
    }
    this.stateMachines = stateMachines as Record<Workflow, StateMachine>;

    this.importChunk = new IroFunction(this, 'ImportChunk', {
      ...common,
      handler: 'import-chunk',
      description: 'Records one chunk of an SSDA903 upload through the ordinary record path',
      data: {
        // staff, allocation: the unit's service manager, told once what arrived overdue.
        reads: [
          'import',
          'log',
          'eventIdClaim',
          'clockHead',
          'staff',
          'allocation',
          'notification',
        ],
        // childUploads: holding each child's place while their events are recorded;
        // notification: what arrived overdue is marked told, so it reminds nobody, and
        // the import's summary is claimed (and given back if its send fails).
        writes: [
          'import',
          'childUploads',
          'log',
          'logRegistry',
          'eventIdClaim',
          'clockHead',
          'notification',
        ],
        deletes: ['eventIdClaim', 'notification'],
      },
      workflows: { start: true, wake: true },
      sendsEmail: true,
      environment: { WORK_TRAY_URL: `${webOrigin(props.resources.settings)}/` },
      // A chunk of 250 events, eight children at a time: seconds; the margin is for retries.
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    this.importMachine = this.stateMachine(
      IMPORT_WORKFLOW,
      (scope) => importDefinition(scope, this.importChunk.function),
      [this.importChunk.function],
      key,
    );

    this.morningList = new IroFunction(this, 'MorningList', {
      ...common,
      handler: 'morning-list',
      description: "Sends each person's morning list, once a working day",
      data: {
        // The board's entries by kind and their marks (and the routine index's backfill
        // marker, under the board's prefix); who holds each role; the log of what went
        // out (each list and each line once); who asked for each reminder as it happens
        // (the daily sweep reads the board only when someone did).
        reads: ['board', 'staff', 'allocation', 'notification', 'reminderSettings'],
        writes: ['notification'],
        deletes: ['notification'],
        // A list's new lines, and the lines told to the duty inbox, marked 25 a request.
        batchWrites: ['notification'],
        // The routine kinds' entries in one partition once its backfill is complete;
        // kind by kind before.
        indexes: { gsi2: ['boardByKind'], gsi4: ['routineBoard'] },
      },
      sendsEmail: true,
      environment: { WORK_TRAY_URL: `${webOrigin(props.resources.settings)}/` },
      // A thousand children's lines and a few hundred lists: well under a minute.
      timeout: Duration.minutes(5),
      memorySize: 512,
    });
    // The council's time (07:30 unless its configuration says otherwise), London time.
    const listTime = props.resources.settings.council.morningListTime ?? DEFAULT_MORNING_LIST_TIME;
    const [hour, minute] = listTime.split(':').map(Number);
    this.morningListSchedule = new Schedule(this, 'MorningListSchedule', {
      description: `The morning lists, at ${listTime} London Monday to Friday (the function skips bank holidays)`,
      schedule: ScheduleExpression.cron({
        minute: String(minute),
        hour: String(hour),
        weekDay: 'MON-FRI',
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new InvokeThisFunction(this.morningList.function, {
        // A rerun sends only the lists that did not go.
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });

    // Each reminder as it happens, for those who asked: at the council's reminder time,
    // every day (a line falling on a Saturday goes on the Saturday).
    const reminderTime = props.resources.settings.council.reminderTime ?? '08:00';
    const [reminderHour, reminderMinute] = reminderTime.split(':').map(Number);
    this.asTheyHappenSchedule = new Schedule(this, 'RemindersAsTheyHappenSchedule', {
      description: `Each reminder as it happens, for staff who asked, at ${reminderTime} London every day`,
      schedule: ScheduleExpression.cron({
        minute: String(reminderMinute),
        hour: String(reminderHour),
        timeZone: TimeZone.EUROPE_LONDON,
      }),
      target: new InvokeThisFunction(this.morningList.function, {
        input: ScheduleTargetInput.fromObject({ sweep: 'as-it-happens' }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
      }),
    });

    // The figures' backfill. A schedule, not a deploy-time trigger: it needs no
    // custom-resource provider, heals a failed slice by itself, and once the marker says
    // complete each run is one read. A slice works four minutes of its five, so two runs
    // five minutes apart never overlap (overlapping would still be harmless: every
    // write is guarded).
    this.backfill = new IroFunction(this, 'FiguresBackfill', {
      ...common,
      handler: 'backfill',
      description:
        "Keeps the figures' summaries, caseload items and routine index keys that an older version did not, then stops",
      data: {
        // Every log (the registry, then each history); each IRO's subjects and their
        // allocation; the marker (in the figures' partitions); the routine index's
        // marker (under the board's prefix).
        reads: ['logRegistry', 'log', 'roleHolders', 'allocation', 'figures', 'board'],
        // Each log's summary and a looked-after child's episodes, as the plan step keeps
        // them; a subject's IRO from their allocation; the marker; each routine board
        // entry's routine index key, and that backfill's marker.
        writes: ['figures', 'caseload', 'board'],
        // Each summary where an older version kept it alone, once kept in its group.
        deletes: ['figures'],
        // The routine kinds' entries kind by kind (gsi2), and whether the routine index
        // is there at all (one Query of one item on it).
        indexes: {
          gsi1: ['subjectsByHolder'],
          gsi2: ['boardByKind'],
          gsi4: ['routineBoard'],
        },
      },
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    this.backfillSchedule = new Schedule(this, 'FiguresBackfillSchedule', {
      description:
        "The figures' backfill, every five minutes: works until its marker says complete, then only reads the marker",
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new InvokeThisFunction(this.backfill.function, {
        // The next run, five minutes on, resumes from the marker: no retry needed.
        retryAttempts: 0,
        maxEventAge: Duration.minutes(5),
      }),
    });

    this.alarms = new StageAlarms(this, 'Alarms', {
      stageName: props.resources.settings.stageName,
    });
    for (const workflow of WORKFLOWS)
      this.alarms.stateMachine(workflow, this.stateMachines[workflow]);
    this.alarms.importMachine(this.importMachine);
    for (const fn of Object.values(this.functions)) this.alarms.lambda(fn);
    this.alarms.lambda(this.importChunk);
    this.alarms.lambda(this.morningList);
    this.alarms.lambda(this.backfill);
  }

  private stateMachine(
    workflow: StateMachineKey,
    definition: (scope: Construct) => IChainable,
    invoked: readonly IFunction[],
    key: IKey,
  ): StateMachine {
    const scope = new Construct(this, workflow);
    const name = stateMachineName(workflow);
    const logs = new LogGroup(scope, 'Logs', {
      // The vended-logs prefix keeps CloudWatch Logs' resource policy small.
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: key,
    });
    const stateMachine = new StateMachine(scope, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition(scope)),
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      encryptionConfiguration: new CustomerManagedEncryptionConfiguration(key),
    });

    const role = stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray (xray:PutTraceSegments and related) have no resource-level permissions.',
    });
    for (const fn of invoked) {
      Validations.of(role).acknowledge({
        id: wildcardResourceFinding(role, `${fn.functionArn}:*`),
        reason:
          "lambda:InvokeFunction on the function's versions and aliases, as the LambdaInvoke task grants it: limited to this workflow's own functions.",
      });
    }
    return stateMachine;
  }
}
