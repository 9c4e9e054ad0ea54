import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CONFIG_CONTEXT_KEY,
  type DeploymentConfigSchema,
  EXAMPLE_DEPLOYMENT_CONFIG,
  loadDeploymentConfig,
  parseDeploymentConfig,
  stageSettings,
} from '../../infra/config.js';
import { offlineApp, removeOutdir } from '../../infra/offline.js';

const apps: App[] = [];
const appWith = (context: Record<string, unknown>) => {
  const app = offlineApp(context);
  apps.push(app);
  return app;
};
const scratch: string[] = [];
afterEach(() => {
  for (const app of apps.splice(0)) removeOutdir(app);
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type ConfigInput = z.input<typeof DeploymentConfigSchema>;

/** The example with one part replaced. */
const exampleWith = (change: (config: ConfigInput) => void): unknown => {
  const config: ConfigInput = structuredClone(EXAMPLE_DEPLOYMENT_CONFIG);
  change(config);
  return config;
};

describe('the deployment configuration', () => {
  it('defaults to the example, which is valid and fills in the council rules', () => {
    const config = loadDeploymentConfig(appWith({}));
    expect(config.councilName).toBe(EXAMPLE_DEPLOYMENT_CONFIG.councilName);
    expect(config.council).toMatchObject({
      closureDays: EXAMPLE_DEPLOYMENT_CONFIG.council.closureDays,
      reminderTime: '08:00',
      recordWorkingDays: {},
    });
    expect(config.stages.test.jwt.rolesClaim).toBe('roles');
    expect(config.stages.test.throttling).toEqual({ rateLimit: 25, burstLimit: 50 });
    expect(config.stages.test.web).toMatchObject({ scope: 'openid profile', signInOrigins: [] });
  });

  it('is read from the context as an object', () => {
    const given = exampleWith((c) => {
      c.councilName = 'Another Council';
    });
    expect(loadDeploymentConfig(appWith({ [CONFIG_CONTEXT_KEY]: given })).councilName).toBe(
      'Another Council',
    );
  });

  it('is read from a JSON file the context names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iro-config-'));
    scratch.push(dir);
    const file = join(dir, 'council.json');
    writeFileSync(file, JSON.stringify(exampleWith((c) => (c.councilName = 'File Council'))));
    expect(loadDeploymentConfig(appWith({ [CONFIG_CONTEXT_KEY]: file })).councilName).toBe(
      'File Council',
    );
    writeFileSync(file, '{ not json');
    expect(() => loadDeploymentConfig(appWith({ [CONFIG_CONTEXT_KEY]: file }))).toThrow(
      /is not JSON/,
    );
    expect(() =>
      loadDeploymentConfig(appWith({ [CONFIG_CONTEXT_KEY]: join(dir, 'missing.json') })),
    ).toThrow(/Cannot read the deployment configuration/);
  });

  it('gives each stage its own settings and the council’s', () => {
    const config = parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG);
    expect(stageSettings(config, 'production')).toMatchObject({
      stageName: 'production',
      account: '333333333333',
      councilName: config.councilName,
      council: config.council,
    });
  });

  it.each([
    [
      'an account id that is not 12 digits',
      (c: ConfigInput) => (c.stages.test.account = '1234'),
      'stages.test.account: must be a 12-digit AWS account id',
    ],
    [
      'a from address outside the sending domain',
      (c: ConfigInput) => (c.stages.production.email.fromAddress = 'x@elsewhere.org'),
      'stages.production.email.fromAddress: email.fromAddress must be an address at email.sendingDomain',
    ],
    [
      'an issuer that is not https',
      (c: ConfigInput) => (c.stages.test.jwt.issuer = 'http://login.example.org/'),
      'stages.test.jwt.issuer: must be an https URL',
    ],
    [
      'no audience',
      (c: ConfigInput) => (c.stages.test.jwt.audience = []),
      'stages.test.jwt.audience: must name at least one audience',
    ],
    [
      'a case record link with an unknown placeholder',
      (c: ConfigInput) =>
        (c.stages.test.caseRecordUrlTemplate = 'https://cms.example.org/{childName}'),
      'stages.test.caseRecordUrlTemplate:',
    ],
    [
      'test and production in one account and region',
      (c: ConfigInput) => (c.stages.production.account = c.stages.test.account),
      'stages.production: the test and production stages must not share an account and region',
    ],
    [
      'a closure day that is not a date',
      (c: ConfigInput) => (c.council = { closureDays: ['2026-02-30'] }),
      'council.closureDays.0: must be a real date written YYYY-MM-DD',
    ],
    [
      'a record given no working days',
      (c: ConfigInput) => (c.council = { recordWorkingDays: { 'review-decisions': 0 } }),
      'council.recordWorkingDays.review-decisions: must be at least 1 working day',
    ],
    [
      'a web domain that is not a domain name',
      (c: ConfigInput) => (c.stages.test.web.domainName = 'https://work-tray.example.org/'),
      'stages.test.web.domainName: must be a lower-case domain name',
    ],
    [
      'a certificate outside us-east-1',
      (c: ConfigInput) =>
        (c.stages.test.web.certificateArn =
          'arn:aws:acm:eu-west-2:222222222222:certificate/00000000-0000-0000-0000-000000000000'),
      'stages.test.web.certificateArn: must be an ACM certificate ARN in us-east-1',
    ],
    [
      'a certificate ARN that is not one',
      (c: ConfigInput) => (c.stages.test.web.certificateArn = 'work-tray-certificate'),
      'stages.test.web.certificateArn: must be an ACM certificate ARN in us-east-1',
    ],
    [
      'an empty client id',
      (c: ConfigInput) => (c.stages.production.web.clientId = ''),
      'stages.production.web.clientId: must be the client id the identity provider issued',
    ],
    [
      'sign-in scopes without openid',
      (c: ConfigInput) => (c.stages.test.web.scope = 'profile api://iro-workflows-test/use'),
      'stages.test.web.scope: must include openid',
    ],
    [
      'a sign-in origin with a path',
      (c: ConfigInput) => (c.stages.test.web.signInOrigins = ['https://auth.example.org/oauth2']),
      'stages.test.web.signInOrigins.0: must be an https origin',
    ],
    [
      'no web block',
      (c: ConfigInput) => delete (c.stages.test as Partial<typeof c.stages.test>).web,
      'stages.test.web:',
    ],
    [
      'one web domain for test and production',
      (c: ConfigInput) => (c.stages.production.web.domainName = c.stages.test.web.domainName),
      'stages.production.web.domainName: the test and production stages must not share web.domainName',
    ],
    [
      'an unexpected field',
      (c: ConfigInput) => ((c as Record<string, unknown>).colour = 'blue'),
      '(config): Unrecognized key: "colour"',
    ],
  ])('rejects %s, naming the field', (_what, change, problem) => {
    expect(() => parseDeploymentConfig(exampleWith(change), 'test input')).toThrow(problem);
  });

  it('lists every problem at once', () => {
    const config = exampleWith((c) => {
      c.stages.test.account = 'x';
      c.pipeline.connectionArn = 'not an arn';
    });
    expect(() => parseDeploymentConfig(config)).toThrow(
      /stages\.test\.account[\s\S]*pipeline\.connectionArn|pipeline\.connectionArn[\s\S]*stages\.test\.account/,
    );
  });

  it('refuses council rules too large for a Lambda environment variable', () => {
    const config = exampleWith((c) => {
      c.council = {
        closureDays: Array.from({ length: 200 }, (_, i) =>
          new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
        ),
      };
    });
    expect(() => parseDeploymentConfig(config)).toThrow(/council: the council's rules must fit/);
  });
});
