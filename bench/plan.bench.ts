/**
 * How the planner scales and how fast it reads. Prints ratios measured in one run, so
 * they hold on any machine: replanning a history twice as long should cost about twice
 * as much (the fold is linear), a workflow replanning one child should cost a tiny
 * fraction of replanning the whole authority, and planning a file should cost a small
 * multiple of merely parsing it as JSON.
 *
 *   npm run bench
 */
import { addDays } from '../workflows/calendar/index.js';
import { type CaseEvent, parseEventLines } from '../workflows/events.js';
import { plan, reviewHistory } from '../workflows/plan.js';
import { medianTimes, random, round } from './measure.js';

/** An authority's history over 2011-2025: looked-after children reviewed on time, CP plans, disputes. */
function authority(children: number, seed = 1): CaseEvent[] {
  const next = random(seed);
  const events: CaseEvent[] = [];
  for (let c = 0; c < children; c++) {
    const childId = `C${c}`;
    let date = addDays('2011-01-03', next(4000));
    events.push({ type: 'BecameLookedAfter', childId, date });
    for (let r = 0; r < 12 && date < '2025-06-01'; r++) {
      date = addDays(date, 20 + next(150));
      events.push({ type: 'LacReviewHeld', childId, date });
      if (next(10) === 0) {
        events.push({ type: 'DisputeRaised', disputeId: `D${c}-${r}`, childId, date, issue: 'x' });
        events.push({
          type: 'DisputeResolved',
          disputeId: `D${c}-${r}`,
          date: addDays(date, 1 + next(30)),
        });
      }
    }
    if (next(2) === 0) {
      const cp = `P${c}`;
      const held = addDays('2011-01-03', next(4500));
      events.push({ type: 'StrategyDiscussionHeld', childId: cp, date: held, section47: true });
      events.push({
        type: 'ConferenceHeld',
        childId: cp,
        conferenceId: `K${c}`,
        kind: 'initial',
        date: addDays(held, 14),
        planMade: true,
      });
    }
  }
  // Arrival order is not date order: the planner must sort.
  for (let i = events.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [events[i], events[j]] = [events[j] as CaseEvent, events[i] as CaseEvent];
  }
  return events;
}

const asOf = '2025-06-30';
const small = authority(250);
const large = authority(500, 2);
const oneChild = large.filter((e) => 'childId' in e && e.childId === 'C7');
const times = medianTimes(
  {
    small: () => plan(small, asOf),
    large: () => plan(large, asOf),
    oneChild: () => {
      for (let i = 0; i < 100; i++) plan(oneChild, asOf);
    },
  },
  30,
);
const smallMs = times.small ?? Number.NaN;
const largeMs = times.large ?? Number.NaN;
const oneChildMs = (times.oneChild ?? Number.NaN) / 100;

// Throughput on a file as the CLI reads one: JSON Lines of the larger authority.
const file = `${large.map((event) => JSON.stringify(event)).join('\n')}\n`;
const lines = file.split('\n').filter((line) => line !== '');
const reading = medianTimes(
  {
    json: () => lines.map((line) => JSON.parse(line)),
    parse: () => parseEventLines(file),
    plan: () =>
      reviewHistory(
        parseEventLines(file).events.map((e) => e.event),
        asOf,
      ),
  },
  20,
);
const perSecond = (ms: number | undefined) => large.length / ((ms ?? Number.NaN) / 1000);
const jsonRate = perSecond(reading.json);

console.log('## Planning\n');
console.log(
  `A synthetic authority (2011-2025, looked-after reviews, CP plans, disputes): ${small.length} events for 250 children, ${large.length} for 500. Medians of runs in turns, in one process.\n`,
);
console.log('| figure | ratio | floor |');
console.log('|---|---:|---|');
console.log(
  `| replanning 500 children / 250 children | ${round(largeMs / smallMs)}× | the events ratio, ${round(large.length / small.length)}× (linear means about equal) |`,
);
console.log(
  `| replanning one child / the whole authority | ${round(oneChildMs / largeMs)}× | 1× (a workflow replans only its own child) |`,
);
console.log(
  `| reading and checking a file, events/s (\`validate\`) | ${round(perSecond(reading.parse) / jsonRate)}× (${round(perSecond(reading.parse))} events/s) | \`JSON.parse\` of the same lines, ${round(jsonRate)} events/s |`,
);
console.log(
  `| reading, checking and planning a file, events/s (\`obligations\`) | ${round(perSecond(reading.plan) / jsonRate)}× (${round(perSecond(reading.plan))} events/s) | \`JSON.parse\` of the same lines |`,
);
