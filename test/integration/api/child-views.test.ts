/**
 * The young person's views before a review (issue 20): a link for one child and one
 * review, known only by its hash, counted under racing sendings; the same answer for
 * every link that cannot be used; the safety email at once and exactly once, without
 * the words; the words in no log line, and read only by the allocated IRO, social
 * worker and managers. Through the handlers, over the real adapters on dynalite and
 * the local SES engine.
 */
import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { Logger } from '../../../functions/shared/observability.js';
import { answerViews, LINK_NOT_WORKING, RateLimiter } from '../../../functions/views.js';
import { reviewsClock } from '../../../workflows/clocks.js';
import { STAFF, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

const IRO: Who = { roles: ['iro'], sub: STAFF.iro };
const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: STAFF['social-worker'] };
const OTHER_IRO: Who = { roles: ['iro'], sub: 'iro-other' };
const ADMIN: Who = { roles: ['admin'], sub: 'admin-1' };
const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };

/** Words no log line, email or refusal may carry. */
const WORDS = 'Zebra-words: my foster carer shouts at night';

let unit: Unit;
const logLines: string[] = [];
/** A fresh limiter per test call unless one is given: most tests are not about limits. */
const roomy = () => ({
  perLink: new RateLimiter(1000, 60_000),
  perAddress: new RateLimiter(1000, 60_000),
});

