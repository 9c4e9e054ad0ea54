/**
 * A young person's "I don't feel safe" is never lost to a views request that failed to
 * send it: the child's workflow makes sure it went at the end of that day, keyed as the
 * request keys it, so it goes once whichever path sends it. Over the real handlers,
 * dynalite, the local Step Functions runner and the local SES engine. Dates by hand:
 * looked after from Monday 20 February 2017 (first review due Monday 20 March); the
 * views are shared on Thursday 2 March, a day that ends at 00:00 GMT on Friday 3 March.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerViews, RateLimiter } from '../../../functions/views.js';
import { STAFF, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const IRO: Who = { roles: ['iro'], sub: STAFF.iro };
const roomy = () => ({
  perLink: new RateLimiter(1000, 60_000),
  perAddress: new RateLimiter(1000, 60_000),
});

let unit: Unit;
/** While set, SES refuses the safety email as it would after its retries ran out. */
let sesDown = true;

beforeAll(async () => {
  unit = await startUnit({
    startAt: '2017-03-02T09:00:00Z',
    subjects: ['C1', 'C2'],
    adjust: (deps) => ({
      ...deps,
      safetyMail: {
        ...deps.safetyMail,
        async send(email) {
          if (sesDown) throw Object.assign(new Error('throttled'), { name: 'TooManyRequests' });
          return await deps.safetyMail.send(email);
        },
      },
    }),
  });
  for (const childId of ['C1', 'C2']) {
    const outcome = await unit.record({
      eventId: `lac-${childId}`,
      type: 'BecameLookedAfter',
      childId,
      date: '2017-02-20',
    });
    expect(outcome.status).toBe(201);
  }
});
afterAll(async () => {
  await unit.stop();
});

const call = (routeKey: string, who: Who, options: Parameters<typeof apiEvent>[2] = {}) =>
  callHandler(unit, (e, d) => answerViews(e, d, roomy()), apiEvent(routeKey, who, options));

async function saysNotSafe(childId: string) {
  const made = await call('POST /children/{childId}/views-links', IRO, { path: { childId } });
  expect(made.status).toBe(201);
  const link = String(made.body.path).split('#')[1] as string;
  const sent = await call('POST /views/answers', 'nobody', {
    body: { link, answers: { attend: 'no', feelsSafe: 'no' } },
  });
  expect(sent.status).toBe(201);
}
const safetyEmails = async (childId: string) =>
  (await unit.mail())
    .filter((m) => m.subject === `Young person ${childId} has said they do not feel safe`)
    .map((m) => m.to)
    .sort();

describe('"I don\'t feel safe" when the views request could not send it', () => {
  it("is sent by the child's workflow at the end of the day, to the IRO and social worker, once", async () => {
    // Act: SES refuses during the request; the day ends; a further day passes
    await saysNotSafe('C1');
    const duringTheDay = await safetyEmails('C1');
    await unit.advanceTo('2017-03-02T23:59:00Z');
    const beforeMidnight = await safetyEmails('C1');
    sesDown = false;
    await unit.advanceTo('2017-03-03T00:30:00Z');
    const afterMidnight = await safetyEmails('C1');
    await unit.advanceTo('2017-03-06T12:00:00Z');

    // Assess
    expect(duringTheDay).toEqual([]);
    expect(beforeMidnight).toEqual([]);
    expect(afterMidnight).toEqual(['iro@council.example', 'social-worker@council.example']);
    expect(await safetyEmails('C1')).toEqual(afterMidnight);
  });

  it('is not sent again by the workflow when the request sent it', async () => {
    // Act: said on Monday 6 March with SES working; that day ends at 00:00 on Tuesday
    await saysNotSafe('C2');
    const atOnce = await safetyEmails('C2');
    await unit.advanceTo('2017-03-08T12:00:00Z');

    // Assess
    expect(atOnce).toEqual(['iro@council.example', 'social-worker@council.example']);
    expect(await safetyEmails('C2')).toEqual(atOnce);
  });

  it('tells the duty inbox once, at once, for a child with no social worker, and the workflow adds nothing', async () => {
    // Prepare: C3 has an IRO and no social worker
    await unit.runtime.deps.staff.allocate({ subjectId: 'C3', roles: { iro: STAFF.iro } });
    await unit.record({
      eventId: 'lac-C3',
      type: 'BecameLookedAfter',
      childId: 'C3',
      date: '2017-02-20',
    });
    const aboutC3 = async () =>
      (await unit.mail())
        .filter((m) => m.text.includes('C3') && m.text.includes('feel safe'))
        .map((m) => m.to);

    // Act: said on Wednesday 8 March; that day ends at 00:00 on Thursday 9 March
    await saysNotSafe('C3');
    const atOnce = await aboutC3();
    await unit.advanceTo('2017-03-10T12:00:00Z');

    // Assess
    expect([...atOnce].sort()).toEqual(['duty-inbox@localhost', 'iro@council.example']);
    expect(await aboutC3()).toEqual(atOnce);
  });
});
