/** functions/cli.ts on the process's arguments, streams and files (loaded by functions/iro.ts). */
import { readFile } from 'node:fs/promises';
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readText: (path) => readFile(path, 'utf8'),
});
