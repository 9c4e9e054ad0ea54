/**
 * An import's one summary (issue 17): history brought in reminds nobody of what was
 * already overdue when it arrived; the service manager is told once, when the import
 * is done, what arrived overdue by kind, with a link to the unit board and no child's
 * reference. On the local engines: dynalite, the Step Functions runner, the SES engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../../functions/adapters/ports.js';
import { PermanentMailError, TransientMailError } from '../../../functions/adapters/ses/sending.js';
import { ImportSummaryHeld, sendImportSummary } from '../../../functions/import/summary.js';
import { importChunk } from '../../../functions/import-chunk.js';
import { manageImports } from '../../../functions/imports.js';
import { DUTY_INBOX } from '../../../infra/local/runtime.js';
import { episode, episodes, review, reviews } from '../../unit/import/support.js';
import { emailOf, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler } from './support.js';

const ADMIN = { roles: ['admin'], sub: 'admin-1' };

/**
 * Uploaded on Sun 1 April 2018 at 10:00 London (default settings):
 * - LAC-3001 starts on Thu 1 February 2018, not reviewed: first review due 20 working
 *   days on, Thu 1 March 2018: overdue.
 * - LAC-3002 starts on Thu 1 March 2018, not reviewed: due Thu 29 March 2018 (2-9 March
 *   are 6 working days, 12-23 March 10 more, 26-29 March the last 4): overdue.
 * - LAC-3003 starts on Thu 15 March 2018, not reviewed: due Mon 16 April 2018 (Good
 *   Friday and Easter Monday are not working days): not overdue.
 * - LAC-3004 starts on Thu 1 June 2017, reviewed Tue 20 June and Fri 15 September 2017:
 *   the next review is due 6 months after the last, Thu 15 March 2018: overdue; each of
 *   the two reviews has its decisions (5 working days) and its record (20 working
 *   days) due in 2017 and never shared: 2 + 2 overdue.
 * So 3 looked-after child reviews, 2 decisions and 2 records of a review arrived overdue.
 */
const RETURN = {
  episodes: episodes(
    episode('LAC-3001', '01/02/2018', 'S', 'C2', 'U1'),
    episode('LAC-3002', '01/03/2018', 'S', 'C2', 'U1'),
    episode('LAC-3003', '15/03/2018', 'S', 'C2', 'U1'),
    episode('LAC-3004', '01/06/2017', 'S', 'C2', 'U1'),
  ),
  reviews: reviews(review('LAC-3004', '20/06/2017'), review('LAC-3004', '15/09/2017')),
};
const CHILDREN = ['LAC-3001', 'LAC-3002', 'LAC-3003', 'LAC-3004'];

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2018-04-01T09:00:00Z', subjects: CHILDREN });
});
afterAll(async () => {
  await unit.stop();
});

/** Uploads the files and lets the import's state machine finish; its id and the mail it sent. */
async function upload(files: { episodes: string; reviews: string }) {
  const before = (await unit.mail()).length;
  const started = await callHandler(
    unit,
    manageImports,
    apiEvent('POST /imports', ADMIN, { body: files }),
  );
  expect(started.status).toBe(202);
  const importId = started.body.importId as string;
  const record = await unit.runtime.deps.imports.record(importId);
  expect(record?.status).toBe('done');
  return { importId, mail: (await unit.mail()).slice(before) };
}

const noChildIn = (text: string) => {
  for (const child of [...CHILDREN, 'LAC-3005', 'LAC-', '3001']) expect(text).not.toContain(child);
};

describe("an import's summary", () => {
  let first: Awaited<ReturnType<typeof upload>>;
  beforeAll(async () => {
    first = await upload(RETURN);
  });

  it('is the only email the upload sends: one, to the service manager', () => {
    expect(first.mail.map((m) => m.to)).toEqual([emailOf('service-manager')]);
  });

  it('counts what arrived overdue by kind, in the unit words, with the unit board', () => {
    const [summary] = first.mail;
    expect(summary?.subject).toBe(
      'Return imported on Sunday 1 April 2018: 7 items of work arrived overdue',
    );
    const text = summary?.text ?? '';
    expect(text).toContain('on Sunday 1 April 2018 at 10:00 brought in 7 items of work');
    const counts = text.split('\n').filter((line) => line.startsWith('- '));
    expect(counts).toEqual([
      '- Looked-after child review: 3',
      '- Decisions of the review: 2',
      '- Record of the review: 2',
    ]);
    expect(text).toContain('Unit board: http://localhost:3000/#/board');
    expect(text).not.toContain('duty inbox');
  });

  it("names no child: no reference, no link to a child's page", () => {
    const [summary] = first.mail;
    noChildIn(`${summary?.subject}\n${summary?.text}`);
    expect(summary?.text).not.toContain('#/child');
  });

  it('goes once: the completing step run again, or the failure path after it, sends nothing more', async () => {
    // Prepare
    const before = (await unit.mail()).length;
    const deps = unit.runtime.deps;

    // Act
    await importChunk({ importId: first.importId, finish: 'done' }, deps);
    await importChunk({ importId: first.importId, finish: 'done' }, deps);
    await importChunk(
      { importId: first.importId, finish: 'failed', error: 'States.Timeout' },
      deps,
    );

    // Assess
    expect((await unit.mail()).length).toBe(before);
  });

  it('goes to the duty inbox, saying why, when the service manager cannot be reached', async () => {
    // Prepare: the service manager's address bounced. LAC-3005 starts on Thu 1 February
    // 2018: its first review, due Thu 1 March 2018, arrives overdue.
    await unit.runtime.deps.staff.markUndeliverable(
      emailOf('service-manager'),
      'bounce',
      '2018-04-01T09:00:00Z',
    );

    // Act
    const second = await upload({
      episodes: episodes(episode('LAC-3005', '01/02/2018', 'S', 'C2', 'U1')),
      reviews: reviews(),
    });

    // Assess
    expect(second.mail.map((m) => m.to)).toEqual([DUTY_INBOX]);
    const [summary] = second.mail;
    expect(summary?.subject).toBe(
      'Return imported on Sunday 1 April 2018: 1 item of work arrived overdue',
    );
    expect(summary?.text).toContain('- Looked-after child review: 1');
    expect(summary?.text).toContain(
      'This summary comes to the duty inbox because no service manager can be reached',
    );
    noChildIn(`${summary?.subject}\n${summary?.text}`);
  });

  it('is not sent when nothing arrived overdue', async () => {
    // LAC-3006 starts on Tue 20 March 2018: its first review is due after today.
    const third = await upload({
      episodes: episodes(episode('LAC-3006', '20/03/2018', 'S', 'C2', 'U1')),
      reviews: reviews(),
    });
    expect(third.mail).toEqual([]);
  });
});

