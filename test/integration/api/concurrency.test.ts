/**
 * The event log under concurrency: rounds of N events racing for one child or dispute,
 * recorded through the real handler code and the real DynamoDB adapters on dynalite,
 * with random latency put on every DynamoDB call so the interleavings vary. A round
 * fails when the stored history no longer plans cleanly (more than one of a set of
 * contradictory events was admitted), when a 201 is not in the log, or when a refused
 * event is.
 *
 * The workflows are not started here (the signals port only counts): what is under
 * test is admission, and the end-to-end races with workflows are in api.test.ts.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClockHeads } from '../../../functions/adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from '../../../functions/adapters/dynamodb/event-store.js';
import { dynamoStaffDirectory } from '../../../functions/adapters/dynamodb/staff-directory.js';
import type { WorkflowSignals } from '../../../functions/adapters/ports.js';
import type { Caller } from '../../../functions/shared/access.js';
import { plannerEvents } from '../../../functions/shared/history.js';
import { Logger, Metrics } from '../../../functions/shared/observability.js';
import { type RecordNeeds, recordEvent } from '../../../functions/shared/record.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { reviewHistory } from '../../../workflows/plan.js';

/** Delays every call by 0-2 ms, before and after, so racing requests interleave differently each round. */
function withLatency(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: never) => {
        await pause();
        const result = await target.send(command);
        await pause();
        return result;
      };
    },
  });
}

const inertSignals: WorkflowSignals = {
  wake: async () => 'woken',
  start: async () => 'started',
};

let dynamo: LocalDynamo;
let deps: RecordNeeds;
beforeAll(async () => {
  dynamo = await startDynalite();
  const client = withLatency(dynamo.client);
  deps = {
    events: dynamoEventStore(client, dynamo.tableName),
    heads: dynamoClockHeads(client, dynamo.tableName),
    staff: dynamoStaffDirectory(client, dynamo.tableName),
    signals: inertSignals,
    now: () => new Date().toISOString(),
    logger: new Logger({ level: 'SILENT' }),
    metrics: new Metrics({ namespace: 'test', service: 'test' }),
  };
});
afterAll(async () => {
  await dynamo.stop();
});

const IRO: Caller = { id: 'iro-1', roles: ['iro'] };
const ROUNDS = 50;
const SIZES = [2, 3, 5, 10, 20] as const;
/** Rounds run this many at a time: each has its own child, so they only share the engine. */
const ROUNDS_AT_ONCE = 50;

interface Race {
  /** Events recorded, one after another, before the race. */
  readonly before: (id: string) => CaseEvent[];
  /** The i-th of the racing events. */
  readonly racer: (id: string, i: number) => CaseEvent;
  /** Where the race is stored. */
  readonly log: (id: string) => string;
}

const RACES: Record<string, Race> = {
  'duplicate admissions': {
    before: () => [],
    racer: (id, i) => ({ type: 'BecameLookedAfter', childId: id, date: `2017-01-${10 + (i % 9)}` }),
    log: (id) => `reviews/${encodeURIComponent(id)}`,
  },
  'cease against review': {
    before: (id) => [{ type: 'BecameLookedAfter', childId: id, date: '2017-01-02' }],
    racer: (id, i) =>
      i % 2 === 0
        ? { type: 'CeasedLookedAfter', childId: id, date: `2017-02-${10 + (i % 7)}` }
        : { type: 'LacReviewHeld', childId: id, date: `2017-02-${11 + (i % 7)}` },
    log: (id) => `reviews/${encodeURIComponent(id)}`,
  },
  'review against brought forward': {
    before: (id) => [{ type: 'BecameLookedAfter', childId: id, date: '2017-01-02' }],
    racer: (id, i) =>
      i % 3 === 0
        ? { type: 'CeasedLookedAfter', childId: id, date: '2017-02-10' }
        : i % 3 === 1
          ? {
              type: 'ReviewBroughtForward',
              childId: id,
              date: '2017-02-13',
              reviewBy: '2017-03-01',
            }
          : { type: 'LacReviewHeld', childId: id, date: `2017-02-${14 + (i % 5)}` },
    log: (id) => `reviews/${encodeURIComponent(id)}`,
  },
  'escalate against resolve': {
    before: (id) => [
      { type: 'DisputeRaised', disputeId: id, childId: 'C1', date: '2017-03-01', issue: 'plan' },
    ],
    racer: (id, i) =>
      i % 2 === 0
        ? { type: 'DisputeResolved', disputeId: id, date: '2017-03-03' }
        : { type: 'DisputeEscalated', disputeId: id, date: '2017-03-03', toStage: 2 + (i % 4) },
    log: (id) => `dispute/${encodeURIComponent(id)}`,
  },
};

