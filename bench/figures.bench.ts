/**
 * What the unit's figures cost: computing 2016/17 with three years side by side for an
 * authority of 1,000 children over five years, against only JSON-parsing the same
 * events file. Ratios measured in one run hold on any machine.
 *
 *   npx tsx bench/figures.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { parseEventLines } from '../workflows/events.js';
import { unitFigures } from '../workflows/figures/figures.js';
import { authorityHistory } from './support/authority.js';

/** Median time of one call, the contenders measured in turns so neither gets a warmer JIT. */
function medians(
  contenders: Record<string, () => unknown>,
  rounds: number,
): Record<string, number> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(contenders)) samples[name] = [];
  for (let round = -1; round < rounds; round++) {
    for (const [name, work] of Object.entries(contenders)) {
      const start = performance.now();
      work();
      if (round >= 0) samples[name]?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, times]) => [
      name,
      times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN,
    ]),
  );
}

const events = authorityHistory({ children: 1000, from: '2012-04-01', years: 5 });
const file = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
const lines = file.split('\n').filter((line) => line !== '');
const period = { from: '2016-04-01', to: '2017-03-31' };

const times = medians(
  {
    parse: () => lines.map((line) => JSON.parse(line)),
    validate: () => parseEventLines(file),
    figures: () => unitFigures(events, period, { years: 3 }),
  },
  7,
);
const parseMs = times.parse ?? Number.NaN;
const validateMs = times.validate ?? Number.NaN;
const figuresMs = times.figures ?? Number.NaN;
const round = (n: number) => Number(n.toPrecision(3));

console.log(`## Figures: 1,000 children over 5 years

| measured (median of 7) | ms |
|---|---:|
| JSON.parse of the events file (${events.length} events, ${round(file.length / 1e6)} MB) | ${round(parseMs)} |
| parse and validate every event (zod) | ${round(validateMs)} |
| figures for 2016/17 with 3 years side by side, month by month and shortfalls | ${round(figuresMs)} |

- figures / JSON.parse: ${round(figuresMs / parseMs)}
- figures / parse and validate: ${round(figuresMs / validateMs)}
`);
