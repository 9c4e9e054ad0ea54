/**
 * The work tray's lists in a real browser, over a unit whose events were recorded by
 * hand: My work for an IRO and a social worker (overdue, then the next 28 days), the
 * unit board's filters and sort, the disputes list in the head of service's order with
 * no issue text anywhere, each page free of WCAG 2.2 AA violations with rows and
 * without, and the filters and sort buttons worked with the keyboard alone. The board's
 * IRO and team filters list by name who holds those posts (tm-2 is not in the staff
 * directory, so by staff id, last); the address keeps staff ids.
 *
 * Today is Monday 6 March 2017 on the virtual clock; no bank holiday falls in February
 * or March 2017. Allocations (startUnit gives C1 its default staff):
 *   C1: IRO iro, social worker social-worker, team manager team-manager
 *   C2: IRO iro-2, social worker sw-2, team manager tm-2
 *   C3: IRO iro, social worker sw-2, team manager tm-2
 * Open on 6 March, worked by hand:
 *   C1 lac-review: looked after Wed 1 Feb + 20 working days = Wed 1 March; overdue by
 *      Thu 2, Fri 3, Mon 6 = 3 working days.
 *   C1 icpc-booking-decision: strategy discussion Mon 6 March + 3 wd = Thu 9 March (3 left).
 *   C1 icpc: Mon 6 March + 15 wd = Mon 27 March (15 left).
 *   C1 D2: raised Mon 27 Feb, escalated by the IRO to stage 3 on Thu 2 March: due + 5 wd
 *      = Thu 9 March (3 left); escalates by itself Fri 10 March; open Tue 28 Feb, Wed 1,
 *      Thu 2, Fri 3, Mon 6 = 5 working days.
 *   C2 lac-review: looked after Fri 3 March + 20 wd = Fri 31 March (19 left).
 *   C2 D1: raised Wed 1 March, stage 1 due + 5 wd = Wed 8 March (2 left); escalates
 *      Thu 9 March; open Thu 2, Fri 3, Mon 6 = 3 working days.
 *   C3 lac-review: looked after Mon 20 Feb + 20 wd = Mon 20 March (10 left).
 *   C3 D3: raised Mon 6 March, stage 1 due Mon 13 March (5 left); escalates Tue 14 March;
 *      open 0 working days.
 * The next 28 days run to Mon 3 April.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, startWorkTray, violations, type WorkTray } from './support.js';

const TEMPLATE = 'https://cms.example.gov.uk/children/{subjectId}';
const ISSUES = ['ISSUE-ONE drifted', 'ISSUE-TWO unmet', 'ISSUE-THREE delayed'];

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({
    startAt: '2017-03-06T09:00:00Z',
    subjects: ['C1'],
    caseRecordUrlTemplate: TEMPLATE,
  });
  const { unit } = tray;
  const { staff } = unit.runtime.deps;
  await staff.putStaff({ staffId: 'iro-2', name: 'Second IRO', email: 'iro-2@council.example' });
  await staff.allocate({
    subjectId: 'C2',
    roles: { iro: 'iro-2', 'social-worker': 'sw-2', 'team-manager': 'tm-2' },
  });
  await staff.allocate({
    subjectId: 'C3',
    roles: { iro: 'iro', 'social-worker': 'sw-2', 'team-manager': 'tm-2' },
  });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-01' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-03' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C3', date: '2017-02-20' });
  await unit.record({
    type: 'StrategyDiscussionHeld',
    childId: 'C1',
    date: '2017-03-06',
    section47: true,
  });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'C2',
    date: '2017-03-01',
    issue: ISSUES[0] as string,
  });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D2',
    childId: 'C1',
    date: '2017-02-27',
    issue: ISSUES[1] as string,
  });
  await unit.record({ type: 'DisputeEscalated', disputeId: 'D2', date: '2017-03-02', toStage: 3 });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D3',
    childId: 'C3',
    date: '2017-03-06',
    issue: ISSUES[2] as string,
  });
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

const IRO = { staffId: 'iro', roles: ['iro'] };
const SOCIAL_WORKER = { staffId: 'sw-2', roles: ['social-worker'] };
// The unit's service manager: no team of their own, so the board starts on the whole unit.
const MANAGER = { staffId: 'service-manager', roles: ['manager'] };
const TEAM_MANAGER = { staffId: 'team-manager', roles: ['manager'] };
const HEAD_OF_SERVICE = { staffId: 'head-of-service', roles: ['manager'] };

/** Opens `hash` signed in as `who` and waits until every list has loaded. */
async function open(who: { staffId: string; roles: string[] }, hash: string): Promise<Page> {
  const page = await tray.pageAs(who);
  await page.goto(`${tray.url}/${hash}`);
  await settled(page);
  return page;
}

