/**
 * What the unit board asks of `GET /obligations` beyond the filters: the obligations no
 * IRO holds (`withoutIro=true`, the counts' `withoutIro` as a list), and each with the
 * staff ids of its subject's IRO and social worker (`staff=true`). Through the query
 * handler over the local engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
beforeAll(async () => {
  // C1 has the unit's IRO `iro` and social worker `social-worker` (startUnit); C2 nobody.
  unit = await startUnit({ startAt: '2017-03-06T09:00:00Z', subjects: ['C1'] });
  for (const childId of ['C1', 'C2']) {
    const outcome = await unit.record({ type: 'BecameLookedAfter', childId, date: '2017-03-01' });
    expect(outcome.status).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await unit.stop();
});

const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const list = (query: Record<string, string>) =>
  callHandler(unit, answerQuery, apiEvent('GET /obligations', MANAGER, { query }));

describe('GET /obligations for the board', () => {
  it('lists only what no IRO holds with withoutIro=true', async () => {
    const answer = await list({ withoutIro: 'true' });
    expect(answer.status).toBe(200);
    expect(answer.body.obligations.map((o: { subjectId: string }) => o.subjectId)).toEqual(['C2']);
  });

  it("gives each obligation its subject's IRO and social worker with staff=true", async () => {
    const answer = await list({ staff: 'true' });
    expect(answer.status).toBe(200);
    const bySubject = Object.fromEntries(
      answer.body.obligations.map(
        (o: { subjectId: string; iroId?: string; socialWorkerId?: string }) => [
          o.subjectId,
          [o.iroId, o.socialWorkerId],
        ],
      ),
    );
    expect(bySubject).toEqual({ C1: ['iro', 'social-worker'], C2: [undefined, undefined] });
  });

  it('leaves the staff out unless asked', async () => {
    const answer = await list({});
    expect(answer.body.obligations.some((o: object) => 'iroId' in o)).toBe(false);
  });

  it('refuses withoutIro with iro, naming the field', async () => {
    const answer = await list({ withoutIro: 'true', iro: 'iro' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      problems: [{ field: 'withoutIro', reason: 'cannot be asked with iro' }],
    });
  });
});
