/**
 * The whole CDK app, for `cdk synth` and the tests alike: the pipeline stack, which
 * holds the test and production stages.
 */
import type { App } from 'aws-cdk-lib';
import { type DeploymentConfig, loadDeploymentConfig } from './config.js';
import { PipelineStack } from './stacks/pipeline-stack.js';

export function defineIroApp(
  app: App,
  config: DeploymentConfig = loadDeploymentConfig(app),
): PipelineStack {
  return new PipelineStack(app, 'IroWorkflowsPipeline', {
    env: { account: config.pipeline.account, region: config.pipeline.region },
    description: `iro-workflows delivery pipeline for ${config.councilName}`,
    config,
  });
}
