/**
 * The young person's page and the IRO's side of it in a real browser (issue 20), on a
 * phone-sized window: the IRO makes a link on the child's page (shown large, with a QR
 * code drawn in the page); the young person follows it, answers by keyboard alone, is
 * thanked and told who will read it, and the page keeps nothing; the IRO reads the views
 * and records acting on "I don't feel safe"; the review form suggests PN6. An unknown,
 * a used-up and an expired link each show the same page. Each page passes axe (WCAG 2.2
 * AA) and fits 320 px.
 *
 * Today is Thursday 2 March 2017 on the virtual clock. C1, C2 and C3 are looked after
 * from Monday 20 February 2017: each first review is due 20 working days later, Monday
 * 20 March 2017, and a link for it works until 28 days after, Monday 17 April 2017.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerViews } from '../../../functions/views.js';
import { reviewsClock } from '../../../workflows/clocks.js';
import { apiEvent } from '../api/support.js';
import { focused, startWorkTray, violations, type WorkTray } from './support.js';

const IRO = { staffId: 'iro', roles: ['iro'] };
const WORDS = 'I want to see my brother more';

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-03-02T09:00:00Z', subjects: ['C1', 'C2', 'C3'] });
  for (const childId of ['C1', 'C2', 'C3']) {
    const outcome = await tray.unit.record({
      type: 'BecameLookedAfter',
      childId,
      date: '2017-02-20',
    });
    expect(outcome.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await tray.stop();
});

async function settled(page: Page) {
  await page.locator('h1').first().waitFor();
  await expect
    .poll(() => page.locator('[role=status]:not(:empty)').count(), {
      timeout: 20_000,
      interval: 50,
    })
    .toBe(0);
}

/** A page on a small phone: 320 by 640 CSS pixels, no session of anyone's. */
async function phone(): Promise<Page> {
  const context = await tray.browser.newContext({ viewport: { width: 320, height: 640 } });
  return context.newPage();
}

const fits = (page: Page) =>
  page.evaluate('document.documentElement.scrollWidth') as Promise<number>;

/** Presses Tab until the element with `id` has the focus (at most 10 times). */
async function tabTo(page: Page, check: (f: { tag: string; id: string }) => boolean) {
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (check(await focused(page))) return;
  }
  throw new Error('not reached by Tab');
}

/** A link made through the API as the IRO would, returning its path. */
async function madeLink(childId: string): Promise<string> {
  const result = (await answerViews(
    apiEvent(
      'POST /children/{childId}/views-links',
      { roles: ['iro'], sub: 'iro' },
      {
        path: { childId },
      },
    ),
    tray.unit.runtime.deps,
  )) as { statusCode: number; body: string };
  expect(result.statusCode).toBe(201);
  return JSON.parse(result.body).path as string;
}

const mainText = (page: Page) =>
  page.evaluate('document.querySelector("main").innerText.trim()') as Promise<string>;

