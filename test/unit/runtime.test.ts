import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * Every npm script runs on the Node major the functions run on (nodejs24.x): the
 * `node` devDependency puts that binary first on the scripts' PATH.
 */
describe('the Node.js the tests run on', () => {
  it('is the major pinned in package.json, the one Lambda runs (nodejs24.x)', async () => {
    // Prepare
    const manifest = JSON.parse(await readFile('package.json', 'utf8'));
    const pinned = String(manifest.devDependencies.node);

    // Assess: the pin is exact, of major 24, and it is the binary running this test.
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
    expect(manifest.engines.node).toBe('24.x');
    expect(process.version).toBe(`v${pinned}`);
  });
});
