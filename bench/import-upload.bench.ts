/**
 * What the SSDA903 upload through the API costs (POST /imports, then the import state
 * machine). Two questions, each answered as a ratio:
 *
 * - Does a council's whole return fit one API call? A generated return of 10,000
 *   children over 5 years is planned as the handler plans it (read, check, map, the
 *   planner's review, chunks), against API Gateway's 29 s; its JSON body against the
 *   6 MB a Lambda function is invoked with.
 * - What does the import state machine cost, through the whole local system (the
 *   synthesized definitions on the local runner, dynalite, the real handlers)? A small
 *   authority's return is uploaded and followed until done, against its floor: the
 *   same events recorded through `POST /system/events` in batches of 100, as the case
 *   management system would send them, each event waking its child's workflow.
 *
 * - Who hears what after an upload (issue 17)? A return like the DfE's fake one, of 50
 *   children, uploaded into the sample unit, then the next working days: the emails each
 *   recipient receives each day (bench/support/upload-mail.ts).
 *
 *   npx tsx bench/import-upload.bench.ts           all three
 *   npx tsx bench/import-upload.bench.ts --mail    the emails alone
 */
import { performance } from 'node:perf_hooks';
import { planUpload } from '../functions/import/upload.js';
import { MAX_UPLOAD_BYTES } from '../functions/imports.js';
import { serveLocalApi } from '../infra/local/api-server.js';
import { startLocalRuntime } from '../infra/local/runtime.js';
import { councilSettings } from '../workflows/policy.js';
import { ratio, round } from './measure.js';
import { generateReturn } from './support/ssda903-return.js';
import { uploadMail } from './support/upload-mail.js';

const WHOLE_RETURN = 10_000;
const SMALL_AUTHORITY = 300;
const API_LIMIT_MS = 29_000;
const BATCH = 100;

/** Records imported history from the go-live date only (as the README advises), so no email storm. */
const settings = councilSettings({ recordKeepingFrom: '2024-04-01' });

interface Run {
  readonly ms: number;
  readonly events: number;
  readonly planSteps: number;
  readonly stateTransitions: number;
}

/** One contender on a fresh local system: `send` talks to its API; timed until everything settles. */
async function onLocalSystem(
  send: (api: string) => Promise<number>,
): Promise<Run & { readonly executions: number }> {
  if (!settings.ok) throw new Error('invalid settings');
  const runtime = await startLocalRuntime({
    startAt: '2024-04-01T09:00:00Z',
    settings: settings.settings,
  });
  const api = await serveLocalApi(runtime.deps, runtime.stepFunctions);
  try {
    const started = performance.now();
    const events = await send(api.url);
    await runtime.stepFunctions.settled();
    const ms = performance.now() - started;
    const counts = runtime.usage.counts();
    if (runtime.stepFunctions.failures.length > 0) throw new Error('an execution failed');
    return {
      ms,
      events,
      planSteps: counts.functions['plan-step']?.invocations ?? 0,
      stateTransitions: counts.stateTransitions,
      executions: counts.executions,
    };
  } finally {
    api.server.closeAllConnections();
    api.server.close();
    await runtime.stop();
  }
}

const admin = {
  'content-type': 'application/json',
  'x-local-user': 'admin',
  'x-local-roles': 'admin',
};

/** POST /imports, then GET /imports/{id} until it is done: the events it wrote. */
async function upload(url: string, files: { episodes: string; reviews: string }): Promise<number> {
  const accepted = await fetch(`${url}/imports`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify(files),
  });
  if (accepted.status !== 202) throw new Error(`POST /imports answered ${accepted.status}`);
  for (;;) {
    const read = await fetch(`${url}${accepted.headers.get('location')}`, { headers: admin });
    const upload = (await read.json()) as { status: string; eventsWritten: Record<string, number> };
    if (upload.status === 'failed') throw new Error('the import failed');
    if (upload.status === 'done')
      return Object.values(upload.eventsWritten).reduce((a, b) => a + b, 0);
  }
}

