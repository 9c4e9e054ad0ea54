/**
 * The HTML report (`cli report --format html`) in a real browser: axe finds no WCAG 2.2
 * AA violation on the page with figures nor on a period with nothing to count, each
 * list of shortfalls opens from the keyboard, and each chart has a name. The browser
 * is the Chromium that @sparticuz/chromium unpacks from node_modules: `npm ci` is the
 * only install step, on a developer's machine and in CI alike.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../functions/cli/cli.js';

const SAMPLE = fileURLToPath(new URL('../../../infra/local/sample/events.jsonl', import.meta.url));
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The page exactly as `cli report --format html` prints it, from the sample authority. */
async function reportHtml(period: readonly string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await main(['report', '--events', SAMPLE, '--format', 'html', ...period], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readText: (path) => readFile(path, 'utf8'),
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

/** Each violation as `id: help (n nodes)`, so a failure says what to fix. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes[0]?.target.join(' ')})`,
  );
}

let browser: Browser;
let page: Page;
beforeAll(async () => {
  // Unpacking and starting Chromium takes 10 s or more on a busy 2-core machine.
  browser = await playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
  });
  // axe runs its frames in a fresh page of the same context: a context of our own.
  page = await (await browser.newContext()).newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
}, 60_000);

describe('the HTML report with figures (sample authority, 2016/17 beside 2015/16)', () => {
  beforeAll(async () => {
    await page.setContent(
      await reportHtml(['--from', '2016-04-01', '--to', '2017-03-31', '--years', '2']),
    );
  }, 60_000);

  it('has no WCAG 2.2 AA violations', async () => {
    // Act
    const found = await violations(page);

    // Assess
    expect(found).toEqual([]);
  });

  it('names every chart: role img with a title and a description', async () => {
    // Act: each svg's role and the text of the title and description it is labelled by.
    const charts = await page.locator('svg').evaluateAll((svgs) =>
      svgs.map((svg) => ({
        role: svg.getAttribute('role'),
        labelledBy: (svg.getAttribute('aria-labelledby') ?? '')
          .split(' ')
          .map((id: string) => svg.ownerDocument.getElementById(id)?.textContent?.trim() ?? ''),
      })),
    );

    // Assess: participation, plans by category, disputes, and the two month-by-month
    // charts, each named and described.
    expect(charts).toHaveLength(5);
    for (const chart of charts) {
      expect(chart.role).toBe('img');
      expect(chart.labelledBy).toHaveLength(2);
      for (const text of chart.labelledBy) expect(text).not.toBe('');
    }
    await expect(
      page.getByRole('img', { name: /^Reviews by participation code, 2016\/17/ }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole('img', { name: /^Disputes by stage, 2016\/17/ }).count(),
    ).resolves.toBe(1);
    await expect(
      page.getByRole('img', { name: /^Month by month, 2016\/17/ }).count(),
    ).resolves.toBe(1);
  });

  it('gives every table a caption (axe has no WCAG rule for it: checked here)', async () => {
    // Act: the tables of the figures, the month-by-month table and those in each list.
    const captions = await page
      .locator('table')
      .evaluateAll((tables) =>
        tables.map((t) => t.querySelector('caption')?.textContent?.trim() ?? ''),
      );

    // Assess
    expect(captions.length).toBeGreaterThan(1);
    expect(captions.filter((caption) => caption === '')).toEqual([]);
  });

  it('opens each list of shortfalls from the keyboard: focus its summary, press Enter', async () => {
    // Prepare: the sample's 2016/17 has late reviews, so there is at least one list.
    const details = page.locator('details');
    const count = await details.count();
    expect(count).toBeGreaterThan(0);

    for (let i = 0; i < count; i += 1) {
      const list = details.nth(i);
      const summary = list.locator(':scope > summary');
      expect(await summary.count()).toBe(1);
      expect(await list.evaluate((el) => el.hasAttribute('open'))).toBe(false);
      // The table inside is hidden until the list is opened.
      await expect(list.locator('table').isVisible()).resolves.toBe(false);

      // Act
      await summary.focus();
      expect(await summary.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.keyboard.press('Enter');

      // Assess
      expect(await list.evaluate((el) => el.hasAttribute('open'))).toBe(true);
      await expect(list.locator('table').isVisible()).resolves.toBe(true);
    }
  });

  it('has no WCAG 2.2 AA violations with every list open', async () => {
    // Prepare: open any list still shut (axe checks only what is rendered).
    await page.locator('details').evaluateAll((all) => {
      for (const d of all) d.setAttribute('open', '');
    });

    // Act
    const found = await violations(page);

    // Assess
    expect(found).toEqual([]);
  });
});

describe('the HTML report of a period with nothing to count (2013/14, before the sample)', () => {
  beforeAll(async () => {
    await page.setContent(
      await reportHtml(['--from', '2013-04-01', '--to', '2014-03-31', '--years', '1']),
    );
  }, 60_000);

  it('shows n/a and no list, and has no WCAG 2.2 AA violations', async () => {
    // Prepare: no event falls in 2013/14, so every percentage is n/a and nothing is listed.
    expect(await page.locator('td', { hasText: 'n/a' }).count()).toBeGreaterThan(0);
    expect(await page.locator('details').count()).toBe(0);

    // Act
    const found = await violations(page);

    // Assess
    expect(found).toEqual([]);
  });
});
