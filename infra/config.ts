/**
 * The deployment's configuration: who the council is, where each stage runs, who sends
 * and receives mail, which identity provider signs staff tokens, and the council's
 * rules. Validated on load, so a bad file stops `cdk synth` with every problem named
 * rather than deploying something half-right.
 *
 * Read from the cdk context key `iro:config`: an object (in cdk.json) or the path of a
 * JSON file (`-c iro:config=deploy/council.json`). With neither, the example below is
 * used, so `npx cdk synth` works offline on a fresh clone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { caseRecordUrl } from '../workflows/notifications/templates.js';
import { councilConfigSchema } from '../workflows/policy.js';

export const CONFIG_CONTEXT_KEY = 'iro:config';

/** Lambda allows 4 KB of environment in all; the council's rules travel as one variable. */
const MAX_COUNCIL_CONFIG_BYTES = 2048;

const account = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' });
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be an AWS region such as eu-west-2' });
const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'must be a lower-case domain name such as iro.example.gov.uk',
  });
const email = z.email({ error: 'must be an email address' });
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** CloudFront takes certificates from us-east-1 only, whatever the stage's region. */
const cloudFrontCertificateArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, {
    error: 'must be an ACM certificate ARN in us-east-1 (the only region CloudFront takes)',
  });
/** An origin the browser may call: scheme and host, no path. */
const httpsOrigin = z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, {
  error: 'must be an https origin such as https://login.example.org (no path)',
});

const caseRecordUrlTemplate = z.string().superRefine((template, ctx) => {
  try {
    caseRecordUrl(template, { subjectId: 'C1', refId: 'K1' });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const StageConfigSchema = z
  .strictObject({
    account,
    region,
    email: z.strictObject({
      /** The SES domain identity mail is sent from (DKIM records to publish are in the console). */
      sendingDomain: domain,
      /** An address at the sending domain. */
      fromAddress: email,
      /** The unit's duty inbox: workflow failures and undeliverable reminders. */
      alertAddress: email,
    }),
    /** The link each reminder carries to the case record: `{subjectId}`, `{refId}` after the host. */
    caseRecordUrlTemplate,
    /** The council's identity provider, whose tokens staff present. */
    jwt: z.strictObject({
      issuer: httpsUrl,
      audience: z.array(z.string().min(1)).min(1, { error: 'must name at least one audience' }),
      /** The claim listing a staff member's roles (iro, admin, manager, social-worker). */
      rolesClaim: z.string().min(1).default('roles'),
    }),
    /**
     * The work tray (web/): where staff open it, and how it signs them in. Its origin,
     * `https://<domainName>`, is the only one the API's CORS admits, known here so the
     * API and the page's Content-Security-Policy need not reference each other.
     */
    web: z.strictObject({
      /** The page's own domain: the distribution's alternate name (DNS points it there). */
      domainName: domain,
      /** The certificate for `domainName`, issued or imported in ACM in us-east-1. */
      certificateArn: cloudFrontCertificateArn,
      /** The work tray's client id at the identity provider (a public client, PKCE). */
      clientId: z.string().regex(/^[\x21-\x7e]{1,255}$/, {
        error: 'must be the client id the identity provider issued (no spaces, at most 255)',
      }),
      /**
       * What sign-in asks for: `openid` and whatever makes the access token's audience
       * one of `jwt.audience` (for Entra ID, `api://<api>/<scope>`).
       */
      scope: z
        .string()
        .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, {
          error: 'must be scopes separated by single spaces',
        })
        .refine((scope) => scope.split(' ').includes('openid'), {
          error: 'must include openid',
        })
        .default('openid profile'),
      /**
       * Origins sign-in talks to besides the issuer's, when the provider's token
       * endpoint lives elsewhere (Amazon Cognito's hosted domain).
       */
      signInOrigins: z.array(httpsOrigin).max(4).default([]),
    }),
    /**
     * Who may call `POST /system/events`: the case management system's IAM principal,
     * which assumes a role of this stage allowed to call that route and no other.
     */
    caseManagementSystem: z
      .strictObject({
        principalArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
          error: 'must be an IAM role or user ARN',
        }),
        /**
         * Required by the role's trust policy (sts:ExternalId): whoever else can reach
         * the principal cannot make it act for this council (the confused deputy).
         * Agree it with the system's supplier; it is not a secret, but unguessable.
         */
        externalId: z
          .string()
          .min(16, {
            error: 'must be at least 16 characters (agree a random one with the supplier)',
          })
          .max(1224)
          .regex(/^[\w+=,.@:/-]+$/, {
            error: 'may hold only letters, digits and + = , . @ : / - _',
          }),
      })
      .optional(),
    /**
     * The web application firewall in front of the work tray and the API: requests one
     * address may make in five minutes. A council's offices reach the internet through
     * a few addresses, so the default allows a busy office (50 staff, 20 requests a
     * minute each) and stops a script hammering from anywhere.
     */
    firewall: z
      .strictObject({
        requestsPerFiveMinutesPerAddress: z.number().int().min(100).max(2_000_000_000),
      })
      .default({ requestsPerFiveMinutesPerAddress: 5_000 }),
    /** Requests per second the API's stage admits, steady and in bursts. */
    throttling: z
      .strictObject({
        rateLimit: z.number().int().min(1).max(10_000),
        burstLimit: z.number().int().min(1).max(5_000),
      })
      .default({ rateLimit: 25, burstLimit: 50 }),
  })
  .refine((stage) => stage.email.fromAddress.endsWith(`@${stage.email.sendingDomain}`), {
    error: 'email.fromAddress must be an address at email.sendingDomain',
    path: ['email', 'fromAddress'],
  });

