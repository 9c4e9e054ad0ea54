/**
 * The HTTP API: staff routes behind the council's identity provider (JWT), the case
 * management system's route behind IAM, each handler a function of its own. Access
 * logs are JSON with route keys, never paths (paths hold children's ids). Alarms on
 * server errors and on every handler's errors and throttles.
 */
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ArnPrincipal, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { webOrigin } from '../config.js';
import { StageAlarms } from '../constructs/alarms.js';
import { IroFunction, type IroStageResources, LOG_RETENTION } from '../constructs/iro-function.js';
import { ServiceKey } from '../constructs/service-key.js';

export interface ApiStackProps extends StackProps {
  readonly resources: IroStageResources;
}

/** One line of JSON per request: who (subject or IAM caller), which route, how it went. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  staffSubject: '$context.authorizer.claims.sub',
  iamCaller: '$context.identity.caller',
  sourceIp: '$context.identity.sourceIp',
  protocol: '$context.protocol',
});

/**
 * Requests per second the costly, rare or bulk routes admit (steady, burst), below the
 * stage's default: sized for a unit of a few dozen staff and one case management
 * system, so that one caller cannot spend the whole stage's allowance on them (a loop
 * asking for the figures, say) and leave colleagues recording events with 429s.
 */
export const ROUTE_THROTTLES: Readonly<
  Record<string, { readonly rateLimit: number; readonly burstLimit: number }>
> = {
  // A batch holds up to 100 events: 10 a second is 1,000 events a second.
  'POST /events': { rateLimit: 10, burstLimit: 20 },
  'POST /system/events': { rateLimit: 10, burstLimit: 20 },
  // Each reads and replays the council's history.
  'GET /reports/figures': { rateLimit: 2, burstLimit: 4 },
  'GET /reports/caseloads': { rateLimit: 5, burstLimit: 10 },
  // A whole return at a time; a few a year.
  'POST /imports': { rateLimit: 1, burstLimit: 2 },
  // Erasure requests: a handful a year, each by hand.
  'DELETE /children/{childId}': { rateLimit: 1, burstLimit: 2 },
  // An administrator allocating many children at once, one request each.
  'PUT /allocations/{subjectId}': { rateLimit: 10, burstLimit: 20 },
  'DELETE /allocations/{subjectId}': { rateLimit: 5, burstLimit: 10 },
  'PUT /staff/{staffId}': { rateLimit: 5, burstLimit: 10 },
  // The young person's routes, open without sign-in: a few a second across the unit.
  'POST /views/open': { rateLimit: 5, burstLimit: 10 },
  'POST /views/answers': { rateLimit: 2, burstLimit: 5 },
};

