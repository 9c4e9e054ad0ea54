/**
 * The child protection cycle (booking decision, initial conference, review
 * conferences, the 15-month check, the minutes of each conference held) and, per
 * conference, the report deadline.
 */
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { clockLoop, type WorkflowFunctions } from '../clock-loop.js';

export function childProtectionDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
): IChainable {
  return clockLoop(scope, functions, {
    plan: 'Work out the conference deadlines',
    route: 'Is a conference or decision still due?',
    wait: 'Wait for the conference or the next reminder',
    act: 'Send conference reminders and escalations',
    close: 'Close the child protection cycle',
    closed: 'No conference is due',
    successor: 'Continue in a fresh execution',
    alert: 'Alert the unit',
    failed: 'Child protection cycle stopped',
  });
}

export function conferenceReportDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
): IChainable {
  return clockLoop(scope, functions, {
    plan: 'Work out when the report is due',
    route: 'Is the report still awaited?',
    wait: 'Wait for the report to be shared',
    act: 'Remind the social worker or alert the chair',
    close: 'Close the report deadline',
    closed: 'Report shared or conference over',
    successor: 'Continue in a fresh execution',
    alert: 'Alert the unit',
    failed: 'Report deadline stopped',
  });
}
