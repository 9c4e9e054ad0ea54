/**
 * The review cycle: one execution per looked-after child (looked-after and secure
 * accommodation reviews, and the decisions and record of each review held) and per
 * foster carer, waiting for each review and reminding before it falls due.
 */
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { clockLoop, type WorkflowFunctions } from '../clock-loop.js';

export function reviewCycleDefinition(scope: Construct, functions: WorkflowFunctions): IChainable {
  return clockLoop(scope, functions, {
    plan: 'Work out the next review',
    route: 'Is a review still due?',
    wait: 'Wait for the review or the next reminder',
    act: 'Send review reminders and escalations',
    close: 'Close the review cycle',
    closed: 'No review is due',
    successor: 'Continue in a fresh execution',
    alert: 'Alert the unit',
    failed: 'Review cycle stopped',
  });
}