export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Readonly<
    Record<
      'recordEvent' | 'queries' | 'staff' | 'erase' | 'reports' | 'imports' | 'views',
      IroFunction
    >
  >;
  readonly alarms: StageAlarms;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { settings } = props.resources;
    const key = new ServiceKey(this, 'ApiKey', {
      alias: 'alias/iro-workflows/api',
      description: 'Encrypts the iro-workflows API access logs and handler logs',
      forLogs: true,
    }).key;
    const common = {
      stage: props.resources,
      logsKey: key,
      environment: { ROLES_CLAIM: settings.jwt.rolesClaim },
    };
    this.functions = {
      recordEvent: new IroFunction(this, 'RecordEvent', {
        ...common,
        handler: 'record-event',
        description: 'Records case events and wakes or starts the workflows they move',
        data: {
          reads: ['log', 'eventIdClaim', 'clockHead', 'allocation'],
          writes: ['log', 'logRegistry', 'eventIdClaim', 'clockHead'],
          deletes: ['eventIdClaim'],
        },
        workflows: { start: true, wake: true },
        // Under the API's 30-second integration limit, for a batch of events.
        timeout: Duration.seconds(29),
      }),
      queries: new IroFunction(this, 'Queries', {
        ...common,
        handler: 'queries',
        description: "Answers the API's reads from the obligation board",
        data: {
          // The board's marks (when each clock was planned) beside its indexes; the
          // registry of holders, for every IRO's subjects in the counts by IRO; the
          // registry of logs, for the disputes in a child's audit trail.
          reads: ['log', 'logRegistry', 'board', 'roleHolders'],
          indexes: {
            gsi1: ['boardBySubject', 'subjectsByHolder'],
            gsi2: ['boardByKind'],
            gsi3: ['disputesByStage'],
          },
        },
        timeout: Duration.seconds(29),
      }),
      staff: new IroFunction(this, 'Staff', {
        ...common,
        handler: 'staff',
        description: 'Keeps the staff directory and who holds each role',
        data: {
          // GET /staff?post=: the post's registry of holders, then each one's allocations.
          // A change of a child's IRO is recorded as an event (IroAllocated), as
          // record-event records one: the log, its claims and clock heads.
          reads: ['staff', 'allocation', 'roleHolders', 'log', 'eventIdClaim', 'clockHead'],
          writes: [
            'staff',
            'allocation',
            'roleHolders',
            'log',
            'logRegistry',
            'eventIdClaim',
            'clockHead',
            // Each subject's IRO on their caseload item, for the caseloads.
            'caseload',
            // Who asked for each reminder as it happens, kept with the setting.
            'reminderSettings',
          ],
          deletes: ['allocation', 'eventIdClaim', 'reminderSettings'],
          indexes: { gsi1: ['subjectsByHolder'] },
        },
        workflows: { start: true, wake: true },
        timeout: Duration.seconds(29),
      }),
      erase: new IroFunction(this, 'Erase', {
        ...common,
        handler: 'erase',
        description: "Erases one child's records on an erasure or rectification request",
        data: {
          // The child's places in the uploads (CHILD#), marked and then deleted; the chunk
          // and result each place names (IMPORT#), rewritten without the child.
          reads: [
            'log',
            'logRegistry',
            'board',
            'allocation',
            'childUploads',
            'import',
            // The child's list of links, each naming its link's hash (deleted too).
            'childViewsLinks',
            // The groups of summaries that hold the child's logs, rewritten without them.
            'figures',
          ],
          writes: ['erasure', 'childUploads', 'import', 'figures'],
          deletes: [
            'viewsLink',
            'childViewsLinks',
            'log',
            'logRegistry',
            'eventIdClaim',
            'clockHead',
            'board',
            'allocation',
            'childUploads',
            'figures',
            'caseload',
          ],
        },
        timeout: Duration.seconds(29),
      }),
      reports: new IroFunction(this, 'Reports', {
        ...common,
        handler: 'reports',
        description: "Computes the unit's figures from each log's summary, and the IROs' caseloads",
        data: {
          // The logs' summaries and the caseload items; the staff directory for the IROs'
          // names and basis beside their caseloads. Never an event.
          reads: ['figures', 'caseload', 'staff'],
        },
        // Every summary is read and counted: the memory buys CPU, the API's limit caps the time.
        timeout: Duration.seconds(29),
        memorySize: 1024,
      }),
      views: new IroFunction(this, 'Views', {
        ...common,
        handler: 'views',
        // The safety email links to the child's page in the work tray.
        environment: { ...common.environment, WORK_TRAY_URL: webOrigin(settings) },
        description:
          "The young person's views before a review: their links, their answers, and the at-once safety email",
        data: {
          // The links (by hash, and each child's list); the child's reviews log, where the
          // views are recorded as record-event records; the board for the next review's
          // due date; the allocation and staff for the safety email, claimed once.
          reads: [
            'viewsLink',
            'childViewsLinks',
            'log',
            'eventIdClaim',
            'clockHead',
            'allocation',
            'staff',
            'notification',
          ],
          writes: [
            'viewsLink',
            'childViewsLinks',
            'log',
            'logRegistry',
            'eventIdClaim',
            'clockHead',
            'notification',
          ],
          deletes: ['eventIdClaim', 'notification'],
          // The safety email's key, and the missing role's it settles, marked together.
          batchWrites: ['notification'],
          indexes: { gsi1: ['boardBySubject'] },
        },
        workflows: { start: true, wake: true },
        sendsEmail: true,
        timeout: Duration.seconds(29),
      }),
      imports: new IroFunction(this, 'Imports', {
        ...common,
        handler: 'imports',
        description: 'Takes an SSDA903 upload, stores its events in chunks and starts their import',
        // The upload's partition, and each child's place in it (CHILD#), for erasure.
        data: { reads: ['import'], writes: ['import', 'childUploads'] },
        workflows: { startImport: true },
        timeout: Duration.seconds(29),
        // A return of 10,000 children maps in about 5 s and 340 MB on a laptop: the memory buys CPU.
        memorySize: 2048,
      }),
    };

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      encryptionKey: key,
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: 'iro-workflows',
      description: `${settings.councilName} ${settings.unitName}: statutory clocks (${settings.stageName})`,
      createDefaultStage: false,
      // The work tray's origin only, known from the configuration (not the web stack,
      // whose Content-Security-Policy names this API): Bearer tokens, no cookies.
      corsPreflight: {
        allowOrigins: [webOrigin(settings)],
        allowMethods: [
          CorsHttpMethod.GET,
          CorsHttpMethod.POST,
          CorsHttpMethod.PUT,
          CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type'],
        allowCredentials: false,
        // Chromium caps a preflight's cache at two hours.
        maxAge: Duration.hours(2),
      },
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: settings.throttling,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    const staff = new HttpJwtAuthorizer('StaffSignIn', settings.jwt.issuer, {
      jwtAudience: settings.jwt.audience,
    });
    const system = new HttpIamAuthorizer();
    const integration = {
      recordEvent: new HttpLambdaIntegration('RecordEvent', this.functions.recordEvent.function),
      queries: new HttpLambdaIntegration('Queries', this.functions.queries.function),
      staff: new HttpLambdaIntegration('Staff', this.functions.staff.function),
      erase: new HttpLambdaIntegration('Erase', this.functions.erase.function),
      reports: new HttpLambdaIntegration('Reports', this.functions.reports.function),
      imports: new HttpLambdaIntegration('Imports', this.functions.imports.function),
      views: new HttpLambdaIntegration('Views', this.functions.views.function),
    };
    const route = (
      method: HttpMethod,
      path: string,
      to: HttpLambdaIntegration,
      authorizer: IHttpRouteAuthorizer,
    ) => this.api.addRoutes({ path, methods: [method], integration: to, authorizer });

    route(HttpMethod.POST, '/events', integration.recordEvent, staff);
    route(HttpMethod.GET, '/children/{childId}/obligations', integration.queries, staff);
    route(HttpMethod.GET, '/children/{childId}/events', integration.queries, staff);
    route(HttpMethod.DELETE, '/children/{childId}', integration.erase, staff);
    route(HttpMethod.GET, '/obligations', integration.queries, staff);
    route(HttpMethod.GET, '/obligations/counts', integration.queries, staff);
    route(HttpMethod.GET, '/disputes', integration.queries, staff);
    route(HttpMethod.GET, '/disputes/{disputeId}', integration.queries, staff);
    route(HttpMethod.GET, '/children/{childId}/allocation', integration.queries, staff);
    route(HttpMethod.PUT, '/staff/{staffId}', integration.staff, staff);
    route(HttpMethod.PUT, '/allocations/{subjectId}', integration.staff, staff);
    route(HttpMethod.GET, '/reports/figures', integration.reports, staff);
    route(HttpMethod.GET, '/reports/caseloads', integration.reports, staff);
    route(HttpMethod.GET, '/staff', integration.staff, staff);
    route(HttpMethod.GET, '/staff/{staffId}', integration.staff, staff);
    route(HttpMethod.GET, '/staff/{staffId}/allocations', integration.staff, staff);
    route(HttpMethod.GET, '/allocations/{subjectId}', integration.staff, staff);
    route(HttpMethod.DELETE, '/allocations/{subjectId}', integration.staff, staff);
    route(HttpMethod.GET, '/me', integration.staff, staff);
    route(HttpMethod.POST, '/imports', integration.imports, staff);
    route(HttpMethod.GET, '/imports/{importId}', integration.imports, staff);
    route(HttpMethod.GET, '/imports/{importId}/refusals', integration.imports, staff);
    route(HttpMethod.POST, '/children/{childId}/views-links', integration.views, staff);
    route(HttpMethod.DELETE, '/children/{childId}/views-links/{linkId}', integration.views, staff);
    route(
      HttpMethod.POST,
      '/children/{childId}/views-links/{linkId}/safety-acted',
      integration.views,
      staff,
    );
    route(HttpMethod.GET, '/children/{childId}/views', integration.views, staff);
    // The young person's routes: no sign-in, by design. The link's secret, in the body,
    // is the key; the handler answers every unusable link alike and limits per link
    // and address, the stage throttles the routes (ROUTE_THROTTLES) and the firewall
    // limits each address (edge-stack.ts).
    for (const path of ['/views/open', '/views/answers']) {
      for (const open of this.api.addRoutes({
        path,
        methods: [HttpMethod.POST],
        integration: integration.views,
      })) {
        Validations.of(open).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            "The young person's views routes take no sign-in by design (architecture.md, \"The child's voice\"): the link's 256-bit secret is the key, stored only as a hash, limited per link, per address and by the stage's throttle.",
        });
      }
    }
    // The API's own description, generated from its schemas: public, it holds no one's data.
    for (const openApi of this.api.addRoutes({
      path: '/openapi.json',
      methods: [HttpMethod.GET],
      integration: integration.queries,
    })) {
      Validations.of(openApi).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "GET /openapi.json serves the API's OpenAPI document, generated from its schemas: it holds no one's data and is public by design.",
      });
    }
    // Whatever no route takes: 405 for a known path asked with another method, 404
    // otherwise, in the API's own refusal shape (API Gateway's own 404 is `{message}`).
    new HttpRoute(this, 'Unrouted', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integration.queries,
      authorizer: staff,
    });
    // A browser's preflight carries no token, and `$default` would demand one: this
    // route, more specific than `$default`, lets API Gateway answer it with the CORS
    // configuration above (the handler answers 204 should it be asked).
    for (const preflight of this.api.addRoutes({
      path: '/{proxy+}',
      methods: [HttpMethod.OPTIONS],
      integration: integration.queries,
    })) {
      Validations.of(preflight).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          "OPTIONS /{proxy+} answers browsers' CORS preflights, which carry no token by design; it returns no data, only the CORS headers for the work tray's origin.",
      });
    }
    // The case management system signs its requests with its own IAM role.
    route(HttpMethod.POST, '/system/events', integration.recordEvent, system);

    // Each route's own limit beside the stage's default; the stage waits for its routes,
    // which CloudFormation must know before it can hold settings for them.
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      Object.entries(ROUTE_THROTTLES).map(([routeKey, limits]) => [
        routeKey,
        { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit },
      ]),
    );
    for (const child of this.api.node.children) {
      if (child instanceof HttpRoute) cfnStage.node.addDependency(child);
    }

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });

    this.alarms = new StageAlarms(this, 'Alarms', { stageName: settings.stageName });
    this.alarms.httpApi(this.api);
    for (const fn of Object.values(this.functions)) this.alarms.lambda(fn);

    const caseManagement = settings.caseManagementSystem;
    if (caseManagement) {
      const role = new Role(this, 'CaseManagementSystem', {
        assumedBy: new ArnPrincipal(caseManagement.principalArn),
        externalIds: [caseManagement.externalId],
        description: 'The case management system: records case events through POST /system/events',
        maxSessionDuration: Duration.hours(1),
      });
      role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RecordCaseEvents',
          actions: ['execute-api:Invoke'],
          resources: [this.api.arnForExecuteApi('POST', '/system/events', '$default')],
        }),
      );
      new CfnOutput(this, 'CaseManagementSystemRoleArn', { value: role.roleArn });
      // Only this role (and its sessions) is the case management system: any other
      // principal of the account that can sign a request is refused.
      this.functions.recordEvent.function.addEnvironment('SYSTEM_ROLE_ARN', role.roleArn);
    }
  }
}
