/**
 * Who hears what after an SSDA903 upload (issue 17's measure): a return like the DfE's
 * fake one (generated, with its faults) uploaded through the API into the sample unit
 * (its staff from infra/local/sample/staff.json; the imported children unallocated but
 * for a few, as an upload finds them), then the following working days on the virtual
 * clock. Counts the emails each recipient receives on the upload's day and on each day
 * after, so a flood (one email per overdue item) shows as more than one for somebody.
 */
import { manageImports } from '../../functions/imports.js';
import { sampleAllocations, sampleStaff } from '../../infra/local/replay.js';
import { startLocalRuntime } from '../../infra/local/runtime.js';
import { addDays, type LocalDate, londonInstant } from '../../workflows/calendar/index.js';
import { generateReturn } from './ssda903-return.js';

export interface UploadMail {
  readonly children: number;
  /** Of them, allocated to the sample's IROs, social workers and team managers. */
  readonly allocated: number;
  readonly eventsWritten: number;
  readonly uploadedOn: LocalDate;
  /** The emails of each day from the upload's on, by recipient. */
  readonly days: readonly {
    readonly date: LocalDate;
    readonly byRecipient: Readonly<Record<string, number>>;
    /** Their subjects, for the record. */
    readonly subjects: readonly string[];
  }[];
}

/** Children of the upload allocated to the sample's IROs and social workers, as a few already were. */
const ALLOCATED = 6;

/**
 * Uploads a generated return of `children` on Tue 2 April 2024 at 10:00 London (the
 * return's year ends on Sun 31 March; Easter Monday is 1 April), then follows `days`
 * more days to the end of each.
 */
export async function uploadMail(children = 50, days = 3): Promise<UploadMail> {
  const uploadedOn = '2024-04-02' as LocalDate;
  const runtime = await startLocalRuntime({ startAt: londonInstant(uploadedOn, '10:00:00') });
  try {
    const files = generateReturn(children, { faults: true });
    const ids = [
      ...new Set(
        files.episodes
          .split(/\r?\n/)
          .slice(1)
          .map((l) => l.split(',')[0]),
      ),
    ]
      .filter((id): id is string => id !== undefined && id !== '')
      .slice(0, ALLOCATED);
    const members = sampleStaff();
    for (const { staffId, name, email } of members)
      await runtime.deps.staff.putStaff({ staffId, name, email });
    for (const allocation of sampleAllocations(members, ids))
      await runtime.deps.staff.allocate(allocation);

    const seen = { count: 0 };
    const mailSince = async () => {
      const sent = await runtime.ses.sent();
      const fresh = sent.slice(seen.count);
      seen.count = sent.length;
      const byRecipient: Record<string, number> = {};
      for (const m of fresh) for (const to of m.to) byRecipient[to] = (byRecipient[to] ?? 0) + 1;
      return { byRecipient, subjects: fresh.map((m) => `${m.to.join(',')}: ${m.subject}`) };
    };

    const answer = (await manageImports(
      {
        version: '2.0',
        routeKey: 'POST /imports',
        rawPath: '/imports',
        rawQueryString: '',
        headers: {},
        isBase64Encoded: false,
        body: JSON.stringify(files),
        requestContext: {
          routeKey: 'POST /imports',
          requestId: 'upload-mail',
          authorizer: { jwt: { claims: { sub: 'admin', roles: 'admin' }, scopes: [] } },
        },
      } as never,
      runtime.deps,
    )) as { statusCode: number; body: string };
    if (answer.statusCode !== 202) throw new Error(`POST /imports answered ${answer.statusCode}`);
    const { importId } = JSON.parse(answer.body) as { importId: string };
    let record = await runtime.deps.imports.record(importId);
    for (let attempt = 0; record?.status === 'running' && attempt < 1000; attempt++) {
      await runtime.stepFunctions.settled();
      record = await runtime.deps.imports.record(importId);
    }
    if (record?.status !== 'done')
      throw new Error(
        `the import is ${record?.status}: ${record?.failure ?? ''} ${JSON.stringify(runtime.stepFunctions.failures)}`,
      );
    const results = await runtime.deps.imports.results(importId);
    const eventsWritten = results.reduce(
      (n, r) => n + Object.values(r.written).reduce((a, b) => a + b, 0),
      0,
    );

    const out: UploadMail['days'][number][] = [];
    for (let d = 0; d <= days; d++) {
      const date = addDays(uploadedOn, d);
      await runtime.stepFunctions.advanceTo(londonInstant(addDays(date, 1), '00:00:00'));
      out.push({ date, ...(await mailSince()) });
    }
    return { children, allocated: ids.length, eventsWritten, uploadedOn, days: out };
  } catch (error) {
    // Said before the engines stop under whatever is still running.
    console.error(error);
    throw error;
  } finally {
    await runtime.stepFunctions.settled().catch(() => {});
    await runtime.stop();
  }
}
