/**
 * The Figures page over the sample authority (infra/local/sample/events.jsonl), replayed
 * as `npm start` replays it, up to 3 July 2017: the page opens on 2016/17 and shows the
 * headline figures the README gives for it.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../../../infra/local/replay.js';
import { parseEventLines } from '../../../workflows/events.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

const SAMPLE = fileURLToPath(new URL('../../../infra/local/sample/events.jsonl', import.meta.url));

let tray: WorkTray;
let page: Page;
beforeAll(async () => {
  const { events, problems } = parseEventLines(await readFile(SAMPLE, 'utf8'));
  expect(problems).toEqual([]);
  // The sample's first event is on 31 August 2015: the clock starts that morning.
  tray = await startWorkTray({ startAt: '2015-08-31T08:00:00Z', subjects: [] });
  const outcome = await replay(
    tray.unit.runtime,
    events.map((e) => e.event),
    { id: 'sample-import', roles: ['admin'] },
    { until: '2017-07-03' },
  );
  expect(outcome.refused).toEqual([]);
  page = await tray.pageAs({ staffId: 'manager', roles: ['manager'] });
  await page.goto(`${tray.url}/#/figures`);
  await page.locator('table').first().waitFor();
}, 240_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

/** The figure's value in the last column: the period the page is for. */
const latest = async (id: string) =>
  (
    await page
      .locator('tr', { has: page.locator(`.app-figure-id[data-measure="${id}"]`) })
      .locator('td')
      .allTextContents()
  ).at(-1);

describe("the sample authority's figures", () => {
  it('opens on 2016/17, the last complete year on 3 July 2017', async () => {
    expect(await page.locator('h2.govuk-heading-l').first().textContent()).toBe(
      'Figures for 2016/17',
    );
  });

  it.each([
    // The README's headline figures for the sample's 2016/17.
    ['L1', '3'],
    ['L5', '100% (3 of 3)'],
    ['L8.decisions', '75% (6 of 8)'],
    ['C4.onTime', 'n/a'],
    ['C6.onTime', '100% (2 of 2)'],
    ['D3', 'n/a'],
  ])('%s is %s', async (id, expected) => {
    expect(await latest(id)).toBe(expected);
  });

  it("shows the README's caseloads: one IRO with 4 looked-after children, none over 70", async () => {
    const caseloads = page.locator('section[aria-label="Caseloads"]');
    expect(await caseloads.locator('h2').textContent()).toBe('Caseloads on 3 July 2017');
    const rows = await caseloads.locator('.govuk-summary-list__row').allTextContents();
    expect(rows).toEqual(
      expect.arrayContaining([
        'IROs holding an allocation1',
        'Mean children per IRO4',
        'Lowest and highest4 and 4',
        'IROs holding more than 700',
      ]),
    );
  });

  it('has no WCAG 2.2 AA violation', async () => {
    expect(await violations(page)).toEqual([]);
  });
});
