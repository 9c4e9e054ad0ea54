/**
 * Nothing else moves: with workflows waking only for what changes state or must go at
 * once, every obligation on the board still has the due date the CLI's planner gives
 * (`plan`, which `iro obligations` prints) for the same events, on the sample authority
 * and on random histories.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { replay } from '../../../infra/local/replay.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import { addDays, type LocalDate } from '../../../workflows/calendar/index.js';
import type { CaseEvent } from '../../../workflows/events.js';
import type { Obligation } from '../../../workflows/obligations.js';
import { plan } from '../../../workflows/plan.js';
import { ADMIN } from './support.js';

let runtime: LocalRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const line = (o: Pick<Obligation, 'kind' | 'subjectId' | 'refId' | 'stage' | 'due'>) =>
  `${o.subjectId} ${o.kind} ${o.refId ?? '-'} ${o.stage ?? '-'} ${o.due}`;

/** Replays the history to `until` and reads the board for every subject it names. */
async function boardAfter(events: CaseEvent[], until: LocalDate): Promise<string[]> {
  runtime = await startLocalRuntime({ startAt: '2017-01-02T06:00:00Z' });
  const { subjects } = await replay(runtime, events, ADMIN, { until });
  const entries = await Promise.all(subjects.map((s) => runtime?.deps.board.forSubject(s) ?? []));
  return entries.flat().map(line).sort();
}

/** A small deterministic generator, so a failing history can be replayed. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return state % below;
  };
}

/** Children coming into care, reviews held (some late), records shared, disputes raised and resolved. */
function randomHistory(seed: number, children: number, until: LocalDate): CaseEvent[] {
  const r = random(seed);
  const events: CaseEvent[] = [];
  for (let i = 0; i < children; i++) {
    const childId = `R${seed}-${i}`;
    let date = addDays('2017-01-02', r(60));
    events.push({ eventId: `${childId}-la`, type: 'BecameLookedAfter', childId, date });
    for (let review = 0; ; review++) {
      date = addDays(date, 10 + r(110));
      if (date > until) break;
      events.push({ eventId: `${childId}-h${review}`, type: 'LacReviewHeld', childId, date });
      if (r(3) > 0) {
        events.push({
          eventId: `${childId}-s${review}`,
          type: 'ReviewRecordShared',
          childId,
          reviewDate: date,
          part: 'record',
          date: addDays(date, r(30)),
        });
      }
    }
    if (r(3) === 0) {
      const raised = addDays('2017-01-09', r(120));
      const disputeId = `D${seed}-${i}`;
      events.push({
        eventId: `${disputeId}-r`,
        type: 'DisputeRaised',
        disputeId,
        childId,
        date: raised,
        issue: 'x',
      });
      if (r(2) === 0) {
        events.push({
          eventId: `${disputeId}-x`,
          type: 'DisputeResolved',
          disputeId,
          date: addDays(raised, 1 + r(40)),
        });
      }
    }
  }
  return events;
}

const upTo = (events: CaseEvent[], until: LocalDate) =>
  events.filter(
    (e) => ('date' in e ? e.date : ((e as { at?: string }).at ?? '').slice(0, 10)) <= until,
  );

describe('the board and the CLI agree on every due date', () => {
  it('on the sample authority', async () => {
    // Prepare
    const sample = readFileSync('infra/local/sample/events.jsonl', 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as CaseEvent);
    const until = '2017-07-03';

    // Act
    const board = await boardAfter(sample, until);

    // Assess
    expect(board.length).toBeGreaterThan(0);
    expect(board).toEqual(plan(upTo(sample, until), until).map(line).sort());
  }, 120_000);

  it.each([1, 2])(
    'on a random history (seed %i)',
    async (seed) => {
      // Prepare
      const until = '2017-07-03';
      const history = randomHistory(seed, 12, until);

      // Act
      const board = await boardAfter(history, until);

      // Assess
      expect(board.length).toBeGreaterThan(0);
      expect(board).toEqual(plan(upTo(history, until), until).map(line).sort());
    },
    120_000,
  );
});
