/**
 * Replaying a history up to a date (`npm start -- --until`): nothing dated after it is
 * recorded, the board is the one that date would show, and the progress a person
 * watches says how far the replay has got.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { progressLine, type ReplayProgress, replay } from '../../../infra/local/replay.js';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { ADMIN } from './support.js';

let runtime: LocalRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

const history: CaseEvent[] = [
  { eventId: 'r1', type: 'BecameLookedAfter', childId: 'LAC-1', date: '2017-01-02' },
  { eventId: 'r2', type: 'LacReviewHeld', childId: 'LAC-1', date: '2017-01-27' },
  {
    eventId: 'r3',
    type: 'DisputeRaised',
    childId: 'LAC-1',
    disputeId: 'D-1',
    date: '2017-02-01',
    issue: 'Care plan not followed',
  },
  // After --until (2017-02-14): none of these may be recorded.
  { eventId: 'r4', type: 'DisputeResolved', disputeId: 'D-1', date: '2017-02-20' },
  { eventId: 'r5', type: 'BecameLookedAfter', childId: 'LAC-2', date: '2017-02-20' },
  { eventId: 'r6', type: 'CeasedLookedAfter', childId: 'LAC-1', date: '2017-03-01' },
];

describe('replay up to a date', () => {
  it('records nothing dated after it and leaves the board as that date shows it', async () => {
    // Prepare
    runtime = await startLocalRuntime({ startAt: '2017-01-02T09:00:00Z' });
    const seen: ReplayProgress[] = [];

    // Act
    const outcome = await replay(runtime, history, ADMIN, {
      until: '2017-02-14',
      onProgress: (p) => seen.push(p),
    });

    // Assess: three recorded, three left out, none stored
    expect(outcome).toMatchObject({ recorded: 3, afterUntil: 3, refused: [] });
    const { events, board } = runtime.deps;
    expect((await events.history('reviews/LAC-1')).map((h) => h.eventId)).toEqual(['r1', 'r2']);
    expect(await events.history('reviews/LAC-2')).toEqual([]);
    // The clock stands at 09:00 on --until (GMT in February).
    expect(runtime.stepFunctions.now()).toBe('2017-02-14T09:00:00.000Z');

    // The board as of 2017-02-14, worked by hand:
    // - second review within 3 months of the first (2017-01-27): 2017-04-27;
    // - dispute raised Wed 2017-02-01; stage 1 within 5 working days: Feb 2, 3, 6, 7, 8,
    //   so due 2017-02-08; unresolved then, so stage 2 within 5 working days of that:
    //   Feb 9, 10, 13, 14, 15, due 2017-02-15. The resolution of 2017-02-20 is not seen.
    // - the review of Friday 2017-01-27 needs its decisions within 5 working days (Jan 30,
    //   31, Feb 1, 2, 3: 2017-02-03) and its record within 20 (four more weeks: 2017-02-24).
    const open = (await board.forSubject('LAC-1'))
      .map((o) => ({ kind: o.kind, due: o.due, stage: o.stage }))
      .sort((a, b) => (a.kind < b.kind ? -1 : 1));
    expect(open).toEqual([
      { kind: 'dispute-stage', due: '2017-02-15', stage: 2 },
      { kind: 'lac-review', due: '2017-04-27', stage: undefined },
      { kind: 'review-decisions', due: '2017-02-03', stage: undefined },
      { kind: 'review-record', due: '2017-02-24', stage: undefined },
    ]);
    expect(await board.forSubject('LAC-2')).toEqual([]);

    // The last progress reported has every event recorded, on --until.
    expect(seen.at(-1)).toMatchObject({ recorded: 3, total: 3, date: '2017-02-14' });
  }, 60_000);
});

describe('progressLine', () => {
  it.each([
    // 120 events in 60 s: 2.0 a second.
    [
      { recorded: 120, total: 4000, date: '2019-06-01', emailsSent: 45, elapsedMs: 60_000 },
      '120/4000 events recorded, virtual date 2019-06-01, 45 emails sent, 2.0 events/s',
    ],
    // 4000 events in 100 s: 40.0 a second.
    [
      { recorded: 4000, total: 4000, date: '2023-12-31', emailsSent: 9000, elapsedMs: 100_000 },
      '4000/4000 events recorded, virtual date 2023-12-31, 9000 emails sent, 40.0 events/s',
    ],
    // Nothing timed yet: no rate to divide by.
    [
      { recorded: 0, total: 10, date: '2019-01-01', emailsSent: 0, elapsedMs: 0 },
      '0/10 events recorded, virtual date 2019-01-01, 0 emails sent, 0.0 events/s',
    ],
  ])('says %o as a person reads it', (progress, line) => {
    // Act / Assess
    expect(progressLine(progress)).toBe(line);
  });
});
