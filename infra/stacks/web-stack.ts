/**
 * The work tray (web/): its built files in a private bucket, served only through
 * CloudFront (origin access control) at the stage's `web.domainName`, with a strict
 * Content-Security-Policy, HSTS and no framing on every answer, and standard access
 * logs. `config.json`, which the page reads at start, is written here: the API's
 * endpoint and the identity provider the JWT authorizer trusts.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  CfnOutput,
  DefaultStackSynthesizer,
  Duration,
  Fn,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { type StageSettings, webOrigin } from '../config.js';
import { LOG_RETENTION, PROJECT_ROOT } from '../constructs/iro-function.js';
import { ServiceKey } from '../constructs/service-key.js';
import { wildcardResourceFinding } from '../nag.js';
import { contentSecurityPolicy, HSTS_MAX_AGE_SECONDS, PERMISSIONS_POLICY } from '../web-headers.js';

/** Where `npm run build:web` (run by npm's `prepare`) writes the app. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

/** What the page reads from `/config.json` in AWS (locally: `{"auth":"local","apiUrl":""}`). */
export interface WorkTrayConfig {
  readonly auth: 'oidc';
  readonly apiUrl: string;
  readonly authority: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  /** Where each row of the work tray links: the council's case record (reminders use the same). */
  readonly caseRecordUrlTemplate: string;
}

export interface WebStackProps extends StackProps {
  readonly settings: StageSettings;
  /** The HTTP API's endpoint, `https://<api id>.execute-api.<region>.amazonaws.com`. */
  readonly apiEndpoint: string;
  /** The web ACL (CloudFront scope, us-east-1: stacks/edge-stack.ts) in front of both. */
  readonly firewallArn: string;
  /** The built app; `web/dist` unless a test points elsewhere. */
  readonly distDirectory?: string;
}

/**
 * aws-cdk-lib declares `isWebsite?: boolean` on Bucket and `boolean` on IBucket: the
 * same thing, except under exactOptionalPropertyTypes.
 */
const asIBucket = (bucket: Bucket): IBucket => bucket as IBucket;

/**
 * The path under which the work tray's own origin serves the API, so that every
 * request from the page passes the firewall: `/api/events` reaches the API as `/events`.
 */
export const API_PATH = '/api';

