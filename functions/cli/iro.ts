#!/usr/bin/env node
/**
 * The `iro` command (package.json `bin`), compiled to dist/ by infra/build-cli.ts.
 * V8's compile cache (in the OS temp directory) is switched on before the command's
 * code loads, so every run after the first skips compiling it (bench/RESULTS.md).
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./iro-run.js');
