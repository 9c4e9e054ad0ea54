/**
 * The work tray's frame in a real browser: it starts under its strict
 * Content-Security-Policy with no error, shows each signed-in member of staff only the
 * pages for their roles, moves focus to each page's heading and names the page in the
 * title, keeps the page when the skip link is followed, and axe finds no WCAG 2.2 AA
 * violation on the frame.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, startWorkTray, violations, type WorkTray } from './support.js';

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1'],
    // As startUnit staffs the unit (test/integration/workflows/support.ts).
    staff: [
      { staffId: 'iro', name: 'The iro', roles: ['iro'], posts: ['iro'] },
      {
        staffId: 'head-of-service',
        name: 'The head-of-service',
        roles: ['manager'],
        posts: ['head-of-service'],
      },
      { staffId: 'admin', name: 'The admin', roles: ['admin'], posts: [] },
    ],
  });
}, 120_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

/** Opens `hash` signed in as `who`, collecting console errors and CSP refusals. */
async function open(who: { staffId: string; roles: string[] }, hash: string) {
  const page = await tray.pageAs(who);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${tray.url}/${hash}`);
  await page.locator('h1').waitFor();
  return { page, errors };
}

const menu = (page: Page) => page.locator('nav[aria-label="Menu"] a').allTextContents();

describe('the frame', () => {
  it('an IRO sees their pages, starts on My work, with no error under the CSP', async () => {
    const { page, errors } = await open({ staffId: 'iro', roles: ['iro'] }, '');
    // An IRO's pages: My work, Disputes, Figures, Record an event; not the Unit board.
    expect(await menu(page)).toEqual(['My work', 'Disputes', 'Figures', 'Record an event']);
    await page.waitForURL(/#\/my-work$/);
    expect(await page.locator('h1').textContent()).toBe('My work');
    // The title is set in an effect after the page is drawn: wait for it.
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('My work – IRO work tray');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a manager starts on the Unit board and has no My work', async () => {
    const { page } = await open({ staffId: 'manager-1', roles: ['manager'] }, '');
    expect(await menu(page)).toEqual(['Unit board', 'Disputes', 'Figures', 'Record an event']);
    await page.waitForURL(/#\/board$/);
    await page.context().close();
  });

  it('moving to another page names it in the title and moves focus to its heading', async () => {
    const { page } = await open({ staffId: 'iro', roles: ['iro'] }, '#/my-work');
    // Act
    await page.getByRole('link', { name: 'Disputes' }).click();
    // The heading renders first; the title and focus follow in the page's effect. Polled
    // from here: the page's CSP refuses the string evaluation waitForFunction would use.
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Disputes – IRO work tray');
    // Assess
    expect(await page.locator('h1').textContent()).toBe('Disputes');
    expect(await focused(page)).toMatchObject({ tag: 'H1', text: 'Disputes' });
    await page.context().close();
  });

  it('a page the roles do not reach is not found, and says so', async () => {
    const { page } = await open({ staffId: 'sw', roles: ['social-worker'] }, '#/board');
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.context().close();
  });

  it('the skip link moves focus to the content and leaves the page where it was', async () => {
    const { page } = await open({ staffId: 'iro', roles: ['iro'] }, '#/disputes');
    // Act: the skip link is the first thing the keyboard reaches.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    // Assess
    expect((await focused(page)).id).toBe('main-content');
    expect(await page.locator('h1').textContent()).toBe('Disputes');
    await page.context().close();
  });

  it('"sign in as" lists the staff with roles and posts, and signs in as the one chosen', async () => {
    // Prepare: nobody signed in
    const page = await tray.newPage();
    await page.goto(`${tray.url}/`);
    await page.getByRole('heading', { name: 'Sign in as' }).waitFor();
    // The heading draws before the staff list arrives: wait for the rows themselves.
    const rows = async () =>
      (await page.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    await expect
      .poll(rows, { timeout: 10_000 })
      .toEqual([
        'The iro iro IRO Sign in as The iro',
        'The head-of-service manager head of service Sign in as The head-of-service',
        'The admin admin No post Sign in as The admin',
      ]);
    // Act: from the keyboard
    await page.getByRole('button', { name: 'Sign in as The head-of-service' }).focus();
    await page.keyboard.press('Enter');
    // Assess: a manager starts on the unit board, named as the directory names them
    await page.getByRole('heading', { name: 'Unit board' }).waitFor();
    expect(await page.locator('footer').textContent()).toContain(
      'Signed in as The head-of-service (manager)',
    );
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('signing out shows the sign-in page', async () => {
    const { page } = await open({ staffId: 'iro', roles: ['iro'] }, '#/my-work');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in as' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('iro.local.identity'))).toBeNull();
    await page.context().close();
  });

  it('axe finds no WCAG 2.2 AA violation on the frame', async () => {
    const { page } = await open({ staffId: 'iro', roles: ['iro'] }, '#/my-work');
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
