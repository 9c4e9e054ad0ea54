/**
 * The work tray's hosting (infra/stacks/web-stack.ts) and the API's CORS: a private
 * bucket only CloudFront reads, strict response headers, access logs, the page's
 * configuration, and an API that admits the page's origin and no other.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSettings } from '../../infra/config.js';
import { offlineApp, removeOutdir } from '../../infra/offline.js';
import { WebStack } from '../../infra/stacks/web-stack.js';
import { localWebHeaders } from '../../infra/web-headers.js';
import {
  asArray,
  type PolicyStatement,
  type Resource,
  ref,
  resourcesOfType,
  type SynthesizedApp,
  statementsOf,
  synthesizeApp,
} from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

const web = () => synth.config.stages.test.web;
const resources = () => synth.webTemplate.toJSON().Resources as Record<string, Resource>;
/** The one resource of a type in the web stack, with its logical id. */
const only = (type: string): [string, Resource] => {
  const found = resourcesOfType({ web: synth.webTemplate }, type);
  expect(found, type).toHaveLength(1);
  const [[id, resource]] = found as [[string, Resource]];
  return [id.slice('web/'.length), resource];
};
const distributionConfig = () =>
  only('AWS::CloudFront::Distribution')[1].Properties?.DistributionConfig as Record<
    string,
    unknown
  >;
const securityHeaders = () => {
  const policy = only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties ?? {};
  const config = policy.ResponseHeadersPolicyConfig as Record<string, unknown>;
  return config.SecurityHeadersConfig as Record<string, Record<string, unknown>>;
};
/** The CSP as CloudFormation will write it, the API's endpoint shown as `<api>`. */
const contentSecurityPolicy = (): string => {
  const value = securityHeaders().ContentSecurityPolicy?.ContentSecurityPolicy as
    | string
    | { 'Fn::Join': [string, unknown[]] };
  if (typeof value === 'string') return value;
  return value['Fn::Join'][1]
    .map((part) => (typeof part === 'string' ? part : '<api>'))
    .join(value['Fn::Join'][0]);
};
describe('the site bucket', () => {
  it('blocks public access, encrypts, keeps versions and refuses plain HTTP', () => {
    // Act
    const [, bucket] = resourcesOfType({ web: synth.webTemplate }, 'AWS::S3::Bucket').find(
      ([, b]) => b.Properties?.VersioningConfiguration,
    ) as [string, Resource];

    // Assess
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('is read by CloudFront alone, through origin access control, for this distribution only', () => {
    // Prepare
    const [distributionId, distribution] = only('AWS::CloudFront::Distribution');
    const [origin = {}] = distributionConfig().Origins as Record<string, unknown>[];
    const siteId = ref(origin.DomainName);
    const policy = Object.values(resources()).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && ref(r.Properties?.Bucket) === siteId,
    ) as Resource;

    // Act
    const statements = statementsOf(policy);
    const allows = statements.filter((s) => s.Effect === 'Allow');

    // Assess: one grant, to the CloudFront service, on condition it serves this distribution.
    expect(distribution.Type).toBe('AWS::CloudFront::Distribution');
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
      }),
    ]);
    const sourceArn = (allows[0] as PolicyStatement).Condition?.StringEquals as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(sourceArn['AWS:SourceArn'])).toContain(
      `":distribution/",{"Ref":"${distributionId}"}`,
    );
    // Everyone else: refused over plain HTTP, and granted nothing.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});