/** The heading is shown and no list is still loading (polled here: the CSP forbids eval). */
const settled = async (page: Page) => {
  await page.locator('h1').waitFor();
  await expect
    .poll(() => page.locator('[role=status]').count(), { timeout: 20_000, interval: 50 })
    .toBe(0);
};

/** Each row of the table captioned `caption…`, its cells' text joined by " | ". */
const rowsOf = (page: Page, caption: string) =>
  page.evaluate(
    `[...document.querySelectorAll("table")]
      .filter((t) => t.caption?.textContent.startsWith(${JSON.stringify(caption)}))
      .flatMap((t) => [...t.tBodies[0].rows])
      .map((r) => [...r.cells].map((c) => c.textContent.replace("Case record of ", "").trim()).join(" | "))`,
  ) as Promise<string[]>;

/** Child, what is due, due date and working days of each row (the rule left out). */
const firstFour = (rows: string[]) => rows.map((r) => r.split(' | ').slice(0, 4).join(' | '));
/** The due dates of a table's rows. */
const dues = async (page: Page, caption: string) =>
  (await rowsOf(page, caption)).map((r) => r.split(' | ')[2]);

/** Presses Tab until the focused element's text (or id) matches, as a keyboard user would. */
async function tabTo(
  page: Page,
  matches: (e: { tag: string; id: string; text: string }) => boolean,
) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error('never reached by Tab');
}

describe('My work', () => {
  it("shows an IRO their children's obligations, overdue first, then the next 28 days", async () => {
    // Act
    const page = await open(IRO, '#/my-work');

    // Assess: C1 and C3 are the IRO's; C2 is not.
    expect(firstFour(await rowsOf(page, 'Overdue'))).toEqual([
      'C1 | Looked-after child review | 1 March 2017 | 3 working days overdue',
    ]);
    expect(firstFour(await rowsOf(page, 'Due in the next 28 days'))).toEqual([
      'C1 | Decision on booking the initial child protection conference | 9 March 2017 | 3 working days left',
      'C1 | Stage 3 of the IRO dispute resolution process (head of service) | 9 March 2017 | 3 working days left',
      'C3 | Stage 1 of the IRO dispute resolution process (team manager) | 13 March 2017 | 5 working days left',
      'C3 | Looked-after child review | 20 March 2017 | 10 working days left',
      'C1 | Initial child protection conference | 27 March 2017 | 15 working days left',
    ]);
    // The rule, and the child's page, which links on to the case record.
    expect((await rowsOf(page, 'Overdue'))[0]).toContain('20 working days');
    const link = page.getByRole('link', { name: 'C1', exact: true }).first();
    expect(await link.getAttribute('href')).toBe('#/child?id=C1');
    await link.click();
    const record = page.getByRole('link', { name: "Open child C1's case record" });
    expect(await record.getAttribute('href')).toBe('https://cms.example.gov.uk/children/C1');
    // Overdue rows are marked.
    expect(await page.locator('tr.app-row--overdue').count()).toBe(1);
    await page.context().close();
  });

  it("shows a social worker only their own children's", async () => {
    const page = await open(SOCIAL_WORKER, '#/my-work');
    expect(await page.getByText('Nothing is overdue.').count()).toBe(1);
    expect(firstFour(await rowsOf(page, 'Due in the next 28 days'))).toEqual([
      'C2 | Stage 1 of the IRO dispute resolution process (team manager) | 8 March 2017 | 2 working days left',
      'C3 | Stage 1 of the IRO dispute resolution process (team manager) | 13 March 2017 | 5 working days left',
      'C3 | Looked-after child review | 20 March 2017 | 10 working days left',
      'C2 | Looked-after child review | 31 March 2017 | 19 working days left',
    ]);
    await page.context().close();
  });

  it('filters by what is due, in the address', async () => {
    const page = await open(IRO, '#/my-work?kind=lac-review');
    expect(firstFour(await rowsOf(page, 'Due in the next 28 days'))).toEqual([
      'C3 | Looked-after child review | 20 March 2017 | 10 working days left',
    ]);
    await page.context().close();
  });
});

