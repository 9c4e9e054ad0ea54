import { Stack, Validations } from 'aws-cdk-lib';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nagPacks } from '../../infra/nag.js';
import { type SynthesizedApp, synthesizeApp } from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

/** Every acknowledgement in the app: where, which finding, why. */
function acknowledgements(root: IConstruct) {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag', () => {
  it('runs exactly the AWS Solutions and Serverless packs', () => {
    expect(nagPacks().map((pack) => pack.readPackName)).toEqual(['AwsSolutions', 'Serverless']);
  });

  it.each(nagPacks().map((pack) => [pack.name, pack] as const))(
    'the %s pack finds nothing unacknowledged in the pipeline or either stage',
    (_name, pack) => {
      const report = pack.validateScope(synth.app);
      const findings = report.violations.map(
        (v) =>
          `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
    },
  );

  it('acknowledges each finding with a reason of its own', () => {
    const all = acknowledgements(synth.app);
    expect(all.length).toBeGreaterThan(0);
    for (const { path, id, reason } of all) {
      expect(reason.length, `${path} ${id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('acknowledges only the kinds of finding that were decided on', () => {
    const decided = [
      // X-Ray and Step Functions log delivery have no resource-level permissions; CDK Pipelines' lookups.
      /^AwsSolutions-IAM5\[Resource::\*\]$/,
      // DescribeExecution on the executions of one named state machine.
      /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:iro-[a-z-]+:\*\]$/,
      // LambdaInvoke's grant on a workflow function's versions and aliases.
      /^AwsSolutions-IAM5\[Resource::<\w+Function\w+\.Arn>:\*\]$/,
      // The public OpenAPI document's route; the CORS preflight route.
      /^AwsSolutions-APIG4$/,
      // The work tray: no geo restriction (CFR2, no WAF, is no longer acknowledged).
      /^AwsSolutions-CFR1$/,
      // BucketDeployment's grants on the CDK asset bucket and the site bucket; its
      // function is not traced (a deploy-time custom resource).
      /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-\d{12}-[a-z0-9-]+\/\*\]$/,
      /^AwsSolutions-IAM5\[Resource::<Site\w+\.Arn>\/\*\]$/,
      /^Serverless-LambdaTracing$/,
      // The pinned runtime.
      /^(AwsSolutions-L1|Serverless-LambdaLatestVersion)$/,
      // Functions invoked synchronously; the dead-letter queue itself.
      /^(Serverless-LambdaDLQ|Serverless-SQSRedrivePolicy)$/,
      // A dead-letter queue of an SNS subscription, which AwsSolutions-SQS3 does not recognise.
      /^AwsSolutions-SQS3$/,
      // CDK Pipelines' own artifact bucket, key, CodeBuild logs and report groups, bootstrap
      // roles; the work tray's access-log bucket.
      /^AwsSolutions-S1$/,
      /^AwsSolutions-IAM5\[Action::(s3:(GetObject|GetBucket|List|DeleteObject|Abort)|kms:(ReEncrypt|GenerateDataKey))\*\]$/,
      /^AwsSolutions-IAM5\[Resource::<PipelineArtifactsBucket\w+\.Arn>\/\*\]$/,
      // CodePipeline's replication bucket in us-east-1, for the firewall's stack.
      /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:s3:::iroworkflowspipeline-suppeplicationbucket[a-z0-9]+\/\*\]$/,
      /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:(logs|codebuild):[a-z0-9-]+:\d{12}:(log-group:\/aws\/codebuild\/|report-group\/)[^\]]*\*\]$/,
      /^AwsSolutions-IAM5\[Resource::arn:\*:iam::\d{12}:role\/\*\]$/,
    ];
    for (const { path, id } of acknowledgements(synth.app)) {
      expect(
        decided.some((pattern) => pattern.test(id)),
        `${path}: ${id}`,
      ).toBe(true);
    }
  });

  it('acknowledges a queue without a dead-letter queue only where it is an SNS subscription’s', () => {
    const acknowledged = acknowledgements(synth.app).filter(({ id }) => id === 'AwsSolutions-SQS3');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path } of acknowledged) {
      const queue = synth.app.node.findAll().find((c) => c.node.path === path);
      expect(queue, path).toBeInstanceOf(Queue);
      const stack = Stack.of(queue as Queue);
      const queueArn = stack.resolve((queue as Queue).queueArn) as unknown;
      const redrivenHere = stack.node
        .findAll()
        .filter((c): c is CfnSubscription => c instanceof CfnSubscription)
        .some(
          (subscription) =>
            JSON.stringify(stack.resolve(subscription.redrivePolicy)) ===
            JSON.stringify({ deadLetterTargetArn: queueArn }),
        );
      expect(redrivenHere, path).toBe(true);
    }
  });

  it('acknowledges pipeline findings on the pipeline only, never on a stage as a whole', () => {
    for (const { path } of acknowledgements(synth.app)) {
      expect(path).not.toMatch(
        /^IroWorkflowsPipeline\/(Test|Production)(\/(Monitoring|Data|Email|Workflows|Api|Web))?$/,
      );
    }
  });
});
