import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, handlerBundle } from '../../bench/bundles.js';
import { HANDLER_MODULES, type HandlerModule } from '../../infra/constructs/iro-function.js';

const KB = 1024;

/**
 * Each handler's bundle, minified, at most about 5% above its size when the budget was
 * set, so a dependency that grows a bundle fails here, not in a slower cold start.
 * Re-based for middy and Powertools' Logger and Metrics (about 3 KB and 32 KB a
 * bundle): the old 400 KB cap was a stand-in for the cold-start target, each handler's
 * import at most 1.3× its SDK-only floor, which bench/RESULTS.md measures. Re-based
 * again after the second round's merges (section 9, the summaries, the young person's
 * views, the morning list): each at its size then plus 5%. views is the largest (three
 * SDK clients), then act-step (the SES v2 and DynamoDB clients are 291 KB of its 438 KB).
 */
const BUDGET_KB: Readonly<Record<HandlerModule, number>> = {
  'record-event': 387,
  // Serves the OpenAPI document, which grew by the young person's routes (issue 20).
  queries: 440,
  // Records a change of a child's IRO as an event (IroAllocated): the planner and the SFN client.
  staff: 393,
  'plan-step': 372,
  park: 347,
  'act-step': 461,
  'close-clock': 349,
  alert: 341,
  'ses-feedback': 410,
  erase: 333,
  reports: 347,
  // The one handler that reads CSV: csv-parse (32 KB) on top of the mapping, the planner
  // and two SDK clients, with its store on the low-level DynamoDB client.
  imports: 417,
  // Sends the import's one summary (issue 17): the SES v2 client on top of the DynamoDB
  // and SFN ones, as views has; 479 KB when re-based, plus 5%.
  'import-chunk': 503,
  // The young person's views (issue 20): records an event (DynamoDB and SFN clients, the
  // planner) and sends the at-once safety email (the SES client): three SDK clients.
  views: 496,
  // The board, staff and notification adapters and the SES v2 client, as act-step has.
  'morning-list': 449,
  // The figures' backfill: the event store, staff directory and figures adapters, and the
  // summary's replay; one SDK client (346 KB when added).
  backfill: 363,
};

let out: string;
const built = new Map<HandlerModule, Bundle>();
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'iro-bundles-'));
  for (const handler of HANDLER_MODULES) built.set(handler, await handlerBundle(handler, out));
}, 180_000);
afterAll(() => rm(out, { recursive: true, force: true }));

const bundleOf = (handler: HandlerModule) => {
  const found = built.get(handler);
  if (!found) throw new Error(`${handler} was not built`);
  return found;
};

describe('the Lambda bundles, built as CDK builds them', () => {
  it.each(HANDLER_MODULES)('%s stays within its size budget', (handler) => {
    expect(bundleOf(handler).bytes / KB).toBeLessThanOrEqual(BUDGET_KB[handler]);
  });

  it.each(HANDLER_MODULES)(
    '%s carries zod/mini, not the whole of zod with its locales',
    (handler) => {
      // zod/mini with the English messages is about 35 KB; `import { z } from 'zod'` was 390 KB.
      expect(bundleOf(handler).weights.zod ?? 0).toBeLessThan(50 * KB);
    },
  );

  it.each(HANDLER_MODULES)(
    '%s takes credentials from the environment, without the SDK chain and its STS and SSO clients',
    (handler) => {
      const { weights } = bundleOf(handler);
      expect(weights['@aws-sdk/nested-clients']).toBeUndefined();
      expect(weights['@aws-sdk/credential-provider-node']).toBeUndefined();
      expect(weights['@aws-sdk/credential-provider-env']).toBeGreaterThan(0);
    },
  );
});

describe('the queries bundle', () => {
  it('serves the OpenAPI document, which it reads on the first request for it, not at import', () => {
    // Prepare: the environment CloudFormation gives the function (no call leaves the machine).
    const env = {
      ...process.env,
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      TABLE_NAME: 'test',
      CASE_RECORD_URL_TEMPLATE: 'https://records.example.org/children/{subjectId}',
    };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundleOf('queries').file).href)});
      const answer = await handler({ routeKey: 'GET /openapi.json', rawPath: '/openapi.json' }, { functionName: 'queries', awsRequestId: 'r1' });
      const body = JSON.parse(answer.body);
      console.log(JSON.stringify({ status: answer.statusCode, openapi: body.openapi, title: body.info.title }));`;

    // Act
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
    });

    // Assess: the checked-in document (functions/shared/openapi.json), through the bundle's lazy import.
    expect(JSON.parse(printed)).toEqual({ status: 200, openapi: '3.1.0', title: 'iro-workflows' });
  });
});
