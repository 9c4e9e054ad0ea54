/**
 * The names other code computes rather than looks up. State machines are named, not
 * referenced, so a handler can start or wake any workflow from one ARN prefix and no
 * stack depends on another's outputs for it (which would make a cycle: the state
 * machines call the functions that start them).
 */
import { Aws } from 'aws-cdk-lib';
import type { Workflow } from '../workflows/clocks.js';

export const STATE_MACHINE_NAME_PREFIX = 'iro-';

/** The SES configuration set every email is sent through. */
export const CONFIGURATION_SET_NAME = 'iro-workflows';

export const stateMachineName = (workflow: Workflow): string =>
  `${STATE_MACHINE_NAME_PREFIX}${workflow}`;

const statesArn = (kind: 'stateMachine' | 'execution', rest: string): string =>
  `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:${kind}:${rest}`;

/** What handlers append a workflow name to (env STATE_MACHINE_ARN_PREFIX). */
export const stateMachineArnPrefix = (): string =>
  statesArn('stateMachine', STATE_MACHINE_NAME_PREFIX);

export const stateMachineArn = (workflow: Workflow): string =>
  statesArn('stateMachine', stateMachineName(workflow));

/** Every execution of one workflow: execution names are per clock, known only at run time. */
export const executionsArn = (workflow: Workflow): string =>
  statesArn('execution', `${stateMachineName(workflow)}:*`);

export const sesIdentityArn = (identity: string): string =>
  `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${identity}`;

export const sesConfigurationSetArn = (name: string): string =>
  `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:configuration-set/${name}`;
