/**
 * Event builders for the figures' tests: the scenario builders under the names the
 * figures' fixtures read best with, plus the optional fields the figures count
 * (participation, family attendance). Nothing here computes a date or a figure.
 */
import type { CaseEvent, ParticipationCode } from '../../../workflows/events.js';
import { ev } from '../scenarios/support.js';

type Id = string;
type Day = string;

/** `event` with `field` set, unless `value` is undefined. */
const withOptional = <K extends string, V>(event: CaseEvent, field: K, value: V | undefined) =>
  (value === undefined ? event : { ...event, [field]: value }) as CaseEvent;

export const fx = {
  became: ev.becameLookedAfter,
  ceased: ev.ceased,
  review: (childId: Id, date: Day, participation?: ParticipationCode): CaseEvent =>
    withOptional(ev.lacReview(childId, date), 'participation', participation),
  contact: ev.iroContact,
  shared: ev.recordShared,
  strategy: (childId: Id, date: Day): CaseEvent => ev.strategy(childId, date, true),
  booked: ev.booked,
  report: ev.reportShared,
  initial: (
    childId: Id,
    conferenceId: Id,
    date: Day,
    planMade: boolean,
    familyAttended?: boolean,
  ): CaseEvent =>
    withOptional(
      ev.initialHeld(childId, conferenceId, date, planMade),
      'familyAttended',
      familyAttended,
    ),
  reviewConference: (
    childId: Id,
    conferenceId: Id,
    date: Day,
    planContinues: boolean,
    familyAttended?: boolean,
  ): CaseEvent =>
    withOptional(
      ev.reviewHeld(childId, conferenceId, date, planContinues),
      'familyAttended',
      familyAttended,
    ),
  minutes: ev.minutesShared,
  planEnded: ev.cpPlanEnded,
  raised: ev.disputeRaised,
  escalated: ev.escalated,
  resolved: ev.resolved,
  securePlaced: ev.securePlaced,
  secureReview: ev.secureReview,
  secureLeft: ev.secureLeft,
  carerApproved: ev.carerApproved,
  carerReview: ev.carerReview,
};

/** The financial year 2016/17, the seed report's year. */
export const FY2016 = { from: '2016-04-01', to: '2017-03-31' } as const;

/**
 * Looked-after children over 2016/17, worked by hand in figures.test.ts. Bank holidays:
 * 2016: 25, 28 Mar; 2, 30 May; 29 Aug; 26, 27 Dec. 2017: 2 Jan; 14, 17 Apr; 1, 29 May.
 */
export const lookedAfterYear: CaseEvent[] = [
  // A: figures.md section 7, plus a review near the year's end whose decisions are not shared.
  fx.became('A', '2016-01-04'),
  fx.review('A', '2016-01-29'),
  fx.contact('A', '2016-04-20'),
  fx.review('A', '2016-04-20', 'PN1'),
  fx.shared('A', '2016-04-20', 'decisions', '2016-04-27'),
  fx.shared('A', '2016-04-20', 'record', '2016-05-20'),
  fx.review('A', '2016-10-25', 'PN7'),
  fx.shared('A', '2016-10-25', 'record', '2016-10-31'),
  fx.review('A', '2017-03-22', 'PN2'),
  fx.shared('A', '2017-03-22', 'decisions', '2017-04-03'),
  // B: looked after 11 days before the year's end.
  fx.became('B', '2017-03-20'),
  // E: never reviewed.
  fx.became('E', '2016-06-01'),
  // F: reviewed on the due dates.
  fx.became('F', '2016-09-01'),
  fx.contact('F', '2016-09-29'),
  fx.review('F', '2016-09-29', 'PN3'),
  fx.shared('F', '2016-09-29', 'decisions', '2016-10-07'),
  fx.shared('F', '2016-09-29', 'record', '2016-10-27'),
  fx.review('F', '2016-12-20'),
  fx.contact('F', '2016-12-21'),
  fx.shared('F', '2016-12-20', 'decisions', '2016-12-29'),
  // G: first review due across the late May bank holiday; ceases in the year.
  fx.became('G', '2016-05-03'),
  fx.contact('G', '2016-05-03'),
  fx.review('G', '2016-06-01', 'PN0'),
  fx.ceased('G', '2016-08-15'),
  // H: a late review in an episode that ends, then a new episode reviewed on time.
  fx.became('H', '2015-10-01'),
  fx.contact('H', '2015-10-20'),
  fx.review('H', '2015-10-20'),
  fx.review('H', '2016-04-25', 'PN5'),
  fx.shared('H', '2016-04-25', 'record', '2016-05-24'),
  fx.contact('H', '2016-05-05'),
  fx.ceased('H', '2016-05-10'),
  fx.became('H', '2016-07-04'),
  fx.review('H', '2016-07-28', 'PN4'),
  fx.shared('H', '2016-07-28', 'decisions', '2016-08-04'),
  fx.shared('H', '2016-07-28', 'record', '2016-08-25'),
  fx.contact('H', '2016-08-10'),
  fx.review('H', '2016-10-28', 'PN6'),
  fx.shared('H', '2016-10-28', 'decisions', '2016-11-07'),
  fx.shared('H', '2016-10-28', 'record', '2016-11-25'),
];

