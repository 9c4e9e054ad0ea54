/**
 * A CDK app for synthesizing in-process (tests, the local runner): the same context as
 * `cdk synth` (cdk.json), asset bundling skipped (templates are identical apart from
 * asset hashes), written to a temporary directory the caller may remove.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './constructs/iro-function.js';

/** The context key that names the stacks whose assets are bundled; none here. */
const BUNDLING_STACKS = 'aws:cdk:bundling-stacks';

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export function offlineApp(context: Record<string, unknown> = {}): App {
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'iro-cdk-')),
    autoSynth: false,
    context: { ...cdkJsonContext(), ...context, [BUNDLING_STACKS]: [] },
  });
}

/** Removes what synthesizing the app wrote. */
export function removeOutdir(app: App): void {
  rmSync(app.outdir, { recursive: true, force: true });
}
