/**
 * Start-up of the `iro` command: the compiled bin (dist/iro.mjs, as npm's prepare
 * builds it) against `node -e 0`, the least a Node process costs; and the same
 * command run through tsx, as `npm run cli` used to.
 *
 *   npm run bench
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../infra/build-cli.js';
import { inTurns, processTime, ratio } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 31);

const dir = await mkdtemp(join(tmpdir(), 'iro-bench-cli-'));
try {
  const bin = await buildCli(dir);
  const times = inTurns(
    {
      floor: () => processTime(['-e', '0']),
      bin: () => processTime([bin, '--help']),
      tsx: () => processTime(['--import', 'tsx', 'functions/cli/iro-run.ts', '--help']),
    },
    ROUNDS,
    'fastest',
  );
  const floor = times.floor ?? Number.NaN;
  console.log('## CLI start-up\n');
  console.log(
    `Wall time of \`iro --help\` in a fresh process against \`node -e 0\` (${Math.round(floor)} ms here), the fastest of ${ROUNDS} runs each, in turns (other work on the machine only adds to a wall time).\n`,
  );
  console.log('| command | start-up / `node -e 0` |');
  console.log('|---|---:|');
  console.log(
    `| \`node dist/iro.mjs --help\` (the \`iro\` bin) | ${ratio(times.bin ?? Number.NaN, floor)} |`,
  );
  console.log(
    `| \`tsx functions/cli/iro-run.ts --help\` (as \`npm run cli\` ran before) | ${ratio(times.tsx ?? Number.NaN, floor)} |`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
