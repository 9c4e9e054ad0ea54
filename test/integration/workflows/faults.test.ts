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
    await unit.record(lookedAfter);

    // Act: the 15-day reminders to the IRO and the social worker
    await unit.advanceTo('2017-01-09T08:00:00Z');

    // Assess
    expect(proxy?.refused()).toBe(6);
    expect(recipients(await unit.mail()).sort()).toEqual(['iro', 'social-worker']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });

  it('stores one event and sends one email when the same event is posted twice', async () => {
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
    // Prepare: the act step dies right after recording its first email as sent
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
    await unit.record(lookedAfter);

    // Act
    await unit.advanceTo('2017-01-09T08:00:00Z');

    // Assess
    expect(crashes).toBe(1);
    expect(recipients(await unit.mail()).sort()).toEqual(['iro', 'social-worker']);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
