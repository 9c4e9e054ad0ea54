/**
 * The state machines exactly as deployed, for running on one machine: synthesized
 * offline once per process, each definition's CloudFormation references replaced by
 * placeholders, with the handler module behind each placeholder function ARN (from the
 * functions' `iro:handler` metadata). The local runner binds Task states with it, so
 * what runs locally is what CloudFormation deploys.
 */
import { WORKFLOWS, type Workflow } from '../workflows/clocks.js';
import { EXAMPLE_DEPLOYMENT_CONFIG, parseDeploymentConfig, stageSettings } from './config.js';
import {
  HANDLER_METADATA_KEY,
  HANDLER_MODULES,
  type HandlerModule,
} from './constructs/iro-function.js';
import { stateMachineName } from './naming.js';
import { offlineApp, removeOutdir } from './offline.js';
import { IroWorkflowsStage } from './stage.js';

export const PLACEHOLDER_PARTITION = 'aws';
export const PLACEHOLDER_REGION = 'eu-west-2';
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** A placeholder function ARN: the function's logical id stands in for its name. */
export const placeholderFunctionArn = (logicalId: string): string =>
  `arn:${PLACEHOLDER_PARTITION}:lambda:${PLACEHOLDER_REGION}:${PLACEHOLDER_ACCOUNT}:function:${logicalId}`;

/** One state of Amazon States Language, as far as the runner and the tests read it. */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ResultPath?: string | null;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly TimeoutSecondsPath?: string;
  readonly Choices?: ({ readonly Next: string } & Record<string, unknown>)[];
  readonly Default?: string;
  readonly Catch?: {
    readonly ErrorEquals: string[];
    readonly Next: string;
    readonly ResultPath?: string | null;
  }[];
  readonly Retry?: Record<string, unknown>[];
  readonly [field: string]: unknown;
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly [field: string]: unknown;
}

export interface SynthesizedDefinition {
  /** Runnable Amazon States Language: no CloudFormation reference is left in it. */
  readonly definition: AslDefinition;
  /** Each placeholder function ARN the definition calls, to its handler module (`plan-step`, ...). */
  readonly handlers: Readonly<Record<string, HandlerModule>>;
  /** Each handler module's memory as deployed (MB), so a local run can count GB-seconds. */
  readonly memoryMb: Readonly<Partial<Record<HandlerModule, number>>>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

const PSEUDO_PARAMETERS: Readonly<Record<string, string>> = {
  'AWS::Partition': PLACEHOLDER_PARTITION,
  'AWS::Region': PLACEHOLDER_REGION,
  'AWS::AccountId': PLACEHOLDER_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Resolves a CloudFormation value of a template (Ref, Fn::GetAtt, Fn::Join) to placeholders. */
export function resolveToPlaceholders(
  value: unknown,
  resources: Readonly<Record<string, TemplateResource>>,
): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const node = value as Record<string, unknown>;
    if (typeof node.Ref === 'string') {
      const pseudo = PSEUDO_PARAMETERS[node.Ref];
      if (pseudo !== undefined) return pseudo;
    }
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') {
      if (resources[getAtt[0]]?.Type === 'AWS::Lambda::Function') {
        return placeholderFunctionArn(getAtt[0]);
      }
    }
    const join = node['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map((part: unknown) => resolveToPlaceholders(part, resources)).join(join[0]);
    }
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)} to a placeholder`);
}

/** The definitions of one synthesized template (its stack's state machines), by workflow. */
export function definitionsOfTemplate(template: {
  readonly Resources?: Readonly<Record<string, TemplateResource>>;
}): Partial<Record<Workflow, SynthesizedDefinition>> {
  const resources = template.Resources ?? {};
  const handlerOf = new Map<string, HandlerModule>();
  const memoryOf = new Map<HandlerModule, number>();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const handler = resource.Metadata?.[HANDLER_METADATA_KEY];
    if (resource.Type !== 'AWS::Lambda::Function' || handler === undefined) continue;
    if (!(HANDLER_MODULES as readonly unknown[]).includes(handler)) {
      throw new Error(`function ${logicalId} names an unknown handler module: ${String(handler)}`);
    }
    handlerOf.set(placeholderFunctionArn(logicalId), handler as HandlerModule);
    // Lambda's default when a function names no memory size.
    memoryOf.set(handler as HandlerModule, Number(resource.Properties?.MemorySize ?? 128));
  }

  const found: Partial<Record<Workflow, SynthesizedDefinition>> = {};
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const name = resource.Properties?.StateMachineName;
    const workflow = WORKFLOWS.find((w) => stateMachineName(w) === name);
    if (workflow === undefined) continue;
    const text = resolveToPlaceholders(resource.Properties?.DefinitionString, resources);
    const handlers: Record<string, HandlerModule> = {};
    const memoryMb: Partial<Record<HandlerModule, number>> = {};
    for (const [arn, handler] of handlerOf) {
      if (!text.includes(JSON.stringify(arn))) continue;
      handlers[arn] = handler;
      const memory = memoryOf.get(handler);
      if (memory !== undefined) memoryMb[handler] = memory;
    }
    found[workflow] = { definition: JSON.parse(text) as AslDefinition, handlers, memoryMb };
  }
  return found;
}

let synthesized: Readonly<Record<Workflow, SynthesizedDefinition>> | undefined;

function synthesizeOnce(): Readonly<Record<Workflow, SynthesizedDefinition>> {
  const app = offlineApp();
  try {
    const config = parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG, 'example');
    const stage = new IroWorkflowsStage(app, 'Local', {
      settings: stageSettings(config, 'test'),
      hostWorkTray: false,
    });
    const template = stage.synth().getStackArtifact(stage.workflows.artifactId).template as {
      Resources?: Record<string, TemplateResource>;
    };
    const found = definitionsOfTemplate(template);
    const missing = WORKFLOWS.filter((workflow) => found[workflow] === undefined);
    if (missing.length > 0)
      throw new Error(`no state machine synthesized for ${missing.join(', ')}`);
    return found as Record<Workflow, SynthesizedDefinition>;
  } finally {
    removeOutdir(app);
  }
}

/**
 * Every workflow's runnable definition and the handler behind each function ARN it
 * calls. Synthesized on the first call (a second or two, no bundling), then served from
 * memory; each call returns its own copy, free to change.
 */
export function synthesizedDefinitions(): Record<Workflow, SynthesizedDefinition> {
  synthesized ??= synthesizeOnce();
  return structuredClone(synthesized) as Record<Workflow, SynthesizedDefinition>;
}
