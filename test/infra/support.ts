/**
 * The app as `cdk synth` builds it (pipeline, test and production stages), synthesized
 * in-process without bundling, with helpers to read its templates.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_DEPLOYMENT_CONFIG, parseDeploymentConfig } from '../../infra/config.js';
import { defineIroApp } from '../../infra/iro-app.js';
import { offlineApp, removeOutdir } from '../../infra/offline.js';

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, unknown>;
  readonly Sid?: string;
}

let shared: ReturnType<typeof synthesizeFresh> | undefined;

/**
 * The app, synthesized once per test worker and shared by every infra test file (the
 * infra project runs its files in one worker without isolation): a synth costs 10 s or
 * more on a busy 2-core machine. Its output folder goes when the worker exits.
 */
export function synthesizeApp() {
  if (shared === undefined) {
    const synth = synthesizeFresh();
    process.once('exit', synth.removeOutput);
    shared = synth;
  }
  return shared;
}

function synthesizeFresh() {
  const app = offlineApp();
  const config = parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG, 'example');
  const pipeline = defineIroApp(app, config);
  app.synth();
  const stage = pipeline.test;
  if (stage.web === undefined) throw new Error('the pipeline’s test stage hosts no work tray');
  const stageStacks = {
    monitoring: stage.monitoring,
    data: stage.data,
    email: stage.email,
    workflows: stage.workflows,
    api: stage.api,
  } as const;
  const templates = Object.fromEntries(
    Object.entries(stageStacks).map(([name, stack]) => [name, Template.fromStack(stack)]),
  ) as Record<keyof typeof stageStacks, Template>;
  return {
    app,
    config,
    pipeline,
    stage,
    stageStacks,
    templates,
    pipelineTemplate: Template.fromStack(pipeline),
    /**
     * The work tray's stack, apart from `templates`: its only function is
     * BucketDeployment's, which the handler-function tests do not describe.
     */
    webTemplate: Template.fromStack(stage.web),
    /** Nothing to do per file: the shared output is removed when the worker exits. */
    cleanUp: () => undefined,
    removeOutput: () => removeOutdir(app),
  };
}

export type SynthesizedApp = ReturnType<typeof synthesizeApp>;

/** Every resource of the stage's stacks of a type, by logical id (stack-qualified). */
export function resourcesOfType(
  templates: Record<string, Template>,
  type: string,
): [string, Resource][] {
  return Object.entries(templates).flatMap(([stack, template]) =>
    Object.entries(template.findResources(type) as Record<string, Resource>).map(
      ([id, resource]): [string, Resource] => [`${stack}/${id}`, resource],
    ),
  );
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The statements of an AWS::IAM::Policy resource. */
export const statementsOf = (policy: Resource): PolicyStatement[] =>
  asArray(
    (policy.Properties?.PolicyDocument as { Statement?: PolicyStatement | PolicyStatement[] })
      ?.Statement,
  );

/** Resolves a value of a stack as CloudFormation would see it (tokens to intrinsics). */
export const resolved = (stack: Stack, value: unknown): unknown => Stack.of(stack).resolve(value);

/** The logical id a `Ref` or `Fn::GetAtt` points at. */
export const ref = (value: unknown): string | undefined => {
  const node = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return node?.Ref ?? node?.['Fn::GetAtt']?.[0];
};
