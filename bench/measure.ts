/**
 * What the benches share: timing fresh Node processes in turns, medians, and figures
 * printed as ratios to a floor measured in the same run, so they hold on any machine.
 */
import { execFileSync } from 'node:child_process';

/** Median of a sample (the samples are left as they were). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Three significant figures: enough for a ratio measured on a shared machine. */
export const round = (n: number) => Number(n.toPrecision(3));

/** A ratio to its floor, written `1.23×`. */
export const ratio = (value: number, floor: number) => `${round(value / floor)}×`;

/**
 * Runs each contender `rounds` times in turns (so neither gets a quieter machine) and
 * returns each one's median, or its fastest run: on a shared machine other work only
 * ever adds to a wall time, so the fastest is the nearest to what the work itself costs.
 * A contender returns one measurement in milliseconds.
 */
export function inTurns(
  contenders: Readonly<Record<string, () => number>>,
  rounds: number,
  statistic: 'median' | 'fastest' = 'median',
): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) samples[name] = [];
  for (let round = -1; round < rounds; round++) {
    for (const [name, measure] of Object.entries(contenders)) {
      const ms = measure();
      if (round >= 0) samples[name]?.push(ms);
    }
  }
  const pick = statistic === 'median' ? median : (s: number[]) => Math.min(...s);
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, pick(s)]));
}

/** The median time of one call of each piece of work, measured in turns (see {@link inTurns}). */
export function medianTimes(
  contenders: Readonly<Record<string, () => unknown>>,
  rounds: number,
): Record<string, number> {
  const timed = (work: () => unknown) => () => {
    const start = performance.now();
    work();
    return performance.now() - start;
  };
  return inTurns(
    Object.fromEntries(Object.entries(contenders).map(([name, work]) => [name, timed(work)])),
    rounds,
  );
}

/** Deterministic pseudo-random numbers (mulberry32): `below(n)` is a whole number in [0, n). */
export function random(seed: number): (below: number) => number {
  let state = seed;
  return (below: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Runs Node (this process's binary) on `args`; returns what it printed on stdout. */
export function node(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, [...args], { env, encoding: 'utf8' });
}

/** Wall time of a whole Node process, in milliseconds. */
export function processTime(args: readonly string[], env?: NodeJS.ProcessEnv): number {
  const start = performance.now();
  node(args, env);
  return performance.now() - start;
}
