/**
 * What the work tray bundles from the shared code: the annual report's tables
 * (workflows/figures/measures.ts), the participation codes and the calendar's date and
 * London-time arithmetic, but never zod, the event schemas, the planner or the bank
 * holiday data, which would cost the first-load budget and belong to the API. Read
 * from esbuild's metafile of the app as infra/build-web.ts bundles it.
 */
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

let inputs: string[];
beforeAll(async () => {
  const result = await build({
    entryPoints: ['web/src/main.tsx'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: 'web-bundle-inputs',
    write: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: 'web/tsconfig.json',
    logLevel: 'silent',
  });
  inputs = Object.keys(result.metafile.inputs);
}, 60_000);

describe('the work tray bundle', () => {
  it('takes the shared tables, codes and date arithmetic', () => {
    expect(inputs).toEqual(
      expect.arrayContaining([
        'workflows/figures/measures.ts',
        'workflows/participation.ts',
        'workflows/calendar/local-date.ts',
        'workflows/calendar/london-time.ts',
      ]),
    );
  });

  it.each([
    ['zod', /node_modules\/zod\//],
    ['the event schemas', /^workflows\/events\.ts$/],
    ['the planner', /^workflows\/(plan|obligations|clocks)\.ts$/],
    ['the bank holidays', /bank-holidays|working-calendar/],
    ['the figures computation', /^workflows\/figures\/(figures|facts|history)\.ts$/],
  ])('leaves out %s', (_what, pattern) => {
    expect(inputs.filter((input) => pattern.test(input))).toEqual([]);
  });
});