/**
 * The summary's send on its own, over the local engines, for an upload whose chunks'
 * results say 2 looked-after child reviews arrived overdue (the results given, the rest
 * real: the notifications log in dynalite, the SES engine).
 */
describe("an import's summary, when sending meets trouble", () => {
  const record = (importId: string): ImportRecord => ({
    importId,
    importedBy: 'admin-1',
    importedAt: '2018-04-01T09:00:00.000Z',
    status: 'done',
    chunks: 1,
    summary: {} as ImportRecord['summary'],
  });
  const depsFor = (send?: Unit['runtime']['deps']['importSummary']['send']) => {
    const deps = unit.runtime.deps;
    return {
      ...deps,
      imports: {
        ...deps.imports,
        results: async () => [
          {
            written: {},
            repeated: {},
            refused: {},
            problems: [],
            arrivedOverdue: { 'lac-review': 2 },
          },
        ],
      },
      importSummary: send ? { ...deps.importSummary, send } : deps.importSummary,
    };
  };

  it('waits for a claim another attempt holds: fails (Step Functions retries) and sends nothing', async () => {
    // Prepare
    const before = (await unit.mail()).length;
    const deps = depsFor();
    await deps.notifications.claim(
      'import-summary#held-1',
      deps.sendLease.now(),
      deps.sendLease.seconds,
      'another attempt',
    );

    // Act, assess
    await expect(sendImportSummary(record('held-1'), 'done', deps)).rejects.toBeInstanceOf(
      ImportSummaryHeld,
    );
    expect((await unit.mail()).length).toBe(before);
  });

  it('gives its claim back when SES keeps throttling, so the retry sends it, once', async () => {
    // Prepare
    const before = (await unit.mail()).length;
    let calls = 0;
    const throttledOnce = depsFor(async (email) => {
      calls++;
      if (calls === 1) throw new TransientMailError('TooManyRequestsException', 4, undefined);
      return await unit.runtime.deps.importSummary.send(email);
    });

    // Act: the step, then its retry, then a repeat.
    await expect(sendImportSummary(record('throttled-1'), 'done', throttledOnce)).rejects.toThrow(
      TransientMailError,
    );
    expect(await sendImportSummary(record('throttled-1'), 'done', throttledOnce)).toBe('sent');
    expect(await sendImportSummary(record('throttled-1'), 'done', throttledOnce)).toBe(
      'already sent',
    );

    // Assess
    const mail = (await unit.mail()).slice(before);
    expect(mail.map((m) => m.subject)).toEqual([
      'Return imported on Sunday 1 April 2018: 2 items of work arrived overdue',
    ]);
  });

  it("goes to the duty inbox when SES refuses the service manager's address for good", async () => {
    // Prepare: a new service manager, whose address SES rejects (the first one's bounced above).
    const { staff } = unit.runtime.deps;
    const manager = 'service-manager-2@council.example';
    await staff.putStaff({ staffId: 'service-manager-2', name: 'The new one', email: manager });
    await staff.allocate({
      subjectId: 'unit',
      roles: {
        'service-manager': 'service-manager-2',
        'head-of-service': 'head-of-service',
        director: 'director',
      },
    });
    const before = (await unit.mail()).length;
    const asked: string[] = [];
    const refusing = depsFor(async (email) => {
      asked.push(email.to);
      if (email.to === manager)
        throw new PermanentMailError(
          'MessageRejected',
          'message',
          'the address is refused',
          undefined,
        );
      return await unit.runtime.deps.importSummary.send(email);
    });

    // Act
    const outcome = await sendImportSummary(record('refused-1'), 'failed', refusing);

    // Assess
    expect(outcome).toBe('sent');
    const mail = (await unit.mail()).slice(before);
    expect(mail.map((m) => m.to)).toEqual([DUTY_INBOX]);
    expect(mail[0]?.text).toContain(
      'The import stopped before every part of the return was recorded',
    );
    expect(mail[0]?.text).toContain('- Looked-after child review: 2');
  });
});
