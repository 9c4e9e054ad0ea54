/**
 * A sender that dies in the middle of a send leaves its notification claim `sending`.
 * The workflow that meets it waits until the claim's lease has run out by the real
 * clock and takes it over: the email goes out once, on the day it was due, the
 * workflow never fails, and no "workflow stopped" alert reaches the duty inbox. The
 * lease is shortened to 1 second so the real wait stays short; the virtual clock
 * stands still meanwhile, which is what stopped clocks before.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rearmClocks } from '../../../infra/local/keep.js';
import { DUTY_INBOX, timeOutThisInvocation } from '../../../infra/local/runtime.js';
import { recipients, startUnit, type Unit } from './support.js';

/**
 * A conference on Mon 16 January 10:00, its report due Thu 12 January 10:00: the
 * social worker's reminder 3 working days before goes at once, from the workflow.
 */
const conferenceBooked = {
  eventId: 'k1',
  type: 'ConferenceBooked',
  childId: 'C1',
  conferenceId: 'K1',
  kind: 'initial',
  date: '2017-01-02',
  at: '2017-01-16T10:00:00Z',
} as const;
/** The social worker's reminder (Mon 9 January 10:00). */
const AFTER_REMINDERS = '2017-01-09T10:00:00Z';

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const unit of units.splice(0)) await unit.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('a send interrupted by a crash', () => {
  it('is taken over once its lease has run out, within the same workflow, without an alert', async () => {
    // Prepare: the act step's Lambda dies (a timeout, an out-of-memory) right after it
    // claims its first email, before sending: the claim stays `sending`, never released
    let crashed = 0;
    const unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sendLeaseSeconds: 1,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async claim(key, now, seconds, owner) {
            const claim = await deps.notifications.claim(key, now, seconds, owner);
            if (claim === 'claimed' && crashed === 0) {
              crashed++;
              throw new Error('Runtime.ExitError: the process died mid-send');
            }
            return claim;
          },
        },
      }),
    });
    units.push(unit);
    await unit.record(conferenceBooked);

    // Act: the retries come back at once (well within the lease) and find the claim busy
    await unit.advanceTo(AFTER_REMINDERS);

    // Assess
    expect(crashed).toBe(1);
    expect(recipients(await unit.mail())).toEqual(['social-worker']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });

  it('is taken over after a kill in the middle of moving the clock and a restart right after', async () => {
    // Prepare: a unit kept on disk; its first send hangs for ever, as a process killed
    // between claiming and sending would leave it
    const dir = await mkdtemp(join(tmpdir(), 'iro-interrupted-'));
    dirs.push(dir);
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => {
      hung = resolve;
    });
    let claims = 0;
    const first = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      dataDir: dir,
      sendLeaseSeconds: 1,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async claim(key, now, seconds, owner) {
            const claim = await deps.notifications.claim(key, now, seconds, owner);
            if (claim === 'claimed' && claims++ === 0) {
              hung();
              await new Promise(() => {});
            }
            return claim;
          },
        },
      }),
    });
    await first.record(conferenceBooked);
    void first.advanceTo(AFTER_REMINDERS);
    await hanging;
    const stoppedAt = first.runtime.stepFunctions.now();
    // The kill: everything stops where it stands; the claim is never given back
    await first.stop();

    // Act: restart on the same data, at the instant the clock stood at, and re-arm
    const second = await startUnit({
      startAt: stoppedAt,
      subjects: ['C1'],
      dataDir: dir,
      sendLeaseSeconds: 1,
    });
    units.push(second);
    await rearmClocks(second.runtime);
    await second.advanceTo(AFTER_REMINDERS);

    // Assess: the reminder once, on the day it was due by the virtual clock, no alert
    const mail = second.runtime.mail.entries();
    expect(mail.map((m) => m.to.join(',').replace('@council.example', ''))).toEqual([
      'social-worker',
    ]);
    expect(mail.map((m) => m.to[0])).not.toContain(DUTY_INBOX);
    for (const m of mail) expect(m.sentAt).toBe(stoppedAt);
    expect(second.runtime.stepFunctions.failures).toEqual([]);
    expect(second.runtime.stepFunctions.running()).toHaveLength(1);
  });
  it('is sent once when the kill comes after SES took the email and before the sender marked its claim', async () => {
    // Prepare: a unit kept on disk; the engine takes the first email, then the process
    // dies before the sender marks its claim (its mark hangs for ever), and so before
    // SES's Send event, which comes once the sender's invocation has ended, marks it
    // (delivered again at the restart, as SNS retries)
    const dir = await mkdtemp(join(tmpdir(), 'iro-interrupted-'));
    dirs.push(dir);
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => {
      hung = resolve;
    });
    let marks = 0;
    let confirmed = 0;
    const first = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      dataDir: dir,
      sendLeaseSeconds: 1,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async markSent(key, messageId, at) {
            // An email's mark: a morning list's run marks itself complete, sending nothing
            if (!key.startsWith('morning-list-complete#') && marks++ === 0) {
              hung();
              await new Promise(() => {});
            }
            return deps.notifications.markSent(key, messageId, at);
          },
          async confirmSent(tag, messageId, at) {
            confirmed++;
            return deps.notifications.confirmSent(tag, messageId, at);
          },
        },
      }),
    });
    await first.record(conferenceBooked);
    void first.advanceTo(AFTER_REMINDERS);
    await hanging;
    const taken = await first.runtime.ses.sent();
    const stoppedAt = first.runtime.stepFunctions.now();
    await first.stop();

    // Act: restart on the same data well after the lease ran out, re-arm, and go on
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const second = await startUnit({
      startAt: stoppedAt,
      subjects: ['C1'],
      dataDir: dir,
      sendLeaseSeconds: 1,
    });
    units.push(second);
    await rearmClocks(second.runtime);
    await second.advanceTo(AFTER_REMINDERS);

    // Assess: the engine took it before the kill, its event had not come, and nothing
    // took it again
    expect([marks, confirmed]).toEqual([1, 0]);
    expect(
      recipients(taken.map((m) => ({ ...m, to: m.to.join(','), text: m.text ?? '' }))),
    ).toEqual(['social-worker']);
    expect(await second.runtime.ses.sent()).toEqual([]);
    const mail = second.runtime.mail.entries();
    expect(mail.map((m) => m.to.join(','))).toEqual(['social-worker@council.example']);
    expect(second.runtime.stepFunctions.failures).toEqual([]);
  });
  it("is sent once when the sender's mark fails after SES took the email: its Send event, after the step, marks the claim", async () => {
    // Prepare: the act step's mark of its first email fails (DynamoDB refuses it, say),
    // so the step fails with its claim `sending`; Step Functions retries the step once
    // the lease (1 s) has run out, when, without the Send event, it would take the
    // claim over and send again
    let failedMarks = 0;
    const unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sendLeaseSeconds: 1,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async markSent(key, messageId, at) {
            if (!key.startsWith('morning-list-complete#') && failedMarks === 0) {
              failedMarks++;
              await new Promise((resolve) => setTimeout(resolve, 1_100));
              throw new Error('InternalServerError: the mark was refused');
            }
            return deps.notifications.markSent(key, messageId, at);
          },
        },
      }),
    });
    units.push(unit);
    await unit.record(conferenceBooked);

    // Act
    await unit.advanceTo(AFTER_REMINDERS);

    // Assess: one email, the workflow still keeping the clock
    expect(failedMarks).toBe(1);
    expect(recipients(await unit.mail())).toEqual(['social-worker']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });
  it("is sent once when the act step's Lambda times out after SES took the email", async () => {
    // Prepare: the act step's time runs out just as SES answers the first send: Lambda
    // freezes it there, so its own mark never reaches DynamoDB; middy ends it at its
    // timeout (5 s) and Step Functions retries the step, which waits past the lease.
    // (How the bench's act steps, on a shortened timeout, sent two emails twice.)
    let timedOut = 0;
    const unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sendLeaseSeconds: 1,
      lambdaTimeoutMs: { 'act-step': 5_000 },
      adjust: (deps) => ({
        ...deps,
        mailer: {
          async send(email) {
            const sent = await deps.mailer.send(email);
            if (timedOut++ === 0) timeOutThisInvocation();
            return sent;
          },
        },
      }),
    });
    units.push(unit);
    await unit.record(conferenceBooked);

    // Act
    await unit.advanceTo(AFTER_REMINDERS);

    // Assess: one email, no alert, the workflow still keeping the clock
    expect(timedOut).toBe(1);
    expect(recipients(await unit.mail())).toEqual(['social-worker']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });
  it('never stops the clock when the act step times out more often than its retries allow', async () => {
    // Prepare: the act step runs out of time five times running before it claims its
    // email (a slow table, say): one attempt and three retries each time out, which
    // used to end on the alert path, the clock stopped until the child's next event
    let timedOut = 0;
    const unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sendLeaseSeconds: 1,
      journalMail: true,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async claim(key, now, seconds, owner) {
            if (timedOut < 5) {
              timedOut++;
              timeOutThisInvocation();
            }
            return deps.notifications.claim(key, now, seconds, owner);
          },
        },
      }),
    });
    units.push(unit);
    await unit.record(conferenceBooked);

    // Act
    await unit.advanceTo(AFTER_REMINDERS);

    // Assess: the reminder once, on its day, no "workflow stopped" alert, the clock kept
    expect(timedOut).toBe(5);
    const mail = unit.runtime.mail.entries();
    expect(mail.map((m) => m.to.join(','))).toEqual(['social-worker@council.example']);
    expect(mail[0]?.sentAt).toBe('2017-01-09T10:00:00.000Z');
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });
  it('is a morning list listed once, its lines not again the next day, when its sender dies after SES took it', async () => {
    // Prepare: C1 looked after from Mon 2 January: first review due Mon 30 January, its
    // lines in Mon 9 January's lists (15 working days before), the next on Mon 23
    // January. The morning list dies after SES took its first list, before marking it
    // or its lines; the schedule runs it again
    let crashes = 0;
    const unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      journalMail: true,
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async markSentMany(keys, messageId, at) {
            // A list's mark: the list's own key, then its new lines
            if (crashes === 0 && keys[0]?.startsWith('morning-list#')) {
              crashes++;
              throw new Error('Runtime.ExitError: the process died');
            }
            return deps.notifications.markSentMany(keys, messageId, at);
          },
        },
      }),
    });
    units.push(unit);
    await unit.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });

    // Act
    await unit.advanceTo('2017-01-20T16:00:00Z');

    // Assess: one list each on the 9th, and none after (the lines went in those)
    const lists = unit.runtime.mail
      .entries()
      .filter((m) => m.subject.startsWith('Morning list for '))
      .map((m) => `${(m.to[0] ?? '').replace('@council.example', '')} ${m.sentAt.slice(0, 10)}`);
    expect(crashes).toBe(1);
    expect(lists.sort()).toEqual(['iro 2017-01-09', 'social-worker 2017-01-09']);
  });
});
