/**
 * The Figures page in a real browser over a small unit whose figures are worked out by
 * hand (figures.md section 7's example, with participation codes and a dispute): the
 * annual report's tables with the years side by side, the charts named for a screen
 * reader, the period picker changing the figures and the address, the API's refusal
 * of a period shown in the error summary, axe clean with data and with errors, and the
 * picker worked from the keyboard. The virtual clock stands at Monday 3 April 2017, so
 * the page opens on 2016/17 beside 2015/16 and 2014/15.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { focused, startWorkTray, violations, type WorkTray } from './support.js';

const MANAGER = { staffId: 'manager-1', roles: ['manager'] };

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-03T09:00:00Z', subjects: ['A', 'B'] });
  const history: CaseEvent[] = [
    // A: looked after Monday 4 January 2016. First review due 20 working days later:
    // 5-8 Jan (4), 11-15 (9), 18-22 (14), 25-29 (19), Monday 1 February (20).
    { type: 'BecameLookedAfter', childId: 'A', date: '2016-01-04' },
    // 29 January: on time (due 1 February). The next is due 3 months on: 29 April.
    { type: 'LacReviewHeld', childId: 'A', date: '2016-01-29' },
    // 20 April: on time. The next is due 6 months on: 20 October.
    { type: 'LacReviewHeld', childId: 'A', date: '2016-04-20', participation: 'PN1' },
    // 25 October: late.
    { type: 'LacReviewHeld', childId: 'A', date: '2016-10-25', participation: 'PN7' },
    // B: looked after 20 March 2017, 11 days before the year's end.
    { type: 'BecameLookedAfter', childId: 'B', date: '2017-03-20' },
    // A dispute raised Tuesday 1 November 2016 (stage 1 due 5 working days on, Tuesday
    // 8 November), resolved Friday 4 November: 3 working days (2, 3, 4 November).
    { type: 'DisputeRaised', childId: 'A', disputeId: 'D1', date: '2016-11-01', issue: 'Plan' },
    { type: 'DisputeResolved', disputeId: 'D1', date: '2016-11-04' },
  ];
  for (const event of history) expect((await tray.unit.record(event)).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

async function open(hash: string): Promise<Page> {
  const page = await tray.pageAs(MANAGER);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${tray.url}/${hash}`);
  await page.locator('table, .govuk-error-summary').first().waitFor();
  expect(errors).toEqual([]);
  return page;
}

/** The column headings of the table with `caption`. */
const headings = (page: Page, caption: string) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('thead th')
    .allTextContents();

/** The cells of the figure with `id` (L4, L4.onTime…), one per period, oldest first. */
const figure = (page: Page, id: string) =>
  page
    .locator('tr', { has: page.locator(`.app-figure-id[data-measure="${id}"]`) })
    .locator('td')
    .allTextContents();

