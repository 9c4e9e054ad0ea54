/**
 * The Figures page shows figures.md section 9 in words, over the hand-worked history of
 * test/unit/figures/second-round-fixtures.ts (whose figures that test works out): the
 * years side by side, the references behind a rate, the plans by category as a bar
 * chart named for a screen reader, the audits by IRO, and axe clean. The virtual clock
 * stands at Monday 3 April 2017: the page opens on 2016/17 beside the two years before.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../../../functions/shared/record.js';
import { secondRound } from '../../unit/figures/second-round-fixtures.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

const MANAGER = { staffId: 'manager-1', roles: ['manager'] };

let tray: WorkTray;
let page: Page;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-03T09:00:00Z', subjects: [] });
  const { deps, stepFunctions } = tray.unit.runtime;
  for (const event of secondRound) {
    // The audits are the managers' to record; the rest the administrator's.
    const outcome =
      event.type === 'CaseAuditCompleted' ||
      (event.type === 'EventRetracted' && event.eventId.startsWith('AU'))
        ? await recordEvent(event, { id: 'manager-1', roles: ['manager'] }, deps)
        : await tray.unit.record(event);
    expect(outcome.status, event.type).toBe(201);
  }
  await stepFunctions.settled();
  page = await tray.pageAs(MANAGER);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${tray.url}/#/figures`);
  await page.getByRole('heading', { level: 2, name: 'Figures for 2016/17' }).waitFor();
  expect(errors).toEqual([]);
}, 240_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

/** The cells of the figure with `id`, one per period, oldest first. */
const figure = (id: string) =>
  page
    .locator('tr', { has: page.locator(`.app-figure-id[data-measure="${id}"]`) })
    .locator('td')
    .allTextContents();

describe('the second round of figures on the Figures page', () => {
  it.each([
    // 2014/15: nothing. 2015/16: S6's second review (nothing recorded), S3's (agreed).
    // 2016/17: S1 and S6 agreed, S2 not, S4 nothing recorded.
    ['L9', ['n/a', '50% (1 of 2)', '50% (2 of 4)']],
    ['L9.notRecorded', ['0', '1', '1']],
    // 2016/17: S1 and S4 visits; S1 by phone; S2 by video; S6 by message. 2015/16: S1's visit.
    ['L10.visit', ['0', '1', '2']],
    ['L10.outOfArea.children', ['0', '1', '2']],
    // Nobody looked after since before 2014/15 or 2015/16 with an IRO by then.
    ['L11', ['n/a', 'n/a', '80% (4 of 5)']],
    ['C12', ['n/a', 'n/a', '33% (1 of 3)']],
    ['C13', ['n/a', 'n/a', '67% (2 of 3)']],
    ['C14.onTo.physical', ['0', '0', '2']],
    ['C14.onTo.sexual', ['0', '1', '0']],
    ['C15', ['n/a', '100% (1 of 1)', '25% (1 of 4)']],
    ['C16', ['n/a', 'n/a', '50% (2 of 4)']],
    ['A1', ['n/a', '0% (0 of 1)', '50% (2 of 4)']],
  ])('%s is %j', async (id, expected) => {
    expect(await figure(id)).toEqual(expected);
  });

  it('lists the second reviews behind the permanence figure', async () => {
    const details = page.locator('details', {
      hasText: 'Second reviews at which the permanence plan was agreed (L9), 2016/17',
    });
    await details.locator('summary').click();
    expect(await details.locator('tbody td').allTextContents()).toEqual([
      'S2',
      '',
      '2017-03-31',
      '',
      'permanence plan not agreed',
      'S4',
      '',
      '2016-09-15',
      '',
      'permanence plan not recorded',
    ]);
  });

  it('draws the plans by category as a bar chart, described in words', async () => {
    const chart = page.getByRole('img', {
      name: 'Children with a plan on the last day, by category, 2016/17',
    });
    expect(await chart.locator('desc').textContent()).toBe(
      'Neglect: 0; Emotional abuse: 1; Physical abuse: 2; Sexual abuse: 0; Multiple categories: 1; not recorded: 0',
    );
  });

  it('draws permanence and participation month by month, with its table', async () => {
    expect(
      await page
        .getByRole('img', {
          name: 'Permanence and participation by month, 2016/17: percentages of L9 and C13',
        })
        .count(),
    ).toBe(1);
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Permanence and participation by month, 2016/17' }),
    });
    // April 2016: S1's second review, agreed; no conference. July: Q3, not involved.
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      '100% (1 of 1)',
      'n/a',
    ]);
    expect(await table.locator('tbody tr').nth(3).locator('td').allTextContents()).toEqual([
      'n/a',
      '0% (0 of 1)',
    ]);
  });

  it('gives the audits by IRO, one who has left included', async () => {
    const table = page.locator('table', {
      has: page.locator('caption', { hasText: 'Audits of IRO work by IRO, 2016/17' }),
    });
    expect(await table.locator('tbody tr').allTextContents()).toEqual([
      'akhan50% (1 of 2)',
      'bwest0% (0 of 1)',
      'dleft100% (1 of 1)',
    ]);
  });

  it('has no WCAG 2.2 AA violation', async () => {
    expect(await violations(page)).toEqual([]);
  });
});
