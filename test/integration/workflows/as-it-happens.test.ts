/**
 * A member of staff who asked for each reminder as it happens (`reminders:
 * 'as-it-happens'` on PUT /staff/{id}) gets each routine line as its own email at the
 * council's reminder time (08:00 London) on the day it falls, and no morning list; the
 * others keep their lists.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentMailError } from '../../../functions/adapters/ses/sending.js';
import { sendMorningLists } from '../../../functions/morning-list.js';
import { StaffBody } from '../../../functions/staff.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { emailOf, startUnit, type Unit } from './support.js';

let unit: Unit;
let mail: readonly JournalledMail[];
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'], journalMail: true });
  await unit.runtime.deps.staff.putStaff({
    staffId: 'iro',
    name: 'The iro',
    email: emailOf('iro'),
    reminders: 'as-it-happens',
  });
  // First review due Mon 30 January: lines on Mon 9 and Mon 23 January.
  await unit.record({
    eventId: 'c1',
    type: 'BecameLookedAfter',
    childId: 'C1',
    date: '2017-01-02',
  });
  await unit.advanceTo('2017-01-24T12:00:00Z');
  mail = unit.runtime.mail.entries();
}, 60_000);
afterAll(async () => {
  await unit.stop();
});

const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');

describe('each reminder as it happens', () => {
  it('sends the IRO each line as its own email at 08:00 on its day, and no morning list', () => {
    const iro = mail.filter((m) => who(m) === 'iro');
    expect(iro.map((m) => `${m.sentAt} ${m.subject}`)).toEqual([
      '2017-01-09T08:00:00.000Z Reminder: Looked-after child review - child C1 - due Monday 30 January 2017',
      '2017-01-23T08:00:00.000Z Reminder: Looked-after child review - child C1 - due Monday 30 January 2017',
    ]);
  });

  it('leaves the social worker their morning lists', () => {
    const social = mail.filter((m) => who(m) === 'social-worker');
    expect(social.map((m) => `${m.sentAt} ${m.subject}`)).toEqual([
      '2017-01-09T07:30:00.000Z Morning list for Monday 9 January 2017: 1 new',
      '2017-01-23T07:30:00.000Z Morning list for Monday 23 January 2017: 1 new',
    ]);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });

  it('is set on the staff record, and a wrong value is named without being echoed', () => {
    const ok = StaffBody.safeParse({
      name: 'A',
      email: 'a@council.example',
      reminders: 'as-it-happens',
    });
    const bad = StaffBody.safeParse({
      name: 'A',
      email: 'a@council.example',
      reminders: 'hourly-xyz',
    });
    expect(ok.success).toBe(true);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['reminders']);
    expect(JSON.stringify(bad.error?.issues)).not.toContain('hourly-xyz');
  });

  it('is kept on the staff record', async () => {
    expect(await unit.runtime.deps.staff.getStaff('iro')).toMatchObject({
      reminders: 'as-it-happens',
    });
  });
});

describe('a reminder as it happens that can never be delivered', () => {
  let alone: Unit;
  beforeAll(async () => {
    // The virtual clock stays put: the sweep of Monday 9 January is run by hand.
    alone = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
    await alone.runtime.deps.staff.putStaff({
      staffId: 'iro',
      name: 'The iro',
      email: emailOf('iro'),
      reminders: 'as-it-happens',
    });
    await alone.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
  }, 60_000);
  afterAll(async () => {
    await alone.stop();
  });

  it('is marked failed and told to the unit, once, as the act step tells it', async () => {
    // Prepare: SES refuses this one email for good
    const told: string[] = [];
    const deps = {
      ...alone.runtime.deps,
      mailer: {
        send: () =>
          Promise.reject(
            new PermanentMailError('MessageRejected', 'message', 'refused', undefined),
          ),
      },
      alerts: {
        send: async (message: string) => {
          told.push(message);
        },
      },
    };

    // Act: the sweep, then the same sweep again (a retried schedule)
    const first = await sendMorningLists({ sweep: 'as-it-happens', date: '2017-01-09' }, deps);
    const again = await sendMorningLists({ sweep: 'as-it-happens', date: '2017-01-09' }, deps);

    // Assess
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(again).toMatchObject({ sent: 0, failed: 0 });
    expect(told).toEqual(['A lac-review reminder to the iro for C1 could not be delivered.']);
  });
});

describe('a setting stored before the sweep kept its registry', () => {
  let old: Unit;
  beforeAll(async () => {
    old = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'], journalMail: true });
    await old.runtime.deps.staff.putStaff({
      staffId: 'iro',
      name: 'The iro',
      email: emailOf('iro'),
      reminders: 'as-it-happens',
    });
    // As a record written before the registry: the setting, without its registry item.
    await old.runtime.dynamo.client.send(
      new DeleteCommand({
        TableName: old.runtime.dynamo.tableName,
        Key: { pk: 'AS-IT-HAPPENS', sk: 'STAFF#iro' },
      }),
    );
    await old.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    await old.advanceTo('2017-01-10T12:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await old.stop();
  });

  it('still reaches the IRO: in the morning list, since the sweep does not know them', () => {
    const iro = old.runtime.mail.entries().filter((m) => who(m) === 'iro');
    expect(iro.map((m) => `${m.sentAt} ${m.subject}`)).toEqual([
      '2017-01-09T07:30:00.000Z Morning list for Monday 9 January 2017: 2 new',
    ]);
  });
});
