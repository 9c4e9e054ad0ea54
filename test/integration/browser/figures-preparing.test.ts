/**
 * While the figures' backfill has not finished (its marker gone, as on a store the
 * version before summaries left), the Figures page and the unit board's caseloads say
 * the figures are being prepared, in the API's words, with no table and no error
 * summary; once it has, the same pages show the figures. Axe clean while preparing.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKFILL_MARK_KEY } from '../../../functions/adapters/dynamodb/figures-store.js';
import { FIGURES_BEING_PREPARED } from '../../../functions/reports.js';
import { backfillFigures } from '../../../functions/shared/backfill.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

const MANAGER = { staffId: 'service-manager', roles: ['manager'] };

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-03T09:00:00Z', subjects: ['A'] });
  const recorded = await tray.unit.record({
    type: 'BecameLookedAfter',
    childId: 'A',
    date: '2016-01-04',
  });
  expect(recorded.status).toBe(201);
  const { client, tableName } = tray.unit.runtime.dynamo;
  await client.send(new DeleteCommand({ TableName: tableName, Key: BACKFILL_MARK_KEY }));
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

async function open(hash: string): Promise<Page> {
  const page = await tray.pageAs(MANAGER);
  await page.goto(`${tray.url}/${hash}`);
  return page;
}

/** The text of the "being prepared" line, once the page shows it. */
async function preparing(page: Page): Promise<string> {
  const line = page.locator('.govuk-inset-text[role=status]');
  await line.waitFor();
  return (await line.textContent()) ?? '';
}

describe('before the backfill has finished', () => {
  it('the Figures page says the figures are being prepared, and shows none', async () => {
    // Act
    const page = await open('#/figures');
    const said = await preparing(page);

    // Assess
    expect(said).toBe(FIGURES_BEING_PREPARED);
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("the unit board says so in place of the IROs' caseloads", async () => {
    // Act
    const page = await open('#/board');
    const said = await preparing(page);

    // Assess
    expect(said).toBe(FIGURES_BEING_PREPARED);
    expect(await page.locator('caption', { hasText: /caseload/i }).count()).toBe(0);
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});

describe('once the backfill has finished', () => {
  it('the Figures page shows the figures', async () => {
    // Prepare
    expect(await backfillFigures(tray.unit.runtime.deps)).toMatchObject({ complete: true });

    // Act
    const page = await open('#/figures');
    await page.locator('table').first().waitFor();

    // Assess
    expect(await page.locator('.govuk-inset-text[role=status]').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
