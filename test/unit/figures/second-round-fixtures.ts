/**
 * The second round's fixtures (figures.md section 9), worked by hand in
 * second-round.test.ts: reviews, contacts and IROs, conferences and plans, and the
 * managers' audits over 2016/17. Nothing here computes a date or a figure.
 */
import type { CaseEvent } from '../../../workflows/events.js';

export const e = (event: Record<string, unknown>) => event as unknown as CaseEvent;
export const became = (childId: string, date: string) =>
  e({ type: 'BecameLookedAfter', childId, date });
export const ceased = (childId: string, date: string) =>
  e({ type: 'CeasedLookedAfter', childId, date });
export const review = (childId: string, date: string, permanencePlan?: string, eventId?: string) =>
  e({
    type: 'LacReviewHeld',
    childId,
    date,
    ...(permanencePlan ? { permanencePlan } : {}),
    ...(eventId ? { eventId } : {}),
  });
export const contact = (
  childId: string,
  date: string,
  method: string,
  outOfArea?: boolean,
  eventId?: string,
) =>
  e({
    type: 'IroContactWithChild',
    childId,
    date,
    method,
    ...(outOfArea === undefined ? {} : { outOfArea }),
    ...(eventId ? { eventId } : {}),
  });
export const allocated = (childId: string, iro: string, date: string, eventId?: string) =>
  e({ type: 'IroAllocated', childId, iro, date, ...(eventId ? { eventId } : {}) });
export const conference = (
  childId: string,
  conferenceId: string,
  kind: 'initial' | 'review',
  date: string,
  plan: boolean,
  answers: Record<string, unknown> = {},
) =>
  e({
    type: 'ConferenceHeld',
    childId,
    conferenceId,
    kind,
    date,
    ...(kind === 'initial' ? { planMade: plan } : { planContinues: plan }),
    ...answers,
  });
export const audit = (auditId: string, childId: string, iro: string, date: string, grade: string) =>
  e({ type: 'CaseAuditCompleted', auditId, childId, iro, date, grade, eventId: auditId });
export const retracted = (eventId: string) =>
  e({ type: 'EventRetracted', eventId, reason: 'recorded in error', date: '2017-03-31' });

/** Reviews, contacts and IROs over 2016/17 (from 2016-04-01 to 2017-03-31). */
export const lookedAfterRound: CaseEvent[] = [
  // S1: second review on the period's first day, plan agreed; one IRO throughout.
  became('S1', '2016-01-04'),
  allocated('S1', 'akhan', '2016-01-04'),
  review('S1', '2016-01-29'),
  review('S1', '2016-04-01', 'agreed'),
  contact('S1', '2016-03-01', 'visit', true),
  contact('S1', '2016-05-10', 'visit', true),
  contact('S1', '2016-07-10', 'phone', true),
  // S2: second review on the period's last day, plan not agreed.
  became('S2', '2016-12-01'),
  review('S2', '2016-12-20'),
  review('S2', '2017-03-31', 'not-agreed'),
  contact('S2', '2017-01-10', 'video', false),
  // S3: second review the day before the period; a third in it. IRO changed and changed back.
  became('S3', '2016-01-04'),
  allocated('S3', 'akhan', '2016-01-10'),
  review('S3', '2016-02-01'),
  review('S3', '2016-03-31', 'agreed'),
  allocated('S3', 'bwest', '2016-06-01'),
  allocated('S3', 'akhan', '2016-09-01'),
  review('S3', '2016-09-30', 'agreed'),
  // S4: second review with nothing recorded about the plan; a retracted contact.
  became('S4', '2016-06-01'),
  review('S4', '2016-06-20'),
  review('S4', '2016-09-15'),
  contact('S4', '2016-07-01', 'visit', true),
  contact('S4', '2016-08-01', 'visit', true, 'contact-in-error'),
  retracted('contact-in-error'),
  // S5: its second review, agreed, was recorded in error and taken back.
  became('S5', '2016-05-02'),
  review('S5', '2016-05-20'),
  review('S5', '2016-08-10', 'agreed', 'review-in-error'),
  retracted('review-in-error'),
  // S6: a second episode, whose own second review counts.
  became('S6', '2015-01-05'),
  review('S6', '2015-01-30'),
  review('S6', '2015-07-30'),
  ceased('S6', '2016-02-01'),
  became('S6', '2016-05-01'),
  allocated('S6', 'akhan', '2016-05-01'),
  review('S6', '2016-05-25'),
  review('S6', '2016-08-25', 'agreed'),
  contact('S6', '2016-06-01', 'message'),
  // S7: first allocated on the period's first day, never changed.
  became('S7', '2015-06-01'),
  allocated('S7', 'akhan', '2016-04-01'),
  // S8: allocated the same IRO again in the period.
  became('S8', '2015-06-01'),
  allocated('S8', 'akhan', '2015-06-01'),
  allocated('S8', 'akhan', '2016-10-01'),
  // S9: no IRO on record by the period's first day.
  became('S9', '2015-06-01'),
  allocated('S9', 'cjones', '2016-05-01'),
  // S10: a change of IRO recorded in error and taken back.
  became('S10', '2015-06-01'),
  allocated('S10', 'akhan', '2015-06-01'),
  allocated('S10', 'bwest', '2016-11-01', 'allocation-in-error'),
  retracted('allocation-in-error'),
  // S11: not looked after on the last day.
  became('S11', '2015-06-01'),
  allocated('S11', 'akhan', '2015-06-01'),
  ceased('S11', '2016-12-01'),
];

