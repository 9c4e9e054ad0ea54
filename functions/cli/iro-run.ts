/** functions/cli/cli.ts on the process's arguments, streams and files (loaded by functions/cli/iro.ts). */
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readText: (path) => readFile(path, 'utf8'),
  openText: (path) => createReadStream(path, { encoding: 'utf8' }),
  writeText: (path, text) => writeFile(path, text, 'utf8'),
});
