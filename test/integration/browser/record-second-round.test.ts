/**
 * The Record forms' second-round questions in a real browser over the local system:
 * a conference asks the plan's category and the child's disability once a plan is
 * made, with the young person's part, advocacy and the report's quality; a review asks
 * the permanence plan; a contact whether the child lives out of the area; a manager
 * records a case audit. Each is stored as the API takes it, and the forms are axe
 * clean. The virtual clock stands at Monday 3 April 2017.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewsClock } from '../../../workflows/clocks.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { startWorkTray, violations, type WorkTray } from './support.js';

const IRO = { staffId: 'iro', roles: ['iro'] };
const MANAGER = { staffId: 'manager-1', roles: ['manager'] };

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({ startAt: '2017-04-03T09:00:00Z', subjects: ['T1', 'T2'] });
  const history: CaseEvent[] = [
    { type: 'BecameLookedAfter', childId: 'T1', date: '2017-01-02' },
    { type: 'LacReviewHeld', childId: 'T1', date: '2017-01-27' },
    { type: 'StrategyDiscussionHeld', childId: 'T2', date: '2017-03-01', section47: true },
  ];
  for (const event of history) expect((await tray.unit.record(event)).status).toBe(201);
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

/** The events of a log, as stored, without their ids. */
async function logOf(log: string) {
  const history = await tray.unit.runtime.deps.events.history(log);
  return history.map((h) => {
    const { eventId: _id, ...event } = h.event as unknown as Record<string, unknown>;
    return event;
  });
}

async function choose(title: string, who = IRO): Promise<Page> {
  const page = await tray.pageAs(who);
  await page.goto(`${tray.url}/#/record`);
  await page.getByRole('radio', { name: title, exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
  return page;
}

async function fillDate(page: Page, day: string, month: string, year: string) {
  await page.fill('#field-date', day);
  await page.fill('#field-date-month', month);
  await page.fill('#field-date-year', year);
}

/** The radio `name` of the question `question`. */
const answer = (page: Page, question: string, name: string) =>
  page.getByRole('group', { name: question }).getByRole('radio', { name, exact: true }).check();

async function submit(page: Page) {
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('.govuk-notification-banner--success').waitFor();
}

describe('the second round of questions', () => {
  it('a conference held asks the category and disability once a plan is made', async () => {
    const page = await choose('Conference held');
    await page.fill('#field-childId', 'T2');
    await page.fill('#field-conferenceId', 'K1');
    await page.getByRole('radio', { name: 'Initial child protection conference' }).check();
    await fillDate(page, '20', '3', '2017');
    // Not asked until a plan is made.
    expect(await page.getByRole('group', { name: 'The category of the plan' }).count()).toBe(0);
    await answer(page, 'Was a child protection plan made?', 'Yes');
    await answer(page, 'The category of the plan', 'Physical abuse');
    await answer(page, 'Does the child have a disability?', 'No');
    await answer(page, 'How did the young person take part?', 'The young person attended');
    await answer(page, 'Was an advocate involved?', 'An advocate was offered and declined');
    await answer(page, "The chair's judgement of the social work report", 'Good');
    expect(await violations(page)).toEqual([]);
    await submit(page);
    expect((await logOf('protection/T2')).find((e) => e.type === 'ConferenceHeld')).toEqual({
      type: 'ConferenceHeld',
      childId: 'T2',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-20',
      planMade: true,
      category: 'physical',
      disability: false,
      childParticipation: 'attended',
      advocacy: 'offered-declined',
      reportQuality: 'good',
    });
    await page.context().close();
  });

  it('a review asks the permanence plan; a contact whether the child lives out of the area', async () => {
    const review = await choose('Looked-after review held');
    await review.fill('#field-childId', 'T1');
    await fillDate(review, '27', '3', '2017');
    await answer(review, 'Was the permanence plan agreed?', 'Permanence plan agreed');
    await submit(review);
    await review.context().close();

    const contact = await choose('IRO contact with the child');
    await contact.fill('#field-childId', 'T1');
    await fillDate(contact, '28', '3', '2017');
    await answer(contact, 'How the IRO was in contact', 'Visit');
    await answer(contact, "Does the child live outside the council's area?", 'Yes');
    await submit(contact);
    await contact.context().close();

    const log = await logOf(reviewsClock('T1').log);
    expect(log.find((e) => e.date === '2017-03-27')).toEqual({
      type: 'LacReviewHeld',
      childId: 'T1',
      date: '2017-03-27',
      permanencePlan: 'agreed',
    });
    expect(log.find((e) => e.type === 'IroContactWithChild')).toEqual({
      type: 'IroContactWithChild',
      childId: 'T1',
      date: '2017-03-28',
      method: 'visit',
      outOfArea: true,
    });
  });

  it('a manager records a case audit', async () => {
    const page = await choose('Case audit completed', MANAGER);
    await page.fill('#field-auditId', 'QA/17/3');
    await page.fill('#field-childId', 'T1');
    await page.fill('#field-iro', 'iro');
    await fillDate(page, '31', '3', '2017');
    await answer(page, 'The grade', 'Requires improvement');
    expect(await violations(page)).toEqual([]);
    await submit(page);
    expect(
      (await logOf(reviewsClock('T1').log)).find((e) => e.type === 'CaseAuditCompleted'),
    ).toEqual({
      type: 'CaseAuditCompleted',
      auditId: 'QA/17/3',
      childId: 'T1',
      iro: 'iro',
      date: '2017-03-31',
      grade: 'requires-improvement',
    });
    await page.context().close();
  });
});
