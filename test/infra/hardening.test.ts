/**
 * What keeps the deployed stage safe against whoever else can reach it: the log
 * delivery service confined to this account, the case management system's role behind
 * an external id, a customer-managed key on every log group, and per-route throttles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DEPLOYMENT_CONFIG, parseDeploymentConfig } from '../../infra/config.js';
import { ROUTE_THROTTLES } from '../../infra/stacks/api-stack.js';
import {
  asArray,
  type Resource,
  resourcesOfType,
  type SynthesizedApp,
  synthesizeApp,
} from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

interface KeyStatement {
  readonly Principal?: { readonly Service?: string | string[] };
  readonly Condition?: Record<string, Record<string, unknown>>;
}

const everyTemplate = () => ({ ...synth.templates, web: synth.webTemplate });

describe('the keys of the stage', () => {
  it('grant the log delivery service nothing without this account and its log deliveries as the source', () => {
    const grants = resourcesOfType(everyTemplate(), 'AWS::KMS::Key').flatMap(([id, key]) =>
      asArray((key.Properties?.KeyPolicy as { Statement?: KeyStatement[] } | undefined)?.Statement)
        .filter((s) => asArray(s.Principal?.Service).includes('delivery.logs.amazonaws.com'))
        .map((s): [string, KeyStatement] => [id, s]),
    );
    // The workflow key: Step Functions delivers its logs through the service.
    expect(grants.length).toBeGreaterThan(0);
    for (const [id, statement] of grants) {
      expect(statement.Condition?.StringEquals?.['aws:SourceAccount'], id).toEqual({
        Ref: 'AWS::AccountId',
      });
      expect(JSON.stringify(statement.Condition?.ArnLike?.['aws:SourceArn']), id).toMatch(
        /":logs:".*AWS::Region.*AWS::AccountId.*:\*"/,
      );
    }
  });

  it('encrypt every log group of the stage, the work tray’s deployment logs included', () => {
    const groups = resourcesOfType(everyTemplate(), 'AWS::Logs::LogGroup');
    expect(groups.map(([id]) => id)).toContainEqual(expect.stringMatching(/^web\/DeployLogs/));
    for (const [id, group] of groups) expect(group.Properties?.KmsKeyId, id).toBeDefined();
  });
});

describe('the case management system', () => {
  it('may assume its role only with the external id agreed in the configuration', () => {
    const externalId = synth.config.stages.test.caseManagementSystem?.externalId;
    expect(externalId).toEqual(expect.any(String));
    const roles = resourcesOfType({ api: synth.templates.api }, 'AWS::IAM::Role').filter(
      ([, role]) =>
        JSON.stringify(role.Properties?.AssumeRolePolicyDocument).includes('444444444444'),
    );
    expect(roles).toHaveLength(1);
    const [[, role]] = roles as [[string, Resource]];
    const trust = role.Properties?.AssumeRolePolicyDocument as
      | { Statement: { Action: string; Condition?: unknown }[] }
      | undefined;
    const statements = trust?.Statement ?? [];
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Condition).toEqual({ StringEquals: { 'sts:ExternalId': externalId } });
    }
  });

  it('cannot be configured without an external id, nor with a guessable one', () => {
    const withSystem = (system: Record<string, unknown>) => {
      const config = structuredClone(EXAMPLE_DEPLOYMENT_CONFIG) as unknown as {
        stages: { test: { caseManagementSystem: unknown } };
      };
      config.stages.test.caseManagementSystem = system;
      return () => parseDeploymentConfig(config, 'test');
    };
    const principalArn = 'arn:aws:iam::444444444444:role/case-management-test';
    expect(withSystem({ principalArn })).toThrow(/stages\.test\.caseManagementSystem\.externalId/);
    expect(withSystem({ principalArn, externalId: 'short' })).toThrow(/at least 16 characters/);
    expect(withSystem({ principalArn, externalId: 'a-long-enough-external-id' })).not.toThrow();
  });
});

describe('the API’s throttles', () => {
  const stage = (): Resource => {
    const [[, resource]] = resourcesOfType(
      { api: synth.templates.api },
      'AWS::ApiGatewayV2::Stage',
    ) as [[string, Resource]];
    return resource;
  };

  it('give each costly, rare or bulk route its own limit, below the stage’s default', () => {
    const defaults = synth.config.stages.test.throttling;
    const settings = stage().Properties?.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    // Worked out by hand: figures and erasure are the tightest, a batch of events 10 a second.
    expect(settings['GET /reports/figures']).toEqual({
      ThrottlingRateLimit: 2,
      ThrottlingBurstLimit: 4,
    });
    expect(settings['DELETE /children/{childId}']).toEqual({
      ThrottlingRateLimit: 1,
      ThrottlingBurstLimit: 2,
    });
    expect(settings['POST /events']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
    for (const [route, limit] of Object.entries(settings)) {
      expect(limit.ThrottlingRateLimit, route).toBeLessThan(defaults.rateLimit);
      expect(limit.ThrottlingBurstLimit, route).toBeLessThan(defaults.burstLimit);
    }
  });

  it('name only routes the API has, and the stage waits for them', () => {
    const routes = resourcesOfType({ api: synth.templates.api }, 'AWS::ApiGatewayV2::Route');
    const keys = routes.map(([, r]) => r.Properties?.RouteKey);
    for (const route of Object.keys(ROUTE_THROTTLES)) expect(keys, route).toContain(route);
    const dependsOn = asArray(
      (synth.templates.api.toJSON().Resources as Record<string, { DependsOn?: string[] }>)[
        Object.keys(synth.templates.api.findResources('AWS::ApiGatewayV2::Stage'))[0] as string
      ]?.DependsOn,
    );
    for (const [id, route] of routes) {
      if (Object.hasOwn(ROUTE_THROTTLES, String(route.Properties?.RouteKey))) {
        expect(dependsOn, id).toContain(id.replace(/^api\//, ''));
      }
    }
  });
});
