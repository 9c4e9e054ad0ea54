/**
 * Runs every bench/*.bench.ts in turn, one at a time (each in its own process, so none
 * warms the next), and writes their sections to bench/RESULTS.md under a header naming
 * the machine, the Node.js and the date. Each bench prints one markdown section that
 * starts with `## <title>`, its figures ratios to a floor measured in the same run.
 *
 * After them comes bench/PROFILE.md, written by hand: where the replay's time went when
 * it was profiled, and what was changed for it. A profile is not a figure a bench can
 * print, and it must survive the file being written again.
 *
 *   npm run bench            every bench
 *   npm run bench -- plan    only those whose file name contains "plan" (RESULTS.md untouched)
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS = join(BENCH_DIR, 'RESULTS.md');
const PROFILE = join(BENCH_DIR, 'PROFILE.md');

const only = process.argv[2];
const benches = (await readdir(BENCH_DIR))
  .filter((name) => name.endsWith('.bench.ts') && (only === undefined || name.includes(only)))
  .sort();

const sections: string[] = [];
for (const bench of benches) {
  process.stderr.write(`bench/${bench} ...\n`);
  const started = performance.now();
  const output = execFileSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, bench)], {
    cwd: join(BENCH_DIR, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  if (!output.startsWith('## ')) {
    throw new Error(`bench/${bench} must print a markdown section starting with "## <title>"`);
  }
  process.stdout.write(`${output}\n\n`);
  process.stderr.write(`bench/${bench}: ${Math.round((performance.now() - started) / 1000)} s\n`);
  sections.push(output);
}

if (only === undefined) {
  const [cpu] = cpus();
  const header = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts): every bench/*.bench.ts, one at a time. Each figure is a ratio to a floor measured in the same run on the same machine, so it can be compared across machines; absolute times beside them are for this machine only.',
    '',
    `- machine: ${cpu?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB memory`,
    `- Node.js ${process.version} (${process.platform}/${process.arch})`,
    `- date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ].join('\n');
  const profile = (await readFile(PROFILE, 'utf8')).trim();
  await writeFile(RESULTS, `${header}\n\n${sections.join('\n\n')}\n\n${profile}\n`);
  process.stderr.write(`wrote ${RESULTS}\n`);
}
