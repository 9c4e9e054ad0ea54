/**
 * Record an event, in a real browser over the local system: each kind of event
 * recorded by hand goes through its GOV.UK form and is stored as the API takes it
 * (read back from the child's log, or the dispute's); bad input shows the error
 * summary naming the question and the reason (the browser's for the plain ones, the
 * API's for the rest) and stores nothing; a retraction picks its event from the
 * child's log; axe finds no WCAG 2.2 AA violation; and a form is completed from the
 * keyboard alone. The virtual clock stands at Monday 3 April 2017.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clocksOf, disputeClock } from '../../../workflows/clocks.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { focused, startWorkTray, violations, type WorkTray } from './support.js';

const IRO = { staffId: 'iro', roles: ['iro'] };
const SOCIAL_WORKER = { staffId: 'social-worker', roles: ['social-worker'] };

let tray: WorkTray;
beforeAll(async () => {
  tray = await startWorkTray({
    startAt: '2017-04-03T09:00:00Z',
    subjects: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'P1', 'P2', 'P3', 'P4'],
  });
  // Prepare: the history each form's event needs (a review needs a looked-after child,
  // a report a booked conference, minutes a conference held, an escalation a dispute).
  const looked = (childId: string): CaseEvent => ({
    type: 'BecameLookedAfter',
    childId,
    date: '2017-01-02',
  });
  const enquiry = (childId: string): CaseEvent => ({
    type: 'StrategyDiscussionHeld',
    childId,
    date: '2017-03-01',
    section47: true,
  });
  const booked = (childId: string, conferenceId: string, at: string): CaseEvent => ({
    type: 'ConferenceBooked',
    childId,
    conferenceId,
    kind: 'initial',
    date: '2017-03-06',
    at,
  });
  const history: CaseEvent[] = [
    ...['R1', 'R2', 'R3', 'R5', 'R6', 'R7'].map(looked),
    { type: 'LacReviewHeld', childId: 'R3', date: '2017-01-27' },
    { type: 'LacReviewHeld', childId: 'R5', date: '2017-01-27' },
    ...['P1', 'P2', 'P3', 'P4'].map(enquiry),
    booked('P2', 'K2', '2017-03-27T10:00:00+01:00'),
    booked('P3', 'K3', '2017-03-20T10:00:00+00:00'),
    booked('P4', 'K4', '2017-03-20T10:00:00+00:00'),
    {
      type: 'ConferenceHeld',
      childId: 'P4',
      conferenceId: 'K4',
      kind: 'initial',
      date: '2017-03-20',
      planMade: true,
    },
    { type: 'DisputeRaised', childId: 'R4', disputeId: 'D2', date: '2017-03-01', issue: 'Plan' },
    { type: 'DisputeRaised', childId: 'R4', disputeId: 'D3', date: '2017-03-01', issue: 'Plan' },
  ];
  for (const event of history) {
    const outcome = await tray.unit.record(event);
    expect(outcome.status).toBe(201);
  }
}, 180_000);
afterAll(async () => {
  await tray?.stop();
}, 60_000);

interface Entry {
  eventId: string;
  event: Record<string, unknown>;
  retracted?: { by: string; reason: string };
}

/** The child's log through the API, as an IRO reads it; undefined when nothing is recorded. */
async function trail(childId: string): Promise<Entry[] | undefined> {
  const response = await fetch(`${tray.url}/children/${encodeURIComponent(childId)}/events`, {
    headers: { 'x-local-user': 'iro', 'x-local-roles': 'iro' },
  });
  if (response.status === 404) return undefined;
  expect(response.status).toBe(200);
  return ((await response.json()) as { events: Entry[] }).events;
}

/** A dispute's log, read from the store: the child's log does not hold its dispute. */
async function disputeLog(disputeId: string) {
  const history = await tray.unit.runtime.deps.events.history(disputeClock(disputeId).log);
  return history.map((h) => h.event as unknown as Record<string, unknown>);
}

