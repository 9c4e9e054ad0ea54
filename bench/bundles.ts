/**
 * Builds each handler's bundle as it is deployed (infra/constructs/bundling.ts), and
 * its floor: a bundle of only the AWS SDK exports that handler imports, built the same
 * way. The floor is what the SDK alone weighs; the handler's own cost is what it adds.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundleOptions } from '../infra/constructs/bundling.js';
import {
  HANDLER_MODULES,
  type HandlerModule,
  PROJECT_ROOT,
} from '../infra/constructs/iro-function.js';

export interface Bundle {
  /** The bundle's file, index.mjs as Lambda runs it (its map beside it). */
  readonly file: string;
  /** Minified size in bytes, the map not counted. */
  readonly bytes: number;
  /** Bytes in the bundle per package (or per folder of this project). */
  readonly weights: Readonly<Record<string, number>>;
}

export interface HandlerBundles {
  readonly handler: HandlerModule;
  readonly bundle: Bundle;
  readonly floor: Bundle;
}

type Output = Metafile['outputs'][string];

/** Bundles a handler module, or (`source`) a module written here, as the project's own. */
async function bundle(
  entry: string | { source: string },
  dir: string,
): Promise<{ bundle: Bundle; output: Output }> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  const options = bundleOptions(PROJECT_ROOT, typeof entry === 'string' ? entry : 'floor.ts', file);
  if (typeof entry !== 'string') {
    delete options.entryPoints;
    options.stdin = { contents: entry.source, resolveDir: PROJECT_ROOT, sourcefile: 'floor.ts' };
  }
  const result = await build({ ...options, metafile: true });
  const output = Object.entries(result.metafile.outputs).find(
    ([path]) => join(PROJECT_ROOT, path) === file,
  )?.[1];
  if (!output) throw new Error(`esbuild wrote no ${file}`);
  const weights: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0] ?? input;
    weights[pkg] = (weights[pkg] ?? 0) + bytesInOutput;
  }
  return { bundle: { file, bytes: output.bytes, weights }, output };
}

const SDK_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[^']+)';/gm;

/** The SDK values (not types) imported by the project's modules that a bundle holds. */
async function sdkImports(output: Output): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0 || input.includes('node_modules') || !input.endsWith('.ts')) continue;
    const source = await readFile(join(PROJECT_ROOT, input), 'utf8');
    for (const [, names = '', from = ''] of source.matchAll(SDK_IMPORT)) {
      const values = names
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '' && !name.startsWith('type '));
      if (values.length === 0) continue;
      const set = found.get(from) ?? new Set<string>();
      for (const value of values) set.add(value);
      found.set(from, set);
    }
  }
  return found;
}

/** Builds one handler's bundle under `outDir`, as it is deployed. */
export async function handlerBundle(handler: HandlerModule, outDir: string): Promise<Bundle> {
  return (await bundle(`functions/${handler}.ts`, join(outDir, handler))).bundle;
}

/** Builds one handler and its floor under `outDir`. */
export async function handlerBundles(
  handler: HandlerModule,
  outDir: string,
): Promise<HandlerBundles> {
  const built = await bundle(`functions/${handler}.ts`, join(outDir, handler));
  const imports = await sdkImports(built.output);
  // Each export kept alive, so the floor holds what the handler's SDK use holds.
  // Each module's exports under names of their own: two packages may export the same
  // name (QueryCommand from both the DynamoDB client and its document client).
  const floorSource = [...imports]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([from, names], index) =>
        `export { ${[...names]
          .sort()
          .map((name) => `${name} as m${index}_${name}`)
          .join(', ')} } from '${from}';`,
    )
    .join('\n');
  const floor = await bundle({ source: `${floorSource}\n` }, join(outDir, `${handler}.floor`));
  return { handler, bundle: built.bundle, floor: floor.bundle };
}

/** Every handler of infra/constructs/iro-function.ts, one at a time. */
export async function allHandlerBundles(outDir: string): Promise<HandlerBundles[]> {
  const all: HandlerBundles[] = [];
  for (const handler of HANDLER_MODULES) all.push(await handlerBundles(handler, outDir));
  return all;
}