describe('the distribution', () => {
  it('serves the configured domain over TLS 1.2 (2021) at least, HTTP/2 and 3, redirecting HTTP', () => {
    // Act
    const config = distributionConfig();

    // Assess
    expect(config).toMatchObject({
      Aliases: [web().domainName],
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      ViewerCertificate: {
        AcmCertificateArn: web().certificateArn,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', Compress: true },
    });
    expect(
      ref((config.DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId),
    ).toBe(only('AWS::CloudFront::ResponseHeadersPolicy')[0]);
  });

  it('writes standard access logs, without cookies, to a bucket that expires them', () => {
    // Act
    const logging = distributionConfig().Logging as Record<string, unknown>;
    const logBucketId = ref(logging.Bucket) as string;
    const logBucket = resources()[logBucketId];

    // Assess
    expect(logging).toMatchObject({ IncludeCookies: false, Prefix: 'cloudfront/' });
    expect(logBucket?.Type).toBe('AWS::S3::Bucket');
    expect(logBucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 365 })] },
    });
    // The site bucket's own access is logged there too.
    const site = Object.values(resources()).find(
      (r) => r.Type === 'AWS::S3::Bucket' && r.Properties?.VersioningConfiguration,
    );
    const siteLogging = (site?.Properties?.LoggingConfiguration ?? {}) as Record<string, unknown>;
    expect(ref(siteLogging.DestinationBucketName)).toBe(logBucketId);
  });
});

describe('the response headers', () => {
  it('forbid inline script and style, framing, plugins and other origins', () => {
    // Act
    const csp = contentSecurityPolicy();
    const directives = Object.fromEntries(
      csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );

    // Assess
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('*');
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
      'form-action': "'self'",
    });
    expect(securityHeaders().ContentSecurityPolicy?.Override).toBe(true);
  });

  it('let the page call only itself (the API under /api) and the identity provider the API trusts', () => {
    // Prepare: the issuer https://login.example.org/iro-test/v2.0 has the origin below.
    const issuerOrigin = 'https://login.example.org';

    // Act
    const connect = contentSecurityPolicy()
      .split('; ')
      .find((d) => d.startsWith('connect-src '));

    // Assess: the API's own endpoint is not named, the page reaches it through CloudFront.
    expect(connect).toBe(`connect-src 'self' ${issuerOrigin}`);
  });

  it('require HTTPS for two years on the domain and its subdomains, forbid framing and sniffing', () => {
    expect(securityHeaders()).toMatchObject({
      // 2 years = 730 days × 86,400 s = 63,072,000 s.
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
    });
  });

  it('refuse the page camera, microphone, location, payment and USB, and other windows a handle on it', () => {
    // Act
    const policy = only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties ?? {};
    const config = policy.ResponseHeadersPolicyConfig as Record<string, unknown>;

    // Assess
    expect(config.CustomHeadersConfig).toEqual({
      Items: [
        {
          Header: 'Permissions-Policy',
          Value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
          Override: true,
        },
        { Header: 'Cross-Origin-Opener-Policy', Value: 'same-origin', Override: true },
      ],
    });
  });
});

