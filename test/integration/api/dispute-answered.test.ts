/**
 * A manager answers a dispute (`DisputeAnswered`, a local addition to the contract),
 * through the handlers over the real adapters on dynalite, the local Step Functions
 * runner and the local SES engine: only the manager the dispute's stage is with on the
 * answer's date, or an administrator, may; 403 comes before any 409; the answer moves no
 * date; the IRO hears at once, once, by an email that never carries the answer; the
 * dispute's page says who may answer and shows the answer only to those who read the
 * issue; an answer is taken back only by someone who could have recorded it.
 *
 * Today is Monday 3 April 2017 on the virtual clock. startUnit allocates C1 to the IRO
 * `iro`, the social worker `social-worker` and the team manager `team-manager`; the unit
 * to the service manager, head of service and director. Worked by hand:
 *   D1 raised Wed 29 March: stage 1 (team manager) due Wed 5 April (30, 31 March, 3, 4, 5 April).
 *   D2 raised Wed 29 March, escalated by the IRO to stage 3 (head of service) on Fri 31
 *      March: due Fri 7 April (3, 4, 5, 6, 7 April).
 *   D3 raised Mon 20 March: stage 1 due Mon 27 March (21, 22, 23, 24, 27); it moved to
 *      stage 2 (service manager) by itself on Tue 28 March, due Mon 3 April (28, 29, 30,
 *      31 March, 3 April).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { emailOf, STAFF, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const IRO: Who = { roles: ['iro'], sub: STAFF.iro };
const ADMIN: Who = { roles: ['admin'], sub: 'admin-1' };
const TEAM_MANAGER: Who = { roles: ['manager'], sub: STAFF['team-manager'] };
const SERVICE_MANAGER: Who = { roles: ['manager'], sub: STAFF['service-manager'] };
const HEAD_OF_SERVICE: Who = { roles: ['manager'], sub: STAFF['head-of-service'] };
const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: STAFF['social-worker'] };
const ANSWER = 'Contact with the birth family resumes fortnightly from 10 April.';

type Handler = (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>;

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-04-03T09:00:00Z', subjects: ['C1'] });
  const raise = (disputeId: string, date: string) => ({
    eventId: `raise-${disputeId}`,
    type: 'DisputeRaised',
    disputeId,
    childId: 'C1',
    date,
    issue: 'The plan for contact has drifted',
  });
  for (const body of [
    { eventId: 'lac-C1', type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
    raise('D1', '2017-03-29'),
    raise('D2', '2017-03-29'),
    { type: 'DisputeEscalated', disputeId: 'D2', date: '2017-03-31', toStage: 3 },
    raise('D3', '2017-03-20'),
  ]) {
    expect((await post(IRO, body)).status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await unit?.stop();
});

const call = (handler: Handler, event: APIGatewayProxyEventV2) => callHandler(unit, handler, event);
const post = (who: Who, body: unknown) =>
  call(recordEvents, apiEvent('POST /events', who, { body }));
const answer = (disputeId: string, date: string, eventId: string) => ({
  eventId,
  type: 'DisputeAnswered',
  disputeId,
  date,
  answer: ANSWER,
});
const dispute = (who: Who, disputeId: string) =>
  call(answerQuery, apiEvent('GET /disputes/{disputeId}', who, { path: { disputeId } }));
const obligations = async () =>
  (
    await call(
      answerQuery,
      apiEvent('GET /children/{childId}/obligations', IRO, { path: { childId: 'C1' } }),
    )
  ).body.obligations.map((o: { refId?: string; stage?: number; due: string }) =>
    [o.refId ?? '-', o.stage ?? '-', o.due].join(' '),
  );
const answeredMail = async () =>
  (await unit.mail()).filter((m) => m.subject.startsWith('Dispute answered'));

describe('who may answer a dispute', () => {
  it.each([
    [
      'the IRO, who raises, escalates and resolves it',
      IRO,
      'your roles may not record DisputeAnswered',
    ],
    ["the child's social worker", SOCIAL_WORKER, 'your roles may not record DisputeAnswered'],
    [
      'a manager the stage is not with',
      SERVICE_MANAGER,
      'only the manager the dispute stands with on that date, or an administrator, may answer it',
    ],
  ])('refuses %s (403), never repeating the answer, and stores nothing', async (_, who, reason) => {
    // Act
    const refused = await post(
      who,
      answer('D1', '2017-04-03', `refused-${typeof who === 'object' ? who.sub : who}`),
    );
    // Assess
    expect(refused).toEqual({ status: 403, body: { reason } });
    const log = await unit.runtime.deps.events.history('dispute/D1');
    expect(log.map((h) => h.event.type)).toEqual(['DisputeRaised']);
  });

  it('answers 403 before any 409: the IRO answering before the dispute was raised', async () => {
    expect((await post(IRO, answer('D1', '2017-03-28', 'early-iro'))).status).toBe(403);
    // An administrator may answer, so is told why not.
    expect(await post(ADMIN, answer('D1', '2017-03-28', 'early-admin'))).toEqual({
      status: 409,
      body: {
        problems: [{ field: 'disputeId', reason: 'the dispute has not been raised by 2017-03-28' }],
      },
    });
  });

  it('lets the head of service answer the dispute at stage 3, and not the team manager', async () => {
    expect((await post(TEAM_MANAGER, answer('D2', '2017-04-03', 'd2-tm'))).status).toBe(403);
    expect((await post(HEAD_OF_SERVICE, answer('D2', '2017-04-03', 'd2-hos'))).status).toBe(201);
  });

  it('follows the stage on the answer’s date, automatic escalation included', async () => {
    // D3 stood at stage 1 on 24 March, and at stage 2 since 28 March.
    expect((await post(TEAM_MANAGER, answer('D3', '2017-04-03', 'd3-tm'))).status).toBe(403);
    expect((await post(SERVICE_MANAGER, answer('D3', '2017-04-03', 'd3-sm'))).status).toBe(201);
    expect((await post(TEAM_MANAGER, answer('D3', '2017-03-24', 'd3-tm-late'))).status).toBe(201);
  });
});

describe('the team manager answers at stage 1', () => {
  it('moves no date: what is due for the child is the same before and after', async () => {
    // Prepare: as worked out by hand.
    const before = await obligations();
    expect(before).toEqual(
      expect.arrayContaining(['D1 1 2017-04-05', 'D2 3 2017-04-07', 'D3 2 2017-04-03']),
    );
    // Act
    const recorded = await post(TEAM_MANAGER, answer('D1', '2017-04-03', 'd1-tm'));
    // Assess
    expect(recorded).toEqual({ status: 201, body: { eventId: 'd1-tm', duplicate: false } });
    expect(await obligations()).toEqual(before);
    const page = await dispute(IRO, 'D1');
    expect(page.body).toMatchObject({ stage: 1, due: '2017-04-05', escalatesOn: '2017-04-06' });
    expect(page.body.resolvedOn).toBeUndefined();
  });

  it('tells the IRO at once, in one email with the tray link and never the answer; a repeat sends no more', async () => {
    // Act: the same answer sent again (a second click, a retry).
    expect((await post(TEAM_MANAGER, answer('D1', '2017-04-03', 'd1-tm'))).status).toBe(200);
    // Assess: one email each for D1, D2 and D3's answers so far, all to the IRO.
    const mail = await answeredMail();
    const d1 = mail.filter((m) => m.subject.includes('dispute D1'));
    expect(d1).toEqual([
      {
        to: emailOf('iro'),
        subject: 'Dispute answered: dispute D1, child C1 - stage 1 (team manager)',
        text: expect.stringContaining('Work tray: http://localhost:3000/#/dispute?id=D1'),
      },
    ]);
    expect(mail.map((m) => m.to)).toEqual(mail.map(() => emailOf('iro')));
    expect(mail.map((m) => m.subject).sort()).toEqual([
      'Dispute answered: dispute D1, child C1 - stage 1 (team manager)',
      'Dispute answered: dispute D2, child C1 - stage 3 (head of service)',
      'Dispute answered: dispute D3, child C1 - stage 2 (service manager)',
      'Dispute answered: dispute D3, child C1 - stage 2 (service manager)',
    ]);
    for (const m of await unit.mail()) expect(m.text).not.toContain(ANSWER);
  });

  it("shows the answer on the dispute's page to those who read the issue, and says who may answer", async () => {
    const asIro = await dispute(IRO, 'D1');
    const asManager = await dispute(TEAM_MANAGER, 'D1');
    const asOther = await dispute(SERVICE_MANAGER, 'D1');
    const asWorker = await dispute(SOCIAL_WORKER, 'D1');
    const answered = (body: { events: { event: { type: string } }[] }) =>
      body.events.filter((e) => e.event.type === 'DisputeAnswered');
    expect(answered(asIro.body)).toEqual([
      expect.objectContaining({
        recordedBy: STAFF['team-manager'],
        recordedByName: 'The team-manager',
        event: expect.objectContaining({ answer: ANSWER, date: '2017-04-03' }),
      }),
    ]);
    expect(JSON.stringify(answered(asWorker.body))).not.toContain(ANSWER);
    expect(answered(asWorker.body)).toHaveLength(1);
    expect([asIro, asManager, asOther, asWorker].map((a) => a.body.mayAnswer)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect((await dispute(ADMIN, 'D1')).body.mayAnswer).toBe(true);
  });

  it('is taken back only by someone who could have recorded it', async () => {
    const takeBack = {
      type: 'EventRetracted',
      eventId: 'd1-tm',
      reason: 'answered before the panel met',
      date: '2017-04-03',
    };
    expect(await post(SERVICE_MANAGER, takeBack)).toEqual({
      status: 403,
      body: { reason: 'your roles may not take back DisputeAnswered' },
    });
    expect((await post(IRO, takeBack)).status).toBe(403);
    expect((await post(TEAM_MANAGER, takeBack)).status).toBe(201);
  });

  it('is refused once the dispute is resolved: 409 to its manager, who reads every dispute', async () => {
    expect(
      (await post(IRO, { type: 'DisputeResolved', disputeId: 'D1', date: '2017-04-03' })).status,
    ).toBe(201);
    expect(await post(TEAM_MANAGER, answer('D1', '2017-04-03', 'd1-after'))).toEqual({
      status: 409,
      body: {
        problems: [
          { field: 'disputeId', reason: 'the dispute was already resolved on 2017-04-03' },
        ],
      },
    });
    expect((await dispute(TEAM_MANAGER, 'D1')).body.mayAnswer).toBe(false);
  });
});