describe("the young person's journey", () => {
  let link = '';

  it('starts with the IRO making a link on the child’s page, large and as a QR code', async () => {
    // Prepare
    const page = await tray.pageAs(IRO);
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${tray.url}/#/child?id=C1`);
    await settled(page);

    // Act
    await page.getByRole('button', { name: 'Make a link for their next review' }).click();
    await page.locator('.app-views-link__text code').waitFor();

    // Assess
    link = ((await page.locator('.app-views-link__text code').textContent()) ?? '').trim();
    expect(link).toMatch(new RegExp(`^${tray.url}/your-views\\.html#[A-Za-z0-9_-]{43}$`));
    expect(await page.locator('#views-link h3').textContent()).toBe(
      'Link for the review due 20 March 2017',
    );
    const qr = page.getByRole('img', { name: 'QR code of the link' });
    expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(100);
    expect(await violations(page)).toEqual([]);
    expect(await fits(page)).toBeLessThanOrEqual(320);
    await page.context().close();
  });

  it('is answered by keyboard alone on a phone, thanked, and leaves nothing in the browser', async () => {
    // Prepare
    const page = await phone();
    await page.goto(link);
    await settled(page);
    expect(await page.locator('h1').textContent()).toBe('Have your say before your review');
    expect(await violations(page)).toEqual([]);
    expect(await fits(page)).toBeLessThanOrEqual(320);
    // Nothing about the child is shown.
    expect(await mainText(page)).not.toContain('C1');

    // Act: send with nothing chosen, and be told what is missing.
    await tabTo(page, (f) => f.tag === 'BUTTON');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-error-summary').waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('DIV');
    expect(await violations(page)).toEqual([]);
    await tabTo(page, (f) => f.tag === 'A');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('attend');

    // Act: answer every question by keyboard.
    await page.keyboard.press('ArrowDown'); // "No": they will not come.
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('goingWell');
    await page.keyboard.type('School is good');
    await page.keyboard.press('Tab');
    await page.keyboard.type('More time with my brother');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('words');
    await page.keyboard.type(WORDS);
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('feelsSafe');
    await page.keyboard.press('ArrowDown'); // "No"
    await page.getByText('call 999').waitFor();
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('advocate');
    await page.keyboard.press('Space'); // "Yes"
    await page.keyboard.press('Tab');
    expect((await focused(page)).tag).toBe('BUTTON');
    await page.keyboard.press('Enter');

    // Assess
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    expect(await mainText(page)).toContain(
      'Your IRO and your social worker will read what you said before your review.',
    );
    expect(await violations(page)).toEqual([]);
    expect(await fits(page)).toBeLessThanOrEqual(320);
    expect(
      await page.evaluate(
        '[location.hash, localStorage.length, sessionStorage.length, document.cookie]',
      ),
    ).toEqual(['', 0, 0, '']);
    expect(await page.evaluate('document.body.innerText.includes("brother")')).toBe(false);
    const [views] = (await tray.unit.runtime.deps.events.history(reviewsClock('C1').log)).filter(
      (h) => h.event.type === 'ChildViewsShared',
    );
    expect(views?.event).toMatchObject({
      attend: 'no',
      feelsSafe: 'no',
      advocate: 'yes',
      goingWell: 'School is good',
      change: 'More time with my brother',
      words: WORDS,
    });
    await page.context().close();
  });

  it('is read by the IRO beside the review it was for, who records acting on it', async () => {
    // Prepare
    const page = await tray.pageAs(IRO);
    await page.goto(`${tray.url}/#/child?id=C1`);
    await settled(page);

    // Assess
    await page.getByText('For the review due 20 March 2017, not yet held').waitFor();
    const text = await mainText(page);
    expect(text).toContain(WORDS);
    expect(text).toContain('They said they do not feel safe where they live.');
    expect(await violations(page)).toEqual([]);

    // Act
    await page.getByRole('button', { name: 'I have acted on this' }).click();

    // Assess
    await page.getByText('Acted on by iro').waitFor();
    expect(await page.getByRole('button', { name: 'I have acted on this' }).count()).toBe(0);
    await page.context().close();
  });

  it('makes the review form suggest PN5, as they asked for an advocate', async () => {
    const page = await tray.pageAs(IRO);
    await page.goto(`${tray.url}/#/record?event=review-held&childId=C1`);
    await page.locator('#participation-suggestion').waitFor();
    expect((await page.locator('#participation-suggestion').textContent()) ?? '').toContain(
      'They asked for an advocate: if they did not attend and an advocate spoke for them, choose PN5',
    );
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a link that no longer works', () => {
  it('shows the same page whether unknown, used up or expired', async () => {
    // Prepare: C2's link sent three times; C3's left until after its last day.
    const usedUp = await madeLink('C2');
    for (let i = 0; i < 3; i++) {
      const sent = (await answerViews(
        apiEvent('POST /views/answers', 'nobody', {
          body: { link: usedUp.split('#')[1], answers: { attend: 'yes', feelsSafe: 'yes' } },
        }),
        tray.unit.runtime.deps,
      )) as { statusCode: number };
      expect(sent.statusCode).toBe(201);
    }
    const expiring = await madeLink('C3');
    const unknown = `/your-views.html#${'Q'.repeat(43)}`;

    // Act: the unknown and used-up today; the expired after 17 April 2017.
    const shown: string[] = [];
    const read = async (path: string) => {
      const page = await phone();
      await page.goto(`${tray.url}${path}`);
      await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
      shown.push(await mainText(page));
      expect(await violations(page)).toEqual([]);
      expect(await fits(page)).toBeLessThanOrEqual(320);
      await page.context().close();
    };
    await read(unknown);
    await read(usedUp);
    await tray.unit.advanceTo('2017-04-18T09:00:00Z');
    await read(expiring);

    // Assess
    expect(shown).toHaveLength(3);
    expect(new Set(shown).size).toBe(1);
    expect(shown[0]).toContain('Ask your IRO for a new one.');
  });
});
