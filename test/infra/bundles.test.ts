import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, handlerBundle } from '../../bench/bundles.js';
import { HANDLER_MODULES, type HandlerModule } from '../../infra/constructs/iro-function.js';

const KB = 1024;

/**
 * Each handler's bundle, minified, at most: 400 KB, the budget, except the two
 * that send email, whose SES v2 client and DynamoDB alone bundle to 307 KB (their floor
 * in bench/RESULTS.md). Each is about 5% above the size measured when it was set, so
 * a dependency that grows a bundle fails here, not in a slower cold start.
 */
const BUDGET_KB: Readonly<Record<HandlerModule, number>> = {
  'record-event': 400,
  queries: 400,
  staff: 400,
  'plan-step': 400,
  park: 400,
  'act-step': 470,
  'close-clock': 400,
  alert: 400,
  'ses-feedback': 455,
  erase: 400,
  reports: 400,
  // The one handler that reads CSV: csv-parse (32 KB) on top of the mapping, the planner
  // and two SDK clients; 403 KB when set, with its store on the low-level DynamoDB
  // client (the document client's marshalling was 11 KB more).
  imports: 410,
  'import-chunk': 400,
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
