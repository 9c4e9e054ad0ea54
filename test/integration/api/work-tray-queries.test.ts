/**
 * What the work tray's list pages ask of the API: each obligation's working days left
 * as of the system's today (not the browser's), the `team=` and `socialWorker=`
 * filters, each open dispute's raising day, working days open and automatic escalation
 * day (never its issue text), and each IRO's name beside their caseload.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { answerReport } from '../../../functions/reports.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
const ISSUE = 'The care plan has drifted since the autumn.';

beforeAll(async () => {
  // Prepare: today is Monday 6 March 2017. C1 is the default staff's (startUnit); C2 has
  // an IRO, a social worker and a team manager of its own.
  unit = await startUnit({ startAt: '2017-03-06T09:00:00Z', subjects: ['C1'] });
  const { staff } = unit.runtime.deps;
  await staff.putStaff({ staffId: 'iro-2', name: 'Second IRO', email: 'iro-2@council.example' });
  await staff.allocate({
    subjectId: 'C2',
    roles: { iro: 'iro-2', 'social-worker': 'sw-2', 'team-manager': 'tm-2' },
  });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-01' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-03' });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'C2',
    date: '2017-03-01',
    issue: ISSUE,
  });
}, 120_000);
afterAll(async () => {
  await unit?.stop();
});

const ask = (route: string, who: Who, query: Record<string, string> = {}) =>
  callHandler(unit, answerQuery, apiEvent(route, who, { query }));
const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const rows = (body: { obligations: { kind: string; subjectId: string }[] }) =>
  body.obligations.map((o) => `${o.kind} ${o.subjectId}`);

describe('GET /obligations: working days left', () => {
  it("counts each obligation's working days left from the system's today, negative when overdue", async () => {
    // Act
    const { status, body } = await ask('GET /obligations', MANAGER);

    // Assess, worked by hand (no bank holiday in February or March 2017):
    // C1 looked after Wed 1 Feb: due + 20 working days = Wed 1 March; overdue on Mon
    //   6 March by Thu 2, Fri 3, Mon 6 = 3 working days: -3.
    // D1 raised Wed 1 March: stage 1 due + 5 working days = Wed 8 March: Tue 7, Wed 8 = 2.
    // C2 looked after Fri 3 March: due + 20 working days = Fri 31 March; left Tue 7 to
    //   Fri 10 (4), 13-17 (5), 20-24 (5), 27-31 (5) = 19.
    expect(status).toBe(200);
    expect(body.today).toBe('2017-03-06');
    expect(
      body.obligations.map((o: { subjectId: string; due: string; workingDaysLeft: number }) => [
        o.subjectId,
        o.due,
        o.workingDaysLeft,
      ]),
    ).toEqual([
      ['C1', '2017-03-01', -3],
      ['C2', '2017-03-08', 2],
      ['C2', '2017-03-31', 19],
    ]);
  });
});

describe('GET /obligations: team and social worker', () => {
  it.each([
    ['team', 'tm-2', ['dispute-stage C2', 'lac-review C2']],
    ['team', 'team-manager', ['lac-review C1']],
    ['team', 'nobody', []],
    ['socialWorker', 'sw-2', ['dispute-stage C2', 'lac-review C2']],
    ['socialWorker', 'social-worker', ['lac-review C1']],
  ])('%s=%s answers only the subjects allocated to them', async (name, staffId, expected) => {
    const { status, body } = await ask('GET /obligations', MANAGER, { [name]: staffId });
    expect(status).toBe(200);
    expect(rows(body)).toEqual(expected);
  });

  it('combines team with the other filters', async () => {
    const { body } = await ask('GET /obligations', MANAGER, { team: 'tm-2', kind: 'lac-review' });
    expect(rows(body)).toEqual(['lac-review C2']);
  });

  it.each(['team', 'socialWorker'])('answers 400 to an empty %s, naming it', async (name) => {
    const { status, body } = await ask('GET /obligations', MANAGER, { [name]: '' });
    expect(status).toBe(400);
    expect(body).toEqual({
      problems: [{ field: name, reason: 'must be a staff id of 1 to 128 characters' }],
    });
  });

  it('a social worker with no filter still reads only their own children', async () => {
    const { body } = await ask('GET /obligations', { roles: ['social-worker'], sub: 'sw-2' });
    expect(rows(body)).toEqual(['dispute-stage C2', 'lac-review C2']);
  });
});

describe('GET /disputes', () => {
  it('says when each was raised, its working days open and when it escalates by itself, never its issue', async () => {
    // Act
    const { status, body } = await ask('GET /disputes', { roles: ['iro'] });

    // Assess: raised Wed 1 March; open Thu 2, Fri 3, Mon 6 = 3 working days; stage 1 due
    // Wed 8 March, so stage 2 starts by itself on Thu 9 March if unresolved.
    expect(status).toBe(200);
    expect(body.today).toBe('2017-03-06');
    expect(body.disputes).toEqual([
      expect.objectContaining({
        refId: 'D1',
        subjectId: 'C2',
        stage: 1,
        due: '2017-03-08',
        raisedOn: '2017-03-01',
        workingDaysOpen: 3,
        escalatesOn: '2017-03-09',
        workingDaysLeft: 2,
      }),
    ]);
    expect(JSON.stringify(body)).not.toContain('drifted');
  });

  it('gives no escalation day at stage 5, the last', async () => {
    // Prepare: the IRO escalates straight to stage 5 on Monday 6 March.
    await unit.record({
      type: 'DisputeEscalated',
      disputeId: 'D1',
      date: '2017-03-06',
      toStage: 5,
    });

    // Act
    const { body } = await ask('GET /disputes', { roles: ['iro'] });

    // Assess: stage 5 due Mon 6 + 5 working days = Mon 13 March; still raised on 1 March.
    expect(body.disputes).toHaveLength(1);
    expect(body.disputes[0]).toMatchObject({ stage: 5, due: '2017-03-13', raisedOn: '2017-03-01' });
    expect(body.disputes[0]).not.toHaveProperty('escalatesOn');
  });
});

describe('GET /reports/figures caseloads', () => {
  it('names each IRO the staff directory knows, beside their caseload', async () => {
    const answer = await callHandler(
      unit,
      answerReport as (e: APIGatewayProxyEventV2, d: Unit['runtime']['deps']) => Promise<unknown>,
      apiEvent('GET /reports/figures', MANAGER, { query: { years: '1' } }),
    );
    // C1 (IRO "iro", named "The iro" by startUnit) and C2 (iro-2) are each looked after.
    expect(answer.body.caseloads.byIro).toEqual([
      { iro: 'iro', name: 'The iro', children: 1, over70: false },
      { iro: 'iro-2', name: 'Second IRO', children: 1, over70: false },
    ]);
  });
});
