/**
 * The delivery pipeline (CDK Pipelines): build and test every commit, deploy to the
 * test stage, wait for a person's approval, then deploy the same stage to production.
 */
import { ArnFormat, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { BuildSpec, ComputeType, LinuxBuildImage } from 'aws-cdk-lib/aws-codebuild';
import { PipelineType } from 'aws-cdk-lib/aws-codepipeline';
import {
  CodePipeline,
  CodePipelineSource,
  type IFileSetProducer,
  ManualApprovalStep,
  ShellStep,
} from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { type DeploymentConfig, type StageName, stageSettings } from '../config.js';
import { wildcardResourceFinding } from '../nag.js';
import { IroWorkflowsStage } from '../stage.js';

/** Every commit is installed from the lock file, tested and synthesized (cdk-nag included). */
export const SYNTH_COMMANDS = ['npm ci', 'npm test', 'npx cdk synth --no-notices'];

export interface PipelineStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

export class PipelineStack extends Stack {
  readonly pipeline: CodePipeline;
  readonly test: IroWorkflowsStage;
  readonly production: IroWorkflowsStage;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    const source = CodePipelineSource.connection(
      config.pipeline.repository,
      config.pipeline.branch,
      { connectionArn: config.pipeline.connectionArn },
    );

    this.pipeline = new CodePipeline(this, 'Pipeline', {
      pipelineName: 'iro-workflows',
      pipelineType: PipelineType.V2,
      // Test and production are other accounts: artifacts are encrypted with a key
      // those accounts can be granted, rotated yearly.
      crossAccountKeys: true,
      enableKeyRotation: true,
      // aws-cdk-lib declares `primaryOutput?: FileSet` on the interface and
      // `FileSet | undefined` on the classes: the same thing, except under
      // exactOptionalPropertyTypes.
      synth: new ShellStep('Synth', {
        input: source as IFileSetProducer,
        env: { CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
        commands: SYNTH_COMMANDS,
      }) as IFileSetProducer,
      // Type-check, lint, every test, then nine bundles per stage.
      synthCodeBuildDefaults: { buildEnvironment: { computeType: ComputeType.MEDIUM } },
      codeBuildDefaults: {
        buildEnvironment: { buildImage: LinuxBuildImage.STANDARD_7_0 },
        partialBuildSpec: BuildSpec.fromObject({
          phases: { install: { 'runtime-versions': { nodejs: '22' } } },
        }),
      },
    });

    const stage = (name: StageName, id: string) =>
      new IroWorkflowsStage(this, id, {
        env: { account: config.stages[name].account, region: config.stages[name].region },
        settings: stageSettings(config, name),
      });
    this.test = stage('test', 'Test');
    this.production = stage('production', 'Production');
    this.pipeline.addStage(this.test);
    this.pipeline.addStage(this.production, {
      pre: [
        new ManualApprovalStep('PromoteToProduction', {
          comment: `Promote to ${config.councilName} production once the test stage has been checked.`,
        }),
      ],
    });

    this.pipeline.buildPipeline();
    this.acknowledgePipelineFindings();
  }

  /**
   * What CDK Pipelines generates and cannot be narrowed from here: its roles' grants on
   * its own artifact bucket and key, and CodeBuild's run-time log groups and report
   * groups. Nothing in this stack touches the unit's data.
   */
  private acknowledgePipelineFindings(): void {
    const pipeline = this.pipeline;
    const acknowledge = (id: string, reason: string) =>
      Validations.of(pipeline).acknowledge({ id, reason });
    const artifacts = pipeline.pipeline.artifactBucket;

    acknowledge(
      'AwsSolutions-S1',
      'The artifact bucket holds build outputs (templates, Lambda bundles), never case data; it is KMS-encrypted, reached only by the pipeline roles, and CloudTrail records its use.',
    );
    const artifactAccess =
      "CDK Pipelines' grant on its own artifact bucket (read and write of pipeline artifacts only).";
    for (const action of [
      's3:GetObject*',
      's3:GetBucket*',
      's3:List*',
      's3:DeleteObject*',
      's3:Abort*',
    ]) {
      acknowledge(`AwsSolutions-IAM5[Action::${action}]`, artifactAccess);
    }
    acknowledge(wildcardResourceFinding(this, `${artifacts.bucketArn}/*`), artifactAccess);
    // The firewall's stack lives in us-east-1 (CloudFront's region for web ACLs), so
    // CodePipeline keeps a replication bucket there for the artifacts it deploys.
    for (const support of Object.values(pipeline.pipeline.crossRegionSupport)) {
      const bucket = support.replicationBucket;
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          "CodePipeline's cross-region replication bucket holds copies of build outputs (templates) for us-east-1, never case data; it is KMS-encrypted and reached only by the pipeline roles.",
      });
      acknowledge(wildcardResourceFinding(this, `${bucket.bucketArn}/*`), artifactAccess);
    }
    const artifactKey =
      "CDK Pipelines' grant on its own artifact key (encrypting artifacts for the stage accounts).";
    acknowledge('AwsSolutions-IAM5[Action::kms:ReEncrypt*]', artifactKey);
    acknowledge('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', artifactKey);

    const codeBuildRuntime =
      'CodeBuild creates its log streams and test report groups at run time, under the project name.';
    for (const project of [pipeline.synthProject, pipeline.selfMutationProject]) {
      acknowledge(
        wildcardResourceFinding(this, this.codeBuildLogs(project.projectName)),
        codeBuildRuntime,
      );
      acknowledge(
        wildcardResourceFinding(this, this.reportGroups(`${project.projectName}-`)),
        codeBuildRuntime,
      );
    }
    // The asset-publishing role is shared by one CodeBuild project per asset.
    acknowledge(wildcardResourceFinding(this, this.codeBuildLogs('')), codeBuildRuntime);
    acknowledge(wildcardResourceFinding(this, this.reportGroups('')), codeBuildRuntime);
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'codebuild:StartBuild/BatchGetBuilds (asset publishing), cloudformation:DescribeStacks and s3:ListBucket (self-mutation) as CDK Pipelines grants them: lookups of names only known at run time.',
    );
    acknowledge(
      `AwsSolutions-IAM5[Resource::arn:*:iam::${this.account}:role/*]`,
      "Self-mutation assumes the CDK bootstrap roles of this account to update the pipeline's own stack.",
    );
  }

  private codeBuildLogs(projectName: string): string {
    return this.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: projectName ? `/aws/codebuild/${projectName}:*` : '/aws/codebuild/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  private reportGroups(prefix: string): string {
    return this.formatArn({
      service: 'codebuild',
      resource: 'report-group',
      resourceName: `${prefix}*`,
    });
  }
}
