import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, UnitAlerts } from '../../functions/adapters/ports.js';
import { awsDependencies } from '../../functions/aws/all.js';
import { actStep, alertWorkflowFailed } from '../../functions/shared/clock-steps.js';
import { Logger } from '../../functions/shared/observability.js';
import { CUSTOM_METRIC_ALARMS } from '../../infra/constructs/alarms.js';
import { HANDLER_METADATA_KEY, HANDLER_MODULES } from '../../infra/constructs/iro-function.js';
import { resolveToPlaceholders } from '../../infra/definitions.js';
import { ALARM_TOPIC_NAME } from '../../infra/naming.js';
import { WORKFLOWS } from '../../workflows/clocks.js';
import {
  asArray,
  type PolicyStatement,
  type Resource,
  ref,
  resourcesOfType,
  type SynthesizedApp,
  synthesizeApp,
} from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

interface AlarmProperties {
  readonly AlarmName: string;
  readonly AlarmDescription: unknown;
  readonly AlarmActions: unknown[];
  readonly OKActions?: unknown[];
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions?: { Name: string; Value: unknown }[];
  readonly Statistic: string;
  readonly Period: number;
  readonly Threshold: number;
  readonly EvaluationPeriods: number;
  readonly ComparisonOperator: string;
  readonly TreatMissingData: string;
}

/** Every alarm of the test stage, by stack-qualified logical id. */
const alarms = (): [string, AlarmProperties][] =>
  resourcesOfType(synth.templates, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => [
    id,
    alarm.Properties as unknown as AlarmProperties,
  ]);

/** The alarms on one metric whose dimension `name` refers to the resource `logicalId`. */
const alarmsOn = (stack: string, metricName: string, name: string, logicalId: string) =>
  alarms().filter(
    ([id, alarm]) =>
      id.startsWith(`${stack}/`) &&
      alarm.MetricName === metricName &&
      alarm.Dimensions?.some((d) => d.Name === name && ref(d.Value) === logicalId),
  );

const monitoringResources = () =>
  synth.templates.monitoring.toJSON().Resources as Record<string, Resource>;

const topic = (): [string, Resource] => {
  const topics = resourcesOfType({ monitoring: synth.templates.monitoring }, 'AWS::SNS::Topic');
  expect(topics).toHaveLength(1);
  const [[id, resource]] = topics as [[string, Resource]];
  return [id.replace(/^monitoring\//, ''), resource];
};

/** The alarm topic's ARN as every stack's alarms name it (by name, not by reference). */
const topicArn = () =>
  `arn:aws:sns:eu-west-2:000000000000:${topic()[1].Properties?.TopicName as string}`;

const statementsWith = (type: string, principal: string): PolicyStatement[] =>
  resourcesOfType({ monitoring: synth.templates.monitoring }, type)
    .flatMap(([, policy]) => {
      const document = (policy.Properties?.PolicyDocument ??
        policy.Properties?.KeyPolicy ??
        {}) as {
        Statement?: PolicyStatement[];
      };
      return asArray(document.Statement);
    })
    .filter(
      (s) =>
        (s as unknown as { Principal?: { Service?: unknown } }).Principal?.Service === principal,
    );

describe('the alarm topic', () => {
  it('is named, encrypted with a customer-managed key that rotates, and accepts TLS only', () => {
    const [, resource] = topic();
    expect(resource.Properties?.TopicName).toBe(ALARM_TOPIC_NAME);
    const keyId = ref(resource.Properties?.KmsMasterKeyId);
    const key = monitoringResources()[keyId as string];
    expect(key?.Type).toBe('AWS::KMS::Key');
    expect(key?.Properties?.EnableKeyRotation).toBe(true);
    const [[, policy]] = resourcesOfType(
      { monitoring: synth.templates.monitoring },
      'AWS::SNS::TopicPolicy',
    ) as [[string, Resource]];
    expect(asArray((policy.Properties?.Topics as unknown[]) ?? []).map(ref)).toEqual([topic()[0]]);
    expect(JSON.stringify(policy.Properties?.PolicyDocument)).toContain(
      '"Condition":{"Bool":{"aws:SecureTransport":"false"}}',
    );
  });

  it('emails the configured duty inbox, keeping what cannot be delivered in a dead-letter queue', () => {
    const subscriptions = resourcesOfType(
      { monitoring: synth.templates.monitoring },
      'AWS::SNS::Subscription',
    );
    expect(subscriptions).toHaveLength(1);
    const [[, subscription]] = subscriptions as [[string, Resource]];
    expect(subscription.Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: synth.config.stages.test.email.alertAddress,
    });
    expect(ref(subscription.Properties?.TopicArn)).toBe(topic()[0]);
    const redrive = subscription.Properties?.RedrivePolicy as { deadLetterTargetArn: unknown };
    expect(monitoringResources()[ref(redrive.deadLetterTargetArn) as string]?.Type).toBe(
      'AWS::SQS::Queue',
    );
  });

  it('sends each stage’s alarms to that stage’s own duty inbox', () => {
    const production = Template.fromStack(synth.pipeline.production.monitoring);
    production.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: synth.config.stages.production.email.alertAddress,
    });
  });

  it('lets CloudWatch publish, and use the key, for this stage’s alarms in this account only', () => {
    const condition = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    };
    const [publish] = statementsWith('AWS::SNS::TopicPolicy', 'cloudwatch.amazonaws.com');
    expect(publish).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish', Condition: condition });
    const [useKey] = statementsWith('AWS::KMS::Key', 'cloudwatch.amazonaws.com');
    expect(useKey).toMatchObject({ Effect: 'Allow', Condition: condition });
    expect(asArray(useKey?.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });
});

