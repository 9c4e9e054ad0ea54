/**
 * Compiles the `iro` command (functions/cli/iro.ts) to dist/iro.mjs, which plain `node`
 * starts without tsx, and the one chunk it loads. npm's `prepare` runs it, so `npm ci`
 * leaves the command built; `npm run cli` runs it first, so it is never stale.
 *
 *   node infra/build-cli.ts [OUTDIR]
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the command is built: the package's `bin` is dist/iro.mjs. */
export const CLI_OUTDIR = 'dist';

/** The project root: paths below are from there. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds the command into `outdir`; returns the path of its entry, iro.mjs. */
export async function buildCli(outdir: string = CLI_OUTDIR): Promise<string> {
  // Chunks are named by their hash: remove the previous build's, so none goes stale.
  const previous = await readdir(resolve(ROOT, outdir)).catch(() => []);
  for (const file of previous.filter((name) => /^iro(-\w+)?\.mjs$/.test(name))) {
    await rm(resolve(ROOT, outdir, file));
  }
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['functions/cli/iro.ts'],
    outdir,
    outExtension: { '.js': '.mjs' },
    // The launcher apart, so the compile cache is on before the command's code loads.
    splitting: true,
    chunkNames: 'iro-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Minified: less to parse at every start. Errors the command reports are messages
    // about the input, never stack traces, so no source map.
    minify: true,
    charset: 'utf8',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  return join(outdir, 'iro.mjs');
}

if (import.meta.main) await buildCli(process.argv[2]);
