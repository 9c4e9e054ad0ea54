/**
 * The clocks: the five workflow functions (plan, park, act, close, alert) and one
 * Standard state machine per workflow, named `iro-<workflow>` so handlers reach them
 * by name; and `iro-import` with its import-chunk function, which records an SSDA903
 * upload's events chunk by chunk. Execution history and logs are encrypted with this stack's key; logs
 * record every state but no execution data, so no child's details reach them. Alarms
 * on every state machine's failed, timed-out and throttled executions, and on every
 * function's errors and throttles.
 */
import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
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
import { WORKFLOW_DEFINITIONS, type WorkflowFunctions } from '../../workflows/state-machines.js';
import { StageAlarms } from '../constructs/alarms.js';
import { IroFunction, type IroStageResources } from '../constructs/iro-function.js';
import { ServiceKey } from '../constructs/service-key.js';
import { wildcardResourceFinding } from '../nag.js';
import { type StateMachineKey, stateMachineName } from '../naming.js';

export interface WorkflowStackProps extends StackProps {
  readonly resources: IroStageResources;
}

export class WorkflowStack extends Stack {
  readonly functions: Readonly<Record<keyof WorkflowFunctions, IroFunction>>;
  readonly stateMachines: Readonly<Record<Workflow, StateMachine>>;
  /** Records the chunks of an SSDA903 upload (`iro-import`). */
  readonly importChunk: IroFunction;
  readonly importMachine: StateMachine;
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
          reads: ['clockHead', 'log', 'board', 'notification'],
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
        reads: ['import', 'log', 'eventIdClaim', 'clockHead'],
        // childUploads: holding each child's place while their events are recorded.
        writes: ['import', 'childUploads', 'log', 'logRegistry', 'eventIdClaim', 'clockHead'],
        deletes: ['eventIdClaim'],
      },
      workflows: { start: true, wake: true },
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

    this.alarms = new StageAlarms(this, 'Alarms', {
      stageName: props.resources.settings.stageName,
    });
    for (const workflow of WORKFLOWS)
      this.alarms.stateMachine(workflow, this.stateMachines[workflow]);
    this.alarms.importMachine(this.importMachine);
    for (const fn of Object.values(this.functions)) this.alarms.lambda(fn);
    this.alarms.lambda(this.importChunk);
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