describe('every alarm of the stage', () => {
  it('notifies the alarm topic only when in alarm, on one bad period, treating no data as fine', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms()) {
      expect(
        alarm.AlarmActions.map((action) => resolveToPlaceholders(action, {})),
        id,
      ).toEqual([topicArn()]);
      expect(alarm.OKActions, id).toBeUndefined();
      expect(alarm, id).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('is named after its stage, uniquely, within what CloudWatch may publish for', () => {
    const [publish] = statementsWith('AWS::SNS::TopicPolicy', 'cloudwatch.amazonaws.com');
    const pattern = resolveToPlaceholders(
      (publish?.Condition?.ArnLike as Record<string, unknown> | undefined)?.['aws:SourceArn'],
      {},
    );
    const glob = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
    const names = alarms().map(([, alarm]) => alarm.AlarmName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^test-iro-workflows-[a-z0-9-]+$/);
      expect(`arn:aws:cloudwatch:eu-west-2:000000000000:alarm:${name}`).toMatch(glob);
    }
    const production = Template.fromStack(synth.pipeline.production.workflows);
    for (const alarm of Object.values(production.findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as Resource).Properties?.AlarmName).toMatch(/^production-iro-workflows-/);
    }
  });

  it('tells the reader what to do, in a description of its own', () => {
    const descriptions = alarms().map(([, alarm]) => JSON.stringify(alarm.AlarmDescription));
    for (const description of descriptions) expect(description.length).toBeGreaterThan(120);
    expect(new Set(descriptions).size).toBe(descriptions.length);
  });
});

