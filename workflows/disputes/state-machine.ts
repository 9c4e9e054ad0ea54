/**
 * Dispute resolution: one visible state per stage, so a head of service reading the
 * console sees where each challenge stands. A stage whose time runs out wakes the
 * workflow, which notifies the next stage's manager as the dispute moves up.
 */
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { clockLoop, type WorkflowFunctions } from '../clock-loop.js';

export const DISPUTE_STAGE_STATES: Readonly<Record<number, string>> = {
  1: 'Stage 1: team manager to respond',
  2: 'Stage 2: service manager to respond',
  3: 'Stage 3: head of service to respond',
  4: 'Stage 4: director to respond',
  5: 'Stage 5: IRO to consider referral to Cafcass',
};

export function disputeResolutionDefinition(
  scope: Construct,
  functions: WorkflowFunctions,
): IChainable {
  return clockLoop(scope, functions, {
    plan: 'Work out where the dispute stands',
    route: 'Is the dispute still open?',
    wait: { choice: 'Which stage is it at?', stages: DISPUTE_STAGE_STATES },
    act: 'Notify the stage managers',
    close: 'Close the dispute',
    closed: 'Dispute resolved',
    successor: 'Continue in a fresh execution',
    alert: 'Alert the unit',
    failed: 'Dispute workflow stopped',
  });
}
