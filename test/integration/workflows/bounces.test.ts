/**
 * A reminder that cannot be delivered: SES reports a bounce, the address is flagged,
 * the duty inbox is told whose address to fix, and the next reminder to that person
 * is reported instead of sent.
 */
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleSesFeedback } from '../../../functions/ses-feedback.js';
import { DUTY_INBOX } from '../../../infra/local/runtime.js';
import { emailOf, recipients, startUnit, type Unit } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
});
afterAll(async () => {
  await unit.stop();
});

/** SES's event publishing record for a permanent bounce, as SNS delivers it to Lambda. */
const bounceOf = (address: string): SNSEvent =>
  ({
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          Message: JSON.stringify({
            eventType: 'Bounce',
            bounce: {
              bounceType: 'Permanent',
              bounceSubType: 'General',
              bouncedRecipients: [{ emailAddress: address }],
              timestamp: '2017-01-09T08:00:05.000Z',
            },
            mail: { timestamp: '2017-01-09T08:00:00.000Z', messageId: 'm-1' },
          }),
        },
      },
    ],
  }) as unknown as SNSEvent;

describe('bounces (SES event destination)', () => {
  it('flags the address and tells the duty inbox whose it is, by staff id only', async () => {
    // Prepare: the first reminders go out
    await unit.record({
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    await unit.advanceTo('2017-01-09T08:00:00Z');
    const before = (await unit.mail()).length;

    // Act
    const result = await handleSesFeedback(bounceOf(emailOf('social-worker')), unit.runtime.deps);

    // Assess
    expect(result).toEqual({ flagged: 1, confirmed: 0 });
    expect((await unit.runtime.deps.staff.getStaff('social-worker'))?.undeliverable).toMatchObject({
      reason: 'bounce',
    });
    const [alert] = (await unit.mail()).slice(before);
    expect(alert?.to).toBe(DUTY_INBOX);
    expect(alert?.text).toContain('social-worker');
    expect(alert?.text).not.toContain(emailOf('social-worker'));
  });

  it("sends the next morning list to the others, and reports what it could not send in the duty inbox's one summary", async () => {
    // Prepare
    const before = (await unit.mail()).length;

    // Act: 5 working days before the review
    await unit.advanceTo('2017-01-23T08:00:00Z');

    // Assess
    const mail = (await unit.mail()).slice(before);
    expect(recipients(mail).sort()).toEqual(['duty-inbox@localhost', 'iro']);
    const summary = mail.find((m) => m.to === DUTY_INBOX)?.text;
    expect(summary).toContain('- lac-review: no social-worker: 1');
    expect(summary).not.toContain('C1');
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
