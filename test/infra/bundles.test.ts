import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, handlerBundle } from '../../bench/bundles.js';
import { HANDLER_MODULES, type HandlerModule } from '../../infra/constructs/iro-function.js';

const KB = 1024;

/**
 * Each handler's bundle, minified, at most: about 5% above its size when the budget was
 * set, and never above the 400 KB, so a dependency that grows a bundle fails
 * here, not in a slower cold start. act-step alone is over 400 KB: the SES v2 and
 * DynamoDB clients are 291 KB of it (its floor in bench/RESULTS.md), the reminder
 * templates, the planner and Powertools most of the rest.
 */
const BUDGET_KB: Readonly<Record<HandlerModule, number>> = {
  'record-event': 378,
  queries: 388,
  staff: 326,
  'plan-step': 354,
  park: 343,
  'act-step': 452,
  'close-clock': 345,
  alert: 337,
  'ses-feedback': 400,
  erase: 320,
  reports: 362,
  // The one handler that reads CSV: csv-parse (32 KB) on top of the mapping, the planner
  // and two SDK clients, with its store on the low-level DynamoDB client (382 KB).
  imports: 400,
  'import-chunk': 380,
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
