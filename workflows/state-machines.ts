/** Every workflow's Step Functions definition, by workflow name (see clocks.ts). */
import type { IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  childProtectionDefinition,
  conferenceReportDefinition,
} from './child-protection/state-machine.js';
import type { WorkflowFunctions } from './clock-loop.js';
import type { Workflow } from './clocks.js';
import { disputeResolutionDefinition } from './disputes/state-machine.js';
import { reviewCycleDefinition } from './looked-after/state-machine.js';

export const WORKFLOW_DEFINITIONS: Readonly<
  Record<Workflow, (scope: Construct, functions: WorkflowFunctions) => IChainable>
> = {
  'review-cycle': reviewCycleDefinition,
  'child-protection': childProtectionDefinition,
  'conference-report': conferenceReportDefinition,
  'dispute-resolution': disputeResolutionDefinition,
};

export type { WorkflowFunctions } from './clock-loop.js';