/** Conferences and plans over 2016/17. */
export const protectionRound: CaseEvent[] = [
  // Q1: category changed at a review conference; disability recorded, then recorded false.
  e({ type: 'StrategyDiscussionHeld', childId: 'Q1', date: '2016-05-03', section47: true }),
  conference('Q1', 'K1', 'initial', '2016-05-24', true, {
    advocacy: 'involved',
    childParticipation: 'attended',
    category: 'neglect',
    disability: true,
    reportQuality: 'good',
  }),
  conference('Q1', 'K2', 'review', '2016-08-20', true, {
    advocacy: 'offered-declined',
    childParticipation: 'views-conveyed',
    category: 'emotional',
    disability: false,
    reportQuality: 'outstanding',
  }),
  // Q2: too young to take part; no advocate offered.
  conference('Q2', 'K1', 'initial', '2016-06-10', true, {
    advocacy: 'not-offered',
    childParticipation: 'too-young',
    category: 'physical',
    reportQuality: 'requires-improvement',
  }),
  // Q3: no plan; the young person not involved.
  conference('Q3', 'K1', 'initial', '2016-07-01', false, {
    childParticipation: 'not-involved',
    reportQuality: 'inadequate',
  }),
  // Q4: a plan from before the period, its review giving no category.
  conference('Q4', 'K1', 'initial', '2015-09-01', true, { category: 'sexual', disability: true }),
  conference('Q4', 'K2', 'review', '2016-03-01', true),
  conference('Q4', 'K3', 'review', '2016-09-01', true, { category: 'physical' }),
  // Q5: a conference recorded in error and taken back.
  e({
    ...conference('Q5', 'K1', 'initial', '2016-09-01', true, {
      advocacy: 'involved',
      reportQuality: 'good',
      category: 'neglect',
    }),
    eventId: 'conference-in-error',
  }),
  retracted('conference-in-error'),
  // Q6: no category at the start; one given at the review.
  conference('Q6', 'K1', 'initial', '2016-10-03', true),
  conference('Q6', 'K2', 'review', '2017-01-10', true, { category: 'multiple' }),
  // Q7: a plan started and ended in the period.
  conference('Q7', 'K1', 'initial', '2016-04-05', true, { category: 'neglect', disability: true }),
  e({ type: 'CpPlanEnded', childId: 'Q7', date: '2016-12-01' }),
];

/** The managers' audits over 2016/17: dleft has left the unit. */
export const auditRound: CaseEvent[] = [
  audit('AU1', 'S1', 'akhan', '2016-06-01', 'good'),
  audit('AU2', 'S3', 'bwest', '2016-07-01', 'requires-improvement'),
  audit('AU3', 'S3', 'dleft', '2016-08-01', 'outstanding'),
  audit('AU4', 'Q1', 'akhan', '2016-03-01', 'inadequate'),
  audit('AU5', 'S1', 'akhan', '2016-09-01', 'inadequate'),
  retracted('AU5'),
  audit('AU6', 'S2', 'akhan', '2017-02-01', 'inadequate'),
];

export const secondRound = [...lookedAfterRound, ...protectionRound, ...auditRound];