export const DeploymentConfigSchema = z
  .strictObject({
    /** The council, as its staff would write it: tags and descriptions. */
    councilName: z.string().trim().min(1).max(100),
    /** Signs every email and alert. */
    unitName: z.string().trim().min(1).max(100).default("Children's Safeguarding Unit"),
    /** The council's rules (workflows/policy.ts): closure days, dispute stage times, policy. */
    council: z.prefault(councilConfigSchema(), {}),
    /** Where the CDK Pipelines pipeline runs and what it builds from. */
    pipeline: z.strictObject({
      account,
      region,
      /** A CodeStar (CodeConnections) connection to the repository host. */
      connectionArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[\w-]+$/,
          {
            error: 'must be a CodeStar / CodeConnections connection ARN',
          },
        ),
      /** `owner/name` on the repository host. */
      repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: 'must be written owner/name' }),
      branch: z.string().min(1).default('main'),
    }),
    stages: z.strictObject({ test: StageConfigSchema, production: StageConfigSchema }),
  })
  .refine(({ stages: { test, production } }) => test.web.domainName !== production.web.domainName, {
    // A domain can be the alternate name of one CloudFront distribution only.
    error: 'the test and production stages must not share web.domainName',
    path: ['stages', 'production', 'web', 'domainName'],
  })
  .refine(
    ({ stages: { test, production } }) =>
      test.account !== production.account || test.region !== production.region,
    {
      // State machines (iro-<workflow>) and the configuration set have fixed names.
      error: 'the test and production stages must not share an account and region',
      path: ['stages', 'production'],
    },
  )
  .refine((config) => JSON.stringify(config.council).length <= MAX_COUNCIL_CONFIG_BYTES, {
    error: `the council's rules must fit in ${MAX_COUNCIL_CONFIG_BYTES} bytes of JSON (a Lambda environment variable)`,
    path: ['council'],
  });

export type DeploymentConfig = z.output<typeof DeploymentConfigSchema>;
export type StageName = keyof DeploymentConfig['stages'];
export type StageConfig = DeploymentConfig['stages'][StageName];

/** Everything one stage needs: its own settings and the council's. */
export interface StageSettings extends StageConfig {
  readonly stageName: StageName;
  readonly councilName: string;
  readonly unitName: string;
  readonly council: DeploymentConfig['council'];
}

