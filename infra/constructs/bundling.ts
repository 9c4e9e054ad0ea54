/**
 * How a handler is bundled, in one place: IroFunction hands these options to CDK's
 * esbuild, and bench/ and test/ build the same bundles with esbuild directly, to
 * measure their cold start and hold their size.
 */
import type { BuildOptions } from 'esbuild';

/** The Node.js of the functions (nodejs24.x) and of every npm script (the `node` devDependency). */
export const NODE_TARGET = 'node24';

/** ESM bundles still meet CommonJS dependencies that call `require`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as iroCreateRequire } from 'node:module'; const require = iroCreateRequire(import.meta.url);";

/**
 * Modules replaced in the Lambda bundles, paths from the project root: the SDK's
 * default credential chain by the environment's credentials, which is all Lambda gives
 * (functions/aws/lambda-credentials.ts).
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/aws/lambda-credentials.ts',
};

/**
 * The esbuild options of a handler's bundle, as CDK's NodejsFunction passes them
 * (`projectRoot` is esbuild's working directory, as in CDK's local bundling).
 */
export function bundleOptions(projectRoot: string, entry: string, outfile: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    alias: { ...BUNDLE_ALIASES },
    minify: true,
    keepNames: false,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  };
}
