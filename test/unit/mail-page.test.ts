/**
 * The local mail page: each message with the virtual date it was sent on, in London
 * time, newest first; the journal outlives a restart when it has a file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailJournal, mailPage } from '../../infra/local/engines/mail-page.js';

const message = (sentAt: string, subject: string) => ({
  sentAt,
  messageId: `m-${sentAt}`,
  to: ['amira.khan@sample.council.example'],
  subject,
  text: 'Child reference: C1',
});

describe('the mail page', () => {
  it('dates each message by the virtual clock in London time, newest first', () => {
    // Prepare: 07:00Z on 10 July 2017 is 08:00 BST; 08:00Z on 9 January 2017 is 08:00 GMT.
    const mail = [
      message('2017-01-09T08:00:00.000Z', 'Reminder: first'),
      message('2017-07-10T07:00:00.000Z', 'Reminder: second'),
    ];

    // Act
    const page = mailPage(mail, '2017-07-10T09:00:00.000Z');

    // Assess
    expect(page).toContain('Mon, 10 Jul 2017, 08:00');
    expect(page).toContain('Mon, 9 Jan 2017, 08:00');
    expect(page.indexOf('Reminder: second')).toBeLessThan(page.indexOf('Reminder: first'));
    expect(page).toContain('2 messages, newest first');
    expect(page).toContain(
      'The virtual clock stands at <time datetime="2017-07-10T09:00:00.000Z">Mon, 10 Jul 2017, 10:00',
    );
  });

  it('shows text as text, never as markup', () => {
    const page = mailPage(
      [message('2017-01-09T08:00:00.000Z', '<script>alert(1)</script> & co')],
      '2017-01-09T09:00:00.000Z',
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });
});

describe('the mail journal', () => {
  it('with a file, a new journal on it reads back what an earlier one kept', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'iro-mail-'));
    const file = join(dir, 'mail.jsonl');
    const first = new MailJournal(file);
    first.add(message('2017-01-09T08:00:00.000Z', 'one'));
    first.add(message('2017-01-23T08:00:00.000Z', 'two'));

    // Act
    const again = new MailJournal(file);

    // Assess
    expect(again.entries().map((m) => m.subject)).toEqual(['one', 'two']);
    expect(new MailJournal().entries()).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
