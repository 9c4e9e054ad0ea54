/**
 * The team manager's morning (issue 18): they sign in, land on their own team's board,
 * open a dispute from the child's page, answer it from the dispute's page and see the
 * answer in its history; the IRO then reads who answered and when, beside their own
 * next steps, and is told by one email that never carries the answer. Each page passes
 * axe (WCAG 2.2 AA) with data and with errors, is used by keyboard alone, and fits
 * 320 px without sideways scrolling. Tests wait for what they read.
 *
 * Today is Monday 3 April 2017 on the virtual clock. startUnit allocates C1 to the IRO
 * `iro`, the social worker `social-worker` and the team manager `team-manager` (named
 * "The team-manager"); C7 belongs to another team (`tm-2`). Worked by hand:
 *   D1 and D2 about C1, raised by the IRO on Wed 29 March: stage 1 (team manager) to
 *   respond within 5 working days, by Wed 5 April (30, 31 March, 3, 4, 5 April); each
 *   moves to stage 2 by itself on Thu 6 April. An answer moves none of these dates.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import {
  captionedRows,
  focused,
  openAs,
  settled,
  startWorkTray,
  summaryRows,
  violations,
  type WorkTray,
  widthAt,
} from './support.js';

const TEAM_MANAGER = { staffId: 'team-manager', roles: ['manager'] };
const SERVICE_MANAGER = { staffId: 'service-manager', roles: ['manager'] };
const IRO = { staffId: 'iro', roles: ['iro'] };
const ISSUE = 'The plan for contact with the birth family has drifted';
const ANSWER = 'Contact resumes fortnightly from 10 April; the plan is updated.';
const ANSWER_BY_KEYBOARD = 'The placement panel meets on 12 April.';

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-03T09:00:00Z', subjects: ['C1'] });
  const { staff } = tray.unit.runtime.deps;
  await staff.putStaff({ staffId: 'tm-2', name: 'Other Manager', email: 'tm-2@council.example' });
  // startUnit records as `test-admin`: the directory names them.
  await staff.putStaff({ staffId: 'test-admin', name: 'Ann Admin', email: 'ann@council.example' });
  await staff.allocate({ subjectId: 'C7', roles: { iro: 'iro', 'team-manager': 'tm-2' } });
  const history: CaseEvent[] = [
    { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
    { type: 'BecameLookedAfter', childId: 'C7', date: '2017-03-20' },
    { type: 'DisputeRaised', childId: 'C1', disputeId: 'D1', date: '2017-03-29', issue: ISSUE },
    { type: 'DisputeRaised', childId: 'C1', disputeId: 'D2', date: '2017-03-29', issue: ISSUE },
  ];
  for (const event of history) expect((await tray.unit.record(event)).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

const open = (who: { staffId: string; roles: string[] }, hash: string) => openAs(tray, who, hash);

/** The history's rows without the instant each was recorded at (the real clock's). */
const historyOf = async (page: Page) =>
  (await captionedRows(page, 'History')).map((r) =>
    r.replace(/ \d{1,2} \w+ \d{4} at \d\d:\d\d$/, ''),
  );

