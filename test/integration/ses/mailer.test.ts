import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReminderEmail } from '../../../functions/adapters/ports.js';
import { sesUnitAlerts } from '../../../functions/adapters/ses/alerts.js';
import {
  type MailRetryOptions,
  PermanentMailError,
  sesMailer,
} from '../../../functions/adapters/ses/mailer.js';
import { type SesLocal, startSesLocal } from '../../../infra/local/engines/ses-local.js';
import { OBLIGATION_KINDS } from '../../../workflows/obligations.js';

const FROM = 'Safeguarding Unit <reminders@council.example>';
const UNIT = "Children's Safeguarding Unit";
const noWait: MailRetryOptions = {
  attempts: 3,
  baseDelayMs: 0,
  maxDelayMs: 0,
  sleep: async () => {},
};

const reminder: ReminderEmail = {
  to: 'iro.one@council.example',
  recipientRole: 'iro',
  obligation: { kind: 'lac-review', subjectId: 'C1', due: '2017-01-30', overdue: false },
  action: 'reminder',
  caseRecordUrl: 'https://cms.example.gov.uk/children/C1',
};

/** An obligation of each kind, as the planner would give it (with the fields an email must not use). */
const obligationOf = (kind: (typeof OBLIGATION_KINDS)[number]): ReminderEmail['obligation'] => ({
  kind,
  subjectId: kind === 'foster-carer-review' ? 'F1' : 'C2',
  due: kind === 'conference-report' ? '2017-03-23T10:00:00+00:00' : '2017-03-23',
  overdue: false,
  ...(kind === 'conference-report' || kind === 'conference-minutes' ? { refId: 'K1' } : {}),
  // a review is referred to by the date it was held
  ...(kind === 'review-decisions' || kind === 'review-record' ? { refId: '2017-03-16' } : {}),
  ...(kind === 'dispute-stage' ? { refId: 'D1', stage: 3 as const } : {}),
});

describe('sesMailer against aws-ses-v2-local', () => {
  let ses: SesLocal;

  beforeAll(async () => {
    ses = await startSesLocal();
  }, 30_000);

  afterAll(async () => {
    await ses?.stop();
  });

  beforeEach(async () => {
    await ses.clear();
  });

  it('delivers a reminder to its recipient with the reference, the due date and the link, and nothing personal', async () => {
    // Prepare: what the planner hands over carries more than an email may say.
    const planned = {
      ...reminder,
      obligation: {
        ...reminder.obligation,
        basis: 'first review within 20 working days of becoming looked after on 2017-01-02',
        startedOn: '2017-01-02',
        childName: 'Amelia Smuggledname',
        dateOfBirth: '2009-05-01',
      },
    } as unknown as ReminderEmail;
    const mailer = sesMailer(ses.client, {
      from: FROM,
      unitName: UNIT,
      configurationSetName: 'iro-reminders',
      retry: noWait,
    });

    // Act
    const { messageId } = await mailer.send(planned);

    // Assess
    const sent = await ses.sent();
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail).toMatchObject({
      messageId,
      from: FROM,
      to: ['iro.one@council.example'],
      cc: [],
      bcc: [],
    });
    expect(mail?.subject).toBe(
      'Reminder: Looked-after child review - child C1 - due Monday 30 January 2017',
    );
    expect(mail?.text).toContain('Child reference: C1');
    expect(mail?.text).toContain('Case record: https://cms.example.gov.uk/children/C1');
    expect(mail?.html).toContain('<a href="https://cms.example.gov.uk/children/C1">');
    const stored = JSON.stringify(sent);
    for (const forbidden of [
      'Amelia',
      'Smuggledname',
      '2009-05-01',
      '2017-01-02',
      'becoming looked after',
    ]) {
      expect(stored).not.toContain(forbidden);
    }
  });

  it('delivers every kind of reminder and escalation, each to its own recipient', async () => {
    // Prepare
    const mailer = sesMailer(ses.client, { from: FROM, unitName: UNIT, retry: noWait });
    const emails = OBLIGATION_KINDS.flatMap((kind) =>
      (['reminder', 'escalation'] as const).map(
        (action): ReminderEmail => ({
          ...reminder,
          to: `${kind}.${action}@council.example`,
          obligation: obligationOf(kind),
          action,
        }),
      ),
    );

    // Act
    for (const email of emails) await mailer.send(email);

    // Assess
    const sent = await ses.sent();
    expect(sent.map((m) => m.to)).toEqual(emails.map((e) => [e.to]));
    for (const [i, mail] of sent.entries()) {
      const { subjectId, refId } = emails[i]?.obligation ?? reminder.obligation;
      expect(mail.subject).toContain(subjectId);
      expect(mail.subject).toContain('Thursday 23 March 2017');
      if (refId !== undefined)
        expect(mail.text).toContain(refId === '2017-03-16' ? 'Thursday 16 March 2017' : refId);
      expect(mail.text).toContain("Children's Safeguarding Unit");
    }
  });

  it('turns a request the service refuses into a PermanentMailError, sent once and stored nowhere', async () => {
    // Prepare: the engine, like SES, refuses a message with no sender.
    const mailer = sesMailer(ses.client, { from: '', unitName: UNIT, retry: noWait });

    // Act
    const sending = mailer.send(reminder);

    // Assess
    await expect(sending).rejects.toThrow(PermanentMailError);
    await expect(sending).rejects.toMatchObject({ affects: 'message' });
    expect(await ses.sent()).toEqual([]);
  });

  it('delivers a unit alert to the duty inbox', async () => {
    // Prepare
    const alerts = sesUnitAlerts(ses.client, {
      from: FROM,
      to: 'duty@council.example',
      unitName: UNIT,
      retry: noWait,
    });

    // Act
    await alerts.send('No iro can be reached for C1: a lac-review reminder was not sent.');

    // Assess
    const [mail] = await ses.sent();
    expect(mail?.to).toEqual(['duty@council.example']);
    expect(mail?.text).toContain('No iro can be reached for C1');
  });
});

describe('startSesLocal', () => {
  it('clears its store, and stops', async () => {
    // Prepare
    const ses = await startSesLocal();
    try {
      await sesMailer(ses.client, { from: FROM, unitName: UNIT, retry: noWait }).send(reminder);
      expect(await ses.sent()).toHaveLength(1);

      // Act
      await ses.clear();

      // Assess
      expect(await ses.sent()).toEqual([]);
    } finally {
      await ses.stop();
    }
    await expect(fetch(`${ses.endpoint}/health-check`)).rejects.toThrow();
  }, 30_000);
});