describe('the state machines', () => {
  const machines = () =>
    resourcesOfType({ workflows: synth.templates.workflows }, 'AWS::StepFunctions::StateMachine');

  it.each([
    ['ExecutionsFailed', 'executions-failed'],
    ['ExecutionsTimedOut', 'executions-timed-out'],
    ['ExecutionThrottled', 'executions-throttled'],
  ])('each have a %s alarm: 1 or more in 5 minutes', (metricName, suffix) => {
    // One per clock's workflow, and the import of SSDA903 uploads.
    expect(machines()).toHaveLength(WORKFLOWS.length + 1);
    for (const [id, machine] of machines()) {
      const logicalId = id.replace(/^workflows\//, '');
      const found = alarmsOn('workflows', metricName, 'StateMachineArn', logicalId);
      expect(found, id).toHaveLength(1);
      const [[, alarm]] = found as [[string, AlarmProperties]];
      expect(alarm, id).toMatchObject({
        Namespace: 'AWS/States',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
      const workflow = String(machine.Properties?.StateMachineName).replace(/^iro-/, '');
      expect(alarm.AlarmName).toBe(`test-iro-workflows-${workflow}-${suffix}`);
    }
  });

  it('say in the failed-executions alarm where to look and how the clock resumes, or the upload is made good', () => {
    const failed = alarms().filter(([, a]) => a.MetricName === 'ExecutionsFailed');
    expect(failed).toHaveLength(WORKFLOWS.length + 1);
    for (const [, alarm] of failed) {
      expect(alarm.AlarmDescription).toMatch(/Step Functions console/);
      expect(alarm.AlarmDescription).toMatch(
        String(alarm.AlarmName).endsWith('-import-executions-failed')
          ? /upload the same files again/
          : /resumes with its next recorded event/,
      );
    }
  });
});

describe('the functions', () => {
  const functions = () => resourcesOfType(synth.templates, 'AWS::Lambda::Function');

  it.each([
    ['Errors', 'errors'],
    ['Throttles', 'throttles'],
  ])('each have a %s alarm: 1 or more in 5 minutes', (metricName, suffix) => {
    const handlers: unknown[] = [];
    for (const [id, fn] of functions()) {
      const [stack, logicalId] = id.split('/') as [string, string];
      const found = alarmsOn(stack, metricName, 'FunctionName', logicalId);
      expect(found, id).toHaveLength(1);
      const [[, alarm]] = found as [[string, AlarmProperties]];
      expect(alarm, id).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
      const handler = fn.Metadata?.[HANDLER_METADATA_KEY];
      expect(alarm.AlarmName, id).toBe(`test-iro-workflows-${handler as string}-${suffix}`);
      handlers.push(handler);
    }
    expect(handlers.sort()).toEqual([...HANDLER_MODULES].sort());
  });
});

describe('the dead-letter queues', () => {
  it.each([
    ['email', 'ses-feedback-dead-letters'],
    ['monitoring', 'alarm-email-dead-letters'],
  ] as const)('in the %s stack have an alarm on any message waiting (%s)', (stack, name) => {
    const queues = resourcesOfType({ [stack]: synth.templates[stack] }, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(1);
    const [[queueId]] = queues as [[string, Resource]];
    const found = alarmsOn(
      stack,
      'ApproximateNumberOfMessagesVisible',
      'QueueName',
      queueId.replace(`${stack}/`, ''),
    );
    expect(found).toHaveLength(1);
    const [[, alarm]] = found as [[string, AlarmProperties]];
    expect(alarm).toMatchObject({
      AlarmName: `test-iro-workflows-${name}`,
      Namespace: 'AWS/SQS',
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
    });
  });
});

describe('the API', () => {
  it('has an alarm on 5 or more server errors in 5 minutes', () => {
    const [[apiId]] = resourcesOfType({ api: synth.templates.api }, 'AWS::ApiGatewayV2::Api') as [
      [string, Resource],
    ];
    const found = alarmsOn('api', '5xx', 'ApiId', apiId.replace('api/', ''));
    expect(found).toHaveLength(1);
    const [[, alarm]] = found as [[string, AlarmProperties]];
    expect(alarm).toMatchObject({
      AlarmName: 'test-iro-workflows-api-5xx',
      Namespace: 'AWS/ApiGateway',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
    });
  });
});

describe('the handlers’ own metrics', () => {
  /**
   * What the deployed act-step and alert handlers emit (their EMF: namespace,
   * dimension sets and values), from their dependencies built as in Lambda, with the
   * environment CloudFormation gives the function.
   */
  async function emitted(): Promise<
    Map<string, { namespace: string; dimensions: Record<string, string> }>
  > {
    const [[, fn]] = resourcesOfType(synth.templates, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Metadata?.[HANDLER_METADATA_KEY] === 'act-step',
    ) as [[string, Resource]];
    const { Variables: variables } = (fn.Properties?.Environment ?? { Variables: {} }) as {
      Variables: Record<string, unknown>;
    };
    const env = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : `placeholder-${name}`,
      ]),
    );
    const deps = awsDependencies(env, {
      events: { history: async () => [] } as unknown as EventStore,
      alerts: { send: async () => {} } as unknown as UnitAlerts,
      logger: new Logger({ level: 'SILENT' }),
    });
    // An act step with nothing due still counts what it sent, left unfilled and failed.
    await actStep({ clockId: 'reviews/C1', planVersion: 0 }, deps);
    await alertWorkflowFailed({ clockId: 'reviews/C1', execution: 'e1', error: 'x' }, deps);
    const emf = deps.metrics.document();
    if (!emf) throw new Error('the steps counted nothing');
    const found = new Map<string, { namespace: string; dimensions: Record<string, string> }>();
    for (const directive of emf._aws.CloudWatchMetrics) {
      for (const dimensionSet of directive.Dimensions) {
        const dimensions = Object.fromEntries(dimensionSet.map((d) => [d, String(emf[d])]));
        for (const { Name } of directive.Metrics) {
          found.set(Name, { namespace: directive.Namespace, dimensions });
        }
      }
    }
    return found;
  }

  it('alarm on 1 or more workflows stopped, reminders undeliverable and reminders unfilled in 5 minutes', () => {
    const byMetric = new Map(
      alarms()
        .filter(([id]) => id.startsWith('monitoring/'))
        .map(([, alarm]) => [alarm.MetricName, alarm]),
    );
    for (const metricName of ['WorkflowsStopped', 'RemindersUndeliverable', 'RemindersUnfilled']) {
      expect(byMetric.get(metricName), metricName).toMatchObject({
        Namespace: 'IroWorkflows',
        Dimensions: [{ Name: 'service', Value: 'iro-workflows' }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  it('watch the namespace and dimensions the handlers emit the metrics under', async () => {
    const metrics = await emitted();
    for (const { metricName } of CUSTOM_METRIC_ALARMS) {
      const alarm = alarms().find(([, a]) => a.MetricName === metricName)?.[1];
      expect(metrics.get(metricName), metricName).toEqual({
        namespace: alarm?.Namespace,
        dimensions: Object.fromEntries((alarm?.Dimensions ?? []).map((d) => [d.Name, d.Value])),
      });
    }
  });
});