/** CloudFront Function (viewer request): takes `API_PATH` off before the API sees it. */
const STRIP_API_PATH = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.slice(${API_PATH.length}) || '/';
  return request;
}`;

/** Access logs (CloudFront's and the bucket's) are kept as long as the functions' logs. */
const ACCESS_LOG_DAYS = 365;

export class WebStack extends Stack {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly responseHeaders: ResponseHeadersPolicy;
  /** The configuration written to `/config.json`, tokens unresolved. */
  readonly workTrayConfig: WorkTrayConfig;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { settings, apiEndpoint, firewallArn } = props;
    const dist = props.distDirectory ?? WEB_DIST;
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error(
        `The work tray is not built: ${relative(PROJECT_ROOT, join(dist, 'index.html'))} is missing (run npm run build:web; npm ci runs it in prepare).`,
      );
    }

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront's standard logs are delivered with an ACL granting the bucket owner.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        {
          id: 'ExpireAccessLogs',
          expiration: Duration.days(ACCESS_LOG_DAYS),
          transitions: [
            { storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket itself (CloudFront and the site bucket log here): logging its own access would log into itself.',
    });

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: asIBucket(this.logBucket),
      serverAccessLogsPrefix: 'site-bucket/',
      lifecycleRules: [
        {
          id: 'ExpireReplacedFiles',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    const origin = webOrigin(settings);
    const issuerOrigin = new URL(settings.jwt.issuer).origin;
    this.responseHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'iro-workflows work tray: strict CSP, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          // The page fetches from its own origin (the API under /api) and the identity
          // provider, nothing else.
          contentSecurityPolicy: contentSecurityPolicy([
            issuerOrigin,
            ...settings.web.signInOrigins,
          ]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: PERMISSIONS_POLICY,
            override: true,
          },
          // Sign-in leaves by redirect, not a pop-up: no other window keeps a handle on this one.
          { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
        ],
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `iro-workflows work tray (${settings.stageName})`,
      domainNames: [settings.web.domainName],
      certificate: Certificate.fromCertificateArn(this, 'Certificate', settings.web.certificateArn),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Europe and North America: the unit's staff, wherever they travel, are served from there.
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultRootObject: 'index.html',
      webAclId: firewallArn,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(asIBucket(this.bucket)),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
      additionalBehaviors: {
        // The API, through the same firewall: never cached, every header but Host
        // passed on (the token included, which CloudFront allows when nothing is cached).
        [`${API_PATH}/*`]: {
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', apiEndpoint)), {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new EdgeFunction(this, 'StripApiPath', {
                comment: `Takes ${API_PATH} off the path before the API sees it`,
                code: FunctionCode.fromInline(STRIP_API_PATH),
                runtime: FunctionRuntime.JS_2_0,
              }),
            },
          ],
        },
      },
      enableLogging: true,
      logBucket: asIBucket(this.logBucket),
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });
    // Hash routes (`/#/my-work`) never reach CloudFront: no error-page rewrites.

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction: staff work from abroad (leave, conferences, placements out of area), the page holds no data, and the API behind sign-in is what guards it.',
    });

    this.workTrayConfig = {
      auth: 'oidc',
      apiUrl: `${origin}${API_PATH}`,
      authority: settings.jwt.issuer,
      clientId: settings.web.clientId,
      redirectUri: `${origin}/`,
      scope: settings.web.scope,
      caseRecordUrlTemplate: settings.caseRecordUrlTemplate,
    };

    // The copying function's own log group and role: it writes there and nowhere else
    // (no managed policy granting every log group of the account).
    // Encrypted with a key of this stack's own, as every other log group of the stage is.
    const deployLogs = new LogGroup(this, 'DeployLogs', {
      retention: LOG_RETENTION,
      encryptionKey: new ServiceKey(this, 'DeployLogsKey', {
        alias: 'alias/iro-workflows/web-deploy',
        description: "Encrypts the logs of the work tray's deployment",
        forLogs: true,
      }).key,
    });
    const deployRole = new Role(this, 'DeployRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "Copies the work tray's built files into its bucket at deployment",
    });
    deployLogs.grantWrite(deployRole);
    // Hashed files first, cached a year; files of an older build stay (prune off), so a
    // page loaded just before a deployment still finds its scripts.
    const files = new BucketDeployment(this, 'DeployFiles', {
      sources: [Source.asset(dist)],
      destinationBucket: asIBucket(this.bucket),
      exclude: ['index.html', 'your-views.html', 'config.json'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      outputObjectKeys: false,
      logGroup: deployLogs,
      role: deployRole,
    });
    // Then the entry page and its configuration, revalidated on every load.
    const entry = new BucketDeployment(this, 'DeployEntry', {
      sources: [Source.asset(dist), Source.jsonData('config.json', this.workTrayConfig)],
      destinationBucket: asIBucket(this.bucket),
      exclude: ['*'],
      include: ['index.html', 'your-views.html', 'config.json'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      outputObjectKeys: false,
      logGroup: deployLogs,
      role: deployRole,
    });
    entry.node.addDependency(files);
    this.acknowledgeDeploymentFindings(deployRole);

    new CfnOutput(this, 'DistributionDomainName', {
      value: this.distribution.distributionDomainName,
      description: `Point ${settings.web.domainName} here (a CNAME, or an alias record in Route 53)`,
    });
    new CfnOutput(this, 'WorkTrayUrl', { value: `${origin}/` });
  }

  /**
   * What aws-cdk-lib's BucketDeployment makes and cannot be narrowed from here: a
   * function run by CloudFormation at deployment, on a runtime the library pins,
   * granted read on the CDK asset bucket and read-write on the site bucket.
   */
  private acknowledgeDeploymentFindings(role: Role): void {
    const handlers = this.node
      .findAll()
      .filter((c): c is LambdaFunction => c instanceof LambdaFunction);
    if (handlers.length !== 1) {
      throw new Error(`WebStack expects one BucketDeployment function, found ${handlers.length}`);
    }
    Validations.of(handlers[0] as LambdaFunction).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          "BucketDeployment's copying function runs on the Python runtime aws-cdk-lib pins for it; it moves when the library is upgraded.",
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason:
          "BucketDeployment's copying function runs on the Python runtime aws-cdk-lib pins for it; it moves when the library is upgraded.",
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'A CloudFormation custom resource, invoked synchronously at deployment: a failure fails the deployment, there is nothing to redrive.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason:
          'Runs once per deployment to copy static files; the deployment events and its log group show each run, and BucketDeployment offers no tracing switch.',
      },
    );
    const grant =
      "BucketDeployment's own grant: read the CDK asset bucket's build zip, write the site bucket's files (its s3 sync needs list and object actions).";
    const qualifier =
      this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ??
      DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetBucket = DefaultStackSynthesizer.DEFAULT_FILE_ASSETS_BUCKET_NAME.replace(
      /\$\{Qualifier\}/,
      qualifier,
    )
      .replace(/\$\{AWS::AccountId\}/, this.account)
      .replace(/\$\{AWS::Region\}/, this.region);
    Validations.of(role).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
        (action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: grant }),
      ),
      {
        id: wildcardResourceFinding(this, `arn:${this.partition}:s3:::${assetBucket}/*`),
        reason: grant,
      },
      { id: wildcardResourceFinding(this, this.bucket.arnForObjects('*')), reason: grant },
    );
  }
}
