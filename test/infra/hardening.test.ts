/**
 * What keeps the deployed stage safe against whoever else can reach it: the log
 * delivery service confined to this account, the case management system's role behind
 * an external id, a customer-managed key on every log group, per-route throttles, and a
 * web application firewall in front of the work tray and the API.
 */
import { Template } from 'aws-cdk-lib/assertions';
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

describe('the firewall', () => {
  const edge = () => {
    const stack = synth.stage.edge;
    if (stack === undefined) throw new Error('the test stage has no firewall');
    return stack;
  };
  const distribution = () => {
    const found = resourcesOfType({ web: synth.webTemplate }, 'AWS::CloudFront::Distribution');
    expect(found).toHaveLength(1);
    return (found[0] as [string, Resource])[1].Properties?.DistributionConfig as {
      WebACLId: unknown;
      CacheBehaviors: Record<string, unknown>[];
      Origins: { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }[];
    };
  };

  it('is a CloudFront web ACL in us-east-1 with a rate rule per address and the managed rule sets', () => {
    expect(edge().region).toBe('us-east-1');
    const template = Template.fromStack(edge());
    const acls = resourcesOfType({ edge: template }, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const acl = (acls[0] as [string, Resource])[1].Properties as {
      Scope: string;
      Rules: {
        Name: string;
        Action?: unknown;
        Statement: {
          RateBasedStatement?: { Limit: number; AggregateKeyType: string };
          ManagedRuleGroupStatement?: { Name: string; RuleActionOverrides?: unknown[] };
        };
      }[];
    };
    expect(acl.Scope).toBe('CLOUDFRONT');
    const rate = acl.Rules.find((r) => r.Statement.RateBasedStatement);
    // The default: 5,000 requests in five minutes from one address, then blocked.
    expect(rate?.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: 5_000,
    });
    expect(rate?.Action).toEqual({ Block: {} });
    const managed = acl.Rules.flatMap((r) => r.Statement.ManagedRuleGroupStatement ?? []);
    expect(managed.map((m) => m.Name)).toEqual(
      expect.arrayContaining([
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
      ]),
    );
    // Only the body-size rule is counted rather than blocked: uploads are larger than 8 KB.
    const common = managed.find((m) => m.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it("limits the young person's routes per address and by body size, scoped to /api/views/", () => {
    const template = Template.fromStack(edge());
    const acl = (
      resourcesOfType({ edge: template }, 'AWS::WAFv2::WebACL')[0] as [string, Resource]
    )[1].Properties as { Rules: { Name: string; Action?: unknown; Statement: unknown }[] };
    const scope = {
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: 'STARTS_WITH',
        SearchString: '/api/views/',
        TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      },
    };
    const rate = acl.Rules.find((r) => r.Name === 'YoungPersonRequestsPerAddress');
    expect(rate?.Action).toEqual({ Block: {} });
    expect(rate?.Statement).toEqual({
      RateBasedStatement: {
        AggregateKeyType: 'IP',
        Limit: 100,
        EvaluationWindowSec: 300,
        ScopeDownStatement: scope,
      },
    });
    const size = acl.Rules.find((r) => r.Name === 'YoungPersonBodySize');
    expect(size?.Action).toEqual({ Block: {} });
    expect(size?.Statement).toEqual({
      AndStatement: {
        Statements: [
          scope,
          {
            SizeConstraintStatement: {
              FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
              ComparisonOperator: 'GT',
              Size: 32 * 1024,
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        ],
      },
    });
  });

  it('stands in front of the work tray and of the API, which the page reaches under /api', () => {
    const config = distribution();
    // Read across regions: a reference, never a literal.
    expect(config.WebACLId).toEqual(expect.objectContaining({}));
    expect(JSON.stringify(config.WebACLId)).toMatch(/Fn::GetAtt|ExportsReader/);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
      // Managed policies: CachingDisabled; AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const origin = config.Origins.find((o) => o.Id === api?.TargetOriginId);
    expect(origin?.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(JSON.stringify(origin?.DomainName)).toContain('ApiEndpoint');
  });

  it('takes /api off the path before the API sees it', () => {
    const functions = resourcesOfType({ web: synth.webTemplate }, 'AWS::CloudFront::Function');
    expect(functions).toHaveLength(1);
    const code = String((functions[0] as [string, Resource])[1].Properties?.FunctionCode);
    const handler = new Function(`${code}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    expect(handler({ request: { uri: '/api/events' } }).uri).toBe('/events');
    expect(handler({ request: { uri: '/api/children/C1/obligations' } }).uri).toBe(
      '/children/C1/obligations',
    );
    expect(handler({ request: { uri: '/api/' } }).uri).toBe('/');
  });
});
