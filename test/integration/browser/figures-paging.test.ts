/**
 * A shortfall list longer than a page on the Figures page: the API's answer carries its
 * first 100 references and the list's count; the page says so and fetches the rest on
 * request. 101 children looked after from Monday 2 January 2017 and never reviewed:
 * each first review was due 20 working days on (30 January), so on 31 March all 101 are
 * overdue, the whole of L5's list for 2016/17. Axe finds nothing wrong with it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepFigures } from '../../../functions/shared/clock-steps.js';
import { reviewsClock } from '../../../workflows/clocks.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

const MANAGER = { staffId: 'manager-1', roles: ['manager'] };
const CHILDREN = 101;

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-10T09:00:00Z', subjects: [] });
  const { deps } = tray.unit.runtime;
  // Stored straight into each child's log, and the log's summary kept as its plan step keeps it.
  for (let i = 0; i < CHILDREN; i++) {
    const childId = `LAC-${String(i).padStart(3, '0')}`;
    const log = reviewsClock(childId).log;
    await deps.events.appendAt(log, {
      eventId: `start-${childId}`,
      position: 1,
      recordedAt: '2017-01-02T09:00:00.000Z',
      recordedBy: 'test',
      source: 'system',
      event: { type: 'BecameLookedAfter', childId, date: '2017-01-02' },
    });
    await keepFigures(log, await deps.events.history(log), deps);
  }
}, 240_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

describe('a shortfall list longer than a page', () => {
  let page: Page;
  beforeAll(async () => {
    page = await tray.pageAs(MANAGER);
    await page.goto(`${tray.url}/#/figures?from=2016-04-01&to=2017-03-31&years=1`);
    await page.locator('table').first().waitFor();
  }, 60_000);
  afterAll(async () => {
    await page.context().close();
  });

  const list = () => page.locator('details', { hasText: `${CHILDREN} listed` });

  it('shows its first 100, says so, and fetches the last one on request', async () => {
    // Prepare-check: one list of 101 (L5's), opened.
    expect(await list().count()).toBe(1);
    await list().locator('summary').click();
    expect(await list().locator('tbody tr').count()).toBe(100);
    expect(
      await list().getByText('The first 100 of 101, by reference, are shown here.').count(),
    ).toBe(1);

    // Act
    await list().getByRole('button', { name: 'Show the next 1' }).click();
    await list().locator('tbody tr').nth(100).waitFor();

    // Assess: all 101, each once, and nothing more to fetch.
    const children = await list().locator('tbody tr td:first-child').allTextContents();
    expect(new Set(children).size).toBe(CHILDREN);
    expect(children.at(-1)).toBe('LAC-100');
    expect(await list().getByRole('button').count()).toBe(0);
    expect(
      await list()
        .getByText(/are shown here/)
        .count(),
    ).toBe(0);
  });

  it('has no WCAG 2.2 AA violation with the list opened', async () => {
    expect(await violations(page)).toEqual([]);
  });
});
