import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClockHeads } from '../../../functions/adapters/dynamodb/clock-heads.js';
import type { ClockHeads } from '../../../functions/adapters/ports.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';

let dynamo: LocalDynamo;
let heads: ClockHeads;
beforeAll(async () => {
  dynamo = await startDynalite();
  heads = dynamoClockHeads(dynamo.client, dynamo.tableName);
});
afterAll(async () => {
  await dynamo.stop();
});

/** A clock id unique to the test. */
const freshClock = () => `reviews/C-${randomUUID()}`;

describe('dynamoClockHeads.read', () => {
  it('reads an unknown clock as version 0, watched by nobody', async () => {
    // Prepare
    const clockId = freshClock();

    // Act / Assess
    expect(await heads.read(clockId)).toEqual({ clockId, version: 0 });
  });
});

describe('dynamoClockHeads.bump', () => {
  it('names the candidate only while no execution watches the clock', async () => {
    // Prepare
    const clockId = freshClock();

    // Act
    const first = await heads.bump(clockId, 'run-a');
    const second = await heads.bump(clockId, 'run-b');

    // Assess
    expect(first).toEqual({ clockId, version: 1, execution: 'run-a' });
    expect(second).toEqual({ clockId, version: 2, execution: 'run-a' });
    expect(await heads.read(clockId)).toEqual(second);
  });

  it('names the next candidate once the watcher has released the clock', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    expect(await heads.release(clockId, 'run-a', 1)).toBe(true);

    // Act
    const head = await heads.bump(clockId, 'run-b');

    // Assess
    expect(head).toEqual({ clockId, version: 2, execution: 'run-b' });
  });

  it('counts every one of many concurrent events', async () => {
    // Prepare
    const clockId = freshClock();

    // Act
    await Promise.all(Array.from({ length: 10 }, (_, i) => heads.bump(clockId, `run-${i}`)));

    // Assess
    expect((await heads.read(clockId)).version).toBe(10);
  });
});

describe('dynamoClockHeads.park', () => {
  it('parks the token when no event came in since the plan', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');

    // Act
    const parked = await heads.park(clockId, 'token-1', 1);

    // Assess
    expect(parked).toBe(true);
    expect(await heads.read(clockId)).toEqual({
      clockId,
      version: 1,
      execution: 'run-a',
      token: 'token-1',
      tokenVersion: 1,
    });
  });

  it('refuses the token when an event came in since the plan, leaving the head as it was', async () => {
    // Prepare: planned at version 1, then a new event
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    await heads.bump(clockId, 'ignored');

    // Act
    const parked = await heads.park(clockId, 'token-1', 1);

    // Assess
    expect(parked).toBe(false);
    expect(await heads.read(clockId)).toEqual({ clockId, version: 2, execution: 'run-a' });
  });

  it.each([
    { planVersion: 0, parked: true },
    { planVersion: 1, parked: false },
  ])(
    'treats a clock never bumped as version 0 (plan version $planVersion: $parked)',
    async ({ planVersion, parked }) => {
      // Prepare
      const clockId = freshClock();

      // Act / Assess
      expect(await heads.park(clockId, 'token-1', planVersion)).toBe(parked);
    },
  );

  it('replaces the token of an earlier wait at the same version', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    await heads.park(clockId, 'token-1', 1);

    // Act
    const parked = await heads.park(clockId, 'token-2', 1);

    // Assess
    expect(parked).toBe(true);
    expect((await heads.read(clockId)).token).toBe('token-2');
  });
});

describe('dynamoClockHeads.release', () => {
  it('frees the clock and forgets the token when nothing came in since the plan', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    await heads.park(clockId, 'token-1', 1);

    // Act
    const released = await heads.release(clockId, 'run-a', 1);

    // Assess
    expect(released).toBe(true);
    expect(await heads.read(clockId)).toEqual({ clockId, version: 1 });
  });

  it.each([
    { refusal: 'an event came in since the plan', execution: 'run-a', bumpAfterPlan: true },
    { refusal: 'another execution watches the clock', execution: 'run-x', bumpAfterPlan: false },
  ])('refuses when $refusal', async ({ execution, bumpAfterPlan }) => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    if (bumpAfterPlan) await heads.bump(clockId, 'ignored');
    const before = await heads.read(clockId);

    // Act
    const released = await heads.release(clockId, execution, 1);

    // Assess
    expect(released).toBe(false);
    expect(await heads.read(clockId)).toEqual(before);
    expect(before.execution).toBe('run-a');
  });

  it('refuses on a clock nobody watches', async () => {
    // Act / Assess
    expect(await heads.release(freshClock(), 'run-a', 0)).toBe(false);
  });
});

describe('dynamoClockHeads.handOver', () => {
  it('hands the clock to the successor, which parks its own token', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');
    await heads.park(clockId, 'token-of-a', 1);

    // Act
    const handed = await heads.handOver(clockId, 'run-a', 'run-a-next');

    // Assess
    expect(handed).toBe(true);
    expect(await heads.read(clockId)).toEqual({ clockId, version: 1, execution: 'run-a-next' });
    expect((await heads.bump(clockId, 'run-b')).execution).toBe('run-a-next');
  });

  it('refuses when the clock is not the giver’s', async () => {
    // Prepare
    const clockId = freshClock();
    await heads.bump(clockId, 'run-a');

    // Act
    const handed = await heads.handOver(clockId, 'run-x', 'run-x-next');

    // Assess
    expect(handed).toBe(false);
    expect((await heads.read(clockId)).execution).toBe('run-a');
  });
});
