/**
 * The administrators' "Import a return" page in a real browser: the two SSDA903 tables
 * chosen as files are uploaded, what became of every row is shown as the API counted
 * it, and the page follows the recording until it is done; a missing file or a file
 * that is not its table is named in the error summary. axe finds
 * no WCAG 2.2 AA violation, with the report shown and with errors shown.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { councilSettings } from '../../../workflows/policy.js';
import { EPISODES_HEADER, episode, episodes, review, reviews } from '../../unit/import/support.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

/**
 * A1 starts to be looked after on Mon 2 January 2017 (S) and is reviewed on 27 January
 * 2017 (line 2), on 1 December 2016 (line 3, before any period of care: refused) and on
 * 20 February 2017 with PN0, though 7 by the fixtures' date of birth (line 4: kept with
 * no code, a warning, DfE 440). Worked by hand: episodes 1 read = 1 turned into events;
 * reviews 3 read = 1 turned into events + 1 with warnings + 1 refused. Events:
 * BecameLookedAfter 1, LacReviewHeld 2.
 */
const EPISODES = episodes(episode('A1', '02/01/2017', 'S', 'C2', 'U1'));
const REVIEWS = reviews(
  review('A1', '27/01/2017'),
  review('A1', '01/12/2016'),
  review('A1', '20/02/2017', 'PN0'),
);

const settings = councilSettings({ recordKeepingFrom: '2018-04-01' });
let tray: WorkTray;
beforeAll(async () => {
  if (!settings.ok) throw new Error('the test configuration is invalid');
  tray = await startWorkTray({
    startAt: '2017-05-02T09:00:00Z',
    subjects: ['A1'],
    settings: settings.settings,
  });
}, 120_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

const ADMIN = { staffId: 'admin-1', roles: ['admin'] };

async function importPage(): Promise<Page> {
  const page = await tray.pageAs(ADMIN);
  await page.goto(`${tray.url}/#/import`);
  await page.getByRole('heading', { name: 'Import a return' }).waitFor();
  return page;
}

const csv = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text),
});

/** The cells of the rows-per-table table, row by row. */
const rowsTable = (page: Page) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: 'Rows, per table' }) })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent)),
    );