beforeAll(async () => {
  // Thursday 2 March 2017.
  unit = await startUnit({
    startAt: '2017-03-02T09:00:00Z',
    subjects: ['C1', 'C2', 'C5'],
    adjust: (deps) => ({
      ...deps,
      logger: new Logger({ level: 'DEBUG', write: (line) => logLines.push(line) }),
    }),
  });
  // C5 has an IRO but no social worker: the duty inbox hears instead.
  await unit.runtime.deps.staff.allocate({ subjectId: 'C5', roles: { iro: STAFF.iro } });
  for (const childId of ['C1', 'C2', 'C5']) {
    // Looked after from Monday 20 February 2017: the first review is due 20 working
    // days later, Monday 20 March 2017 (no bank holiday between).
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

const call = (
  routeKey: string,
  who: Who,
  options: Parameters<typeof apiEvent>[2] = {},
  limits = roomy(),
) => callHandler(unit, (e, d) => answerViews(e, d, limits), apiEvent(routeKey, who, options));

const makeLink = async (childId: string, who: Who = IRO) => {
  const made = await call('POST /children/{childId}/views-links', who, { path: { childId } });
  expect(made.status).toBe(201);
  return { ...made.body, secret: String(made.body.path).split('#')[1] as string };
};
const open = (link: string, limits = roomy()) =>
  call('POST /views/open', 'nobody', { body: { link } }, limits);
const send = (link: string, answers: Record<string, unknown>, limits = roomy()) =>
  call('POST /views/answers', 'nobody', { body: { link, answers } }, limits);
const viewsIn = async (childId: string) =>
  (await unit.runtime.deps.events.history(reviewsClock(childId).log)).filter(
    (h) => h.event.type === 'ChildViewsShared',
  );

describe('a link for one review', () => {
  it('is made by the allocated IRO for the next review, with 256 bits in it, and kept only as its hash', async () => {
    // Act
    const link = await makeLink('C1');

    // Assess: due 20 March 2017; it works until 28 days after, 17 April 2017.
    expect(link.reviewDue).toBe('2017-03-20');
    expect(link.lastDay).toBe('2017-04-17');
    expect(link.path).toMatch(/^\/your-views\.html#[A-Za-z0-9_-]{43}$/);
    const { Items } = await unit.runtime.dynamo.client.send(
      new ScanCommand({ TableName: unit.runtime.dynamo.tableName }),
    );
    const stored = JSON.stringify(Items);
    expect(stored).not.toContain(link.secret);
    expect(stored).toContain(createHash('sha256').update(link.secret).digest('hex'));
  });

  it('is made by the allocated social worker too, and by nobody else', async () => {
    expect(
      (
        await call('POST /children/{childId}/views-links', SOCIAL_WORKER, {
          path: { childId: 'C1' },
        })
      ).status,
    ).toBe(201);
    for (const who of [OTHER_IRO, ADMIN, MANAGER]) {
      const refused = await call('POST /children/{childId}/views-links', who, {
        path: { childId: 'C1' },
      });
      expect(refused.status).toBe(403);
    }
  });
});

describe('the young person sends their views', () => {
  it('records ChildViewsShared in their reviews log, by their link and no member of staff', async () => {
    // Prepare
    const link = await makeLink('C2');
    expect((await open(link.secret)).body).toEqual({ open: true, sendingsLeft: 3 });

    // Act
    const sent = await send(link.secret, {
      attend: 'not-sure',
      feelsSafe: 'yes',
      advocate: 'yes',
      goingWell: 'School',
      words: WORDS,
    });

    // Assess
    expect(sent.status).toBe(201);
    const [views] = await viewsIn('C2');
    expect(views?.recordedBy).toBe('child-link');
    expect(views?.event).toMatchObject({
      type: 'ChildViewsShared',
      childId: 'C2',
      date: '2017-03-02',
      reviewDue: '2017-03-20',
      attend: 'not-sure',
      feelsSafe: 'yes',
      advocate: 'yes',
      goingWell: 'School',
      words: WORDS,
    });
  });

  it("cannot record for another child: the link's child is the only one, whatever is sent", async () => {
    // Prepare
    const link = await makeLink('C1');
    const before = (await viewsIn('C2')).length;

    // Act
    const sent = await call('POST /views/answers', 'nobody', {
      body: {
        link: link.secret,
        childId: 'C2',
        answers: { childId: 'C2', attend: 'yes', feelsSafe: 'yes' },
      },
    });

    // Assess
    expect(sent.status).toBe(201);
    expect((await viewsIn('C2')).length).toBe(before);
    expect((await viewsIn('C1')).at(-1)?.event).toMatchObject({ childId: 'C1' });
  });

  it('is refused to staff recording ChildViewsShared themselves, even an administrator', async () => {
    for (const who of [IRO, ADMIN]) {
      const { status } = await callHandler(
        unit,
        recordEvents,
        apiEvent('POST /events', who, {
          body: {
            type: 'ChildViewsShared',
            childId: 'C1',
            date: '2017-03-02',
            reviewDue: '2017-03-20',
            attend: 'yes',
            feelsSafe: 'yes',
          },
        }),
      );
      expect(status).toBe(403);
    }
  });
});

describe('a link that cannot be used', () => {
  it('answers an unknown, a used-up and a withdrawn link the same, saying nothing more', async () => {
    // Prepare
    const usedUp = await makeLink('C1');
    for (let i = 0; i < 3; i++) {
      expect((await send(usedUp.secret, { attend: 'yes', feelsSafe: 'yes' })).status).toBe(201);
    }
    const withdrawn = await makeLink('C1');
    const gone = await call('DELETE /children/{childId}/views-links/{linkId}', IRO, {
      path: { childId: 'C1', linkId: withdrawn.linkId },
    });
    expect(gone.status).toBe(200);
    const unknown = 'A'.repeat(43);

    // Act
    const answers = await Promise.all(
      [usedUp, withdrawn, { secret: unknown }, { secret: 'short' }].flatMap(({ secret }) => [
        open(secret),
        send(secret, { attend: 'yes', feelsSafe: 'yes' }),
      ]),
    );

    // Assess
    for (const answer of answers) {
      expect(answer).toEqual({ status: 404, body: { reason: LINK_NOT_WORKING } });
    }
  });

  it('costs the same reads for a guessed link as for one that exists but no longer works', async () => {
    // Prepare: a withdrawn link, and the store's and log's reads counted per request.
    const withdrawn = await makeLink('C2');
    await call('DELETE /children/{childId}/views-links/{linkId}', IRO, {
      path: { childId: 'C2', linkId: withdrawn.linkId },
    });
    const deps = unit.runtime.deps;
    const reads: string[] = [];
    const counted = {
      ...deps,
      events: {
        ...deps.events,
        history: (log: string, after?: number) => {
          reads.push('history');
          return deps.events.history(log, after);
        },
      },
      viewsLinks: {
        ...deps.viewsLinks,
        byHash: (hash: string) => {
          reads.push('byHash');
          return deps.viewsLinks.byHash(hash);
        },
      },
    };
    const readsFor = async (link: string) => {
      reads.length = 0;
      const answer = await answerViews(
        apiEvent('POST /views/open', 'nobody', { body: { link } }),
        counted,
        roomy(),
      );
      return { status: (answer as { statusCode: number }).statusCode, reads: [...reads] };
    };

    // Act
    const guessed = await readsFor('G'.repeat(43));
    const malformed = await readsFor('short');
    const known = await readsFor(withdrawn.secret);

    // Assess: one look-up by hash and one history read, whatever was sent.
    expect(guessed).toEqual({ status: 404, reads: ['byHash', 'history'] });
    expect(malformed).toEqual(guessed);
    expect(known).toEqual(guessed);
  });

  it('stops when the review it was for is held', async () => {
    const link = await makeLink('C5');
    expect((await open(link.secret)).status).toBe(200);
    expect(
      (
        await unit.record({
          eventId: 'rev-C5',
          type: 'LacReviewHeld',
          childId: 'C5',
          date: '2017-03-02',
        })
      ).status,
    ).toBe(201);
    expect(await open(link.secret)).toEqual({ status: 404, body: { reason: LINK_NOT_WORKING } });
  });

  it('counts at most three sendings when ten race', async () => {
    // Prepare
    const link = await makeLink('C2');
    const before = (await viewsIn('C2')).length;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send(link.secret, { attend: 'yes', feelsSafe: 'yes' })),
    );

    // Assess
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 404)).toHaveLength(7);
    expect((await viewsIn('C2')).length - before).toBe(3);
  });

  it('is limited per link and per address', async () => {
    const link = await makeLink('C2');
    const limits = {
      perLink: new RateLimiter(2, 60_000),
      perAddress: new RateLimiter(1000, 60_000),
    };
    expect((await open(link.secret, limits)).status).toBe(200);
    expect((await open(link.secret, limits)).status).toBe(200);
    expect((await open(link.secret, limits)).status).toBe(429);
    const byAddress = {
      perLink: new RateLimiter(1000, 60_000),
      perAddress: new RateLimiter(1, 60_000),
    };
    expect((await open(link.secret, byAddress)).status).toBe(200);
    expect((await open('B'.repeat(43), byAddress)).status).toBe(429);
  });

  it('refuses a body too large to be answers', async () => {
    const link = await makeLink('C2');
    const sent = await send(link.secret, {
      attend: 'yes',
      feelsSafe: 'yes',
      words: 'x'.repeat(40_000),
    });
    expect(sent.status).toBe(413);
  });
});

