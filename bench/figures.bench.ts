/**
 * What the unit's figures cost: computing 2016/17 with three years side by side for an
 * authority of 1,000 children over five years, against only JSON-parsing the same
 * events file. Ratios measured in one run hold on any machine.
 *
 *   npx tsx bench/figures.bench.ts
 */
import { parseEventLines } from '../workflows/events.js';
import { unitFigures } from '../workflows/figures/figures.js';
import { medianTimes } from './measure.js';
import { authorityHistory } from './support/authority.js';

const events = authorityHistory({ children: 1000, from: '2012-04-01', years: 5 });
const file = `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
const lines = file.split('\n').filter((line) => line !== '');
const period = { from: '2016-04-01', to: '2017-03-31' };

const times = medianTimes(
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
