/**
 * Properties over random ids and random callers, through the handlers on dynalite: no
 * answer is a 500, no refusal repeats the id sent, and no role reaches a child it may
 * not (a social worker only their own children; the audit trail never to them; erasure
 * only by an administrator, and never of an id the system does not know).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { manageStaff } from '../../../functions/staff.js';
import { STAFF, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler } from './support.js';

type Handler = (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>;

/** Every random id starts with it, and no message of the API holds it: seen in an answer, it is an echo. */
const MARK = 'Zq';
const OTHER_WORKER = 'sw-other';
/** C1 is the unit's social worker's, C3 another's, C4 nobody's. */
const KNOWN = ['C1', 'C3', 'C4'] as const;

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-02T09:00:00Z', subjects: ['C1'] });
  const { staff } = unit.runtime.deps;
  await staff.putStaff({ staffId: OTHER_WORKER, name: 'Another', email: 'other@council.example' });
  await staff.allocate({ subjectId: 'C3', roles: { 'social-worker': OTHER_WORKER } });
  for (const childId of KNOWN) {
    await unit.record({
      eventId: `lac-${childId}`,
      type: 'BecameLookedAfter',
      childId,
      date: '2017-01-02',
    });
  }
});
afterAll(async () => {
  await unit.stop();
});

/** Random text of any code units (lone surrogates, controls, bidi marks, lookalikes included). */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(
      '\ud800',
      '\udc00',
      '\u200b',
      '\u202e',
      '\u0000',
      '\u0410',
      'a',
      '1',
      '/',
      ' ',
    ),
    maxLength: 8,
  }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constant('x'.repeat(3000)),
);
const randomId = anyText.map((text) => `${MARK}${text}`);
const childId = fc.oneof(randomId, { arbitrary: fc.constantFrom(...KNOWN), weight: 2 });
/** Any set of roles, a social worker's alone often: theirs is the role scoped by allocation. */
const roles = fc.oneof(
  { arbitrary: fc.constant<string[]>(['social-worker']), weight: 2 },
  fc.subarray(['iro', 'manager', 'admin', 'social-worker', 'mayor'], { minLength: 0 }),
);
const sub = fc.constantFrom(STAFF['social-worker'], OTHER_WORKER, 'someone-else');
const day = fc.integer({ min: 3, max: 28 }).map((d) => `2017-02-${String(d).padStart(2, '0')}`);

type Request =
  | { kind: 'record'; childId: string; eventId: string; date: string; type: string }
  | { kind: 'obligations' | 'audit'; childId: string }
  | { kind: 'erase'; childId: string }
  | { kind: 'staff'; staffId: string };

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    childId,
    eventId: fc.oneof(randomId, { arbitrary: fc.uuid(), weight: 3 }),
    date: day,
    type: fc.constantFrom('LacReviewHeld', 'IroContactWithChild', 'PlacementOrderMade'),
  }),
  fc.record({ kind: fc.constantFrom('obligations' as const, 'audit' as const), childId }),
  fc.record({ kind: fc.constant('erase' as const), childId: randomId }),
  fc.record({ kind: fc.constant('staff' as const), staffId: randomId }),
);

async function send(who: { roles: string[]; sub: string }, r: Request) {
  const call = (handler: Handler, event: APIGatewayProxyEventV2) =>
    callHandler(unit, handler, event);
  switch (r.kind) {
    case 'record': {
      const body = {
        eventId: r.eventId,
        type: r.type,
        childId: r.childId,
        date: r.date,
        ...(r.type === 'IroContactWithChild' ? { method: 'visit' } : {}),
      };
      return call(recordEvents, apiEvent('POST /events', who, { body }));
    }
    case 'obligations':
      return call(
        answerQuery,
        apiEvent('GET /children/{childId}/obligations', who, { path: { childId: r.childId } }),
      );
    case 'audit':
      return call(
        answerQuery,
        apiEvent('GET /children/{childId}/events', who, { path: { childId: r.childId } }),
      );
    case 'erase':
      return call(
        eraseChild as Handler,
        apiEvent('DELETE /children/{childId}', who, { path: { childId: r.childId } }),
      );
    case 'staff':
      return call(
        manageStaff,
        apiEvent('PUT /staff/{staffId}', who, {
          path: { staffId: r.staffId },
          body: { name: 'N', email: 'n@council.example' },
        }),
      );
  }
}

/** Whether the caller's roles reach the child: any role but a social worker's reaches all; theirs only their own. */
async function reaches(who: { roles: string[]; sub: string }, childId: string): Promise<boolean> {
  if (who.roles.some((role) => ['iro', 'manager', 'admin'].includes(role))) return true;
  if (!who.roles.includes('social-worker') || !(KNOWN as readonly string[]).includes(childId)) {
    return false;
  }
  return (await unit.runtime.deps.staff.allocation(childId))?.roles['social-worker'] === who.sub;
}

describe('random ids and random roles', () => {
  it('never answer 500, never repeat the id in a refusal, and never let a role reach a child it may not', async () => {
    await fc.assert(
      fc.asyncProperty(roles, sub, request, async (callerRoles, callerSub, r) => {
        const who = { roles: callerRoles, sub: callerSub };
        const allowed = 'childId' in r && (await reaches(who, r.childId));
        const answer = await send(who, r);
        expect(answer.status).not.toBe(500);
        if ((answer.status ?? 0) >= 400) expect(JSON.stringify(answer.body)).not.toContain(MARK);
        const succeeded = answer.status === 200 || answer.status === 201;
        if (r.kind === 'record' || r.kind === 'obligations') {
          if (succeeded) expect(allowed).toBe(true);
        }
        if (r.kind === 'audit' && succeeded) {
          expect(callerRoles.some((role) => ['iro', 'manager', 'admin'].includes(role))).toBe(true);
        }
        // Random ids are never known to the system: erasing one is never done.
        if (r.kind === 'erase') expect(succeeded).toBe(false);
        if (r.kind === 'staff' && succeeded) expect(callerRoles).toContain('admin');
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
