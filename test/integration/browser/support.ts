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