describe('the figures for the last complete financial year, beside the two before it', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open('#/figures');
  }, 60_000);
  afterAll(async () => {
    await page.context().close();
  });

  it('sets 2014/15, 2015/16 and 2016/17 side by side', async () => {
    expect(await page.getByRole('heading', { level: 2, name: 'Figures for 2016/17' }).count()).toBe(
      1,
    );
    expect(await headings(page, 'Looked-after children')).toEqual([
      'Figure',
      '2014/15',
      '2015/16',
      '2016/17',
    ]);
  });

  it.each([
    // 2014/15: nothing recorded. 2015/16: A only, started 4 January, reviewed on time
    // 29 January, nothing overdue on 31 March. 2016/17: A and B on 31 March; B started;
    // reviews 20 April (on time) and 25 October (late); B is not yet 28 days in and A
    // had a late review: 0 of 1.
    ['L1', ['0', '1', '2']],
    ['L2.started', ['0', '1', '1']],
    ['L4', ['0', '1', '2']],
    ['L4.onTime', ['n/a', '100% (1 of 1)', '50% (1 of 2)']],
    ['L5', ['n/a', '100% (1 of 1)', '0% (0 of 1)']],
    // Participation: 20 April PN1, 25 October PN7; 2015/16's review had no code.
    ['L6.PN1', ['0', '0', '1']],
    ['L6.PN7', ['0', '0', '1']],
    ['L6.none', ['0', '1', '0']],
    ['L6', ['n/a', 'n/a', '50% (1 of 2)']],
    // No IRO contact recorded before any review.
    ['L7', ['n/a', '0% (0 of 1)', '0% (0 of 2)']],
    // D1: raised and resolved at stage 1 in 2016/17, in 3 working days.
    ['D1.raised', ['0', '0', '1']],
    ['D2.1', ['0', '0', '1']],
    ['D3', ['n/a', 'n/a', '100% (1 of 1)']],
    ['D5', ['n/a', 'n/a', '3']],
  ])('%s is %j', async (id, expected) => {
    expect(await figure(page, id)).toEqual(expected);
  });

  it('names each row by its figure (L4, C7), never by the machine shape’s field', async () => {
    const ids = await page.locator('.app-figure-id').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !/^[A-Z]\d+$/.test(id))).toEqual([]);
    expect(
      await page.locator('.app-figure-id[data-measure="C7.within24Months"]').textContent(),
    ).toBe('C7');
  });

  it('lists the late review behind the reviews held on time', async () => {
    const details = page.locator('details', {
      hasText: 'Reviews held on time (L4), 2016/17',
    });
    await details.locator('summary').click();
    expect(await details.locator('tbody td').allTextContents()).toEqual([
      'A',
      '',
      '2016-10-25',
      '2016-10-20',
      'late',
    ]);
  });

  it('names each chart, and describes what it draws', async () => {
    const participation = page.getByRole('img', {
      name: 'Reviews by participation code, 2016/17',
    });
    expect(await participation.getAttribute('aria-labelledby')).toBe(
      'chart-participation-title chart-participation-desc',
    );
    expect(await page.locator('#chart-participation-desc').textContent()).toBe(
      'PN0: 0; PN1: 1; PN2: 0; PN3: 0; PN4: 0; PN5: 0; PN6: 0; PN7: 1; not recorded: 0',
    );
    expect(
      await page
        .getByRole('img', { name: /^Disputes by stage, 2016\/17/ })
        .locator('desc')
        .textContent(),
    ).toContain('resolved at stage 1: 1; open at stage 1: 0');
    expect(
      await page.getByRole('img', { name: /^Month by month, 2016\/17: percentages/ }).count(),
    ).toBe(1);
    // The months' numbers are in the table beside the line chart: April 2016 to March 2017.
    const months = page.locator('table', {
      has: page.locator('caption', { hasText: 'Month by month, 2016/17' }),
    });
    expect(await months.locator('tbody th').allTextContents()).toHaveLength(12);
    expect(await months.locator('tbody th').first().textContent()).toBe('April 2016');
  });

  it('draws the first month\'s name clear of the "0%" beside the axis', async () => {
    const chart = page.getByRole('img', { name: /^Month by month, 2016\/17: percentages/ });
    const box = (text: string) =>
      chart
        .locator('text', { hasText: new RegExp(`^${text}$`) })
        .first()
        .boundingBox();
    const april = await box('Apr');
    const zero = await box('0%');
    if (!april || !zero) throw new Error('the chart has no "Apr" or no "0%"');
    // Apart if one ends before the other starts, across or down.
    const apart =
      zero.x + zero.width <= april.x ||
      april.x + april.width <= zero.x ||
      zero.y + zero.height <= april.y ||
      april.y + april.height <= zero.y;
    expect(apart).toBe(true);
  });

  it("shows the IROs' caseloads today: A and B, both allocated to the one IRO", async () => {
    const caseloads = page.locator('section[aria-label="Caseloads"]');
    expect(await caseloads.locator('h2').textContent()).toBe('Caseloads on 3 April 2017');
    expect(await caseloads.locator('dd').allTextContents()).toEqual([
      '2',
      '0',
      '1',
      '2',
      '2 and 2',
      '0',
    ]);
  });

  it('has no WCAG 2.2 AA violation with figures shown', async () => {
    expect(await violations(page)).toEqual([]);
  });
});

describe('the period picker', () => {
  it('shows a quarter alone, and puts the period in the address', async () => {
    const page = await open('#/figures');
    // Act: 2016/17's third quarter, one period.
    await page.getByLabel('Part of the year').selectOption('Q3');
    await page.getByLabel('Periods side by side').selectOption('1');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await page.getByRole('heading', { name: 'Figures for October to December 2016' }).waitFor();
    // Assess: 1 October to 31 December 2016. A alone is looked after on 31 December;
    // the one review, 25 October, was late (due 20 October).
    expect(page.url()).toMatch(/#\/figures\?from=2016-10-01&to=2016-12-31&years=1$/);
    expect(await headings(page, 'Looked-after children')).toEqual([
      'Figure',
      'October to December 2016',
    ]);
    expect(await figure(page, 'L1')).toEqual(['1']);
    expect(await figure(page, 'L4.onTime')).toEqual(['0% (0 of 1)']);
    expect(await figure(page, 'L5')).toEqual(['0% (0 of 1)']);
    // The picker shows the period chosen.
    expect(await page.getByLabel('Part of the year').inputValue()).toBe('Q3');
    await page.context().close();
  });

  it('is worked from the keyboard: the first quarter, then Enter', async () => {
    const page = await open('#/figures?from=2016-04-01&to=2017-03-31&years=1');
    // Act: Tab to the part of the year, one step down (the whole year, then quarter 1).
    for (let i = 0; i < 40 && (await focused(page)).id !== 'field-part'; i++) {
      await page.keyboard.press('Tab');
    }
    expect((await focused(page)).id).toBe('field-part');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Show figures' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Figures for April to June 2016' }).waitFor();
    // Assess: 1 April to 30 June 2016: the 20 April review, on time.
    expect(await figure(page, 'L4.onTime')).toEqual(['100% (1 of 1)']);
    await page.context().close();
  });

  it("shows the API's reason for a period it refuses, and axe finds nothing wrong", async () => {
    // 30 February does not exist.
    const page = await open('#/figures?from=2017-02-30&to=2017-03-31');
    expect(await page.locator('.govuk-error-summary__list li').allTextContents()).toEqual([
      'First day of the period must be a real date written YYYY-MM-DD, given with to',
    ]);
    expect(await violations(page)).toEqual([]);
    // The way back: the last complete financial year.
    await page.getByRole('link', { name: 'Show the last complete financial year' }).click();
    await page.getByRole('heading', { name: 'Figures for 2016/17' }).waitFor();
    await page.context().close();
  });

  it('has no WCAG 2.2 AA violation for a period with nothing to count', async () => {
    const page = await open('#/figures?from=2014-04-01&to=2015-03-31&years=1');
    expect(await figure(page, 'L5')).toEqual(['n/a']);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