export const stageSettings = (config: DeploymentConfig, stageName: StageName): StageSettings => ({
  ...config.stages[stageName],
  stageName,
  councilName: config.councilName,
  unitName: config.unitName,
  council: config.council,
});

/** The work tray's origin: the only one the API's CORS admits, and its sign-in's return. */
export const webOrigin = (stage: Pick<StageConfig, 'web'>): string =>
  `https://${stage.web.domainName}`;

/**
 * Example values: safe to synthesize, impossible to deploy by accident (the accounts
 * are not real, the domains are reserved for documentation).
 */
export const EXAMPLE_DEPLOYMENT_CONFIG = {
  councilName: 'Example Borough Council',
  unitName: "Children's Safeguarding Unit",
  council: { closureDays: ['2026-12-29', '2026-12-30', '2026-12-31'] },
  pipeline: {
    account: '111111111111',
    region: 'eu-west-2',
    connectionArn:
      'arn:aws:codeconnections:eu-west-2:111111111111:connection/00000000-0000-0000-0000-000000000000',
    repository: 'example-council/iro-workflows',
    branch: 'main',
  },
  stages: {
    test: {
      account: '222222222222',
      region: 'eu-west-2',
      email: {
        sendingDomain: 'test.iro.example.org',
        fromAddress: 'reminders@test.iro.example.org',
        alertAddress: 'safeguarding-unit-test@example.org',
      },
      caseRecordUrlTemplate: 'https://case-records.test.example.org/children/{subjectId}',
      jwt: {
        issuer: 'https://login.example.org/iro-test/v2.0',
        audience: ['api://iro-workflows-test'],
      },
      web: {
        domainName: 'work-tray.test.iro.example.org',
        certificateArn:
          'arn:aws:acm:us-east-1:222222222222:certificate/00000000-0000-0000-0000-000000000000',
        clientId: 'iro-work-tray-test',
      },
      caseManagementSystem: {
        principalArn: 'arn:aws:iam::444444444444:role/case-management-test',
        externalId: 'example-test-3f9c2a7e51b84d06',
      },
    },
    production: {
      account: '333333333333',
      region: 'eu-west-2',
      email: {
        sendingDomain: 'iro.example.org',
        fromAddress: 'reminders@iro.example.org',
        alertAddress: 'safeguarding-unit@example.org',
      },
      caseRecordUrlTemplate: 'https://case-records.example.org/children/{subjectId}',
      jwt: {
        issuer: 'https://login.example.org/iro/v2.0',
        audience: ['api://iro-workflows'],
      },
      web: {
        domainName: 'work-tray.iro.example.org',
        certificateArn:
          'arn:aws:acm:us-east-1:333333333333:certificate/00000000-0000-0000-0000-000000000000',
        clientId: 'iro-work-tray',
      },
      caseManagementSystem: {
        principalArn: 'arn:aws:iam::555555555555:role/case-management',
        externalId: 'example-production-8d41be07c2a95f63',
      },
    },
  },
} as const satisfies z.input<typeof DeploymentConfigSchema>;

/** Validates a configuration; throws with every problem as `field: reason`. */
export function parseDeploymentConfig(value: unknown, source = 'configuration'): DeploymentConfig {
  const parsed = DeploymentConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`,
  );
  throw new Error(`The deployment configuration (${source}) is invalid:\n${problems.join('\n')}`);
}

/** The configuration from the cdk context (an object or a JSON file's path), else the example. */
export function loadDeploymentConfig(scope: Construct): DeploymentConfig {
  const given: unknown = scope.node.tryGetContext(CONFIG_CONTEXT_KEY);
  if (given === undefined) return parseDeploymentConfig(EXAMPLE_DEPLOYMENT_CONFIG, 'example');
  if (typeof given !== 'string')
    return parseDeploymentConfig(given, `context ${CONFIG_CONTEXT_KEY}`);
  const path = resolve(given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Cannot read the deployment configuration ${path}: ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `The deployment configuration ${path} is not JSON: ${(error as Error).message}`,
    );
  }
  return parseDeploymentConfig(value, path);
}