describe('the Import a return page', () => {
  it('uploads both tables, shows every row accounted for, and follows the recording to done', async () => {
    const page = await importPage();
    // Act
    await page.getByLabel(/Episodes table/).setInputFiles(csv('episodes.csv', EPISODES));
    await page.getByLabel(/Reviews table/).setInputFiles(csv('reviews.csv', REVIEWS));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    // The review before any period of care is refused, and the status says so.
    await page
      .getByText('Done, with 1 refused: every part is recorded')
      .waitFor({ timeout: 60_000 });
    // Assess: read, turned into events, with warnings, not needed, refused.
    expect(await rowsTable(page)).toEqual([
      ['episodes', '1', '1', '0', '0', '0'],
      ['reviews', '3', '1', '1', '0', '1'],
    ]);
    const warned = await page
      .locator('table', {
        has: page.locator('caption', { hasText: 'Rows imported with warnings' }),
      })
      .locator('tbody tr')
      .allInnerTexts();
    expect(warned.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'reviews, DfE 440: PN0 for a child 4 or over 1',
    ]);
    await page.getByText('Rows imported with warnings, by line (1)').click();
    await page.getByText(/^reviews:4: REVIEW_CODE: DfE 440: PN0 for a child 4 or over: /).waitFor();
    const written = await page
      .locator('table', { has: page.locator('caption', { hasText: 'Events written' }) })
      .locator('tbody tr')
      .allInnerTexts();
    expect(written.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'Became looked after 1',
      'Looked-after review held 2',
    ]);
    // The events are in the log, as if recorded by hand: A1's second review is open.
    const history = await tray.unit.runtime.deps.events.history('reviews/A1');
    expect(history.map((e) => e.event.type)).toEqual([
      'BecameLookedAfter',
      'LacReviewHeld',
      'LacReviewHeld',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('says why a row was refused, in words, and offers the refusals as a CSV', async () => {
    const page = await importPage();
    // Act: B1's second review is dated 27 July 2017, after the service's today (2 May):
    // the import refuses the row (a date yet to come), before any rule sees it.
    await page
      .getByLabel(/Episodes table/)
      .setInputFiles(csv('episodes.csv', episodes(episode('B1', '02/01/2017', 'S', 'C2', 'U1'))));
    await page
      .getByLabel(/Reviews table/)
      .setInputFiles(
        csv('reviews.csv', reviews(review('B1', '27/01/2017'), review('B1', '27/07/2017'))),
      );
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText(/^Done, with 1 refused/).waitFor({ timeout: 60_000 });
    // Assess
    const refused = await page
      .locator('table', { has: page.locator('caption', { hasText: 'Rows refused' }) })
      .locator('tbody tr')
      .allInnerTexts();
    expect(refused.map((row) => row.replace(/\s+/g, ' ').trim())).toEqual([
      'reviews, after today 1',
    ]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the refusals (CSV)' }).click(),
    ]);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '"what","reason or line","count"',
      '"row refused","reviews, after today","1"',
      '"by line","reviews:3: REVIEW: after today: is after today: a date yet to come cannot be imported","1"',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('downloads every refusal, not only the first 100 the page shows', async () => {
    // Prepare: C1 starts on Mon 2 January 2017 and has 150 reviews dated a day apart from
    // Wed 3 May 2017, the day after the service's today: each row is refused, lines 2 to
    // 151 of the reviews table.
    const dates = Array.from({ length: 150 }, (_, i) => {
      const day = new Date(Date.UTC(2017, 4, 3 + i)).toISOString().slice(0, 10);
      return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
    });
    const page = await importPage();

    // Act
    await page
      .getByLabel(/Episodes table/)
      .setInputFiles(csv('episodes.csv', episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1'))));
    await page
      .getByLabel(/Reviews table/)
      .setInputFiles(csv('reviews.csv', reviews(...dates.map((d) => review('C1', d)))));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText(/^Done, with 150 refused/).waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the refusals (CSV)' }).click(),
    ]);

    // Assess: the page lists the first 100; the file has all 150, by line.
    await page.getByText('Rows refused, by line (150; the first 100 shown)').waitFor();
    const text = await readFile((await download.path()) ?? '', 'utf8');
    const byLine = text.split('\r\n').filter((row) => row.startsWith('"by line"'));
    expect(byLine).toEqual(
      dates.map(
        (_, i) =>
          `"by line","reviews:${i + 2}: REVIEW: after today: is after today: a date yet to come cannot be imported","1"`,
      ),
    );
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('names each table not chosen, and sends nothing', async () => {
    const page = await importPage();
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual([
      'episodes: choose the CSV file of this table',
      'reviews: choose the CSV file of this table',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it("sends the return's year end given, and shows the API naming it when it is not a date", async () => {
    const page = await importPage();
    await page.getByLabel(/Episodes table/).setInputFiles(csv('episodes.csv', EPISODES));
    await page.getByLabel(/Reviews table/).setInputFiles(csv('reviews.csv', REVIEWS));
    await page.getByLabel(/year end/).fill('31/03/2017');
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual([
      'yearEnd: must be a real date written YYYY-MM-DD',
    ]);
    expect(await page.locator('#field-yearEnd').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows the API naming a file that is not its table (the API stores nothing: test/integration/api/imports.test.ts)', async () => {
    const page = await importPage();
    // The episodes table chosen twice: the reviews file's header is not the reviews table's.
    await page.getByLabel(/Episodes table/).setInputFiles(csv('episodes.csv', EPISODES));
    await page
      .getByLabel(/Reviews table/)
      .setInputFiles(csv('reviews.csv', `${EPISODES_HEADER}\r\n`));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const problems = await summary.locator('li').allInnerTexts();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^reviews: .*header/);
    expect(await page.locator('#field-reviews').count()).toBe(1);
    // Its long list of columns wraps within the summary: no wider than a phone's 320 px.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await page.context().close();
  });
});
