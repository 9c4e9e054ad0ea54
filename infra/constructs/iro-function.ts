/**
 * Every Lambda function of the system, with the same defaults (Node.js 24 on ARM64,
 * X-Ray, a JSON log group of its own with retention and a CMK, an ESM bundle by
 * esbuild) and only the permissions its handler uses: read or read/write on the table
 * and the indexes it queries, the Step Functions calls it makes, SES if it sends mail.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  type CfnFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  INDEX_PARTITIONS,
  type IndexName,
  type IndexPartitions,
  TABLE_PARTITIONS,
  type TablePartition,
} from '../../functions/adapters/dynamodb/table.js';
import { IMPORT_WORKFLOW } from '../../functions/import/upload.js';
import { WORKFLOWS } from '../../workflows/clocks.js';
import type { StageSettings } from '../config.js';
import { wildcardResourceFinding } from '../nag.js';
import {
  CONFIGURATION_SET_NAME,
  executionsArn,
  sesConfigurationSetArn,
  sesIdentityArn,
  stateMachineArn,
  stateMachineArnPrefix,
} from '../naming.js';
import { BUNDLE_ALIASES, ESM_REQUIRE_BANNER, NODE_TARGET } from './bundling.js';

/** The repository root: handlers live in functions/, the lock file beside package.json. */
export const PROJECT_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The handler modules, functions/<name>.ts, each exporting `handler`. */
export const HANDLER_MODULES = [
  'record-event',
  'queries',
  'staff',
  'plan-step',
  'park',
  'act-step',
  'close-clock',
  'alert',
  'ses-feedback',
  'erase',
  'reports',
  'imports',
  'import-chunk',
  'views',
  'morning-list',
  'backfill',
] as const;
export type HandlerModule = (typeof HANDLER_MODULES)[number];

/** CloudFormation metadata naming the handler module: the local runner binds Task states with it. */
export const HANDLER_METADATA_KEY = 'iro:handler';

export const LOG_RETENTION = RetentionDays.ONE_YEAR;

/** What every function of a stage shares. */
export interface IroStageResources {
  readonly table: Pick<ITable, 'tableName' | 'tableArn'>;
  /** The table's key: reads need Decrypt, writes Encrypt too (through DynamoDB only). */
  readonly tableKey: IKey;
  readonly settings: StageSettings;
}

export interface IroFunctionProps {
  readonly handler: HandlerModule;
  readonly description: string;
  readonly stage: IroStageResources;
  /** Encrypts the function's log group. */
  readonly logsKey: IKey;
  /**
   * The table access the handler needs, by partition (none when absent): each grant is
   * limited with `dynamodb:LeadingKeys` to those partitions.
   */
  readonly data?: {
    /** Partitions it reads (GetItem, BatchGetItem, Query). */
    readonly reads?: readonly TablePartition[];
    /** Partitions it writes (PutItem, UpdateItem). */
    readonly writes?: readonly TablePartition[];
    /** Partitions it deletes from (DeleteItem). */
    readonly deletes?: readonly TablePartition[];
    /**
     * Partitions it writes many items of a request (BatchWriteItem): only among those
     * it both writes and deletes, since IAM cannot tell a batch's puts from its deletes.
     */
    readonly batchWrites?: readonly TablePartition[];
    /** The index partitions it queries. */
    readonly indexes?: IndexPartitions;
  };
  /**
   * The Step Functions calls it makes: `start` (StartExecution, and DescribeExecution
   * when the name is taken) and `wake` (SendTaskSuccess) on the clocks' workflows;
   * `startImport` (StartExecution) on the import state machine only.
   */
  readonly workflows?: {
    readonly start?: boolean;
    readonly wake?: boolean;
    readonly startImport?: boolean;
  };
  /** Sends email through the stage's SES identity and configuration set. */
  readonly sendsEmail?: boolean;
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /**
   * For a function invoked asynchronously (by SNS): where events that still fail after
   * Lambda's retries go. Functions called synchronously (API, Step Functions) have
   * none: their caller sees the error and retries or alerts.
   */
  readonly deadLetterQueue?: IQueue;
}

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
const DELETE_ACTIONS = ['dynamodb:DeleteItem'];
/** Puts and deletes many items a request: granted only where both are. */
const BATCH_WRITE_ACTIONS = ['dynamodb:BatchWriteItem'];

/** Every key the request touches must lead with one of `prefixes`. */
const onlyLeadingKeys = (prefixes: readonly string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...prefixes] },
});

