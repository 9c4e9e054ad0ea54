/**
 * Compiles the `iro` command (functions/iro.ts) into one ESM file, dist/iro.mjs, that
 * plain `node` starts without tsx. npm's `prepare` runs it, so `npm ci` leaves the
 * command built; `npm run cli` runs it first, so the command is never stale.
 *
 *   node scripts/build-cli.ts [OUTFILE]
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const CLI_OUTFILE = 'dist/iro.mjs';

/** The project root: paths below are from there. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function buildCli(outfile: string = CLI_OUTFILE): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['functions/iro.ts'],
    outfile,
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
}

if (import.meta.main) await buildCli(process.argv[2]);
