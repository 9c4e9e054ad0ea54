/**
 * `npm start`: the whole system on this machine, no AWS account. A sample authority's
 * case events are recorded through the real handlers as the days they happened come
 * round on a virtual clock; the deployed state machines (run by aws-local-stepfunctions)
 * keep each clock, send reminders and escalations through aws-ses-v2-local, and keep the
 * board the API reads, in dynalite. At the end it shows the mail sent and what is open.
 *
 *   npm start                                      the sample, up to 3 July 2017
 *   npm start -- --events FILE --until YYYY-MM-DD  your own events
 *   npm start -- --serve                           then keep serving the API and the mail page
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Caller } from '../../functions/access.js';
import { obligationsTable } from '../../functions/cli.js';
import { unitReport } from '../../functions/reports.js';
import { isLocalDate, londonInstant } from '../../workflows/calendar/index.js';
import { parseEventLines } from '../../workflows/events.js';
import { periodLabel, TABLES, valueText } from '../../workflows/figures/measures.js';
import { lastFinancialYear } from '../../workflows/figures/period.js';
import { DISPUTE_STAGE_ROLES } from '../../workflows/policy.js';
import { WEB_OUTDIR } from '../build-web.js';
import { serveLocalApi } from './api-server.js';
import { arrivalsOf, progressLine, type ReplayProgress, replay } from './replay.js';
import { LOCAL_CASE_RECORD_URL, startLocalRuntime } from './runtime.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: 'infra/local/sample/events.jsonl' },
    until: { type: 'string', default: '2017-07-03' },
    serve: { type: 'boolean', default: false },
    port: { type: 'string', default: '3000' },
  },
});
const until = values.until;
if (!isLocalDate(until)) throw new Error('--until must be a date written YYYY-MM-DD');

const { events, problems } = parseEventLines(await readFile(values.events, 'utf8'));
if (problems.length > 0) {
  for (const p of problems)
    console.error(`${values.events}:${p.line}: ${p.field ?? ''} ${p.reason}`);
  process.exit(2);
}
const arrivals = arrivalsOf(events.map(({ event }) => event));
// The clock starts on the first event's day, or on --until if that comes first.
const first = [arrivals[0]?.date ?? until, until].sort()[0] ?? until;

const runtime = await startLocalRuntime({ startAt: londonInstant(first, '09:00:00') });
const { deps, stepFunctions, ses } = runtime;
try {
  const caller: Caller = { id: 'sample-import', roles: ['admin'] };
  const progress = progressReporter(process.stderr);
  const outcome = await replay(
    runtime,
    arrivals.map(({ event }) => event),
    caller,
    { until, onProgress: progress.tell },
  );
  progress.done();
  for (const { type, date, status } of outcome.refused)
    console.error(`${type} on ${date} was not recorded: ${status}`);
  const { recorded, subjects } = outcome;

  const mail = await ses.sent();
  const byRole = new Map<string, number>();
  for (const message of mail) {
    const role = message.to[0]?.split('@')[0] ?? '?';
    byRole.set(role, (byRole.get(role) ?? 0) + 1);
  }
  console.log(
    `Recorded ${recorded} events from ${first} to ${until} on a virtual clock${outcome.afterUntil > 0 ? ` (${outcome.afterUntil} dated after ${until} left out)` : ''}.`,
  );
  console.log(
    `The workflows sent ${mail.length} reminders and escalations: ${[...byRole]
      .sort()
      .map(([role, count]) => `${count} to the ${role}`)
      .join(', ')}.`,
  );
  console.log('\nThe last five, as sent (subjects only):');
  for (const message of mail.slice(-5))
    console.log(`  to ${message.to.join(', ')}: ${message.subject}`);

  const open = (await Promise.all(subjects.map((s) => deps.board.forSubject(s)))).flat();
  const today = until;
  const shown = open
    .map((o) => ({ ...o, overdue: today > o.due.slice(0, 10) }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  console.log(`\nOpen on ${until}, as the API's board shows it:\n`);
  process.stdout.write(obligationsTable(shown));
  console.log(
    `\n${stepFunctions.running().length} workflows are waiting for their next step; dispute stages answer to ${Object.values(DISPUTE_STAGE_ROLES).join(' -> ')}.`,
  );
  await headlineFigures();
  if (stepFunctions.failures.length > 0) {
    console.error('Workflows that failed:', stepFunctions.failures);
    process.exitCode = 1;
  }
  if (values.serve) await serve();
} finally {
  await runtime.stop();
}

/**
 * The unit's headline figures for the last complete financial year as of `--until`, as
 * GET /reports/figures answers them (the same call, over the same tables), in the words
 * of `cli report`'s tables.
 */
async function headlineFigures(): Promise<void> {
  const period = lastFinancialYear(until);
  const { figures, caseloads } = await unitReport({ period, years: 1 }, until, deps);
  const headline = ['L1', 'L5', 'L8.decisions', 'C4.onTime', 'C6.onTime', 'D3'];
  const measures = TABLES.flatMap((table) => table.measures);
  console.log(
    `\nThe unit's figures for ${periodLabel(period)}, as GET /reports/figures answers:\n`,
  );
  for (const id of headline) {
    const measure = measures.find((m) => m.id === id);
    if (measure) console.log(`  ${measure.label} (${id}): ${valueText(measure.value(figures))}`);
  }
  const { on, iros, mean, lowest, highest, over70 } = caseloads;
  console.log(
    `  IRO caseloads on ${on}: ${iros} IRO${iros === 1 ? '' : 's'}, looked-after children each: mean ${mean ?? 'n/a'}, lowest ${lowest ?? 'n/a'}, highest ${highest ?? 'n/a'}; ${over70} over 70`,
  );
}

/** Keeps the system up for a person to try: the API, the mail page, the clock. */
async function serve(): Promise<void> {
  const { url, server } = await serveLocalApi(
    deps,
    stepFunctions,
    Number(values.port),
    runtime.usage,
    { dir: WEB_OUTDIR, caseRecordUrlTemplate: LOCAL_CASE_RECORD_URL },
  );
  console.log(`
The system keeps running (Ctrl-C to stop):
  work tray    ${url}/   (sign in as one of the sample staff)
  API          ${url}   (who you are: headers x-local-user and x-local-roles, e.g. "iro admin")
  mail sent    ${ses.endpoint}   (aws-ses-v2-local's page)
  try          curl -H 'x-local-user: me' -H 'x-local-roles: iro' ${url}/disputes
               curl -X POST '${url}/local/clock?to=2017-07-10T09:00:00Z'   (move the clock on)`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * A progress line for a long replay, at most every two seconds: rewritten in place on a
 * terminal, one line each time otherwise (a log keeps them all).
 */
function progressReporter(stream: NodeJS.WriteStream) {
  let last = performance.now();
  let shown = false;
  const show = (p: ReplayProgress) => {
    const line = progressLine(p);
    if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
    else stream.write(`${line}\n`);
    shown = true;
  };
  return {
    tell(p: ReplayProgress) {
      const now = performance.now();
      if (now - last < 2_000 && p.recorded < p.total) return;
      last = now;
      show(p);
    },
    done() {
      if (shown && stream.isTTY) stream.write('\n');
    },
  };
}
