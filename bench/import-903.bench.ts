/**
 * What the SSDA903 import costs beyond reading the CSV. A generated return of 10,000
 * children over 5 years is imported (stream, check, map, planner review, write) and,
 * for comparison, only parsed by csv-parse with no mapping. Each run is its own
 * process, so each memory high-water mark (max RSS) is its own; the contenders take
 * turns and the medians are compared, so the ratio holds on any machine.
 *
 *   npx tsx bench/import-903.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { readTable } from '../functions/import/csv-table.js';
import { import903 } from '../functions/import/import-903.js';
import { generateReturn } from './support/ssda903-return.js';

const CHILDREN = 10_000;
const ROUNDS = 3;

/** csv-parse alone over both files: the floor any import stands on. */
async function parseOnly(files: readonly string[]): Promise<number> {
  let records = 0;
  for (const file of files) {
    for await (const _ of createReadStream(file).pipe(parse({ bom: true }))) records++;
  }
  return records;
}

/** The import's own reader (csv-parse with its options, header check, line numbers), rows dropped. */
async function readOnly(files: readonly string[]): Promise<number> {
  let rows = 0;
  for (const file of files) {
    rows += await readTable(
      createReadStream(file, { encoding: 'utf8' }),
      file,
      ['CHILD'],
      () => {},
    );
  }
  return rows;
}

async function importOnce(episodes: string, reviews: string, out: string): Promise<number> {
  return import903(['--episodes', episodes, '--reviews', reviews, '--out', out], {
    stdout: () => {},
    stderr: () => {},
    readText: (path) => readFile(path, 'utf8'),
    openText: (path) => createReadStream(path, { encoding: 'utf8' }),
    writeText: (path, text) => writeFile(path, text, 'utf8'),
  });
}

/** One measured run in this process: its time and this process's memory high-water mark. */
async function child(kind: string, episodes: string, reviews: string, out: string) {
  const start = performance.now();
  const result =
    kind === 'parse'
      ? await parseOnly([episodes, reviews])
      : kind === 'read'
        ? await readOnly([episodes, reviews])
        : await importOnce(episodes, reviews, out);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, result }));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-903-'));
  try {
    const { episodes, reviews } = generateReturn(CHILDREN);
    const episodesFile = join(dir, 'episodes.csv');
    const reviewsFile = join(dir, 'reviews.csv');
    writeFileSync(episodesFile, episodes);
    writeFileSync(reviewsFile, reviews);
    const rows = {
      episodes: episodes.split('\r\n').length - 2,
      reviews: reviews.split('\r\n').length - 2,
    };
    const self = fileURLToPath(import.meta.url);
    const runs: Record<string, { ms: number; maxRssKb: number; result: number }[]> = {
      parse: [],
      read: [],
      import: [],
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['parse', 'read', 'import']) {
        const out = join(dir, `out-${round}.jsonl`);
        rmSync(out, { force: true });
        const run = spawnSync(
          process.execPath,
          ['--import', 'tsx', self, '--child', kind, episodesFile, reviewsFile, out],
          { encoding: 'utf8', maxBuffer: 1 << 20 },
        );
        if (run.status !== 0) throw new Error(`${kind} run failed: ${run.stderr}`);
        runs[kind]?.push(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}'));
      }
    }
    const events = (await readFile(join(dir, `out-${ROUNDS - 1}.jsonl`), 'utf8'))
      .split('\n')
      .filter((l) => l !== '').length;
    const parseMs = median((runs.parse ?? []).map((r) => r.ms));
    const importMs = median((runs.import ?? []).map((r) => r.ms));
    const parseRss = median((runs.parse ?? []).map((r) => r.maxRssKb)) / 1024;
    const importRss = median((runs.import ?? []).map((r) => r.maxRssKb)) / 1024;
    const readMs = median((runs.read ?? []).map((r) => r.ms));
    const readRss = median((runs.read ?? []).map((r) => r.maxRssKb)) / 1024;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const fixed = (n: number, digits = 2) => n.toFixed(digits);
    const exit = median((runs.import ?? []).map((r) => r.result));
    console.log(`## SSDA903 import (${CHILDREN.toLocaleString('en-GB')} children, 5 years)

Generated return: ${rows.episodes.toLocaleString('en-GB')} episode rows (${mb(statSync(episodesFile).size)} MB) and ${rows.reviews.toLocaleString('en-GB')} review rows (${mb(statSync(reviewsFile).size)} MB); the import wrote ${events.toLocaleString('en-GB')} events (exit ${exit}). Each figure is the median of ${ROUNDS} runs, each run its own process.

| run | time (ms) | memory high-water (max RSS, MB) |
|---|---|---|
| csv-parse alone, no mapping | ${fixed(parseMs, 0)} | ${fixed(parseRss, 0)} |
| the import's reader alone (csv-parse with BOM, trim, line numbers; header checked; rows dropped) | ${fixed(readMs, 0)} | ${fixed(readRss, 0)} |
| import-903 (stream, check, map, planner review, write) | ${fixed(importMs, 0)} | ${fixed(importRss, 0)} |

- import time / parse time: **${fixed(importMs / parseMs)}**
- import memory / parse memory: **${fixed(importRss / parseRss)}**
- reader alone / parse time: ${fixed(readMs / parseMs)} (what csv-parse's line information and trimming cost)
- rows per second imported: ${Math.round(((rows.episodes + rows.reviews) / importMs) * 1000).toLocaleString('en-GB')}
`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, kind, episodes, reviews, out] = process.argv.slice(2);
if (flag === '--child' && kind && episodes && reviews && out) {
  await child(kind, episodes, reviews, out);
} else if (flag === '--generate' && kind) {
  // Keeps the generated return in a folder, to profile or to try the CLI on.
  const generated = generateReturn(CHILDREN);
  writeFileSync(join(kind, 'episodes.csv'), generated.episodes);
  writeFileSync(join(kind, 'reviews.csv'), generated.reviews);
} else {
  await main();
}