describe('"I don\'t feel safe"', () => {
  it('emails the IRO and social worker at once, once each however often it is said, with the reference and never the words', async () => {
    // Prepare
    const link = await makeLink('C1');
    const before = (await unit.mail()).length;

    // Act: said twice through the same link.
    for (let i = 0; i < 2; i++) {
      const sent = await send(link.secret, { attend: 'no', feelsSafe: 'no', words: WORDS });
      expect(sent.status).toBe(201);
    }

    // Assess
    const mail = (await unit.mail()).slice(before);
    expect(mail.map((m) => m.to).sort()).toEqual([
      'iro@council.example',
      'social-worker@council.example',
    ]);
    for (const m of mail) {
      expect(m.subject).toBe('Young person C1 has said they do not feel safe');
      expect(m.text).toContain('The young person with reference C1 has said');
      expect(m.text).toContain('/case-records/C1');
      expect(m.text).not.toContain('Zebra');
    }
  });

  it("links to the child's page in the work tray where it is served", async () => {
    const link = await makeLink('C2');
    const before = (await unit.mail()).length;
    const sent = await callHandler(
      unit,
      (e, d) => answerViews(e, d, roomy(), { workTrayUrl: 'https://iro.council.example' }),
      apiEvent('POST /views/answers', 'nobody', {
        body: { link: link.secret, answers: { attend: 'yes', feelsSafe: 'no' } },
      }),
    );
    expect(sent.status).toBe(201);
    const mail = (await unit.mail()).slice(before);
    expect(mail).toHaveLength(2);
    for (const m of mail) expect(m.text).toContain('https://iro.council.example/#/child?id=C2');
  });

  it('tells the duty inbox when the child has no social worker', async () => {
    await unit.runtime.deps.staff.allocate({ subjectId: 'C6', roles: { iro: STAFF.iro } });
    await unit.record({
      eventId: 'lac-C6',
      type: 'BecameLookedAfter',
      childId: 'C6',
      date: '2017-02-20',
    });
    const link = await makeLink('C6');
    const before = (await unit.mail()).length;
    expect((await send(link.secret, { attend: 'yes', feelsSafe: 'no' })).status).toBe(201);
    expect(
      (await unit.mail())
        .slice(before)
        .map((m) => m.to)
        .sort(),
    ).toEqual(['duty-inbox@localhost', 'iro@council.example']);
  });

  it("is sent when an attempt that died holds its claim, once the claim's lease has run out by the real clock", async () => {
    // Prepare: C1's link; an attempt that died 10 minutes ago (real time) left the IRO's
    // claim taken, and a live one took the social worker's a moment ago. The local clock
    // stands at March 2017, so only the real clock can tell the first from the second.
    await unit.runtime.deps.staff.allocate({
      subjectId: 'C8',
      roles: { iro: STAFF.iro, 'social-worker': STAFF['social-worker'] },
    });
    await unit.record({
      eventId: 'lac-C8',
      type: 'BecameLookedAfter',
      childId: 'C8',
      date: '2017-02-20',
    });
    const link = await makeLink('C8');
    const { notifications, sendLease } = unit.runtime.deps;
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    // Keyed by child and review (due Monday 20 March 2017), as the workflow's net keys it
    const key = (role: string) => `child-safety/C8/2017-03-20/${role}`;
    expect(await notifications.claim(key('iro'), tenMinutesAgo, sendLease.seconds, 'died')).toBe(
      'claimed',
    );
    expect(
      await notifications.claim(key('social-worker'), sendLease.now(), sendLease.seconds, 'live'),
    ).toBe('claimed');
    const before = (await unit.mail()).length;

    // Act
    const sent = await send(link.secret, { attend: 'no', feelsSafe: 'no' });

    // Assess: the dead attempt's claim taken over and sent; the live one's left to it
    expect(sent.status).toBe(201);
    expect((await unit.mail()).slice(before).map((m) => m.to)).toEqual(['iro@council.example']);
  });

  it('is marked acted on by a person in the tray', async () => {
    const link = await makeLink('C1');
    const path = { childId: 'C1', linkId: link.linkId };
    const acted = await call('POST /children/{childId}/views-links/{linkId}/safety-acted', IRO, {
      path,
    });
    expect(acted.status).toBe(201);
    const read = await call('GET /children/{childId}/views', IRO, { path: { childId: 'C1' } });
    const listed = read.body.links.find((l: { linkId: string }) => l.linkId === link.linkId);
    expect(listed.safetyActedOn).toEqual({
      by: STAFF.iro,
      at: expect.stringMatching(/^2017-03-02T09:00/),
    });
  });
});