/** One round: the race, then what was stored. True when the log kept its promise. */
async function round(race: Race, id: string, size: number): Promise<boolean> {
  for (const event of race.before(id)) {
    expect((await recordEvent(event, IRO, deps)).status).toBe(201);
  }
  const racers = Array.from({ length: size }, (_, i) => ({
    ...race.racer(id, i),
    eventId: `${id}-${i}`,
  }));
  const answers = await Promise.all(racers.map((event) => recordEvent(event, IRO, deps)));
  const stored = await deps.events.history(race.log(id));
  const storedIds = new Set(stored.map((s) => s.eventId));
  const clean = reviewHistory(plannerEvents(stored)).problems.length === 0;
  const honest = answers.every((answer, i) =>
    answer.status === 201 ? storedIds.has(`${id}-${i}`) : !storedIds.has(`${id}-${i}`),
  );
  return clean && honest;
}

describe('the event log under concurrency', () => {
  const table: Record<string, Record<number, number>> = {};
  afterAll(() => {
    // The table the README records: failed rounds per race and N.
    console.log(
      [
        'race | N=2 | N=3 | N=5 | N=10 | N=20',
        ...Object.entries(table).map(
          ([race, counts]) => `${race} | ${SIZES.map((n) => counts[n]).join(' | ')}`,
        ),
      ].join('\n'),
    );
  });

  it.each(Object.entries(RACES))(
    '%s: no round admits a contradiction, takes back an answer, or keeps a refused event',
    async (name, race) => {
      table[name] = {};
      for (const size of SIZES) {
        let failed = 0;
        for (let start = 0; start < ROUNDS; start += ROUNDS_AT_ONCE) {
          const batch = Array.from({ length: ROUNDS_AT_ONCE }, (_, r) =>
            round(race, `${name.replaceAll(' ', '-')}/${size}/${start + r}`, size),
          );
          failed += (await Promise.all(batch)).filter((ok) => !ok).length;
        }
        (table[name] as Record<number, number>)[size] = failed;
      }
      expect(table[name]).toEqual({ 2: 0, 3: 0, 5: 0, 10: 0, 20: 0 });
    },
    300_000,
  );
});

/**
 * Races in which every event is admissible whatever the order they arrive in: each
 * refusal is a wrong one (a retried event checked against less than the whole history,
 * say, finds its child not looked after).
 */
const ADMISSIBLE: Record<string, Race> = {
  'reviews on distinct dates': {
    before: (id) => [{ type: 'BecameLookedAfter', childId: id, date: '2017-01-02' }],
    racer: (id, i) => ({
      type: 'LacReviewHeld',
      childId: id,
      date: `2017-03-${String(1 + i).padStart(2, '0')}`,
    }),
    log: (id) => `reviews/${encodeURIComponent(id)}`,
  },
  'contacts and a brought-forward review': {
    before: (id) => [{ type: 'BecameLookedAfter', childId: id, date: '2017-01-02' }],
    racer: (id, i) =>
      i === 0
        ? { type: 'ReviewBroughtForward', childId: id, date: '2017-02-01', reviewBy: '2017-02-20' }
        : {
            type: 'IroContactWithChild',
            childId: id,
            date: `2017-03-${String(1 + i).padStart(2, '0')}`,
            method: 'visit',
          },
    log: (id) => `reviews/${encodeURIComponent(id)}`,
  },
};

/** Rounds of each admissible race per N, all at once. */
const ADMISSIBLE_ROUNDS = 20;

/** One round of a race in which all are admissible: the events refused (each a wrong refusal). */
async function wrongRefusals(race: Race, id: string, size: number): Promise<number> {
  for (const event of race.before(id)) {
    expect((await recordEvent(event, IRO, deps)).status).toBe(201);
  }
  const answers = await Promise.all(
    Array.from({ length: size }, (_, i) =>
      recordEvent({ ...race.racer(id, i), eventId: `${id}-${i}` }, IRO, deps),
    ),
  );
  const stored = new Set((await deps.events.history(race.log(id))).map((s) => s.eventId));
  return answers.filter((answer, i) => answer.status !== 201 || !stored.has(`${id}-${i}`)).length;
}

describe('the event log under concurrency refuses nothing it should admit', () => {
  const table: Record<string, Record<number, number>> = {};
  afterAll(() => {
    // Wrongly refused events per race and N, over all rounds.
    console.log(
      [
        'race (wrong refusals) | N=2 | N=3 | N=5 | N=10 | N=20',
        ...Object.entries(table).map(
          ([race, counts]) => `${race} | ${SIZES.map((n) => counts[n]).join(' | ')}`,
        ),
      ].join('\n'),
    );
  });

  it.each(Object.entries(ADMISSIBLE))(
    '%s: every racing event is admitted, in every round',
    async (name, race) => {
      table[name] = {};
      for (const size of SIZES) {
        const rounds = Array.from({ length: ADMISSIBLE_ROUNDS }, (_, r) =>
          wrongRefusals(race, `admit-${name.replaceAll(' ', '-')}/${size}/${r}`, size),
        );
        (table[name] as Record<number, number>)[size] = (await Promise.all(rounds)).reduce(
          (a, b) => a + b,
          0,
        );
      }
      expect(table[name]).toEqual({ 2: 0, 3: 0, 5: 0, 10: 0, 20: 0 });
    },
    300_000,
  );
});
