/**
 * The child's page and the dispute's page in a real browser, one scenario per role over
 * one unit: the IRO follows a child from My work, reads who is allocated, what is due
 * and why, the disputes and the history with who recorded it, and records a review and
 * a contact from the page with the child filled in, and is told what is now due; the
 * team manager and the head of service open a stage 3 dispute from Disputes and read
 * its stages, dates and issue; the social worker reads the dispute without its issue.
 * Each page passes axe with data, empty and with an error, is reached by keyboard, and
 * fits 320 px without sideways scrolling.
 *
 * Today is Monday 3 April 2017 on the virtual clock (Good Friday is 14 April, Easter
 * Monday 17 April, May Day 1 May). startUnit allocates C1 and C2 to the IRO `iro`,
 * social worker `social-worker` and team manager `team-manager`; the directory names
 * them "The iro" and so on. Worked by hand:
 *   C1 looked after from Mon 2 January; first review Fri 27 January (PN1), its decisions
 *      and record shared; the next is due 3 months on, Thu 27 April (16 working days
 *      left: 4-7, 10-13, 18-21, 24-27 April).
 *   C1 D2: raised Wed 29 March, escalated by the IRO to stage 3 on Fri 31 March: the head
 *      of service to respond within 5 working days, by Fri 7 April (4 left); it moves on
 *      by itself on Sat 8 April.
 *   C2 looked after 2 January, ceased 1 February: nothing open.
 * The IRO then records a review on Mon 3 April: the next review is due 6 months on,
 * Tue 3 October; its decisions within 5 working days, Mon 10 April; its written record
 * within 20, Thu 4 May (Good Friday, Easter Monday and May Day not counted).
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

const IRO = { staffId: 'iro', roles: ['iro'] };
const TEAM_MANAGER = { staffId: 'team-manager', roles: ['manager'] };
const HEAD_OF_SERVICE = { staffId: 'head-of-service', roles: ['manager'] };
const SOCIAL_WORKER = { staffId: 'social-worker', roles: ['social-worker'] };
const ADMIN = { staffId: 'admin-1', roles: ['admin'] };
const ISSUE = 'The plan for contact with the birth family has drifted';

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({
    startAt: '2017-04-03T09:00:00Z',
    subjects: ['C1', 'C2'],
    caseRecordUrlTemplate: 'https://cms.example.gov.uk/children/{subjectId}',
  });
  // startUnit records as `test-admin`: the directory names them.
  await tray.unit.runtime.deps.staff.putStaff({
    staffId: 'test-admin',
    name: 'Ann Admin',
    email: 'ann.admin@council.example',
  });
  const history: CaseEvent[] = [
    { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
    { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27', participation: 'PN1' },
    {
      type: 'ReviewRecordShared',
      childId: 'C1',
      reviewDate: '2017-01-27',
      part: 'decisions',
      date: '2017-02-01',
    },
    {
      type: 'ReviewRecordShared',
      childId: 'C1',
      reviewDate: '2017-01-27',
      part: 'record',
      date: '2017-02-20',
    },
    { type: 'DisputeRaised', childId: 'C1', disputeId: 'D2', date: '2017-03-29', issue: ISSUE },
    { type: 'DisputeEscalated', disputeId: 'D2', date: '2017-03-31', toStage: 3 },
    { type: 'BecameLookedAfter', childId: 'C2', date: '2017-01-02' },
    { type: 'CeasedLookedAfter', childId: 'C2', date: '2017-02-01' },
    // Brought in with nobody allocated, as an SSDA903 upload leaves them.
    ...['N1', 'N2', 'N3', 'N4'].map(
      (childId): CaseEvent => ({ type: 'BecameLookedAfter', childId, date: '2017-03-20' }),
    ),
  ];
  for (const event of history) expect((await tray.unit.record(event)).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

const open = (who: { staffId: string; roles: string[] }, hash: string) => openAs(tray, who, hash);

async function fillDate(page: Page, day: string, month: string, year: string) {
  await page.fill('#field-date', day);
  await page.fill('#field-date-month', month);
  await page.fill('#field-date-year', year);
}

describe('phones', () => {
  it.each([
    ['My work', IRO, '#/my-work'],
    ['Disputes', TEAM_MANAGER, '#/disputes'],
    ['the unit board', TEAM_MANAGER, '#/board?team=team-manager'],
    ['Record an event', IRO, '#/record?event=review-held'],
    ['Allocate', ADMIN, '#/allocate'],
    ['Figures', TEAM_MANAGER, '#/figures'],
    ['Import a return', ADMIN, '#/import'],
  ])('%s fits 320 px with nothing to scroll sideways', async (_, who, hash) => {
    const page = await tray.pageAs(who);
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(`${tray.url}/${hash}`);
    await settled(page);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.context().close();
  });
});

describe("the IRO's morning: a child's page", () => {
  it('is reached from My work and shows allocation, what is due, disputes and history', async () => {
    const page = await open(IRO, '#/my-work');
    // Act
    await page.getByRole('link', { name: 'C1', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Child C1' }).waitFor();
    await settled(page);
    // Assess
    expect(await summaryRows(page)).toEqual([
      'IRO: The iro',
      'Social worker: The social-worker',
      'Team manager: The team-manager',
      'Conference chair: The chair',
    ]);
    const due = await captionedRows(page, 'Open obligations');
    expect(due.map((r) => r.split(' | ').slice(0, 3).join(' | '))).toEqual([
      'Looked-after child review | 27 April 2017 | 16 working days left',
    ]);
    expect(due[0]).toContain('27 January 2017');
    const dispute = await page.locator('main li', { hasText: 'Dispute D2' }).textContent();
    expect(dispute?.replace(/\s+/g, ' ')).toBe(
      'Dispute D2: stage 3, head of service to respond by 7 April 2017 (4 working days left)',
    );
    expect(await captionedRows(page, 'Reviews and IRO contact')).toEqual([
      '27 January 2017 | Review | The child attended and spoke for themselves (PN1)',
    ]);
    const events = await captionedRows(page, 'Events recorded');
    expect(events.map((r) => r.replace(/ \d{1,2} \w+ \d{4} at \d\d:\d\d$/, ''))).toEqual([
      '2 January 2017 | Became looked after | Ann Admin',
      '27 January 2017 | Looked-after review held | Ann Admin',
      '1 February 2017 | Review decisions or record shared | Ann Admin',
      '20 February 2017 | Review decisions or record shared | Ann Admin',
      // The child's one audit trail holds the disputes raised about them.
      '29 March 2017 | Dispute raised, dispute D2 | Ann Admin',
      '31 March 2017 | Dispute escalated, dispute D2 | Ann Admin',
    ]);
    expect(
      await page.getByRole('link', { name: "Open child C1's case record" }).getAttribute('href'),
    ).toBe('https://cms.example.gov.uk/children/C1');
    expect(await violations(page)).toEqual([]);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.context().close();
  });

  it('records a review for the child, filled in, and says what is now due', async () => {
    const page = await open(IRO, '#/child?id=C1');
    // Act
    await page.getByRole('link', { name: 'Record: Looked-after review held' }).click();
    await page.getByRole('heading', { level: 2, name: 'Looked-after review held' }).waitFor();
    expect(await page.inputValue('#field-childId')).toBe('C1');
    await fillDate(page, '3', '4', '2017');
    await page.getByRole('radio', { name: 'The child attended and spoke for themselves' }).check();
    await page.getByRole('button', { name: 'Submit' }).click();
    // Assess
    await page.getByRole('heading', { name: 'Now due for child C1' }).waitFor();
    expect(await page.locator('.govuk-notification-banner__heading').textContent()).toBe(
      'Looked-after review held recorded for child C1, 3 April 2017',
    );
    expect(await page.locator('main .govuk-list--bullet li').allInnerTexts()).toEqual([
      'Stage 3 of the IRO dispute resolution process (head of service): by 7 April 2017',
      'Decisions of the looked-after review: by 10 April 2017',
      'Written record of the looked-after review: by 4 May 2017',
      'Looked-after child review: by 3 October 2017',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('records a contact from the keyboard alone, and the page lists it', async () => {
    const page = await open(IRO, '#/child?id=C1');
    // Act: Tab to the link, Enter; then the form with the keyboard.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await focused(page)).text === 'Record: IRO contact with the child') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'IRO contact with the child' }).waitFor();
    expect(await page.inputValue('#field-childId')).toBe('C1');
    await page.focus('#field-date');
    await page.keyboard.type('31');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2017');
    await page.getByRole('radio', { name: 'Phone call' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Submit' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Now due for child C1' }).waitFor();
    await page.getByRole('link', { name: "go to child C1's page" }).click();
    await page.getByRole('heading', { level: 1, name: 'Child C1' }).waitFor();
    await settled(page);
    // Assess
    expect(await captionedRows(page, 'Reviews and IRO contact')).toEqual([
      // In the order they happened, whatever the order they were recorded in.
      '27 January 2017 | Review | The child attended and spoke for themselves (PN1)',
      '31 March 2017 | IRO contact | Phone call',
      '3 April 2017 | Review | The child attended and spoke for themselves (PN1)',
    ]);
    await page.context().close();
  });

  it('says so for a child with nothing open, and passes axe', async () => {
    const page = await open(IRO, '#/child?id=C2');
    expect(await page.getByText('Nothing is due for child C2.').count()).toBe(1);
    expect(await page.getByText('No dispute is open about child C2.').count()).toBe(1);
    expect(await page.getByText('No review or IRO contact is recorded.').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('names the problem for a child nothing is recorded for, and passes axe', async () => {
    const page = await open(IRO, '#/child?id=C404');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'nothing is recorded for this child or carer',
    );
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('a dispute page', () => {
  it('the team manager opens it from Disputes: stages, dates, who must respond, the issue', async () => {
    const page = await open(TEAM_MANAGER, '#/disputes');
    // Act
    await page.getByRole('link', { name: 'D2', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Dispute D2' }).waitFor();
    await settled(page);
    // Assess
    expect(await summaryRows(page)).toEqual([
      'Child: C1',
      'Raised on: 29 March 2017',
      'Stage now: Stage 3: Head of service',
      'Respond by: 7 April 2017',
      'Escalates by itself on: 8 April 2017',
    ]);
    expect(await page.locator('.govuk-inset-text').textContent()).toBe(ISSUE);
    expect(await captionedRows(page, 'Stages')).toEqual([
      'Stage 1 | Team manager | 29 March 2017 | 5 April 2017 | Raised by the IRO',
      'Stage 3 | Head of service | 31 March 2017 | 7 April 2017 | Escalated by the IRO',
    ]);
    const history = await captionedRows(page, 'History');
    expect(history.map((r) => r.replace(/ \d{1,2} \w+ \d{4} at \d\d:\d\d$/, ''))).toEqual([
      '29 March 2017 | Dispute raised | Ann Admin',
      '31 March 2017 | Dispute escalated to stage 3 | Ann Admin',
    ]);
    expect(await violations(page)).toEqual([]);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.context().close();
  });

  it('the head of service opens the stage 3 dispute, first on their list, by keyboard', async () => {
    const page = await open(HEAD_OF_SERVICE, '#/disputes');
    // Act
    await page.getByRole('link', { name: 'D2', exact: true }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Dispute D2' }).waitFor();
    await settled(page);
    // Assess
    expect(await summaryRows(page)).toContain('Stage now: Stage 3: Head of service');
    expect(await page.locator('.govuk-inset-text').textContent()).toBe(ISSUE);
    await page.context().close();
  });

  it("offers the IRO the dispute's next step with the dispute filled in", async () => {
    const page = await open(IRO, '#/dispute?id=D2');
    await page.getByRole('link', { name: 'Record: Dispute escalated' }).click();
    await page.getByRole('heading', { level: 2, name: 'Dispute escalated' }).waitFor();
    expect(await page.inputValue('#field-disputeId')).toBe('D2');
    await page.context().close();
  });

  it("the child's social worker reads it without its issue", async () => {
    const page = await open(SOCIAL_WORKER, '#/dispute?id=D2');
    expect(await summaryRows(page)).toContain('Respond by: 7 April 2017');
    expect(await page.locator('main').textContent()).not.toContain(ISSUE);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('names the problem for a dispute nothing is recorded for, and passes axe', async () => {
    const page = await open(TEAM_MANAGER, '#/dispute?id=D404');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'no dispute is recorded with this id',
    );
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

describe("the administrator's morning: allocating the children brought in", () => {
  /** The board's "No IRO" row of the counts by IRO. */
  const noIro = async (page: Page) =>
    (await captionedRows(page, 'By IRO')).find((r) => r.startsWith('No IRO'));

  it('allocates one child from the keyboard alone', async () => {
    const page = await open(ADMIN, '#/allocate');
    // Act: Tab to the child's reference, type, Tab to the IRO's staff id, type, Enter.
    for (let i = 0; i < 60 && (await focused(page)).id !== 'field-one-childId'; i++) {
      await page.keyboard.press('Tab');
    }
    expect((await focused(page)).id).toBe('field-one-childId');
    await page.keyboard.type('C2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('iro');
    await page.keyboard.press('Enter');
    // Assess
    await page.locator('.govuk-notification-banner--success').waitFor();
    expect(await page.locator('.govuk-notification-banner__heading').textContent()).toBe(
      '1 child allocated: C2',
    );
    expect((await tray.unit.runtime.deps.staff.allocation('C2'))?.roles).toMatchObject({
      iro: 'iro',
      'team-manager': 'team-manager',
    });
    await page.context().close();
  });

  it('refuses a CSV line by its number and allocates nothing from it', async () => {
    const page = await open(ADMIN, '#/allocate');
    // Act: line 2 names nobody.
    await page.setInputFiles('#field-csv', {
      name: 'allocations.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('child,iro,social worker\nN4\n'),
    });
    await page.getByRole('button', { name: 'Upload and allocate' }).click();
    // Assess
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual([
      'Line 2 names nobody to allocate',
    ]);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('allocates those with no IRO at once, and the board\'s "No IRO" falls to zero', async () => {
    const board = await open(ADMIN, '#/board');
    // Each of N1 to N4 has its first review due, 20 working days after 20 March: 19 April.
    await expect.poll(() => noIro(board)).toBe('No IRO | 4 | 0');
    const page = await open(ADMIN, '#/allocate');
    expect(await page.locator('.govuk-checkboxes__label').allTextContents()).toEqual([
      'N1',
      'N2',
      'N3',
      'N4',
    ]);
    expect(await violations(page)).toEqual([]);
    expect(await widthAt(page, 320)).toBeLessThanOrEqual(320);
    await page.setViewportSize({ width: 1024, height: 900 });
    // Act: nothing chosen first, then all but N4, whose IRO comes from a CSV.
    await page.getByRole('button', { name: 'Allocate the children chosen' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual([
      'Choose at least one child',
      'Give at least one staff id',
    ]);
    expect(await violations(page)).toEqual([]);
    for (const child of ['N1', 'N2', 'N3']) await page.getByLabel(child, { exact: true }).check();
    await page.fill('#field-many-iro', 'iro');
    await page.fill('#field-many-social-worker', 'social-worker');
    await page.fill('#field-many-team-manager', 'team-manager');
    await page.getByRole('button', { name: 'Allocate the children chosen' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    expect(await page.locator('.govuk-notification-banner__heading').textContent()).toBe(
      '3 children allocated: N1, N2, N3',
    );
    // A CSV: N4 to the IRO, and N1's social worker to someone the directory lacks.
    await page.setInputFiles('#field-csv', {
      name: 'allocations.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('N4,iro,social-worker\nN1,,sw-9\n'),
    });
    await page.getByRole('button', { name: 'Upload and allocate' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner__heading').textContent())
      .toBe('1 child allocated: N4');
    expect(await captionedRows(page, 'Not allocated')).toEqual([
      'N1 | Social worker: names no staff member on the staff list',
    ]);
    await settled(page);
    expect(await page.getByText('Every child with something due has an IRO.').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    // Assess: the board counts none without an IRO; N1 kept its social worker.
    const after = await open(ADMIN, '#/board');
    await expect.poll(() => noIro(after)).toBe('No IRO | 0 | 0');
    const allocation = await tray.unit.runtime.deps.staff.allocation('N1');
    expect(allocation?.roles).toEqual({
      iro: 'iro',
      'social-worker': 'social-worker',
      'team-manager': 'team-manager',
    });
    await Promise.all([board, page, after].map((p) => p.context().close()));
  });

  it('adds a member of staff, naming each missing answer', async () => {
    const page = await open(ADMIN, '#/allocate');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary li').allTextContents())
      .toEqual(['Staff id is required', 'Name is required', 'Email address is required']);
    expect(await violations(page)).toEqual([]);
    await page.fill('#field-staffId', 'iro-9');
    await page.fill('#field-name', 'Nia Reviewer');
    await page.fill('#field-email', 'nia.reviewer@council.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.govuk-notification-banner--success').waitFor();
    expect(await tray.unit.runtime.deps.staff.getStaff('iro-9')).toMatchObject({
      name: 'Nia Reviewer',
      email: 'nia.reviewer@council.example',
    });
    await page.context().close();
  });

  it("hands everything a leaver holds to who takes over, each child's other roles kept", async () => {
    const page = await open(ADMIN, '#/allocate');
    // Act: the team manager leaves; the service manager takes over their team.
    await page.fill('#field-leaving', 'team-manager');
    await page.fill('#field-successor', 'service-manager');
    await page.getByRole('button', { name: 'Hand everything on' }).click();
    // Assess: C1 and C2 (startUnit's) and N1 to N3 (allocated above); N4 had no team manager.
    await expect
      .poll(() => page.locator('.govuk-notification-banner__heading').allTextContents())
      .toContain('5 children allocated: C1, C2, N1, N2, N3');
    expect((await tray.unit.runtime.deps.staff.allocation('C1'))?.roles).toMatchObject({
      iro: 'iro',
      'social-worker': 'social-worker',
      'team-manager': 'service-manager',
      chair: 'chair',
    });
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
