import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSourceStack } from '../../functions/shared/source-maps.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A module that throws on its line 4, reporting the error as a handler does. */
const FAILS = `import { withSourceStack } from ${JSON.stringify(join(ROOT, 'functions/shared/source-maps.ts'))};

export function fail(): never {
  throw new Error('boom');
}

try {
  fail();
} catch (error) {
  console.log((withSourceStack(error) as Error).stack);
}
`;

let dir: string;
beforeAll(async () => {
  // Prepare: bundled and minified as a Lambda is, its map beside it (index.mjs.map).
  dir = await mkdtemp(join(tmpdir(), 'iro-source-maps-'));
  await writeFile(join(dir, 'fails.ts'), FAILS);
  await build({
    entryPoints: [join(dir, 'fails.ts')],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'silent',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the bundle on plain node (no test runner rewriting stacks) and returns its stack. */
const stackOf = (bundle: string) =>
  spawnSync(process.execPath, [bundle], { encoding: 'utf8', timeout: 30_000 }).stdout;

describe('withSourceStack', () => {
  it("rewrites the bundle's frames to the source file and line, from the map beside it", () => {
    // Act
    const stack = stackOf(join(dir, 'index.mjs'));

    // Assess: minified, everything is on line 1 of index.mjs; the throw is line 4 of fails.ts.
    expect(stack).toMatch(/^Error: boom\n/);
    expect(stack).toMatch(/fails\.ts:4:\d+/);
    expect(stack).not.toContain('index.mjs:');
  });

  it('leaves the stack as it is where there is no map', async () => {
    // Prepare: the same bundle, copied without its map.
    const unmapped = join(dir, 'unmapped.mjs');
    await writeFile(unmapped, await readFile(join(dir, 'index.mjs')));

    // Act
    const stack = stackOf(unmapped);

    // Assess
    expect(stack).toMatch(/unmapped\.mjs:1:\d+/);
    expect(stack).not.toContain('fails.ts');
  });

  it('passes through what is not an Error', () => {
    expect(withSourceStack('not an error', import.meta.url)).toBe('not an error');
  });
});