describe('the deployment of the built files', () => {
  const deployments = () =>
    resourcesOfType({ web: synth.webTemplate }, 'Custom::CDKBucketDeployment').map(
      ([id, r]) => [id.slice('web/'.length), r] as [string, Resource],
    );
  const entry = () =>
    deployments().find(([, r]) => asArray(r.Properties?.Include).includes('config.json')) as [
      string,
      Resource,
    ];

  it('writes config.json with the API under the page’s own origin, the issuer, the client, the page’s own address and the case record link', () => {
    // Prepare: the entry deployment's sources are staged as directories in the assembly.
    const properties = entry()[1].Properties ?? {};
    const keys = properties.SourceObjectKeys as string[];
    const markers = (properties.SourceMarkers ?? []) as Record<string, unknown>[];
    const staged = keys.map((key) =>
      join(synth.app.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'config.json'),
    );
    const index = staged.findIndex((file) => existsSync(file));
    expect(index).toBeGreaterThanOrEqual(0);

    // Act
    const config = JSON.parse(readFileSync(staged[index] as string, 'utf8')) as Record<
      string,
      string
    >;

    // Assess: the API through the firewall, at /api of the page's own origin.
    const { jwt } = synth.config.stages.test;
    expect(config).toEqual({
      auth: 'oidc',
      apiUrl: `https://${web().domainName}/api`,
      authority: jwt.issuer,
      clientId: web().clientId,
      redirectUri: `https://${web().domainName}/`,
      scope: 'openid profile',
      caseRecordUrlTemplate: synth.config.stages.test.caseRecordUrlTemplate,
    });
    // Nothing is left to fill in at deployment: every value is known at synth.
    expect(markers[index] ?? {}).toEqual({});
  });

  it("caches hashed files for a year and revalidates the entry pages (the tray's and the young person's) and config.json on every load", () => {
    // Act
    const [entryId, entryDeployment] = entry();
    const [, files] = deployments().find(([id]) => id !== entryId) as [string, Resource];

    // Assess
    expect(files.Properties).toMatchObject({
      Exclude: ['index.html', 'your-views.html', 'config.json'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(entryDeployment.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['index.html', 'your-views.html', 'config.json'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    // The entry page goes last, so it never names a file not yet there.
    expect(asArray((entryDeployment as { DependsOn?: string[] }).DependsOn)).toContainEqual(
      expect.stringMatching(/^DeployFilesCustomResource/),
    );
  });

  it('runs with a role of its own, without managed policies, writing only to the site bucket', () => {
    // Prepare
    // BucketDeployment's (Python) function; the other is CDK's reader of the firewall's
    // ARN from us-east-1.
    const [, fn] = resourcesOfType({ web: synth.webTemplate }, 'AWS::Lambda::Function').find(
      ([, f]) => String(f.Properties?.Runtime).startsWith('python'),
    ) as [string, Resource];
    const roleId = ref(fn.Properties?.Role) as string;
    const siteId = ref(
      (distributionConfig().Origins as Record<string, unknown>[])[0]?.DomainName,
    ) as string;

    // Act
    const role = resources()[roleId];
    const statements = Object.values(resources())
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          asArray(r.Properties?.Roles).some((role) => ref(role) === roleId),
      )
      .flatMap(statementsOf);
    const writes = statements.filter((s) =>
      asArray(s.Action).some((a) => /^s3:(Put|Delete)/.test(a)),
    );

    // Assess
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) {
      for (const resource of asArray(statement.Resource)) {
        expect(JSON.stringify(resource)).toContain(`"${siteId}","Arn"`);
      }
    }
  });

  it('refuses to synthesize when the work tray is not built', () => {
    // Prepare
    const empty = mkdtempSync(join(tmpdir(), 'iro-web-dist-'));
    const app = offlineApp();
    const settings = stageSettings(synth.config, 'test');

    // Act
    const build = () =>
      new WebStack(app, 'Web', {
        settings,
        apiEndpoint: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
        firewallArn: 'arn:aws:wafv2:us-east-1:222222222222:global/webacl/iro-workflows-test/0',
        distDirectory: empty,
      });

    // Assess
    try {
      expect(build).toThrow(/index\.html is missing \(run npm run build:web/);
    } finally {
      removeOutdir(app);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("the API's CORS", () => {
  it('admits the work tray’s origin and no other, with the methods and headers the page sends', () => {
    // Act
    const [, api] = resourcesOfType({ api: synth.templates.api }, 'AWS::ApiGatewayV2::Api')[0] as [
      string,
      Resource,
    ];

    // Assess
    expect(api.Properties?.CorsConfiguration).toEqual({
      AllowOrigins: [`https://${web().domainName}`],
      AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
      AllowHeaders: ['authorization', 'content-type'],
      AllowCredentials: false,
      MaxAge: 7200,
    });
  });
});

describe('the headers the local server sends with the work tray', () => {
  it('carry the deployed policy, fetching from the page’s own origin only, without HSTS', () => {
    // Prepare: the deployed CSP, with its connect-src narrowed to 'self' (locally the
    // API is the page's own origin).
    const deployed = contentSecurityPolicy().replace(
      "connect-src 'self' https://login.example.org",
      "connect-src 'self'",
    );

    // Act
    const local = localWebHeaders();

    // Assess
    expect(local).toEqual({
      'content-security-policy': deployed,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
      'cross-origin-opener-policy': 'same-origin',
    });
  });
});