describe('who reads the views', () => {
  it('gives the words to the allocated IRO, social worker and managers, beside the review they were for', async () => {
    for (const who of [IRO, SOCIAL_WORKER, MANAGER]) {
      const read = await call('GET /children/{childId}/views', who, { path: { childId: 'C2' } });
      expect(read.status).toBe(200);
      expect(read.body.views).toEqual([
        expect.objectContaining({ reviewDue: '2017-03-20', sentOn: '2017-03-02' }),
      ]);
    }
    const own = await call('GET /children/{childId}/views', IRO, { path: { childId: 'C1' } });
    expect(own.body.views[0]).toMatchObject({ feelsSafe: 'no', words: WORDS });
  });

  it('refuses everyone else, and keeps the words out of the audit trail', async () => {
    for (const who of [OTHER_IRO, ADMIN]) {
      const read = await call('GET /children/{childId}/views', who, { path: { childId: 'C1' } });
      expect(read.status).toBe(403);
    }
    const trail = await callHandler(
      unit,
      answerQuery,
      apiEvent('GET /children/{childId}/events', ADMIN, { path: { childId: 'C1' } }),
    );
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.body)).toContain('ChildViewsShared');
    expect(JSON.stringify(trail.body)).not.toContain('Zebra');
  });

  it('never finds the words in a log line', async () => {
    // Prepare: one sending of its own, besides those of the tests before.
    const link = await makeLink('C2');
    expect((await send(link.secret, { attend: 'yes', feelsSafe: 'no', words: WORDS })).status).toBe(
      201,
    );

    // Assess: the handlers did log (the logger is on at DEBUG), never the words.
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain('Zebra');
  });
});

describe('erasing the child', () => {
  it('removes their words and their links', async () => {
    // Prepare
    await unit.record({
      eventId: 'lac-C7',
      type: 'BecameLookedAfter',
      childId: 'C7',
      date: '2017-02-20',
    });
    await unit.runtime.deps.staff.allocate({ subjectId: 'C7', roles: { iro: STAFF.iro } });
    const link = await makeLink('C7');
    expect(
      (await send(link.secret, { attend: 'yes', feelsSafe: 'yes', words: WORDS })).status,
    ).toBe(201);

    // Act
    const erased = await callHandler(
      unit,
      eraseChild,
      apiEvent('DELETE /children/{childId}', ADMIN, { path: { childId: 'C7' } }),
    );

    // Assess
    expect(erased.status).toBe(200);
    expect(await viewsIn('C7')).toEqual([]);
    expect(await unit.runtime.deps.viewsLinks.ofChild('C7')).toEqual([]);
    expect(await open(link.secret)).toEqual({ status: 404, body: { reason: LINK_NOT_WORKING } });
    const { Items } = await unit.runtime.dynamo.client.send(
      new ScanCommand({ TableName: unit.runtime.dynamo.tableName }),
    );
    expect(JSON.stringify(Items)).not.toContain(
      createHash('sha256').update(link.secret).digest('hex'),
    );
  });
});