/** The same events through the case management system's route, a batch at a time. */
async function batches(url: string, events: readonly object[]): Promise<number> {
  let recorded = 0;
  for (let at = 0; at < events.length; at += BATCH) {
    const answer = await fetch(`${url}/system/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-local-system': 'true' },
      body: JSON.stringify(events.slice(at, at + BATCH)),
    });
    const { results } = (await answer.json()) as { results: { status: number }[] };
    recorded += results.filter((r) => r.status === 201).length;
  }
  return recorded;
}

/** The 50-child upload's emails, by day and recipient: at most one each is the measure. */
async function mailAfterUpload() {
  const run = await uploadMail(50, 3);
  const most = (day: (typeof run.days)[number]) => Math.max(0, ...Object.values(day.byRecipient));
  const total = (day: (typeof run.days)[number]) =>
    Object.values(day.byRecipient).reduce((a, b) => a + b, 0);
  const [upload, ...after] = run.days;
  if (upload === undefined) throw new Error('no day was followed');
  console.log(`
## Who hears what after an upload (issue 17)

A return like the DfE's fake one (${run.children} children, generated with its faults, ${run.eventsWritten} events written) uploaded through \`POST /imports\` into the sample unit on ${run.uploadedOn} (default settings: no \`recordKeepingFrom\`, so every review's record arrives overdue too; ${run.allocated} of the children allocated, the rest not), then the next days on the virtual clock:

| day | emails | recipients | most to one recipient | what |
|---|---:|---:|---:|---|
${run.days
  .map(
    (day, n) =>
      `| ${day.date}${n === 0 ? ' (the upload)' : ''} | ${total(day)} | ${Object.keys(day.byRecipient).length} | ${most(day)} | ${day.subjects.map((s) => s.replace(/^[^:]*: /, '')).join('; ')} |`,
  )
  .join('\n')}

- emails the upload sent, most to one recipient: **${most(upload)}** (the measure: at most 1)
- emails to one recipient on any later day, most: **${Math.max(0, ...after.map(most))}** (each person's morning list, the duty inbox's one summary of work nobody can receive)`);
}

async function main() {
  // Does the whole return fit one call?
  const whole = generateReturn(WHOLE_RETURN);
  const bodyBytes = Buffer.byteLength(JSON.stringify(whole), 'utf8');
  const planStarted = performance.now();
  const plan = await planUpload(whole);
  const planMs = performance.now() - planStarted;
  if (!plan.ok) throw new Error('the generated return was refused');
  const planned = plan.chunks.reduce((n, chunk) => n + chunk.events.length, 0);
  const largestChunk = Math.max(...plan.chunks.map((c) => Buffer.byteLength(JSON.stringify(c))));

  // The state machine against its floor, on a small authority.
  const small = generateReturn(SMALL_AUTHORITY);
  const smallPlan = await planUpload(small);
  if (!smallPlan.ok) throw new Error('the small return was refused');
  const events = smallPlan.chunks.flatMap((chunk) => chunk.events);
  const uploaded = await onLocalSystem((url) => upload(url, small));
  const floor = await onLocalSystem((url) => batches(url, events));
  if (uploaded.events !== events.length || floor.events !== events.length) {
    throw new Error(`events written: ${uploaded.events} and ${floor.events} of ${events.length}`);
  }
  const perSecond = (run: Run) => Math.round(run.events / (run.ms / 1000));

  console.log(`## SSDA903 upload through the API (POST /imports and the import state machine)

A whole return (${WHOLE_RETURN.toLocaleString('en-GB')} children, 5 years, generated as for the CLI's bench): a ${(bodyBytes / 2 ** 20).toFixed(1)} MB body, planned into ${plan.chunks.length} chunks (${planned.toLocaleString('en-GB')} events; the largest chunk ${Math.round(largestChunk / 1024)} KB of DynamoDB's 400 KB) in ${Math.round(planMs)} ms here.

- planning / API Gateway's 29 s: **${round(planMs / API_LIMIT_MS)}** (the handler has 2 GB, so more CPU than one core of this machine gives it)
- body / the ${MAX_UPLOAD_BYTES / 2 ** 20} MB a Lambda function is invoked with: **${round(bodyBytes / MAX_UPLOAD_BYTES)}**

A small authority (${SMALL_AUTHORITY} children, ${events.length.toLocaleString('en-GB')} events) through the whole local system, each on a fresh one, until every workflow waits:

| run | time (ms) | events per second | plan steps | state transitions |
|---|---:|---:|---:|---:|
| upload: POST /imports, the import state machine, until done | ${Math.round(uploaded.ms)} | ${perSecond(uploaded)} | ${uploaded.planSteps} | ${uploaded.stateTransitions} |
| floor: the same events through POST /system/events, ${BATCH} a batch | ${Math.round(floor.ms)} | ${perSecond(floor)} | ${floor.planSteps} | ${floor.stateTransitions} |

- upload time / floor time: **${ratio(uploaded.ms, floor.ms)}**
- plan steps, upload / floor: ${ratio(uploaded.planSteps, floor.planSteps)} (a chunk wakes each child's clock once, not after every event)`);
}

if (process.argv.includes('--mail')) await mailAfterUpload();
else {
  await main();
  await mailAfterUpload();
}
