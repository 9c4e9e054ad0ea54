/**
 * Exactly one email per (obligation, step, recipient) when things go wrong: SES
 * throttling, the same event posted twice, a handler crashing part-way through a step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recipients, startUnit, type Unit } from './support.js';
import { type ThrottlingProxy, throttlingProxy } from './throttling-proxy.js';

let unit: Unit | undefined;
let proxy: ThrottlingProxy | undefined;
afterEach(async () => {
  await unit?.stop();
  await proxy?.close();
  unit = undefined;
  proxy = undefined;
});

const lookedAfter = {
  eventId: 'e1',
  type: 'BecameLookedAfter',
  childId: 'C1',
  date: '2017-01-02',
} as const;

/**
 * A conference on Mon 16 January 10:00: its report is due Thu 12 January 10:00, and its
 * lines go at once, from the workflow: the social worker on Mon 9 January 10:00
 * (3 working days before), and the chair and team manager at the due time.
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
const REPORT_DUE = '2017-01-12T10:00:00Z';

describe('faults', () => {
  it('sends each email once when SES throttles the first attempts', async () => {
    // Prepare: SES refuses the first six sends: more than the mailer's own 4 attempts, so
    // the state machine's retry of the step is needed too
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sesEndpoint: async (ses) => {
        proxy = await throttlingProxy(ses, 6);
        return proxy.endpoint;
      },
    });
    await unit.record(conferenceBooked);

    // Act: the social worker's reminders (3 and 1 working days before), then the chair's
    // and team manager's alert at the due time
    await unit.advanceTo(REPORT_DUE);

    // Assess
    expect(proxy?.refused()).toBe(6);
    expect(recipients(await unit.mail()).sort()).toEqual([
      'chair',
      'social-worker',
      'social-worker',
      'team-manager',
    ]);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });

  it('stores one event and sends one morning list each when the same event is posted twice', async () => {
    // Prepare
    unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });

    // Act
    const first = await unit.record(lookedAfter);
    const second = await unit.record(lookedAfter);
    await unit.advanceTo('2017-01-09T08:00:00Z');

    // Assess
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(await unit.runtime.deps.events.history('reviews/C1')).toHaveLength(1);
    expect(recipients(await unit.mail()).sort()).toEqual(['iro', 'social-worker']);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });

  it('retries a step that crashed after its first email without sending that email again', async () => {
    // Prepare: the act step dies right after recording its first email as sent (the
    // chair's or the team manager's, both due at the same instant)
    let crashes = 0;
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      adjust: (deps) => ({
        ...deps,
        notifications: {
          ...deps.notifications,
          async markSent(key, messageId, at) {
            await deps.notifications.markSent(key, messageId, at);
            if (crashes === 0) {
              crashes++;
              throw new Error('Runtime.ExitError: the process died');
            }
          },
        },
      }),
    });
    await unit.record(conferenceBooked);
    await unit.advanceTo('2017-01-12T09:00:00Z');
    crashes = 0; // armed again: the crash to watch is at the due time

    // Act
    await unit.advanceTo(REPORT_DUE);

    // Assess
    expect(crashes).toBe(1);
    expect(recipients((await unit.mail()).slice(2)).sort()).toEqual(['chair', 'team-manager']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
