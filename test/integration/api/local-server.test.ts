/**
 * The local HTTP API: the same handlers as the deployed routes, with the local
 * stand-ins for the authorizers; and its routes are the deployed API's routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import { startUnit, type Unit } from '../workflows/support.js';

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
  api = await serveLocalApi(unit.runtime.deps, unit.runtime.stepFunctions);
});
afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((resolve) => api.server.close(resolve));
  await unit.stop();
});

const staff = { 'x-local-user': 'staff-1', 'x-local-roles': 'iro' };
const request = async (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as { obligations?: unknown[] } };
};

describe('the local API server', () => {
  it('answers 401 without the stand-in identity headers', async () => {
    expect(await request('GET', '/obligations', {})).toMatchObject({ status: 401 });
  });

  it('records through the staff route and the system route, and reads back', async () => {
    // Act
    const byStaff = await request('POST', '/events', staff, {
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    const bySystem = await request(
      'POST',
      '/system/events',
      { 'x-local-system': 'true' },
      { eventId: 'e2', type: 'BecameLookedAfter', childId: 'C2', date: '2017-01-02' },
    );
    const read = await request('GET', '/children/C1/obligations', staff);

    // Assess
    expect([byStaff.status, bySystem.status]).toEqual([201, 201]);
    expect(read.body.obligations).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-01-30' }),
    ]);
  });

  it('moves the virtual clock on request, the workflows acting on the way', async () => {
    const moved = await request('POST', '/local/clock?to=2017-01-09T08:00:00Z', {});
    expect(moved).toEqual({ status: 200, body: { now: '2017-01-09T08:00:00.000Z', running: 2 } });
    expect((await unit.mail()).length).toBeGreaterThanOrEqual(2);
  });
});