describe("the team manager's morning: answering a dispute", () => {
  it('lands on their team, opens the dispute from the child page, answers it and sees it in the history', async () => {
    // Prepare: signed in, the tray's start is their own team's board.
    const page = await open(TEAM_MANAGER, '');
    await page.waitForURL(/#\/board\?team=team-manager$/);
    await expect
      .poll(async () =>
        (await captionedRows(page, 'Open obligations')).map((r) => r.split(' | ')[0]),
      )
      .toEqual(['C1', 'C1', 'C1']);
    // Act: to the child's page, then the dispute's.
    await page.getByRole('link', { name: 'C1', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Child C1' }).waitFor();
    await settled(page);
    await page.getByRole('link', { name: 'Dispute D1' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dispute D1' }).waitFor();
    await settled(page);
    // Assess: the dispute with its issue, and the form for the manager it stands with.
    expect(await summaryRows(page)).toEqual([
      'Child: C1',
      'Raised on: 29 March 2017',
      'Stage now: Stage 1: Team manager',
      'Respond by: 5 April 2017',
      'Escalates by itself on: 6 April 2017',
    ]);
    expect(await page.locator('.govuk-inset-text').allTextContents()).toEqual([ISSUE]);
    await page.getByRole('heading', { level: 2, name: 'Answer this dispute' }).waitFor();
    expect(await violations(page)).toEqual([]);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1024, height: 900 });

    // Act: sent empty first, then answered.
    await page.getByRole('button', { name: 'Send the answer' }).click();
    // Assess: the error summary names each question, and the page still passes.
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual([
      'Your answer is required',
      'Date of the answer is required',
    ]);
    // The title follows the error summary (set once it is drawn): wait for it.
    await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^Error: /);
    expect(await violations(page)).toEqual([]);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1024, height: 900 });

    await page.fill('#field-answer', ANSWER);
    await page.fill('#field-date', '3');
    await page.fill('#field-date-month', '4');
    await page.fill('#field-date-year', '2017');
    await page.getByRole('button', { name: 'Send the answer' }).click();

    // Assess: said so, and the history and the answers show it with who and when.
    await page.locator('.govuk-notification-banner--success').waitFor();
    expect(await page.locator('.govuk-notification-banner__heading').textContent()).toBe(
      'Your answer to dispute D1 is recorded, 3 April 2017',
    );
    await settled(page);
    await expect
      .poll(() => historyOf(page))
      .toEqual([
        '29 March 2017 | Dispute raised | Ann Admin',
        '3 April 2017 | Dispute answered | The team-manager',
      ]);
    expect(await page.getByRole('heading', { level: 3 }).allTextContents()).toContain(
      'Answered by The team-manager on 3 April 2017',
    );
    expect(await page.locator('.govuk-inset-text').allTextContents()).toEqual([ISSUE, ANSWER]);
    // The dates are the IRO's to move: the stage and its date are as they were.
    expect(await summaryRows(page)).toEqual([
      'Child: C1',
      'Raised on: 29 March 2017',
      'Stage now: Stage 1: Team manager',
      'Respond by: 5 April 2017',
      'Escalates by itself on: 6 April 2017',
      'Answer: Answered by The team-manager on 3 April 2017',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('answers by keyboard alone at 320 px', async () => {
    const page = await tray.pageAs(TEAM_MANAGER);
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${tray.url}/#/dispute?id=D2`);
    await settled(page);
    // Act: Tab to the answer, type; Tab through the date's boxes; Tab to the button, Enter.
    for (let i = 0; i < 60 && (await focused(page)).id !== 'field-answer'; i++) {
      await page.keyboard.press('Tab');
    }
    expect((await focused(page)).id).toBe('field-answer');
    await page.keyboard.type(ANSWER_BY_KEYBOARD);
    for (const part of ['3', '4', '2017']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(part);
    }
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Send the answer');
    await page.keyboard.press('Enter');
    // Assess: the banner has the focus, and the answer is in the history.
    await page.locator('.govuk-notification-banner--success').waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('DIV');
    await settled(page);
    await expect
      .poll(async () => (await historyOf(page)).at(-1))
      .toBe('3 April 2017 | Dispute answered | The team-manager');
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('offers no form to a manager the dispute does not stand with', async () => {
    const page = await open(SERVICE_MANAGER, '#/dispute?id=D1');
    expect(await summaryRows(page)).toContain('Stage now: Stage 1: Team manager');
    expect(await page.getByRole('button', { name: 'Send the answer' }).count()).toBe(0);
    await page.context().close();
  });

  it('the IRO reads who answered and when, beside their own next steps, and had one email', async () => {
    const page = await open(IRO, '#/dispute?id=D1');
    expect(await summaryRows(page)).toContain(
      'Answer: Answered by The team-manager on 3 April 2017',
    );
    expect(await page.locator('.govuk-inset-text').allTextContents()).toEqual([ISSUE, ANSWER]);
    expect(
      await page
        .getByRole('link', { name: /^Record: Dispute (escalated|resolved)$/ })
        .allTextContents(),
    ).toEqual(['Record: Dispute escalated', 'Record: Dispute resolved']);
    expect(await page.getByRole('button', { name: 'Send the answer' }).count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    // One email each answer, to the IRO alone, never with the answer's words.
    await expect
      .poll(async () =>
        (await tray.unit.mail())
          .filter((m) => m.subject.startsWith('Dispute answered'))
          .map((m) => `${m.to} ${m.subject}`)
          .sort(),
      )
      .toEqual([
        'iro@council.example Dispute answered: dispute D1, child C1 - stage 1 (team manager)',
        'iro@council.example Dispute answered: dispute D2, child C1 - stage 1 (team manager)',
      ]);
    for (const m of await tray.unit.mail()) {
      expect(m.text).not.toContain(ANSWER);
      expect(m.text).not.toContain(ANSWER_BY_KEYBOARD);
    }
    await page.context().close();
  });
});
