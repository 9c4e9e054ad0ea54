/**
 * `npm start`: the whole system on this machine, no AWS account. A sample authority's
 * case events are recorded through the real handlers as the days they happened come
 * round on a virtual clock; the deployed state machines (run by aws-local-stepfunctions)
 * keep each clock, send reminders and escalations through aws-ses-v2-local, and keep the
 * board the API reads, in dynalite. At the end it shows the mail sent and what is open.
 *
 *   npm start                                      the sample, up to 3 July 2017
 *   npm start -- --events FILE --until YYYY-MM-DD  your own events
 *   npm start -- --serve                           then keep serving, and keep the data in .local/
 *   npm start -- --help                            every flag
 *
 * The flags, the files they name and the ports are checked before anything starts
 * (infra/local/start-options.ts); the engines are loaded only once they pass.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { londonDate, londonInstant } from '../../workflows/calendar/index.js';
import { type LineEvent, parseEventLines } from '../../workflows/events.js';
import { listenEarly } from './engines/mail-page.js';
import { checkOnDisk, parseStartArgs, type StartOptions, USAGE } from './start-options.js';
import { watchStop } from './stop.js';

// From the first line: a Ctrl-C or SIGTERM (to this process or to npm) ends everything
// this process started and gives back the data directory.
const stop = watchStop();

/** One line naming the flag and the rule, and exit 2: no stack trace. */
function refuse(message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(2);
}

const parsed = parseStartArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (parsed.kind === 'refused') refuse(parsed.message);
const options: StartOptions = parsed.options;
const disk = await checkOnDisk(options);
if ('problem' in disk) refuse(disk.problem);
const resuming = options.serve && options.mode === 'resume-or-sample' && disk.data === 'held';
const replaying = !options.serve || options.mode !== 'fresh';

let events: LineEvent[] = [];
if (replaying && !resuming) {
  const text = await readFile(options.events, 'utf8').catch(() =>
    refuse('--events: the file cannot be read (check its permissions)'),
  );
  const read = parseEventLines(text);
  if (read.problems.length > 0) {
    for (const p of read.problems)
      console.error(`${options.events}:${p.line}: ${p.field ?? ''} ${p.reason}`);
    process.exit(2);
  }
  events = read.events;
}

/** Takes the port now, so one in use is found before the replay, not after it. */
async function takePort(flag: string, port: number): Promise<Server> {
  try {
    return await listenEarly(port);
  } catch (error) {
    const code = (error as { code?: string }).code;
    refuse(
      code === 'EADDRINUSE'
        ? `--${flag}: port ${port} is in use by another program: choose another with --${flag}`
        : code === 'EACCES'
          ? `--${flag}: this user may not listen on port ${port}: choose one above 1023`
          : `--${flag}: port ${port} cannot be listened on (${code ?? 'unknown error'})`,
    );
  }
}
const apiServer = options.serve ? await takePort('port', options.port) : undefined;
const mailServer = options.serve ? await takePort('mail-port', options.mailPort) : undefined;

const { wipeKept, readKept, writeKept, rearmClocks, holdData } = await import('./keep.js');
if (options.serve) {
  const holder = await holdData(options.data).catch(() =>
    refuse(`--data: ${options.data}/ cannot be created or written`),
  );
  if (holder !== 'held') {
    refuse(
      `--data: ${options.data}/ is in use by another npm start (process ${holder}): stop it first`,
    );
  }
}
let startAt: string;
if (resuming) {
  const kept = await readKept(options.data);
  if (!kept) {
    refuse(
      `--data: ${options.data}/state.json cannot be read: start again with --sample or --fresh`,
    );
  }
  startAt = kept.clock;
} else {
  if (options.serve) {
    await mkdir(options.data, { recursive: true });
    await wipeKept(options.data);
  }
  const arrivalDates = events.map(({ event }) =>
    event.type === 'ReportShared' ? londonDate(event.at) : event.date,
  );
  // The clock starts on the first event's day, or on --until if that comes first.
  const first = [...arrivalDates, options.until].sort()[0] ?? options.until;
  startAt = londonInstant(first, '09:00:00');
}

await session(startAt);
// Everything this process started is stopped by now: end, whatever timer a library left.
if (options.serve) process.exit();

async function session(startAt: string): Promise<void> {
  const [
    { startLocalRuntime, LOCAL_CASE_RECORD_URL },
    { sampleStaff, staffSample },
    { serveLocalApi },
    { serveMailPage },
  ] = await Promise.all([
    import('./runtime.js'),
    import('./replay.js'),
    import('./api-server.js'),
    import('./engines/mail-page.js'),
  ]);
  const staff = sampleStaff();
  const runtime = await startLocalRuntime({
    startAt,
    ...(options.serve ? { dataDir: options.data } : {}),
  });
  const { deps, stepFunctions } = runtime;
  try {
    if (resuming) {
      const armed = await rearmClocks(runtime);
      console.log(
        `Resumed the unit kept in ${options.data}/: the virtual clock stands at ${stepFunctions.now()}; ${armed} clock${armed === 1 ? '' : 's'} armed again, ${runtime.mail.entries().length} emails sent so far.`,
      );
      const { logs, subjects } = runtime.backfilled;
      if (logs + subjects > 0) {
        console.log(
          `The figures' summaries were kept for ${logs} log${logs === 1 ? '' : 's'} and the IROs of ${subjects} allocation${subjects === 1 ? '' : 's'} written by an older version.`,
        );
      }
    } else if (!replaying) {
      await staffSample(runtime, staff, []);
      console.log(
        `Started empty in ${options.data}/: the sample unit's ${staff.length} staff and no case events; the virtual clock stands at ${stepFunctions.now()}.`,
      );
    } else {
      const { report } = await import('./demo-report.js');
      await report(runtime, events, staff, options.until);
    }
    if (stepFunctions.failures.length > 0) {
      console.error('Workflows that failed:', stepFunctions.failures);
      process.exitCode = 1;
    }
    if (!options.serve || !apiServer || !mailServer) return;
    const keep = () => writeKept(options.data, { clock: stepFunctions.now() });
    await keep();
    const { WEB_OUTDIR } = await import('../build-web.js');
    const { url } = await serveLocalApi(
      deps,
      stepFunctions,
      options.port,
      runtime.usage,
      { dir: WEB_OUTDIR, caseRecordUrlTemplate: LOCAL_CASE_RECORD_URL },
      { listening: apiServer, staff, onClockMoved: keep },
    );
    serveMailPage(mailServer, runtime.mail, () => stepFunctions.now());
    const mailPort = (mailServer.address() as { port: number }).port;
    console.log(`
The system keeps running (Ctrl-C to stop; ${options.data}/ keeps it for next time):
  work tray    ${url}/   (sign in as one of the sample staff)
  API          ${url}   (who you are: headers x-local-user and x-local-roles, e.g. "iro admin")
  mail sent    http://127.0.0.1:${mailPort}   (each email with the virtual date it was sent)
  staff        ${url}/local/staff   (who to sign in as)
  try          curl -H 'x-local-user: akhan' -H 'x-local-roles: iro' ${url}/disputes
               curl -X POST -H 'x-local-clock: move' '${url}/local/clock?to=2017-07-10T09:00:00Z'   (move the clock on)`);
    await stop.serving();
    for (const server of [apiServer, mailServer]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await keep();
  } finally {
    await runtime.stop();
  }
}
