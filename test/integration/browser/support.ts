/**
 * The work tray in a real browser: the app built from web/ into a directory of the
 * test's own, served by the local API server beside the handlers, over a unit of the
 * local system; Chromium from @sparticuz/chromium (npm ci is the only install step).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { expect } from 'vitest';
import { buildWeb } from '../../../infra/build-web.js';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import type { LocalStaffMember } from '../../../infra/local/local-routes.js';
import type { LocalRuntimeOptions } from '../../../infra/local/runtime.js';
import { startUnit, type Unit } from '../workflows/support.js';

export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface WorkTray {
  readonly unit: Unit;
  readonly url: string;
  readonly browser: Browser;
  /** A new page in a context of its own (its own session storage), signed in as `who`. */
  pageAs(who: { staffId: string; roles: readonly string[] }): Promise<Page>;
  /** A new page in a context of its own, signed in as nobody. */
  newPage(): Promise<Page>;
  stop(): Promise<void>;
}

/** Builds the app, starts a unit with `subjects` and serves both; launches Chromium. */
export async function startWorkTray(
  options: LocalRuntimeOptions & {
    subjects: readonly string[];
    caseRecordUrlTemplate?: string;
    /** Whom the "sign in as" page lists (GET /local/staff). */
    staff?: readonly LocalStaffMember[];
  },
): Promise<WorkTray> {
  const dir = await mkdtemp(join(tmpdir(), 'iro-web-'));
  await buildWeb(dir);
  const unit = await startUnit(options);
  const api = await serveLocalApi(
    unit.runtime.deps,
    unit.runtime.stepFunctions,
    0,
    undefined,
    {
      dir,
      ...(options.caseRecordUrlTemplate
        ? { caseRecordUrlTemplate: options.caseRecordUrlTemplate }
        : {}),
    },
    options.staff ? { staff: options.staff } : {},
  );
  const browser = await playwright.launch({
    executablePath: await chromium.executablePath(),
    // Each page has a context of its own (its own sign-in); in one process, closing a
    // context closes the browser.
    args: chromium.args.filter((arg) => arg !== '--single-process'),
    headless: true,
  });
  const newPage = async () => (await browser.newContext()).newPage();
  return {
    unit,
    url: api.url,
    browser,
    newPage,
    async pageAs(who) {
      const page = await newPage();
      // The "sign in as" page's choice, as it keeps it: this tab's session storage.
      await page.addInitScript((identity) => {
        sessionStorage.setItem('iro.local.identity', identity);
      }, JSON.stringify(who));
      return page;
    },
    async stop() {
      await browser.close();
      api.server.closeAllConnections();
      await new Promise((resolve) => api.server.close(resolve));
      await unit.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Each WCAG 2.2 AA violation axe finds, as `id: help (n nodes: first)`. */
export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes[0]?.target.join(' ')})`,
  );
}

/** The element with the keyboard's focus (evaluated in the page: the tests have no DOM types). */
export const focused = (page: Page) =>
  page.evaluate(
    '(() => { const e = document.activeElement; return { tag: e?.tagName ?? "", id: e?.id ?? "", text: e?.textContent ?? "" }; })()',
  ) as Promise<{ tag: string; id: string; text: string }>;

/** The heading is shown and nothing is still loading (polled: the CSP forbids eval). */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').waitFor();
  await expect
    .poll(() => page.locator('[role=status]').count(), { timeout: 20_000, interval: 50 })
    .toBe(0);
}

/** A page signed in as `who`, at the tray's `hash`, once it has settled. */
export async function openAs(
  tray: WorkTray,
  who: { staffId: string; roles: readonly string[] },
  hash: string,
): Promise<Page> {
  const page = await tray.pageAs(who);
  await page.goto(`${tray.url}/${hash}`);
  await settled(page);
  return page;
}

/** Each row of the table captioned `caption…`, its cells' text joined by " | ". */
export const captionedRows = (page: Page, caption: string) =>
  page.evaluate(
    `[...document.querySelectorAll("table")]
      .filter((t) => t.caption?.textContent.startsWith(${JSON.stringify(caption)}))
      .flatMap((t) => [...t.tBodies[0].rows])
      .map((r) => [...r.cells].map((c) => c.innerText.replace(/\\s+/g, " ").trim()).join(" | "))`,
  ) as Promise<string[]>;

/** The summary list's rows as "key: value". */
export const summaryRows = (page: Page) =>
  page.evaluate(
    `[...document.querySelectorAll(".govuk-summary-list__row")].map((r) =>
      r.querySelector("dt").innerText.trim() + ": " + r.querySelector("dd").innerText.replace(/\\s+/g, " ").trim())`,
  ) as Promise<string[]>;

/** How wide the page is at `width` CSS pixels: more than `width` means sideways scrolling. */
export async function widthAt(page: Page, width: number): Promise<number> {
  await page.setViewportSize({ width, height: 900 });
  return page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
}
