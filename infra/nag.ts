/**
 * cdk-nag: the AWS Solutions and Serverless packs run on every synth (the CLI fails on
 * an unacknowledged finding), and the tests run them directly. Findings are
 * acknowledged where the construct is made, one reason each, through
 * `Validations.of(construct).acknowledge` (cdk-nag 3).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The packs this app must pass. */
export const nagPacks = (scope?: IConstruct) => [
  new AwsSolutionsChecks(scope),
  new ServerlessChecks(scope),
];

/** Runs the packs on every synth of the app. */
export function checkWithNag(app: IConstruct): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

/** A resolved CloudFormation value written as cdk-nag writes it in a finding id. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    const join = node['Fn::Join'] as [string, unknown[]] | undefined;
    if (join) return join[1].map(flatten).join(join[0]);
    if ('Fn::Sub' in node) return flatten(node['Fn::Sub']);
    const getAtt = node['Fn::GetAtt'] as [unknown, unknown] | undefined;
    if (getAtt) return `<${flatten(getAtt[0])}.${flatten(getAtt[1])}>`;
    if ('Fn::ImportValue' in node) return flatten(node['Fn::ImportValue']);
    if ('Ref' in node) return `<${flatten(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/** The id of an AwsSolutions-IAM5 finding on a resource ARN (which may hold tokens). */
export const wildcardResourceFinding = (scope: IConstruct, arn: string): string =>
  `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(arn))}]`;
