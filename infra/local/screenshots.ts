/**
 * `npm run screenshots`: pictures of the work tray for the README. Starts the local
 * system, replays the sample authority up to 3 July 2017 as `npm start` does, serves the
 * app as built from web/ now, and in Chromium (from @sparticuz/chromium) signs in as
 * the sample staff for each page and writes a PNG of it to web/screenshots/. Nothing
 * compares them: they show what the pages look like, for people.
 *
 *   npm run screenshots [-- OUTDIR]
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';
import { parseEventLines } from '../../workflows/events.js';
import { buildWeb } from '../build-web.js';
import { serveLocalApi } from './api-server.js';
import { SAMPLE_IMPORTER } from './demo-report.js';
import { replay, sampleStaff } from './replay.js';
import { LOCAL_CASE_RECORD_URL, startLocalRuntime } from './runtime.js';

const SAMPLE = 'infra/local/sample/events.jsonl';
const UNTIL = '2017-07-03';
const OUTDIR = process.argv[2] ?? 'web/screenshots';

/** Each page, as the sample member of staff it is for (infra/local/sample/staff.json). */
const SHOTS = [
  { file: 'sign-in-as.png', hash: '', who: undefined },
  { file: 'my-work.png', hash: '#/my-work', who: { staffId: 'akhan', roles: ['iro'] } },
  // The service manager: a manager's sign-in, answering at stage 2 of disputes.
  { file: 'unit-board.png', hash: '#/board', who: { staffId: 'sgill', roles: ['manager'] } },
  // The head of service: disputes at stage 3 and above first.
  { file: 'disputes.png', hash: '#/disputes', who: { staffId: 'jmorgan', roles: ['manager'] } },
  { file: 'figures.png', hash: '#/figures', who: { staffId: 'sgill', roles: ['manager'] } },
  { file: 'record-an-event.png', hash: '#/record', who: { staffId: 'akhan', roles: ['iro'] } },
  { file: 'import.png', hash: '#/import', who: { staffId: 'lpatel', roles: ['admin'] } },
  { file: 'child.png', hash: '#/child?id=LAC-1002', who: { staffId: 'akhan', roles: ['iro'] } },
  {
    file: 'dispute.png',
    hash: '#/dispute?id=DRP-17-02',
    who: { staffId: 'jmorgan', roles: ['manager'] },
  },
  { file: 'allocate.png', hash: '#/allocate', who: { staffId: 'lpatel', roles: ['admin'] } },
] as const;

const { events, problems } = parseEventLines(await readFile(SAMPLE, 'utf8'));
if (problems.length > 0) throw new Error(`${SAMPLE} has ${problems.length} bad lines`);

const dir = await mkdtemp(join(tmpdir(), 'iro-web-shots-'));
await buildWeb(dir);
const runtime = await startLocalRuntime({ startAt: '2016-11-14T09:00:00Z' });
try {
  process.stderr.write(`Replaying ${SAMPLE} up to ${UNTIL}...\n`);
  await replay(
    runtime,
    events.map(({ event }) => event),
    { id: SAMPLE_IMPORTER, roles: ['admin'] },
    { until: UNTIL, staff: sampleStaff() },
  );
  const api = await serveLocalApi(
    runtime.deps,
    runtime.stepFunctions,
    0,
    undefined,
    {
      dir,
      caseRecordUrlTemplate: LOCAL_CASE_RECORD_URL,
    },
    { staff: sampleStaff() },
  );
  const browser = await playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args.filter((arg) => arg !== '--single-process'),
    headless: true,
  });
  try {
    await mkdir(OUTDIR, { recursive: true });
    for (const shot of SHOTS) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      if (shot.who) {
        await context.addInitScript((identity) => {
          sessionStorage.setItem('iro.local.identity', identity);
        }, JSON.stringify(shot.who));
      }
      const page = await context.newPage();
      await page.goto(`${api.url}/${shot.hash}`);
      await page.locator('h1').waitFor();
      // Every list loaded: no "Loading…" left (polled here, as the CSP forbids eval).
      for (let i = 0; i < 400 && (await page.locator('[role=status]').count()) > 0; i++) {
        await page.waitForTimeout(50);
      }
      await page.screenshot({ path: join(OUTDIR, shot.file), fullPage: true });
      process.stderr.write(`wrote ${join(OUTDIR, shot.file)}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
  }
} finally {
  await runtime.stop();
  await rm(dir, { recursive: true, force: true });
}