/** Child protection over 2016/17, worked by hand in figures.test.ts. */
export const protectionYear: CaseEvent[] = [
  // P1: initial conference on its due date, a late review conference, one not booked.
  fx.strategy('P1', '2016-05-03'),
  fx.booked('P1', 'K1', 'initial', '2016-05-05', '2016-05-24T10:00:00+01:00'),
  fx.report('P1', 'K1', '2016-05-20T09:00:00+01:00'),
  fx.initial('P1', 'K1', '2016-05-24', true, true),
  fx.minutes('P1', 'K1', '2016-06-22'),
  fx.booked('P1', 'K2', 'review', '2016-08-01', '2016-08-26T10:00:00+01:00'),
  fx.report('P1', 'K2', '2016-08-24T11:00:00+01:00'),
  fx.reviewConference('P1', 'K2', '2016-08-26', true, false),
  fx.minutes('P1', 'K2', '2016-09-27'),
  fx.reviewConference('P1', 'K3', '2017-02-24', true),
  // P2: a second plan 23 months after the first ended; late initial conference.
  fx.initial('P2', 'K1', '2014-03-20', true),
  fx.planEnded('P2', '2014-06-10'),
  fx.strategy('P2', '2016-04-18'),
  fx.initial('P2', 'K2', '2016-05-11', true, true),
  fx.minutes('P2', 'K2', '2016-06-01'),
  fx.reviewConference('P2', 'K3', '2016-08-11', false, true),
  fx.minutes('P2', 'K3', '2016-09-09'),
  // P3: a second plan 25 months after the first ended; a review due on a Sunday.
  fx.initial('P3', 'K1', '2013-01-10', true),
  fx.planEnded('P3', '2014-03-15'),
  fx.strategy('P3', '2016-03-30'),
  fx.initial('P3', 'K2', '2016-04-15', true),
  fx.minutes('P3', 'K2', '2016-05-13'),
  fx.reviewConference('P3', 'K3', '2016-07-15', true, true),
  fx.minutes('P3', 'K3', '2016-08-12'),
  fx.reviewConference('P3', 'K4', '2017-01-16', true, true),
  fx.minutes('P3', 'K4', '2017-02-14'),
  // P4, P5, P6: plans ending on 1 June 2016 after two years and more, exactly two, and a day less.
  fx.initial('P4', 'K1', '2014-05-20', true),
  fx.planEnded('P4', '2016-06-01'),
  fx.initial('P5', 'K1', '2014-06-01', true),
  fx.planEnded('P5', '2016-06-01'),
  fx.initial('P6', 'K1', '2014-06-02', true),
  fx.planEnded('P6', '2016-06-01'),
  // P7: booked, no strategy discussion, no report before it, no plan made.
  fx.booked('P7', 'K1', 'initial', '2016-11-01', '2016-11-14T10:00:00Z'),
  fx.initial('P7', 'K1', '2016-11-14', false, false),
  fx.report('P7', 'K1', '2016-11-15T09:00:00Z'),
  fx.minutes('P7', 'K1', '2016-12-01'),
];

/** Disputes over 2016/17, worked by hand in figures.test.ts. */
export const disputesYear: CaseEvent[] = [
  fx.raised('DR1', 'A', '2016-06-01'),
  fx.resolved('DR1', '2016-06-08'),
  fx.raised('DR2', 'A', '2016-06-01'),
  fx.resolved('DR2', '2016-06-09'),
  fx.raised('DR3', 'F', '2016-09-01'),
  fx.escalated('DR3', '2016-09-16', 4),
  fx.resolved('DR3', '2016-09-30'),
  fx.raised('DR4', 'H', '2016-11-01'),
  fx.escalated('DR4', '2016-11-02', 3),
  fx.resolved('DR4', '2016-11-04'),
  fx.raised('DR5', 'H', '2017-03-01'),
  fx.raised('DR6', 'E', '2017-03-27'),
  fx.raised('DR7', 'A', '2016-03-21'),
  fx.resolved('DR7', '2016-04-12'),
];

/** Secure accommodation and foster carer reviews over 2016/17. */
export const otherReviewsYear: CaseEvent[] = [
  fx.securePlaced('S1', '2016-05-31'),
  fx.secureReview('S1', '2016-06-30'),
  fx.secureReview('S1', '2016-10-03'),
  fx.secureLeft('S1', '2016-11-01'),
  fx.carerApproved('FC1', '2015-06-15'),
  fx.carerReview('FC1', '2016-06-15'),
  fx.carerApproved('FC2', '2015-02-28'),
  fx.carerReview('FC2', '2016-02-20'),
  fx.carerReview('FC2', '2017-02-21'),
];

export const wholeYear: CaseEvent[] = [
  ...lookedAfterYear,
  ...protectionYear,
  ...disputesYear,
  ...otherReviewsYear,
];