describe('Unit board', () => {
  it.each([
    ['no filter', '', ['C1', 'C2', 'C1', 'C1', 'C3', 'C3', 'C1', 'C2']],
    ['kind', 'kind=lac-review', ['C1', 'C3', 'C2']],
    ['IRO', 'iro=iro-2', ['C2', 'C2']],
    ['team', 'team=tm-2', ['C2', 'C3', 'C3', 'C2']],
    ['overdue', 'overdue=true', ['C1']],
  ])('filters by %s (%s)', async (_, query, children) => {
    const page = await open(MANAGER, `#/board${query ? `?${query}` : ''}`);
    const rows = await rowsOf(page, 'Open obligations');
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(children);
    await page.context().close();
  });

  it('counts by kind and by IRO, and lists the caseloads', async () => {
    const page = await tray.pageAs(MANAGER);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${tray.url}/#/board`);
    await settled(page);
    // The caseloads come alone, not with the figures, which read every log.
    expect(asked).toContain('/reports/caseloads');
    expect(asked).not.toContain('/reports/figures');
    // The counts by IRO in one ask, not a list of the board for each IRO.
    expect(asked.filter((path) => path === '/obligations/counts')).toHaveLength(1);
    expect(asked.filter((path) => path === '/obligations')).toHaveLength(1);
    // 8 open: 3 reviews (1 overdue), 3 dispute stages, 1 booking decision, 1 initial conference.
    expect(await rowsOf(page, 'By what is due')).toEqual([
      'Looked-after child review | 3 | 1',
      'Initial child protection conference | 1 | 0',
      'Decision on booking the initial child protection conference | 1 | 0',
      'Stage of the IRO dispute resolution process | 3 | 0',
    ]);
    // iro holds C1 (4 open, 1 overdue) and C3 (2); iro-2 holds C2 (2).
    expect(await rowsOf(page, 'By IRO')).toEqual([
      'The iro (iro) | 6 | 1',
      'Second IRO (iro-2) | 2 | 0',
      'No IRO | 0 | 0',
    ]);
    // Looked after on 6 March: C1 and C3 (iro), C2 (iro-2); nobody above 70.
    expect(await rowsOf(page, 'IRO caseloads')).toEqual([
      'The iro (iro) | 2 | No',
      'Second IRO (iro-2) | 1 | No',
    ]);
    await page.context().close();
  });

  it("counts every IRO's work whatever IRO the list is filtered by, each linking to theirs", async () => {
    // Act
    const page = await open(MANAGER, '#/board?kind=lac-review&iro=iro-2');

    // Assess: reviews only; iro holds C1 (overdue) and C3, iro-2 holds C2.
    expect(await rowsOf(page, 'By IRO')).toEqual([
      'The iro (iro) | 2 | 1',
      'Second IRO (iro-2) | 1 | 0',
      'No IRO | 0 | 0',
    ]);
    await page.getByRole('link', { name: 'The iro (iro)' }).click();
    await page.waitForURL(/iro=iro(&|$)/);
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(2);
    await page.context().close();
  });

  it("shows each row's IRO and social worker by name", async () => {
    const page = await open(MANAGER, '#/board?kind=lac-review');
    // Child, IRO and social worker of each review: C1 the unit's, C2 and C3 sw-2's.
    await expect
      .poll(async () =>
        (await rowsOf(page, 'Open obligations')).map((r) => {
          const cells = r.split(' | ');
          return [cells[0], cells[4], cells[5]].join(' | ');
        }),
      )
      .toEqual([
        'C1 | The iro | The social-worker',
        'C3 | The iro | sw-2',
        'C2 | Second IRO | sw-2',
      ]);
    await page.context().close();
  });

  it('a team manager starts on their own team, and may still choose the whole unit', async () => {
    const page = await open(TEAM_MANAGER, '#/board');
    await page.waitForURL(/#\/board\?team=team-manager$/);
    await expect
      .poll(async () => (await rowsOf(page, 'Open obligations')).map((r) => r.split(' | ')[0]))
      .toEqual(['C1', 'C1', 'C1', 'C1']);
    // Act: "Any" team, applied.
    await page.getByLabel('Team manager', { exact: true }).selectOption({ label: 'Any' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Assess: the whole unit, and it stays so.
    await page.waitForURL((url) => !url.hash.includes('team='));
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(8);
    await page.context().close();
  });

  it('sorts by due date both ways from the header button, saying so with aria-sort', async () => {
    // Prepare
    const page = await open(MANAGER, '#/board');
    const header = page.getByRole('columnheader', { name: 'Due', exact: true });
    expect(await header.getAttribute('aria-sort')).toBe('none');

    // Act and assess: ascending, then descending.
    await page.getByRole('button', { name: 'Due', exact: true }).click();
    await page.waitForURL(/sort=due&order=asc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await dues(page, 'Open obligations');
    expect(ascending[0]).toBe('1 March 2017');
    expect(ascending.at(-1)).toBe('31 March 2017');
    await page.getByRole('button', { name: 'Due', exact: true }).click();
    await page.waitForURL(/sort=due&order=desc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(await dues(page, 'Open obligations')).toEqual([
      '31 March 2017',
      '27 March 2017',
      '20 March 2017',
      '13 March 2017',
      '9 March 2017',
      '9 March 2017',
      '8 March 2017',
      '1 March 2017',
    ]);
    await page.context().close();
  });

  it('takes its filters and sort from the keyboard alone', async () => {
    // Prepare
    const page = await open(MANAGER, '#/board');

    // Act: Tab to "Overdue only", tick it with Space, Tab to "Apply filters", press Enter.
    await tabTo(page, (e) => e.id === 'filter-overdue');
    await page.keyboard.press('Space');
    await tabTo(page, (e) => e.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/overdue=true/);

    // Assess
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(1);
    expect((await focused(page)).text).toBe('Apply filters');

    // Act: clear the tick the same way, then sort by working days from its header.
    await tabTo(page, (e) => e.id === 'filter-overdue');
    await page.keyboard.press('Space');
    await tabTo(page, (e) => e.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.hash.includes('overdue'));
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(8);
    await tabTo(page, (e) => e.tag === 'BUTTON' && e.text === 'Working days');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=left&order=asc/);
    const header = page.getByRole('columnheader', { name: 'Working days' });
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=left&order=desc/);
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');

    // Assess: 19 working days left first, 3 overdue last.
    const rows = firstFour(await rowsOf(page, 'Open obligations'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toBe('C2 | Looked-after child review | 31 March 2017 | 19 working days left');
    expect(rows.at(-1)).toBe(
      'C1 | Looked-after child review | 1 March 2017 | 3 working days overdue',
    );
    await page.context().close();
  });

  it('lists the IROs and team managers by name in their filters, "Any" first', async () => {
    // Prepare
    const page = await open(MANAGER, '#/board');
    const texts = (label: string) =>
      page
        .getByLabel(label, { exact: true })
        .locator('option')
        .evaluateAll((options) => options.map((o) => o.textContent));

    // Assess: by name, "Second IRO" before "The iro"; tm-2 has no name, so last.
    await expect.poll(() => texts('IRO')).toEqual(['Any', 'No IRO', 'Second IRO', 'The iro']);
    await expect.poll(() => texts('Team manager')).toEqual(['Any', 'The team-manager', 'tm-2']);
    await page.context().close();
  });

  it('filters by an IRO chosen by name, keeping their staff id in the address', async () => {
    // Prepare
    const page = await open(MANAGER, '#/board');

    // Act
    await page.getByLabel('IRO', { exact: true }).selectOption({ label: 'Second IRO' });
    await page.getByRole('button', { name: 'Apply filters' }).click();

    // Assess: iro-2 holds C2 alone (its review and dispute D1).
    await page.waitForURL(/iro=iro-2/);
    await expect
      .poll(async () => (await rowsOf(page, 'Open obligations')).map((r) => r.split(' | ')[0]))
      .toEqual(['C2', 'C2']);
    await page.context().close();
  });

  it('shows the filter the address holds, by name, or by staff id if they hold no such post', async () => {
    const page = await open(MANAGER, '#/board?iro=iro-2&team=nobody');
    const shown = (label: string) =>
      page
        .getByLabel(label, { exact: true })
        .evaluate(
          (s) =>
            (s as unknown as { selectedOptions: { textContent: string }[] }).selectedOptions[0]
              ?.textContent,
        );
    await expect.poll(() => shown('IRO')).toBe('Second IRO');
    await expect.poll(() => shown('Team manager')).toBe('nobody');
    await page.context().close();
  });

  it('chooses a team manager with the keyboard in the select', async () => {
    const page = await open(MANAGER, '#/board');
    await expect
      .poll(() => page.getByLabel('Team manager', { exact: true }).locator('option').count())
      .toBe(3);
    await tabTo(page, (e) => e.id === 'filter-team');
    // Any, The team-manager, tm-2: two down is tm-2 (C2 and C3).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (e) => e.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/team=tm-2/);
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(4);
    await page.context().close();
  });

  it('chooses what is due with the keyboard in the select', async () => {
    const page = await open(MANAGER, '#/board');
    await tabTo(page, (e) => e.id === 'filter-kind');
    // The select's options in order: Anything, then Looked-after child review. Enter in
    // a select does not submit its form: on to the button.
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (e) => e.text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL(/kind=lac-review/);
    await expect.poll(async () => (await rowsOf(page, 'Open obligations')).length).toBe(3);
    await page.context().close();
  });
});

describe('Disputes', () => {
  it.each([
    ['an IRO', IRO, ['C2 | D1', 'C1 | D2', 'C3 | D3']],
    [
      'the head of service, stage 3 and above first',
      HEAD_OF_SERVICE,
      ['C1 | D2', 'C2 | D1', 'C3 | D3'],
    ],
  ])('lists the open disputes for %s', async (_, who, order) => {
    const page = await open(who, '#/disputes');
    const rows = await rowsOf(page, 'Open disputes');
    expect(rows.map((r) => r.split(' | ').slice(0, 2).join(' | '))).toEqual(order);
    await page.context().close();
  });

  it('gives each stage, who must respond, working days open and the automatic escalation, and no issue text', async () => {
    const page = await open(HEAD_OF_SERVICE, '#/disputes');
    expect(await rowsOf(page, 'Open disputes')).toEqual([
      'C1 | D2 | Stage 3 | Head of service | 5 | 9 March 20173 working days left | 10 March 2017',
      'C2 | D1 | Stage 1 | Team manager | 3 | 8 March 20172 working days left | 9 March 2017',
      'C3 | D3 | Stage 1 | Team manager | 0 | 13 March 20175 working days left | 14 March 2017',
    ]);
    const text = (await page.textContent('body')) ?? '';
    for (const issue of ISSUES) expect(text).not.toContain(issue.split(' ')[0]);
    await page.context().close();
  });

  it('filters by stage', async () => {
    const page = await open(IRO, '#/disputes?stage=3');
    expect((await rowsOf(page, 'Open disputes')).map((r) => r.split(' | ')[1])).toEqual(['D2']);
    await page.context().close();
  });

  it('refuses a social worker', async () => {
    const page = await open(SOCIAL_WORKER, '#/disputes');
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.context().close();
  });
});

describe('printing', () => {
  it.each([
    ['My work', IRO, '#/my-work'],
    ['the unit board', MANAGER, '#/board'],
    ['disputes', HEAD_OF_SERVICE, '#/disputes'],
  ])(
    "%s's print button prints, and the printed page leaves out the menu and the filters",
    async (_, who, hash) => {
      // Prepare: the browser's print dialog stood in for, counting its calls.
      const page = await tray.pageAs(who);
      await page.addInitScript(
        'window.print = () => { window.printed = (window.printed ?? 0) + 1; }',
      );
      await page.goto(`${tray.url}/${hash}`);
      await settled(page);

      // Act
      await page.getByRole('button', { name: 'Print this page' }).click();
      await page.emulateMedia({ media: 'print' });

      // Assess
      expect(await page.evaluate('window.printed')).toBe(1);
      expect(await page.locator('nav[aria-label="Menu"]').isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Apply filters' }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Print this page' }).isVisible()).toBe(false);
      expect(await page.locator('table').first().isVisible()).toBe(true);
      await page.context().close();
    },
  );
});

describe('accessibility', () => {
  it.each([
    ['My work with rows', IRO, '#/my-work'],
    ['My work empty', { staffId: 'iro-9', roles: ['iro'] }, '#/my-work'],
    ['the unit board with rows', MANAGER, '#/board'],
    ['the unit board empty', MANAGER, '#/board?team=nobody'],
    ['the board filtered by IRO and team', MANAGER, '#/board?iro=iro-2&team=tm-2'],
    ['the board sorted', MANAGER, '#/board?sort=due&order=desc'],
    ['disputes with rows', HEAD_OF_SERVICE, '#/disputes'],
    ['disputes empty', IRO, '#/disputes?stage=5'],
  ])('axe finds no WCAG 2.2 AA violation on %s', async (_, who, hash) => {
    const page = await open(who, hash);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

// Last: it moves the unit's clock on, which every test above counts from.
describe('a dispute left alone', () => {
  it('shows its automatic escalation once the clock has moved on, without a reload', async () => {
    // Prepare: D1 stands at stage 1 on Monday 6 March.
    const page = await open(IRO, '#/disputes');
    expect((await rowsOf(page, 'Open disputes'))[0]).toMatch(/^C2 \| D1 \| Stage 1 \|/);

    // Act: past Wednesday 8 March, the last day of stage 1, with no answer; back to the
    // page through the menu.
    await tray.unit.advanceTo('2017-03-09T12:00:00Z');
    await page.getByRole('link', { name: 'My work' }).click();
    await page.getByRole('link', { name: 'Disputes' }).click();
    await settled(page);

    // Assess: D1 at stage 2 from Thursday 9 March, due 5 working days after stage 1's
    // due date (timescales.md 3.4): Wed 8 + Thu 9, Fri 10, Mon 13, Tue 14, Wed 15 =
    // Wednesday 15 March (4 left), escalating again on Thursday 16 March. Working days
    // open to Thu 9: D2 (raised Mon 27 Feb) 28 Feb, 1, 2, 3, 6, 7, 8, 9 March = 8;
    // D3 (Mon 6 March) 7, 8, 9 = 3; D1 (Wed 1 March) 2, 3, 6, 7, 8, 9 = 6.
    // In due order: D2 (9 March), D3 (13 March), D1 (15 March).
    await expect
      .poll(() => rowsOf(page, 'Open disputes'))
      .toEqual([
        'C1 | D2 | Stage 3 | Head of service | 8 | 9 March 2017Due today | 10 March 2017',
        'C3 | D3 | Stage 1 | Team manager | 3 | 13 March 20172 working days left | 14 March 2017',
        'C2 | D1 | Stage 2 | Service manager | 6 | 15 March 20174 working days left | 16 March 2017',
      ]);
    await page.context().close();
  });
});