export class IroFunction extends Construct {
  /** The handler module it runs (functions/<handler>.ts). */
  readonly handler: HandlerModule;
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: IroFunctionProps) {
    super(scope, id);
    this.handler = props.handler;
    // BatchWriteItem can put and delete alike (IAM does not tell them apart), so a
    // function may batch its writes only to partitions it may both write and delete.
    for (const partition of props.data?.batchWrites ?? []) {
      if (!props.data?.writes?.includes(partition) || !props.data.deletes?.includes(partition))
        throw new Error(
          `IroFunction '${id}': batchWrites names ${partition}, which it must both write and delete`,
        );
    }
    const { settings, table, tableKey } = props.stage;
    const entry = join(PROJECT_ROOT, 'functions', `${props.handler}.ts`);
    if (!existsSync(entry)) {
      throw new Error(
        `The Lambda handler ${relative(PROJECT_ROOT, entry)} does not exist: IroFunction '${id}' bundles it (it must export 'handler').`,
      );
    }

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${props.handler} function of iro-workflows`,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      encryptionKey: props.logsKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: NODE_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        minify: true,
        keepNames: false,
        // A map beside the bundle, read on the first error (functions/shared/source-maps.ts),
        // not at every start as NODE_OPTIONS=--enable-source-maps would.
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        externalModules: [],
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
      },
      environment: {
        TABLE_NAME: table.tableName,
        STATE_MACHINE_ARN_PREFIX: stateMachineArnPrefix(),
        FROM_ADDRESS: settings.email.fromAddress,
        ALERT_ADDRESS: settings.email.alertAddress,
        UNIT_NAME: `${settings.unitName}, ${settings.councilName}`,
        CONFIGURATION_SET: CONFIGURATION_SET_NAME,
        CASE_RECORD_URL_TEMPLATE: settings.caseRecordUrlTemplate,
        COUNCIL_CONFIG: JSON.stringify(settings.council),
        ...props.environment,
      },
    });
    const cfnFunction = this.function.node.defaultChild as CfnFunction;
    cfnFunction.addMetadata(HANDLER_METADATA_KEY, props.handler);

    if (props.data) this.grantData(table, tableKey, props.data);
    if (props.workflows) this.grantWorkflows(props.workflows);
    if (props.sendsEmail) this.grantSendEmail(settings);
    this.acknowledge(props);
  }

  private grantData(
    table: IroStageResources['table'],
    key: IKey,
    data: NonNullable<IroFunctionProps['data']>,
  ): void {
    const grants: [string, string[], readonly TablePartition[] | undefined][] = [
      ['ReadTable', READ_ACTIONS, data.reads],
      ['WriteTable', WRITE_ACTIONS, data.writes],
      ['DeleteFromTable', DELETE_ACTIONS, data.deletes],
      ['BatchWriteTable', BATCH_WRITE_ACTIONS, data.batchWrites],
    ];

    for (const [sid, actions, partitions] of grants) {
      if (!partitions || partitions.length === 0) continue;
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid,
          actions,
          resources: [table.tableArn],
          conditions: onlyLeadingKeys(partitions.map((p) => TABLE_PARTITIONS[p])),
        }),
      );
    }
    for (const [index, partitions] of Object.entries(data.indexes ?? {}) as [
      IndexName,
      readonly string[],
    ][]) {
      const patterns = INDEX_PARTITIONS[index] as Record<string, string>;
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: `Query${index.toUpperCase()}`,
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${index}`],
          conditions: onlyLeadingKeys(partitions.map((p) => patterns[p] as string)),
        }),
      );
    }
    // A function that only reads cannot encrypt with the table's key either.
    const writes = (data.writes?.length ?? 0) + (data.deletes?.length ?? 0) > 0;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'UseTableKeyThroughDynamoDB',
        actions: writes
          ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
          : ['kms:Decrypt', 'kms:DescribeKey'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.amazonaws.com` } },
      }),
    );
  }

  private grantWorkflows(calls: NonNullable<IroFunctionProps['workflows']>): void {
    // ARNs from the names, not the state machines' tokens: the state machines call
    // these functions, so a reference back would be a cycle.
    if (calls.start) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'StartWorkflows',
          actions: ['states:StartExecution'],
          resources: WORKFLOWS.map(stateMachineArn),
        }),
      );
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'DescribeWorkflowExecutions',
          actions: ['states:DescribeExecution'],
          resources: WORKFLOWS.map(executionsArn),
        }),
      );
    }
    if (calls.startImport) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'StartImports',
          actions: ['states:StartExecution'],
          resources: [stateMachineArn(IMPORT_WORKFLOW)],
        }),
      );
    }
    if (calls.wake) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'WakeWaitingWorkflows',
          actions: ['states:SendTaskSuccess'],
          resources: WORKFLOWS.map(stateMachineArn),
        }),
      );
    }
  }

  private grantSendEmail(settings: StageSettings): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SendEmailFromTheUnit',
        actions: ['ses:SendEmail'],
        resources: [
          sesIdentityArn(settings.email.sendingDomain),
          sesConfigurationSetArn(CONFIGURATION_SET_NAME),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': settings.email.fromAddress } },
      }),
    );
  }

  /** The findings these defaults cannot fix, each with its reason. */
  private acknowledge(props: IroFunctionProps): void {
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) has no resource-level permissions; test/infra checks that only X-Ray actions use Resource *.',
    });
    if (props.workflows?.start) {
      for (const workflow of WORKFLOWS) {
        Validations.of(this.role).acknowledge({
          id: wildcardResourceFinding(this, executionsArn(workflow)),
          reason: `states:DescribeExecution on executions of iro-${workflow} only: execution names are derived per clock at run time, so the name part cannot be listed.`,
        });
      }
    }
    if (!props.deadLetterQueue) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously only (API Gateway or a Step Functions task): a dead-letter queue applies to asynchronous invocations; failures reach the caller, which retries with backoff or alerts the unit.',
      });
    }
  }
}
