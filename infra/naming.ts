/**
 * The names other code computes rather than looks up. State machines are named, not
 * referenced, so a handler can start or wake any workflow from one ARN prefix and no
 * stack depends on another's outputs for it (which would make a cycle: the state
 * machines call the functions that start them). The alarm topic is named for the same
 * reason: every stack's alarms notify it without importing the monitoring stack's outputs.
 */
import { Aws } from 'aws-cdk-lib';
import { IMPORT_WORKFLOW } from '../functions/import/upload.js';
import { WORKFLOWS } from '../workflows/clocks.js';
import type { StageName } from './config.js';

export const STATE_MACHINE_NAME_PREFIX = 'iro-';

/** Every state machine: one per clock's workflow, and the import of SSDA903 uploads. */
export const STATE_MACHINES = [...WORKFLOWS, IMPORT_WORKFLOW] as const;
export type StateMachineKey = (typeof STATE_MACHINES)[number];

/** The SES configuration set every email is sent through. */
export const CONFIGURATION_SET_NAME = 'iro-workflows';

export const stateMachineName = (workflow: StateMachineKey): string =>
  `${STATE_MACHINE_NAME_PREFIX}${workflow}`;

const statesArn = (kind: 'stateMachine' | 'execution', rest: string): string =>
  `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}:${rest}`;

/** What handlers append a workflow name to (env STATE_MACHINE_ARN_PREFIX). */
export const stateMachineArnPrefix = (): string =>
  statesArn('stateMachine', STATE_MACHINE_NAME_PREFIX);

export const stateMachineArn = (workflow: StateMachineKey): string =>
  statesArn('stateMachine', stateMachineName(workflow));

/** Every execution of one workflow: execution names are per clock, known only at run time. */
export const executionsArn = (workflow: StateMachineKey): string =>
  statesArn('execution', `${stateMachineName(workflow)}:*`);

export const sesIdentityArn = (identity: string): string =>
  `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity}`;

export const sesConfigurationSetArn = (name: string): string =>
  `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${name}`;

/** The SNS topic every operational alarm of a stage notifies (one stage per account and region). */
export const ALARM_TOPIC_NAME = 'iro-workflows-alarms';

export const alarmTopicArn = (): string =>
  `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${ALARM_TOPIC_NAME}`;

/** Alarm names start with the stage, so test and production alarms are told apart at a glance. */
export const alarmNamePrefix = (stage: StageName): string => `${stage}-iro-workflows-`;

export const alarmName = (stage: StageName, what: string): string =>
  `${alarmNamePrefix(stage)}${what}`;

/** Every alarm of a stage: what CloudWatch is allowed to publish to the alarm topic on behalf of. */
export const alarmsArnPattern = (stage: StageName): string =>
  `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${alarmNamePrefix(stage)}*`;
