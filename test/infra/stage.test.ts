import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN } from '../../functions/adapters/dynamodb/table.js';
import { HANDLER_METADATA_KEY, HANDLER_MODULES } from '../../infra/constructs/iro-function.js';
import { resolveToPlaceholders } from '../../infra/definitions.js';
import { WORKFLOWS } from '../../workflows/clocks.js';
import {
  asArray,
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

const environmentOf = (fn: Resource): Record<string, unknown> =>
  (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
  {};

describe('the data stack', () => {
  const table = (): Resource => {
    const tables = resourcesOfType(synth.templates, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [[, resource]] = tables as [[string, Resource]];
    return resource;
  };

  it('encrypts the table with a customer-managed key that rotates and is kept', () => {
    const sse = table().Properties?.SSESpecification as Record<string, unknown>;
    expect(sse).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    const keyId = ref(sse.KMSMasterKeyId);
    expect(keyId).toBeDefined();
    const key = synth.templates.data.toJSON().Resources[keyId as string] as Resource;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('keeps the table: point-in-time recovery, deletion protection, DeletionPolicy Retain', () => {
    const resource = table();
    expect(resource.Properties?.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    expect(resource.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  it('lets notification claims expire by TTL on expiresAt', () => {
    expect(table().Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });

  it('builds the keys and indexes of TABLE_DESIGN, every index projecting all attributes', () => {
    const properties = table().Properties ?? {};
    expect(properties.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ]);
    expect(properties.GlobalSecondaryIndexes).toEqual(
      TABLE_DESIGN.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });
});

describe('every Lambda function', () => {
  const functions = () => resourcesOfType(synth.templates, 'AWS::Lambda::Function');
  const templateOf = (id: string) => {
    const stack = id.split('/')[0] as keyof SynthesizedApp['templates'];
    return synth.templates[stack].toJSON().Resources as Record<string, Resource>;
  };

  it('deploys each handler module once, named in its iro:handler metadata', () => {
    const handlers = functions().map(([, fn]) => fn.Metadata?.[HANDLER_METADATA_KEY]);
    expect([...handlers].sort()).toEqual([...HANDLER_MODULES].sort());
  });

  it('runs Node.js 24 on ARM64 with X-Ray active, a timeout and a memory size', () => {
    for (const [id, fn] of functions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: expect.any(Number),
        MemorySize: expect.any(Number),
      });
    }
  });

  it('leaves its source map to the first error: NODE_OPTIONS does not parse it at every start', () => {
    for (const [id, fn] of functions()) expect(environmentOf(fn).NODE_OPTIONS, id).toBeUndefined();
  });

  it('logs JSON to a log group of its own with retention and a customer-managed key', () => {
    const groups = new Set<string>();
    for (const [id, fn] of functions()) {
      const logging = fn.Properties?.LoggingConfig as Record<string, unknown>;
      expect(logging.LogFormat, id).toBe('JSON');
      const groupId = ref(logging.LogGroup) as string;
      const group = templateOf(id)[groupId];
      expect(group?.Type, id).toBe('AWS::Logs::LogGroup');
      expect(group?.Properties?.RetentionInDays, id).toEqual(expect.any(Number));
      expect(ref(group?.Properties?.KmsKeyId), id).toBeDefined();
      groups.add(`${id.split('/')[0]}/${groupId}`);
    }
    expect(groups.size).toBe(functions().length);
  });

  it('is told the table, the state machine ARN prefix and the deployment settings', () => {
    const stage = synth.config.stages.test;
    for (const [id, fn] of functions()) {
      const env = environmentOf(fn);
      expect(env, id).toMatchObject({
        TABLE_NAME: expect.anything(),
        FROM_ADDRESS: stage.email.fromAddress,
        ALERT_ADDRESS: stage.email.alertAddress,
        CASE_RECORD_URL_TEMPLATE: stage.caseRecordUrlTemplate,
        CONFIGURATION_SET: 'iro-workflows',
        UNIT_NAME: expect.stringContaining(synth.config.councilName),
      });
      expect(resolveToPlaceholders(env.STATE_MACHINE_ARN_PREFIX, {}), id).toBe(
        'arn:aws:states:eu-west-2:000000000000:stateMachine:iro-',
      );
      expect(JSON.parse(env.COUNCIL_CONFIG as string), id).toEqual(synth.config.council);
    }
  });

  it('tells the API handlers which claim holds a caller’s roles', () => {
    for (const [id, fn] of resourcesOfType({ api: synth.templates.api }, 'AWS::Lambda::Function')) {
      const env = environmentOf(fn);
      expect(env.ROLES_CLAIM, id).toBe(synth.config.stages.test.jwt.rolesClaim);
    }
  });
});

describe('IAM', () => {
  const policies = () => resourcesOfType(synth.templates, 'AWS::IAM::Policy');

  it('grants no wildcard action anywhere in the stage', () => {
    for (const [id, policy] of policies()) {
      for (const statement of statementsOf(policy)) {
        for (const action of asArray(statement.Action)) {
          expect(action, `${id} ${statement.Sid ?? ''}`).not.toContain('*');
        }
      }
    }
  });

  it('grants no whole-service wildcard action in the pipeline either', () => {
    const pipelinePolicies = resourcesOfType(
      { pipeline: synth.pipelineTemplate },
      'AWS::IAM::Policy',
    );
    expect(pipelinePolicies.length).toBeGreaterThan(0);
    for (const [id, policy] of pipelinePolicies) {
      for (const statement of statementsOf(policy)) {
        for (const action of asArray(statement.Action)) {
          expect(action === '*' || action.endsWith(':*'), `${id}: ${action}`).toBe(false);
        }
      }
    }
  });

  it('uses Resource * only for actions that have no resource-level permissions', () => {
    const resourceless = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    for (const [id, policy] of policies()) {
      for (const statement of statementsOf(policy)) {
        if (!asArray(statement.Resource).includes('*')) continue;
        for (const action of asArray(statement.Action)) {
          expect(resourceless.has(action), `${id}: ${action} on *`).toBe(true);
        }
      }
    }
  });

  /** Per handler: its role's table, index, Step Functions and SES permissions. */
  const accessOf = (handler: string) => {
    const [id, fn] = resourcesOfType(synth.templates, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[HANDLER_METADATA_KEY] === handler,
    ) as [string, Resource];
    const roleId = ref(fn.Properties?.Role);
    const statements = policies()
      .filter(
        ([policyId, p]) =>
          policyId.split('/')[0] === id.split('/')[0] &&
          asArray(p.Properties?.Roles).some((role) => ref(role) === roleId),
      )
      .flatMap(([, p]) => statementsOf(p));
    const actions = (prefix: string, resource?: (r: string) => boolean) =>
      [
        ...new Set(
          statements
            .filter(
              (s) => !resource || asArray(s.Resource).some((r) => resource(JSON.stringify(r))),
            )
            .flatMap((s) => asArray(s.Action))
            .filter((a) => a.startsWith(prefix)),
        ),
      ].sort();
    const indexes = statements
      .flatMap((s) => asArray(s.Resource))
      .map((r) => /\/index\/(\w+)/.exec(JSON.stringify(r))?.[1])
      .filter((name): name is string => name !== undefined)
      .sort();
    /** Per DynamoDB action, the leading keys its statements allow ('any' when unconditioned). */
    const leadingKeys: Record<string, string[] | 'any'> = {};
    for (const s of statements) {
      const onIndex = asArray(s.Resource).some((r) => JSON.stringify(r).includes('/index/'));
      const keys = (
        s.Condition?.['ForAllValues:StringLike'] as
          | { 'dynamodb:LeadingKeys'?: string[] }
          | undefined
      )?.['dynamodb:LeadingKeys'];
      for (const action of asArray(s.Action).filter((a) => a.startsWith('dynamodb:'))) {
        const name = `${action}${onIndex ? ' on an index' : ''}`;
        const known = leadingKeys[name];
        leadingKeys[name] =
          keys === undefined || known === 'any' ? 'any' : [...(known ?? []), ...keys].sort();
      }
    }
    const kms = [
      ...new Set(statements.flatMap((s) => asArray(s.Action)).filter((a) => a.startsWith('kms:'))),
    ].sort();
    /** The state machines it may start, by name. */
    const starts = statements
      .filter((s) => asArray(s.Action).includes('states:StartExecution'))
      .flatMap((s) => asArray(s.Resource).map((r) => resolveToPlaceholders(r, {})))
      .map((arn) => arn.split(':stateMachine:')[1])
      .sort();
    return {
      starts,
      table: actions('dynamodb:', (r) => !r.includes('/index/')),
      indexes,
      states: actions('states:'),
      ses: actions('ses:'),
      leadingKeys,
      kms,
    };
  };
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];
  const READ_WRITE = [...READ, ...WRITE].sort();
  const READ_WRITE_DELETE = [...READ_WRITE, 'dynamodb:DeleteItem'].sort();
  /** Marks many keys a request (BatchWriteItem), where it may both write and delete them. */
  const READ_WRITE_DELETE_BATCH = [...READ_WRITE_DELETE, 'dynamodb:BatchWriteItem'].sort();
  const START = ['states:DescribeExecution', 'states:StartExecution'];

  it.each([
    ['record-event', READ_WRITE_DELETE, [], [...START, 'states:SendTaskSuccess'].sort(), []],
    ['queries', READ, ['gsi1', 'gsi2', 'gsi3'], [], []],
    ['reports', READ, [], [], []],
    ['staff', READ_WRITE_DELETE, ['gsi1'], [...START, 'states:SendTaskSuccess'].sort(), []],
    ['plan-step', READ_WRITE_DELETE, [], [], []],
    ['park', WRITE, [], ['states:SendTaskSuccess'], []],
    ['act-step', READ_WRITE_DELETE, [], [], ['ses:SendEmail']],
    ['close-clock', READ_WRITE, [], START, []],
    ['alert', [], [], [], ['ses:SendEmail']],
    ['ses-feedback', READ_WRITE, ['gsi1'], [], ['ses:SendEmail']],
    ['imports', READ_WRITE, [], ['states:StartExecution'], []],
    [
      'import-chunk',
      READ_WRITE_DELETE,
      [],
      [...START, 'states:SendTaskSuccess'].sort(),
      ['ses:SendEmail'],
    ],
    ['morning-list', READ_WRITE_DELETE_BATCH, ['gsi2', 'gsi4'], [], ['ses:SendEmail']],
    ['backfill', READ_WRITE_DELETE, ['gsi1', 'gsi2', 'gsi4'], [], []],
  ])('%s may do only what its handler does', (handler, table, indexes, states, ses) => {
    expect(accessOf(handler)).toMatchObject({ table, indexes, states, ses });
  });

  const reads = (keys: string[]) => ({
    'dynamodb:BatchGetItem': keys,
    'dynamodb:GetItem': keys,
    'dynamodb:Query': keys,
  });
  const writes = (keys: string[]) => ({ 'dynamodb:PutItem': keys, 'dynamodb:UpdateItem': keys });
  it.each<[string, Record<string, string[]>]>([
    [
      'record-event',
      {
        ...reads(['ALLOCATION#*', 'CLOCK#*', 'EVENTID#*', 'LOG#*']),
        ...writes(['CLOCK#*', 'EVENTID#*', 'LOG#*', 'LOGS']),
        'dynamodb:DeleteItem': ['EVENTID#*'],
      },
    ],
    [
      // The board's marks say when each clock was last planned; the registry of holders
      // lists the IROs and chairs for the counts by IRO; the registry of logs finds the
      // disputes raised about a child for its audit trail.
      'queries',
      {
        ...reads(['BOARD#*', 'HOLDERS#*', 'LOG#*', 'LOGS']),
        'dynamodb:Query on an index': ['HOLDER#*', 'KIND#*', 'STAGE#*', 'SUBJECT#*'],
      },
    ],
    [
      'plan-step',
      {
        ...reads(['BOARD#*', 'CLOCK#*', 'FIGURES#*', 'LOG#*', 'NOTIFICATION#*']),
        ...writes(['BOARD#*', 'CASELOAD#*', 'FIGURES#*']),
        'dynamodb:DeleteItem': ['BOARD#*'],
      },
    ],
    [
      // Reads staff and allocations back (GET /staff, /allocations, /me), and who holds
      // a post (GET /staff?post=: the registry, then each holder's allocations); removes
      // an allocation role by role (DELETE /allocations); records a change of a child's
      // IRO as an event (IroAllocated), as record-event records one.
      'staff',
      {
        ...reads(['ALLOCATION#*', 'CLOCK#*', 'EVENTID#*', 'HOLDERS#*', 'LOG#*', 'STAFF#*']),
        ...writes([
          'ALLOCATION#*',
          'AS-IT-HAPPENS',
          'CASELOAD#*',
          'CLOCK#*',
          'EVENTID#*',
          'HOLDERS#*',
          'LOG#*',
          'LOGS',
          'STAFF#*',
        ]),
        // An allocation role by role; the as-it-happens registry's item when the setting goes.
        'dynamodb:DeleteItem': ['ALLOCATION#*', 'AS-IT-HAPPENS', 'EVENTID#*'],
        'dynamodb:Query on an index': ['HOLDER#*'],
      },
    ],
    ['park', writes(['CLOCK#*'])],
    // The logs' summaries and the subjects' caseload items; staff names and basis. Never an event.
    ['reports', reads(['CASELOAD#*', 'FIGURES#*', 'STAFF#*'])],
    [
      // Finds the child's places in the uploads (CHILD#), marks them and deletes them,
      // and rewrites the chunk and result each names (IMPORT#) without the child.
      'erase',
      {
        ...reads([
          'ALLOCATION#*',
          'BOARD#*',
          'CHILD#*',
          'FIGURES#*',
          'IMPORT#*',
          'LINKSOF#*',
          'LOG#*',
          'LOGS',
        ]),
        ...writes(['CHILD#*', 'ERASURE#*', 'FIGURES#*', 'IMPORT#*']),
        'dynamodb:DeleteItem': [
          'ALLOCATION#*',
          'BOARD#*',
          'CASELOAD#*',
          'CHILD#*',
          'CLOCK#*',
          'EVENTID#*',
          'FIGURES#*',
          'LINKSOF#*',
          'LOG#*',
          'LOGS',
          'VIEWSLINK#*',
        ],
      },
    ],
    [
      'act-step',
      {
        ...reads(['ALLOCATION#*', 'LOG#*', 'NOTIFICATION#*', 'STAFF#*']),
        ...writes(['NOTIFICATION#*']),
        'dynamodb:DeleteItem': ['NOTIFICATION#*'],
      },
    ],
    ['close-clock', { ...reads(['CLOCK#*']), ...writes(['CLOCK#*']) }],
    [
      'morning-list',
      {
        ...reads(['ALLOCATION#*', 'AS-IT-HAPPENS', 'BOARD#*', 'NOTIFICATION#*', 'STAFF#*']),
        ...writes(['NOTIFICATION#*']),
        'dynamodb:DeleteItem': ['NOTIFICATION#*'],
        // A list's new lines marked 25 a request.
        'dynamodb:BatchWriteItem': ['NOTIFICATION#*'],
        // The routine kinds kind by kind, or in the routine index's one partition.
        'dynamodb:Query on an index': ['KIND#*', 'ROUTINE'],
      },
    ],
    [
      // A Send event marks its claim sent (NOTIFICATION#, an UpdateItem).
      'ses-feedback',
      {
        ...reads(['STAFF#*']),
        ...writes(['NOTIFICATION#*', 'STAFF#*']),
        'dynamodb:Query on an index': ['EMAIL#*'],
      },
    ],
    [
      // The figures' backfill: every log (the registry, each history) and each IRO's
      // subjects and allocation; writes only the summaries, caseload items and its marker
      // (FIGURES#BACKFILL); deletes only each summary an older version kept alone. The
      // routine index's: the routine kinds' entries (gsi2), the routine index (is it
      // there), each entry's key and its marker (BOARD#); it deletes nothing there.
      'backfill',
      {
        ...reads(['ALLOCATION#*', 'BOARD#*', 'FIGURES#*', 'HOLDERS#*', 'LOG#*', 'LOGS']),
        ...writes(['BOARD#*', 'CASELOAD#*', 'FIGURES#*']),
        'dynamodb:DeleteItem': ['FIGURES#*'],
        'dynamodb:Query on an index': ['HOLDER#*', 'KIND#*', 'ROUTINE'],
      },
    ],
    // Stores an upload's record and chunks, and each child's place in it (CHILD#), reads
    // them back for GET /imports/{id}: nothing else.
    ['imports', { ...reads(['IMPORT#*']), ...writes(['CHILD#*', 'IMPORT#*']) }],
    [
      // Records as record-event does, and keeps the upload's results; reads the unit's
      // allocation and its service manager, and claims the import's summary once.
      'import-chunk',
      {
        ...reads([
          'ALLOCATION#*',
          'CLOCK#*',
          'EVENTID#*',
          'IMPORT#*',
          'LOG#*',
          'NOTIFICATION#*',
          'STAFF#*',
        ]),
        ...writes([
          'CHILD#*',
          'CLOCK#*',
          'EVENTID#*',
          'IMPORT#*',
          'LOG#*',
          'LOGS',
          'NOTIFICATION#*',
        ]),
        'dynamodb:DeleteItem': ['EVENTID#*', 'NOTIFICATION#*'],
      },
    ],
    [
      // The young person's views (issue 20): the links by hash and by child, the child's
      // reviews log as record-event writes it, the board for the next review's due date,
      // allocations and staff for the safety email, claimed once in the notification log.
      'views',
      {
        ...reads([
          'ALLOCATION#*',
          'CLOCK#*',
          'EVENTID#*',
          'LINKSOF#*',
          'LOG#*',
          'NOTIFICATION#*',
          'STAFF#*',
          'VIEWSLINK#*',
        ]),
        ...writes([
          'CLOCK#*',
          'EVENTID#*',
          'LINKSOF#*',
          'LOG#*',
          'LOGS',
          'NOTIFICATION#*',
          'VIEWSLINK#*',
        ]),
        'dynamodb:DeleteItem': ['EVENTID#*', 'NOTIFICATION#*'],
        // The safety email's key and the missing role's it settles, marked together.
        'dynamodb:BatchWriteItem': ['NOTIFICATION#*'],
        'dynamodb:Query on an index': ['SUBJECT#*'],
      },
    ],
  ])('limits %s to the partitions it uses, by their leading keys', (handler, expected) => {
    expect(accessOf(handler).leadingKeys).toEqual(expected);
  });

  const clocks = WORKFLOWS.map((w) => `iro-${w}`).sort();
  it.each([
    ['imports', ['iro-import']],
    ['import-chunk', clocks],
    ['record-event', clocks],
    ['close-clock', clocks],
  ])('lets %s start only the state machines it starts: %j', (handler, names) => {
    expect(accessOf(handler).starts).toEqual(names);
  });

  it.each([
    ['queries', ['kms:Decrypt', 'kms:DescribeKey']],
    ['record-event', ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']],
    ['park', ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']],
  ])('lets %s use the table key only as far as it reads or writes: %j', (handler, kms) => {
    expect(accessOf(handler).kms).toEqual(kms);
  });

  it('scopes Step Functions calls to the state machines by name, and SES to the identity', () => {
    const resources = policies()
      .flatMap(([, p]) => statementsOf(p))
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('states:') || a.startsWith('ses:')))
      .flatMap((s) => asArray(s.Resource).map((r) => resolveToPlaceholders(r, {})));
    const names = [...WORKFLOWS, 'import'].map((w) => `iro-${w}`).join('|');
    const domain = synth.config.stages.test.email.sendingDomain;
    for (const arn of resources) {
      expect(arn).toMatch(
        new RegExp(
          `^arn:aws:(states:eu-west-2:000000000000:(stateMachine:(${names})|execution:(${names}):\\*)|ses:eu-west-2:000000000000:(identity/${domain.replace(/\./g, '\\.')}|configuration-set/iro-workflows))$`,
        ),
      );
    }
  });
});

describe('the state machines', () => {
  const machines = () => resourcesOfType(synth.templates, 'AWS::StepFunctions::StateMachine');

  it('are one Standard state machine per workflow, and one for imports, named iro-<name>', () => {
    expect(
      machines()
        .map(([, m]) => m.Properties?.StateMachineName)
        .sort(),
    ).toEqual([...WORKFLOWS, 'import'].map((w) => `iro-${w}`).sort());
    for (const [id, machine] of machines()) {
      expect(machine.Properties?.StateMachineType, id).toBe('STANDARD');
    }
  });

  it('encrypt with a customer-managed key, trace with X-Ray and log every state without data', () => {
    const resources = synth.templates.workflows.toJSON().Resources as Record<string, Resource>;
    for (const [id, machine] of machines()) {
      const properties = machine.Properties ?? {};
      expect(properties.EncryptionConfiguration, id).toMatchObject({
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      });
      const keyId = ref((properties.EncryptionConfiguration as Record<string, unknown>).KmsKeyId);
      expect(resources[keyId as string]?.Properties?.EnableKeyRotation, id).toBe(true);
      expect(properties.TracingConfiguration, id).toEqual({ Enabled: true });
      expect(properties.LoggingConfiguration, id).toMatchObject({
        Level: 'ALL',
        IncludeExecutionData: false,
      });
      const destination = (
        properties.LoggingConfiguration as {
          Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[];
        }
      ).Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn;
      const group = resources[ref(destination) as string];
      expect(group?.Properties, id).toMatchObject({
        RetentionInDays: expect.any(Number),
        KmsKeyId: expect.anything(),
      });
    }
  });
});

describe('email', () => {
  const config = () => synth.config.stages.test.email;

  it('requires TLS and suppresses addresses that bounce or complain, with reputation metrics', () => {
    synth.templates.email.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'iro-workflows',
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      SuppressionOptions: { SuppressedReasons: Match.arrayEquals(['BOUNCE', 'COMPLAINT']) },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  it('sends from the configured domain through the configuration set by default', () => {
    synth.templates.email.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: config().sendingDomain,
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
  });

  it('publishes sends (which mark their claims sent), bounces, complaints and rejections to an encrypted, TLS-only topic', () => {
    const template = synth.templates.email;
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['send', 'bounce', 'complaint', 'reject']),
        SnsDestination: { TopicARN: Match.anyValue() },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('delivers them to ses-feedback, with one dead-letter queue for what cannot be delivered or processed', () => {
    const template = synth.templates.email;
    const [[, subscription]] = resourcesOfType({ email: template }, 'AWS::SNS::Subscription') as [
      [string, Resource],
    ];
    const [[, feedback]] = resourcesOfType({ email: template }, 'AWS::Lambda::Function') as [
      [string, Resource],
    ];
    const [[queueId]] = resourcesOfType({ email: template }, 'AWS::SQS::Queue') as [
      [string, Resource],
    ];
    expect(subscription.Properties?.Protocol).toBe('lambda');
    expect(feedback.Metadata?.[HANDLER_METADATA_KEY]).toBe('ses-feedback');
    const redrive = subscription.Properties?.RedrivePolicy as { deadLetterTargetArn: unknown };
    const deadLetters = feedback.Properties?.DeadLetterConfig as { TargetArn: unknown };
    expect(`email/${ref(redrive.deadLetterTargetArn)}`).toBe(queueId);
    expect(`email/${ref(deadLetters.TargetArn)}`).toBe(queueId);
  });
});

describe('the API', () => {
  const template = () => synth.templates.api;

  it('checks staff tokens against the configured issuer and audience', () => {
    const { jwt } = synth.config.stages.test;
    template().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: jwt.issuer, Audience: jwt.audience },
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('puts every staff route behind the JWT authorizer, the system route behind IAM, and only the OpenAPI document, CORS preflights and the young person’s two routes in the open', () => {
    const routes = Object.fromEntries(
      Object.values(
        template().findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>,
      ).map((route) => [route.Properties?.RouteKey, route.Properties?.AuthorizationType]),
    );
    expect(routes).toEqual({
      'POST /events': 'JWT',
      'GET /children/{childId}/obligations': 'JWT',
      'GET /children/{childId}/events': 'JWT',
      'DELETE /children/{childId}': 'JWT',
      'GET /obligations': 'JWT',
      'GET /obligations/counts': 'JWT',
      'GET /disputes': 'JWT',
      'GET /disputes/{disputeId}': 'JWT',
      'GET /children/{childId}/allocation': 'JWT',
      'PUT /staff/{staffId}': 'JWT',
      'PUT /allocations/{subjectId}': 'JWT',
      'GET /reports/figures': 'JWT',
      'GET /reports/caseloads': 'JWT',
      'GET /staff': 'JWT',
      'GET /staff/{staffId}': 'JWT',
      'GET /staff/{staffId}/allocations': 'JWT',
      'GET /allocations/{subjectId}': 'JWT',
      'DELETE /allocations/{subjectId}': 'JWT',
      'GET /me': 'JWT',
      'POST /imports': 'JWT',
      'GET /imports/{importId}': 'JWT',
      'GET /imports/{importId}/refusals': 'JWT',
      'POST /children/{childId}/views-links': 'JWT',
      'DELETE /children/{childId}/views-links/{linkId}': 'JWT',
      'POST /children/{childId}/views-links/{linkId}/safety-acted': 'JWT',
      'GET /children/{childId}/views': 'JWT',
      // The young person's, by design: their link's secret is the key (issue 20).
      'POST /views/open': 'NONE',
      'POST /views/answers': 'NONE',
      'GET /openapi.json': 'NONE',
      'OPTIONS /{proxy+}': 'NONE',
      $default: 'JWT',
      'POST /system/events': 'AWS_IAM',
    });
  });

  it('tells the record-event function which role is the case management system', () => {
    const [roleId] = Object.keys(
      template().findResources('AWS::IAM::Role', {
        Properties: { Description: Match.stringLikeRegexp('case management system') },
      }),
    );
    const recordEvent = resourcesOfType({ api: template() }, 'AWS::Lambda::Function').find(
      ([, f]) => f.Metadata?.[HANDLER_METADATA_KEY] === 'record-event',
    )?.[1];
    const env =
      (recordEvent?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    expect(roleId).toBeDefined();
    expect(ref(env.SYSTEM_ROLE_ARN)).toBe(roleId);
  });

  it('lets the case management system’s principal assume a role that may call its route only', () => {
    const principal = synth.config.stages.test.caseManagementSystem?.principalArn;
    const roles = Object.keys(
      template().findResources('AWS::IAM::Role', {
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [
              Match.objectLike({ Action: 'sts:AssumeRole', Principal: { AWS: principal } }),
            ],
          },
        },
      }),
    );
    expect(roles).toHaveLength(1);
    const statements = resourcesOfType({ api: template() }, 'AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties?.Roles).some((r) => ref(r) === roles[0]))
      .flatMap(([, p]) => statementsOf(p));
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: {
          'Fn::Join': ['', expect.arrayContaining(['/$default/POST/system/events'])],
        },
      }),
    ]);
  });

  it('logs access as JSON, without request paths, to a log group with retention, and throttles', () => {
    const [[, stage]] = resourcesOfType({ api: template() }, 'AWS::ApiGatewayV2::Stage') as [
      [string, Resource],
    ];
    const properties = stage.Properties ?? {};
    expect(properties.StageName).toBe('$default');
    expect(properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: synth.config.stages.test.throttling.rateLimit,
      ThrottlingBurstLimit: synth.config.stages.test.throttling.burstLimit,
    });
    const access = properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const format = JSON.parse(access.Format) as Record<string, string>;
    expect(format.requestId).toBe('$context.requestId');
    expect(Object.values(format)).not.toContain('$context.path');
    const group = (template().toJSON().Resources as Record<string, Resource>)[
      ref(access.DestinationArn) as string
    ];
    expect(group?.Properties?.RetentionInDays).toEqual(expect.any(Number));
  });
});

describe('the pipeline', () => {
  const pipeline = () => {
    const [[, resource]] = resourcesOfType(
      { pipeline: synth.pipelineTemplate },
      'AWS::CodePipeline::Pipeline',
    ) as [[string, Resource]];
    return resource.Properties as {
      PipelineType: string;
      Stages: {
        Name: string;
        Actions: {
          Name: string;
          RunOrder: number;
          ActionTypeId: { Category: string };
          Configuration?: Record<string, unknown>;
        }[];
      }[];
    };
  };

  it('builds from the configured repository and branch through the CodeStar connection', () => {
    const [source] = pipeline().Stages;
    expect(source?.Actions[0]?.Configuration).toMatchObject({
      ConnectionArn: synth.config.pipeline.connectionArn,
      FullRepositoryId: synth.config.pipeline.repository,
      BranchName: synth.config.pipeline.branch,
    });
  });

  it('installs, tests and synthesizes every commit', () => {
    synth.pipelineTemplate.hasResourceProperties('AWS::CodeBuild::Project', {
      Source: {
        BuildSpec: Match.serializedJson(
          Match.objectLike({
            phases: Match.objectLike({
              build: { commands: ['npm ci', 'npm test', 'npx cdk synth --no-notices'] },
            }),
          }),
        ),
      },
    });
  });

  it('deploys the test stage, waits for approval, then deploys the same stage to production', () => {
    const stages = pipeline().Stages;
    expect(stages.map((stage) => stage.Name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'Test',
      'Production',
    ]);
    const production = stages[5]?.Actions ?? [];
    const approval = production.find((action) => action.ActionTypeId.Category === 'Approval');
    expect(approval?.RunOrder).toBe(1);
    const deploys = production.filter((action) => action.ActionTypeId.Category === 'Deploy');
    expect(deploys.map((action) => action.Name)).toEqual(
      stages[4]?.Actions.map((action) => action.Name),
    );
    expect(Math.min(...deploys.map((action) => action.RunOrder))).toBeGreaterThan(1);
    expect(synth.pipeline.test.account).toBe(synth.config.stages.test.account);
    expect(synth.pipeline.production.account).toBe(synth.config.stages.production.account);
  });
});
