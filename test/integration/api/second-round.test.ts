/**
 * What the second round of figures needs from the API (figures.md section 9), over the
 * real adapters on the local engines: a staff record's basis (PUT /staff), an IRO's
 * allocation recorded as an IroAllocated event when it changes (PUT /allocations), the
 * managers' audits (POST /events), and S1 in GET /reports/figures.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../../functions/record-event.js';
import { answerReport } from '../../../functions/reports.js';
import { manageStaff } from '../../../functions/staff.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
beforeAll(async () => {
  // Monday 10 April 2017: the last complete financial year is 2016/17.
  unit = await startUnit({ startAt: '2017-04-10T09:00:00Z', subjects: [] });
});
afterAll(async () => {
  await unit?.stop();
});

const ADMIN: Who = { roles: ['admin'], sub: 'admin-1' };
const call = (
  handler: (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) => callHandler(unit, handler, event);
const putStaff = (staffId: string, body: unknown) =>
  call(manageStaff, apiEvent('PUT /staff/{staffId}', ADMIN, { path: { staffId }, body }));
const getStaff = (staffId: string) =>
  call(manageStaff, apiEvent('GET /staff/{staffId}', ADMIN, { path: { staffId } }));
const allocate = (subjectId: string, roles: Record<string, string>) =>
  call(
    manageStaff,
    apiEvent('PUT /allocations/{subjectId}', ADMIN, { path: { subjectId }, body: { roles } }),
  );
const logOf = async (log: string) =>
  (await unit.runtime.deps.events.history(log)).map((stored) => {
    const { eventId: _id, ...event } = stored.event;
    return event;
  });

describe('a staff record says whether the IRO is permanent or agency', () => {
  it('keeps the basis, and forgets it when the record is sent again without one', async () => {
    const member = { name: 'A. Khan', email: 'a.khan@council.example' };
    expect(await putStaff('akhan', { ...member, basis: 'agency' })).toMatchObject({ status: 200 });
    expect((await getStaff('akhan')).body).toMatchObject({ staffId: 'akhan', basis: 'agency' });

    expect(await putStaff('akhan', member)).toMatchObject({ status: 200 });
    expect((await getStaff('akhan')).body.basis).toBeUndefined();
  });

  it('names the field of a basis it does not know, never the value', async () => {
    const { status, body } = await putStaff('x', {
      name: 'X',
      email: 'x@council.example',
      basis: 'Jane Smith',
    });
    expect(status).toBe(400);
    expect(body.problems).toEqual([{ field: 'basis', reason: "must be 'permanent' or 'agency'" }]);
    expect(JSON.stringify(body)).not.toContain('Jane Smith');
  });
});

describe("a change of a child's IRO", () => {
  beforeAll(async () => {
    for (const id of ['iro-p', 'iro-q']) {
      await putStaff(id, { name: id, email: `${id}@council.example`, basis: 'permanent' });
    }
    await putStaff('iro-g', { name: 'iro-g', email: 'iro-g@council.example', basis: 'agency' });
    await putStaff('sw-1', { name: 'sw-1', email: 'sw-1@council.example' });
  });

  it('is recorded as IroAllocated on the day, once for each change', async () => {
    // First allocation, the same again with a social worker added, a change, and back.
    expect(await allocate('K1', { iro: 'iro-p' })).toMatchObject({ status: 200 });
    expect(await allocate('K1', { iro: 'iro-p', 'social-worker': 'sw-1' })).toMatchObject({
      status: 200,
    });
    expect(await allocate('K1', { iro: 'iro-q' })).toMatchObject({ status: 200 });
    expect(await allocate('K1', { iro: 'iro-p' })).toMatchObject({ status: 200 });

    expect(await logOf('reviews/K1')).toEqual([
      { type: 'IroAllocated', childId: 'K1', iro: 'iro-p', date: '2017-04-10' },
      { type: 'IroAllocated', childId: 'K1', iro: 'iro-q', date: '2017-04-10' },
      { type: 'IroAllocated', childId: 'K1', iro: 'iro-p', date: '2017-04-10' },
    ]);
  });

  it("records nothing for an allocation without an IRO, or for the unit's own", async () => {
    expect(await allocate('K2', { 'social-worker': 'sw-1' })).toMatchObject({ status: 200 });
    expect(await allocate('unit', { iro: 'iro-p' })).toMatchObject({ status: 200 });
    expect(await logOf('reviews/K2')).toEqual([]);
    expect(await logOf('reviews/unit')).toEqual([]);
  });
});

describe("the managers' audits", () => {
  const audit = {
    eventId: 'au-1',
    type: 'CaseAuditCompleted',
    auditId: 'AU1',
    childId: 'K1',
    iro: 'iro-p',
    date: '2017-04-03',
    grade: 'good',
  };
  const post = (who: Who, body: unknown) =>
    call(recordEvents, apiEvent('POST /events', who, { body }));

  it('are refused to an IRO and recorded for a manager, in the child’s reviews log', async () => {
    expect(await post({ roles: ['iro'] }, audit)).toMatchObject({ status: 403 });
    expect(await post({ roles: ['manager'] }, audit)).toMatchObject({ status: 201 });
    expect((await logOf('reviews/K1')).at(-1)).toEqual({
      type: 'CaseAuditCompleted',
      auditId: 'AU1',
      childId: 'K1',
      iro: 'iro-p',
      date: '2017-04-03',
      grade: 'good',
    });
  });
});

describe('GET /reports/figures', () => {
  it('counts the IROs by basis on the day, with their looked-after children (S1)', async () => {
    // Prepare: K1 (iro-p) and K3 (iro-g) looked after; K4 (iro-q) not.
    for (const event of [
      { eventId: 'k1', type: 'BecameLookedAfter', childId: 'K1', date: '2017-01-02' },
      { eventId: 'k3', type: 'BecameLookedAfter', childId: 'K3', date: '2017-01-02' },
    ]) {
      expect(await unit.record(event as never)).toMatchObject({ status: 201 });
    }
    await allocate('K3', { iro: 'iro-g' });
    await allocate('K4', { iro: 'iro-q' });

    // Act
    const { status, body } = await call(
      answerReport,
      apiEvent('GET /reports/figures', { roles: ['manager'] }, { query: { years: '2' } }),
    );

    // Assess: iro-p (K1) and iro-q (K4, not looked after) permanent; iro-g (K3) agency.
    expect(status).toBe(200);
    expect(body.figures.S1).toEqual({
      byBasis: { permanent: { iros: 2, children: 1 }, agency: { iros: 1, children: 1 } },
    });
    // Read from the staff records on the day: the earlier year has none.
    expect(body.earlier[0].figures.S1).toBeUndefined();
  });
});