/** Opens Record an event as `who` and chooses `title` on the first step. */
async function choose(title: string, who = IRO): Promise<Page> {
  const page = await tray.pageAs(who);
  await page.goto(`${tray.url}/#/record`);
  await page.getByRole('radio', { name: title, exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
  return page;
}

async function fillDate(page: Page, name: string, day: string, month: string, year: string) {
  await page.fill(`#field-${name}`, day);
  await page.fill(`#field-${name}-month`, month);
  await page.fill(`#field-${name}-year`, year);
}

/** Submits, and waits for the success banner or the error summary. */
async function submit(page: Page) {
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('.govuk-notification-banner--success, .govuk-error-summary').waitFor();
}

const banner = (page: Page) =>
  page.locator('.govuk-notification-banner__heading').textContent({ timeout: 1000 });
const summary = (page: Page) => page.locator('.govuk-error-summary__list li').allTextContents();

describe('recording each kind through its form stores the event', () => {
  it('a looked-after review held, with how the child took part', async () => {
    const page = await choose('Looked-after review held');
    // Act
    await page.fill('#field-childId', 'R1');
    await fillDate(page, 'date', '27', '1', '2017');
    await page.getByRole('radio', { name: 'The child attended and spoke for themselves' }).check();
    await submit(page);
    // Assess
    expect(await banner(page)).toBe(
      'Looked-after review held recorded for child R1, 27 January 2017',
    );
    const review = (await trail('R1'))?.find((e) => e.event.type === 'LacReviewHeld');
    expect(review?.event).toEqual({
      type: 'LacReviewHeld',
      childId: 'R1',
      date: '2017-01-27',
      participation: 'PN1',
      eventId: review?.eventId,
    });
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('gives each element of the review form an id of its own', async () => {
    const page = await choose('Looked-after review held');
    const ids = await page.locator('[id]').evaluateAll((all) => all.map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    await page.context().close();
  });

  it('IRO contact with the child, once however often Submit is clicked', async () => {
    const page = await choose('IRO contact with the child');
    await page.fill('#field-childId', 'R2');
    await fillDate(page, 'date', '10', '2', '2017');
    await page.getByRole('radio', { name: 'Phone call' }).check();
    // Act: a double click.
    await page.getByRole('button', { name: 'Submit' }).dblclick();
    await page.locator('.govuk-notification-banner--success').waitFor();
    // Assess: one contact stored.
    const contacts = (await trail('R2'))?.filter((e) => e.event.type === 'IroContactWithChild');
    expect(contacts?.map((e) => e.event)).toEqual([
      {
        type: 'IroContactWithChild',
        childId: 'R2',
        date: '2017-02-10',
        method: 'phone',
        eventId: contacts?.[0]?.eventId,
      },
    ]);
    await page.context().close();
  });

  it("a review's decisions shared", async () => {
    const page = await choose('Review decisions or record shared');
    await page.fill('#field-childId', 'R3');
    await fillDate(page, 'reviewDate', '27', '1', '2017');
    await page.getByRole('radio', { name: 'The decisions' }).check();
    await fillDate(page, 'date', '1', '2', '2017');
    await submit(page);
    const shared = (await trail('R3'))?.find((e) => e.event.type === 'ReviewRecordShared');
    expect(shared?.event).toMatchObject({
      childId: 'R3',
      reviewDate: '2017-01-27',
      part: 'decisions',
      date: '2017-02-01',
    });
    await page.context().close();
  });

  it('a conference booked, its start in London time', async () => {
    const page = await choose('Conference booked');
    await page.fill('#field-childId', 'P1');
    await page.fill('#field-conferenceId', 'K1');
    await page.getByRole('radio', { name: 'Initial child protection conference' }).check();
    await fillDate(page, 'date', '6', '3', '2017');
    await fillDate(page, 'at', '27', '3', '2017');
    await page.fill('#field-at-time', '10:00');
    await submit(page);
    // 27 March 2017 is the Monday after the clocks went forward: 10:00 is +01:00.
    const booking = (await trail('P1'))?.find((e) => e.event.type === 'ConferenceBooked');
    expect(booking?.event).toMatchObject({
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-06',
      at: '2017-03-27T10:00:00+01:00',
    });
    await page.context().close();
  });

  it("a conference's report shared", async () => {
    const page = await choose('Conference report shared');
    await page.fill('#field-childId', 'P2');
    await page.fill('#field-conferenceId', 'K2');
    await fillDate(page, 'at', '23', '3', '2017');
    await page.fill('#field-at-time', '09:30');
    await submit(page);
    expect(await banner(page)).toBe(
      'Conference report shared recorded for child P2, conference K2, 23 March 2017 at 09:30',
    );
    // 23 March 2017 is still winter time: 09:30 in London is +00:00.
    const report = (await trail('P2'))?.find((e) => e.event.type === 'ReportShared');
    expect(report?.event).toMatchObject({ conferenceId: 'K2', at: '2017-03-23T09:30:00+00:00' });
    await page.context().close();
  });

  it('an initial conference held: the plan question follows the kind', async () => {
    const page = await choose('Conference held');
    await page.fill('#field-childId', 'P3');
    await page.fill('#field-conferenceId', 'K3');
    // Not asked until the kind is known.
    expect(await page.locator('#field-planMade').count()).toBe(0);
    await page.getByRole('radio', { name: 'Initial child protection conference' }).check();
    await fillDate(page, 'date', '20', '3', '2017');
    await page.locator('#field-planMade').check();
    await page.locator('#field-familyAttended-2').check();
    await submit(page);
    const held = (await trail('P3'))?.find((e) => e.event.type === 'ConferenceHeld');
    expect(held?.event).toMatchObject({
      conferenceId: 'K3',
      kind: 'initial',
      date: '2017-03-20',
      planMade: true,
      familyAttended: false,
    });
    await page.context().close();
  });

  it("a conference's minutes shared", async () => {
    const page = await choose('Conference minutes shared');
    await page.fill('#field-childId', 'P4');
    await page.fill('#field-conferenceId', 'K4');
    await fillDate(page, 'date', '31', '3', '2017');
    await submit(page);
    const minutes = (await trail('P4'))?.find((e) => e.event.type === 'ConferenceMinutesShared');
    expect(minutes?.event).toMatchObject({ conferenceId: 'K4', date: '2017-03-31' });
    await page.context().close();
  });

  it('a dispute raised, its issue counted against 10,000 characters', async () => {
    const page = await choose('Dispute raised');
    await page.fill('#field-childId', 'R4');
    await page.fill('#field-disputeId', 'DRP/17/01');
    await fillDate(page, 'date', '1', '3', '2017');
    await page.fill('#field-issue', 'The care plan is not being followed.');
    // 36 characters typed: 10,000 - 36 = 9,964 left.
    expect(await page.locator('.govuk-character-count__status').textContent()).toBe(
      'You have 9,964 characters remaining',
    );
    expect(await violations(page)).toEqual([]);
    await submit(page);
    expect(await disputeLog('DRP/17/01')).toEqual([
      {
        type: 'DisputeRaised',
        childId: 'R4',
        disputeId: 'DRP/17/01',
        date: '2017-03-01',
        issue: 'The care plan is not being followed.',
        eventId: expect.any(String),
      },
    ]);
    await page.context().close();
  });

  it('a dispute escalated by hand', async () => {
    const page = await choose('Dispute escalated');
    await page.fill('#field-disputeId', 'D2');
    await fillDate(page, 'date', '3', '3', '2017');
    await page.getByRole('radio', { name: 'Stage 3' }).check();
    await submit(page);
    const log = await disputeLog('D2');
    expect(log.at(-1)).toMatchObject({
      type: 'DisputeEscalated',
      disputeId: 'D2',
      date: '2017-03-03',
      toStage: 3,
    });
    await page.context().close();
  });

  it('a dispute resolved', async () => {
    const page = await choose('Dispute resolved');
    await page.fill('#field-disputeId', 'D3');
    await fillDate(page, 'date', '6', '3', '2017');
    await submit(page);
    expect((await disputeLog('D3')).at(-1)).toMatchObject({
      type: 'DisputeResolved',
      disputeId: 'D3',
      date: '2017-03-06',
    });
    await page.context().close();
  });
});

describe('bad input shows the error summary and stores nothing', () => {
  it('an impossible date and a missing question, found in the browser', async () => {
    const page = await choose('Looked-after review held');
    const before = await trail('R6');
    // Act: 29 February 2017 does not exist (2017 is not a leap year); no child given.
    await fillDate(page, 'date', '29', '2', '2017');
    await page.getByRole('radio', { name: 'Not known yet' }).check();
    await submit(page);
    // Assess
    expect(await summary(page)).toEqual([
      "Child's reference is required",
      'Date of the review must be a real date, such as 27 3 2017',
    ]);
    expect(await page.locator('#field-date-error').textContent()).toBe(
      'Error: Date of the review must be a real date, such as 27 3 2017',
    );
    // The title follows the error summary (set once it is drawn): wait for it.
    await expect
      .poll(() => page.title(), { timeout: 10_000 })
      .toBe('Error: Record an event – IRO work tray');
    // The summary takes focus once it is drawn: wait for it.
    await expect.poll(async () => (await focused(page)).tag).toBe('DIV');
    expect(await violations(page)).toEqual([]);
    // The summary's link puts the cursor in the date's first box.
    await page.getByRole('link', { name: /Date of the review/ }).click();
    expect((await focused(page)).id).toBe('field-date');
    expect(await trail('R6')).toEqual(before);
    await page.context().close();
  });

  it("the API's reason for a field it refuses: a record shared before its review", async () => {
    const page = await choose('Review decisions or record shared');
    const before = await trail('R5');
    await page.fill('#field-childId', 'R5');
    await fillDate(page, 'reviewDate', '27', '1', '2017');
    await page.getByRole('radio', { name: 'The full written record' }).check();
    await fillDate(page, 'date', '20', '1', '2017');
    await submit(page);
    expect(await summary(page)).toEqual([
      'Date it was sent: a record cannot be shared before the review it records',
    ]);
    expect(await page.locator('#field-date-error').textContent()).toBe(
      'Error: Date it was sent: a record cannot be shared before the review it records',
    );
    expect(await violations(page)).toEqual([]);
    expect(await trail('R5')).toEqual(before);
    await page.context().close();
  });

  it('the history contradicts it: a review for a child who is not looked after', async () => {
    const page = await choose('Looked-after review held');
    await page.fill('#field-childId', 'N1');
    await fillDate(page, 'date', '27', '1', '2017');
    await page.getByRole('radio', { name: 'Not known yet' }).check();
    await submit(page);
    expect(await summary(page)).toEqual([
      "Child's reference: the child is not looked after on 27 January 2017",
    ]);
    // Nothing is recorded for N1 at all.
    expect(await trail('N1')).toBeUndefined();
    await page.context().close();
  });
});

describe('a retraction through the form', () => {
  it("takes back an event recorded through the form, chosen from the child's log", async () => {
    // Prepare: a review recorded through the form (which sends the event's id with it).
    const recording = await choose('Looked-after review held');
    await recording.fill('#field-childId', 'R7');
    await fillDate(recording, 'date', '27', '1', '2017');
    await recording.getByRole('radio', { name: 'Not known yet' }).check();
    await submit(recording);
    await recording.context().close();
    const page = await choose('An event recorded in error');
    // Act: find R7's events, choose the review, say why.
    await page.fill('#field-childId', 'R7');
    await page.getByRole('button', { name: "Find the child's events" }).click();
    await page.locator('#field-eventId').waitFor();
    // Latest recorded first: the review, then the episode's start.
    expect(await page.locator('.govuk-radios__label').allTextContents()).toEqual([
      'Looked-after review held, 27 January 2017',
      'Became looked after, 2 January 2017',
    ]);
    await page.getByRole('radio', { name: 'Looked-after review held, 27 January 2017' }).check();
    expect(await violations(page)).toEqual([]);
    await page.fill('#field-reason', 'Recorded for the wrong child');
    await fillDate(page, 'date', '3', '4', '2017');
    await submit(page);
    // Assess
    expect(await banner(page)).toBe(
      'The event is taken back: it stays in the log and no longer counts',
    );
    const entries = (await trail('R7')) ?? [];
    expect(entries.find((e) => e.event.type === 'LacReviewHeld')?.retracted).toMatchObject({
      by: 'iro',
      reason: 'Recorded for the wrong child',
    });
    expect(entries.filter((e) => e.event.type === 'EventRetracted')).toHaveLength(1);
    // The review is no longer offered.
    await page.getByRole('link', { name: 'Record another event' }).click();
    await page.getByRole('radio', { name: 'An event recorded in error' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.fill('#field-childId', 'R7');
    await page.getByRole('button', { name: "Find the child's events" }).click();
    await page.locator('#field-eventId').waitFor();
    expect(await page.locator('.govuk-radios__label').allTextContents()).toEqual([
      'Became looked after, 2 January 2017',
    ]);
    await page.context().close();
  });

  it('says so when nothing is recorded for the child', async () => {
    const page = await choose('An event recorded in error');
    await page.fill('#field-childId', 'N2');
    await page.keyboard.press('Enter');
    await page.locator('.govuk-error-summary').waitFor();
    expect(await summary(page)).toEqual([
      "Child's reference: no events are recorded for this child",
    ]);
    await page.context().close();
  });
});

/**
 * Every other kind recorded by hand, each through its form for a subject of its own
 * whose history allows it, read back from the log its clock keeps. Answers: text by
 * input id, dates as day, month, year, and radios by label.
 */
describe('the kinds that start or end a clock, or close a secure or carer review', () => {
  beforeAll(async () => {
    const history: CaseEvent[] = [
      ...['L1', 'L2', 'L3', 'L4', 'L5'].map(
        (childId): CaseEvent => ({ type: 'BecameLookedAfter', childId, date: '2017-01-02' }),
      ),
      { type: 'PlacementOrderMade', childId: 'L3', date: '2017-02-01' },
      ...['S2', 'S3', 'S4'].map(
        (childId): CaseEvent => ({
          type: 'StrategyDiscussionHeld',
          childId,
          date: '2017-03-01',
          section47: true,
        }),
      ),
      ...['S3', 'S4'].map(
        (childId): CaseEvent => ({
          type: 'ConferenceBooked',
          childId,
          conferenceId: `K${childId}`,
          kind: 'initial',
          date: '2017-03-02',
          at: '2017-03-20T10:00:00+00:00',
        }),
      ),
      {
        type: 'ConferenceHeld',
        childId: 'S4',
        conferenceId: 'KS4',
        kind: 'initial',
        date: '2017-03-20',
        planMade: true,
      },
      ...['X2', 'X3'].map(
        (childId): CaseEvent => ({
          type: 'PlacedInSecureAccommodation',
          childId,
          date: '2017-02-01',
        }),
      ),
      ...['F2', 'F3'].map(
        (carerId): CaseEvent => ({ type: 'FosterCarerApproved', carerId, date: '2016-04-01' }),
      ),
    ];
    for (const event of history) expect((await tray.unit.record(event)).status).toBe(201);
  }, 120_000);

  type Answer = {
    text?: Record<string, string>;
    dates?: Record<string, string>;
    radios?: string[];
  };
  const cases: [title: string, answers: Answer, expected: Record<string, unknown>][] = [
    [
      'Became looked after',
      { text: { childId: 'N10' }, dates: { date: '1 3 2017' } },
      { type: 'BecameLookedAfter', childId: 'N10', date: '2017-03-01' },
    ],
    [
      'Review brought forward',
      { text: { childId: 'L1' }, dates: { date: '1 3 2017', reviewBy: '20 3 2017' } },
      { type: 'ReviewBroughtForward', childId: 'L1', date: '2017-03-01', reviewBy: '2017-03-20' },
    ],
    [
      'Placement order made',
      { text: { childId: 'L2' }, dates: { date: '1 3 2017' } },
      { type: 'PlacementOrderMade', childId: 'L2', date: '2017-03-01' },
    ],
    [
      'Placed for adoption',
      { text: { childId: 'L3' }, dates: { date: '1 3 2017' } },
      { type: 'PlacedForAdoption', childId: 'L3', date: '2017-03-01' },
    ],
    [
      'Adoption order made',
      { text: { childId: 'L4' }, dates: { date: '1 3 2017' } },
      { type: 'AdoptionOrderMade', childId: 'L4', date: '2017-03-01' },
    ],
    [
      'Ceased to be looked after',
      { text: { childId: 'L5' }, dates: { date: '1 3 2017' } },
      { type: 'CeasedLookedAfter', childId: 'L5', date: '2017-03-01' },
    ],
    [
      'Strategy discussion held',
      { text: { childId: 'S1' }, dates: { date: '1 3 2017' }, radios: ['Yes'] },
      { type: 'StrategyDiscussionHeld', childId: 'S1', date: '2017-03-01', section47: true },
    ],
    [
      'Section 47 enquiries concluded',
      { text: { childId: 'S2' }, dates: { date: '10 3 2017' } },
      { type: 'Section47Concluded', childId: 'S2', date: '2017-03-10' },
    ],
    [
      'Conference cancelled',
      { text: { childId: 'S3', conferenceId: 'KS3' }, dates: { date: '3 3 2017' } },
      { type: 'ConferenceCancelled', childId: 'S3', conferenceId: 'KS3', date: '2017-03-03' },
    ],
    [
      'Child protection plan ended',
      { text: { childId: 'S4' }, dates: { date: '27 3 2017' } },
      { type: 'CpPlanEnded', childId: 'S4', date: '2017-03-27' },
    ],
    [
      'Placed in secure accommodation',
      { text: { childId: 'X1' }, dates: { date: '1 3 2017' } },
      { type: 'PlacedInSecureAccommodation', childId: 'X1', date: '2017-03-01' },
    ],
    [
      'Secure accommodation review held',
      { text: { childId: 'X2' }, dates: { date: '1 3 2017' } },
      { type: 'SecureReviewHeld', childId: 'X2', date: '2017-03-01' },
    ],
    [
      'Left secure accommodation',
      { text: { childId: 'X3' }, dates: { date: '1 3 2017' } },
      { type: 'LeftSecureAccommodation', childId: 'X3', date: '2017-03-01' },
    ],
    [
      'Foster carer approved',
      { text: { carerId: 'F1' }, dates: { date: '1 3 2017' } },
      { type: 'FosterCarerApproved', carerId: 'F1', date: '2017-03-01' },
    ],
    [
      'Foster carer review held',
      { text: { carerId: 'F2' }, dates: { date: '1 3 2017' } },
      { type: 'FosterCarerReviewHeld', carerId: 'F2', date: '2017-03-01' },
    ],
    [
      'Foster carer approval ended',
      { text: { carerId: 'F3' }, dates: { date: '1 3 2017' } },
      { type: 'FosterCarerApprovalEnded', carerId: 'F3', date: '2017-03-01' },
    ],
  ];

  it.each(cases)('%s', async (title, answers, expected) => {
    const page = await choose(title);
    // Act
    for (const [name, value] of Object.entries(answers.text ?? {})) {
      await page.fill(`#field-${name}`, value);
    }
    for (const [name, value] of Object.entries(answers.dates ?? {})) {
      const [day = '', month = '', year = ''] = value.split(' ');
      await fillDate(page, name, day, month, year);
    }
    for (const label of answers.radios ?? []) {
      await page.getByRole('radio', { name: label, exact: true }).check();
    }
    await submit(page);
    // Assess: stored as the contract writes it, in the log of the clock it moves.
    expect(await summary(page)).toEqual([]);
    const log = clocksOf(expected as CaseEvent)[0].log;
    const stored = (await tray.unit.runtime.deps.events.history(log)).map(
      (h) => h.event as unknown as Record<string, unknown>,
    );
    expect(stored.find((e) => e.type === expected.type)).toMatchObject(expected);
    await page.context().close();
  });
});

describe('the first step', () => {
  it('offers a social worker no dispute and no retraction, and asks for a choice', async () => {
    const page = await tray.pageAs(SOCIAL_WORKER);
    await page.goto(`${tray.url}/#/record`);
    await page.locator('#field-event').waitFor();
    expect(await page.locator('.govuk-radios__label').allTextContents()).toEqual([
      'Looked-after review held',
      'IRO contact with the child',
      'Review decisions or record shared',
      'Became looked after',
      'Review brought forward',
      'Placement order made',
      'Placed for adoption',
      'Adoption order made',
      'Ceased to be looked after',
      'Short breaks started',
      'Short breaks ended',
      'Strategy discussion held',
      'Section 47 enquiries concluded',
      'Conference booked',
      'Conference cancelled',
      'Conference report shared',
      'Conference held',
      'Conference minutes shared',
      'Child protection plan ended',
      'Placed in secure accommodation',
      'Secure accommodation review held',
      'Left secure accommodation',
      'Foster carer approved',
      'Foster carer review held',
      'Foster carer approval ended',
    ]);
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await summary(page)).toEqual(['What to record must be chosen']);
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('keyboard only', () => {
  /** Presses Tab until the element with `id` has focus (at most 40 presses). */
  async function tabTo(page: Page, id: string) {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await focused(page)).id === id) return;
    }
    throw new Error(`Tab never reached #${id}`);
  }

  it('records a review with Tab, Space, Enter and typing alone', async () => {
    const page = await tray.pageAs(IRO);
    await page.goto(`${tray.url}/#/record`);
    await page.locator('#field-event').waitFor();
    // Act: the first kind (a review) with Space, Continue with Enter.
    await tabTo(page, 'field-event');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Looked-after review held' }).waitFor();
    await tabTo(page, 'field-childId');
    await page.keyboard.type('R6');
    await page.keyboard.press('Tab');
    await page.keyboard.type('20');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2017');
    // Into the participation radios: Space chooses the first (PN0, under 4).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    // Past the permanence plan question, left unanswered (not recorded).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Submit' });
    await page.keyboard.press('Enter');
    await page.locator('.govuk-notification-banner--success').waitFor();
    // Assess: the banner has focus (given once it is drawn: wait for it), and the link
    // to record another is the next stop.
    await expect.poll(async () => (await focused(page)).tag).toBe('DIV');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'A', text: 'Record another event' });
    await page.keyboard.press('Enter');
    await page.locator('#field-event').waitFor();
    const review = (await trail('R6'))?.find((e) => e.event.type === 'LacReviewHeld');
    expect(review?.event).toMatchObject({ date: '2017-01-20', participation: 'PN0' });
    await page.context().close();
  });
});
