/**
 * The events people record by hand (timescales.md section 2), each as a form: its
 * questions in the unit's words, and how the answers become the event the API takes.
 * The fields carry the API's own names, so a problem the API names lands on the
 * question it belongs to. The browser checks only what is plain (a question not
 * answered, a date that does not exist); the API is the authority on everything else.
 */
import {
  ADVOCACY,
  ANSWER_WORDS,
  CHILD_PARTICIPATION,
  GRADES,
  PERMANENCE_PLAN,
  PLAN_CATEGORIES,
} from '../../../workflows/answers.js';
import { idProblem } from '../../../workflows/ids.js';
import { PARTICIPATION_CODES, PARTICIPATION_WORDS } from '../../../workflows/participation.js';
import { DISPUTE_STAGE_NAMES } from '../words.js';
import { dateFromParts, londonDateTime, londonInstant, longDate, timeOfDay } from './dates.js';

/** The most characters a dispute's issue may hold (workflows/events.ts MAX_ISSUE_LENGTH). */
export const MAX_ISSUE_LENGTH = 10_000;
/** The most characters a manager's answer to a dispute may hold (MAX_ANSWER_LENGTH). */
export const MAX_ANSWER_LENGTH = 10_000;
/** The most characters a retraction's reason may hold (MAX_REASON_LENGTH). */
export const MAX_REASON_LENGTH = 1_000;

/**
 * A problem with the answers, in the API's shape (api.ts Problem). Declared here, not
 * imported, so this module stays free of the browser and its tests run under Node.
 */
export interface Problem {
  readonly field?: string;
  readonly reason: string;
}

/** A staff role (session.ts StaffRole), as the API's roles claim names it. */
type StaffRole = 'iro' | 'admin' | 'manager' | 'social-worker';

export interface Choice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
}

/** The answers so far, by input: `date.day`, `date.month`, `date.year`, `at.time`, `childId`… */
export type Answers = Readonly<Record<string, string>>;

interface FieldBase {
  /** The event's field, as the API names it. */
  readonly name: string;
  /** The question, also how a problem with it is named. */
  readonly label: string;
  readonly hint?: string;
  /** Asked only when this holds of the answers so far (a plan made: initial conferences). */
  readonly when?: (answers: Answers) => boolean;
}

export type Field =
  | (FieldBase & { readonly kind: 'text' })
  | (FieldBase & { readonly kind: 'date' })
  /** A date and a time of day in London: the API's instant with an offset. */
  | (FieldBase & { readonly kind: 'instant' })
  | (FieldBase & {
      readonly kind: 'radios';
      readonly choices: readonly Choice[];
      /** The answer's type in the event: text by default. */
      readonly as?: 'boolean' | 'number';
      /** The label of an answer that leaves the field out, for a field the API does not require. */
      readonly notRecorded?: string;
    })
  | (FieldBase & { readonly kind: 'textarea'; readonly max: number })
  /** The event to take back, chosen from the child's log. */
  | (FieldBase & { readonly kind: 'event' });

export interface EventKind {
  /** The kind's name in the address: `#/record?event=review-held`. */
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly hint: string;
  readonly group:
    | 'Looked-after reviews'
    | 'Looked after'
    | 'Child protection conferences'
    | 'Child protection'
    | 'Secure accommodation'
    | 'Foster carers'
    | 'Disputes'
    | 'Quality assurance'
    | 'Mistakes';
  /** Who may record it, as the API decides (functions/shared/access.ts mayRecord); everyone when absent. */
  readonly roles?: readonly StaffRole[];
  readonly fields: readonly Field[];
}

const childId: Field = {
  kind: 'text',
  name: 'childId',
  label: "Child's reference",
  hint: 'As in the case record, for example C1',
};
const conferenceId: Field = {
  kind: 'text',
  name: 'conferenceId',
  label: 'Conference reference',
  hint: 'The reference it was booked under',
};
const disputeId: Field = {
  kind: 'text',
  name: 'disputeId',
  label: 'Dispute reference',
  hint: 'For example DRP/17/09',
};
const dateField = (label: string, hint = 'For example, 27 3 2017'): Field => ({
  kind: 'date',
  name: 'date',
  label,
  hint,
});
const yesNo = (
  name: string,
  label: string,
  extra: { readonly when?: NonNullable<FieldBase['when']>; readonly notRecorded?: string } = {},
): Field => ({
  kind: 'radios',
  name,
  label,
  as: 'boolean',
  choices: [
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ],
  ...extra,
});
const carerId: Field = {
  kind: 'text',
  name: 'carerId',
  label: "Foster carer's reference",
  hint: 'As in the fostering record, for example F1',
};
/** A kind whose questions are only whose and when: most of the events that start or end a clock. */
const childOnDate = (
  id: string,
  type: string,
  title: string,
  hint: string,
  group: EventKind['group'],
  dateLabel: string,
): EventKind => ({ id, type, title, hint, group, fields: [childId, dateField(dateLabel)] });
const carerOnDate = (id: string, type: string, title: string, hint: string, dateLabel: string) =>
  ({
    id,
    type,
    title,
    hint,
    group: 'Foster carers',
    fields: [carerId, dateField(dateLabel)],
  }) satisfies EventKind;
const conferenceKind: Field = {
  kind: 'radios',
  name: 'kind',
  label: 'Which conference',
  choices: [
    { value: 'initial', label: 'Initial child protection conference' },
    { value: 'review', label: 'Review child protection conference' },
  ],
};

/** Radios of the answers of workflows/answers.ts, in their words; optional ("Not recorded"). */
const answerRadios = (
  name: string,
  label: string,
  values: readonly string[],
  extra: Pick<FieldBase, 'hint' | 'when'> = {},
): Field => ({
  kind: 'radios',
  name,
  label,
  choices: values.map((value) => ({ value, label: ANSWER_WORDS[value] ?? value })),
  notRecorded: 'Not recorded',
  ...extra,
});

/** A plan was made (initial) or continues (review): the plan's category and the child's disability are asked. */
const planGoesOn = (answers: Answers) =>
  (answers.kind === 'initial' && answers.planMade === 'true') ||
  (answers.kind === 'review' && answers.planContinues === 'true');

/** Every kind of event recorded by hand, in the order the first step lists them. */
export const EVENT_KINDS: readonly EventKind[] = [
  {
    id: 'review-held',
    type: 'LacReviewHeld',
    title: 'Looked-after review held',
    hint: 'A review took place, with how the child took part',
    group: 'Looked-after reviews',
    fields: [
      childId,
      dateField('Date of the review'),
      {
        kind: 'radios',
        name: 'participation',
        label: 'How the child took part',
        hint: 'The SSDA903 participation code',
        choices: PARTICIPATION_CODES.map((code) => ({
          value: code,
          label: PARTICIPATION_WORDS[code],
          hint: code,
        })),
        notRecorded: 'Not known yet',
      },
      answerRadios('permanencePlan', 'Was the permanence plan agreed?', PERMANENCE_PLAN, {
        hint: 'Asked at the second review of a period in care',
      }),
    ],
  },
  {
    id: 'iro-contact',
    type: 'IroContactWithChild',
    title: 'IRO contact with the child',
    hint: 'The IRO saw or spoke with the child between reviews',
    group: 'Looked-after reviews',
    fields: [
      childId,
      dateField('Date of the contact'),
      {
        kind: 'radios',
        name: 'method',
        label: 'How the IRO was in contact',
        choices: [
          { value: 'visit', label: 'Visit' },
          { value: 'video', label: 'Video call' },
          { value: 'phone', label: 'Phone call' },
          { value: 'message', label: 'Message' },
        ],
      },
      yesNo('outOfArea', "Does the child live outside the council's area?", {
        notRecorded: 'Not recorded',
      }),
    ],
  },
  {
    id: 'record-shared',
    type: 'ReviewRecordShared',
    title: 'Review decisions or record shared',
    hint: "A review's decisions, or its full written record, were sent out",
    group: 'Looked-after reviews',
    fields: [
      childId,
      {
        kind: 'date',
        name: 'reviewDate',
        label: 'Date of the review',
        hint: 'For example, 27 1 2017',
      },
      {
        kind: 'radios',
        name: 'part',
        label: 'What was shared',
        choices: [
          {
            value: 'decisions',
            label: 'The decisions',
            hint: 'Due 5 working days after the review',
          },
          {
            value: 'record',
            label: 'The full written record',
            hint: 'It carries the decisions too. Due 20 working days after the review',
          },
        ],
      },
      dateField('Date it was sent'),
    ],
  },
  childOnDate(
    'became-looked-after',
    'BecameLookedAfter',
    'Became looked after',
    'Starts a looked-after episode: the first review is due within 20 working days',
    'Looked after',
    'Date the child became looked after',
  ),
  {
    id: 'review-brought-forward',
    type: 'ReviewBroughtForward',
    title: 'Review brought forward',
    hint: 'The IRO, or a change in the child’s circumstances, requires the next review sooner',
    group: 'Looked-after reviews',
    fields: [
      childId,
      dateField('Date it was decided'),
      {
        kind: 'date',
        name: 'reviewBy',
        label: 'The next review must be held by',
        hint: 'For example, 15 5 2017',
      },
    ],
  },
  childOnDate(
    'placement-order',
    'PlacementOrderMade',
    'Placement order made',
    'The agency first has authority to place the child for adoption (or s.19 consent)',
    'Looked after',
    'Date of the order',
  ),
  childOnDate(
    'placed-for-adoption',
    'PlacedForAdoption',
    'Placed for adoption',
    'The child moved into an adoptive placement',
    'Looked after',
    'Date of the placement',
  ),
  childOnDate(
    'adoption-order',
    'AdoptionOrderMade',
    'Adoption order made',
    'Ends the looked-after episode and its reviews',
    'Looked after',
    'Date of the order',
  ),
  childOnDate(
    'ceased-looked-after',
    'CeasedLookedAfter',
    'Ceased to be looked after',
    'Ends the looked-after episode and its reviews',
    'Looked after',
    'Date the child ceased to be looked after',
  ),
  childOnDate(
    'short-breaks-started',
    'ShortBreaksStarted',
    'Short breaks started',
    'The first break of a series of short breaks (regulation 48): its first review is due within 3 months',
    'Looked after',
    'Date of the first break',
  ),
  childOnDate(
    'short-breaks-ended',
    'ShortBreaksEnded',
    'Short breaks ended',
    'Ends the short breaks reviews',
    'Looked after',
    'Date the arrangement ended',
  ),
  {
    id: 'strategy-discussion',
    type: 'StrategyDiscussionHeld',
    title: 'Strategy discussion held',
    hint: 'With section 47 enquiries, the initial conference is due within 15 working days',
    group: 'Child protection',
    fields: [
      childId,
      dateField('Date of the strategy discussion'),
      yesNo('section47', 'Were section 47 enquiries started?'),
    ],
  },
  childOnDate(
    'section-47-concluded',
    'Section47Concluded',
    'Section 47 enquiries concluded',
    'The enquiries ended with no conference',
    'Child protection',
    'Date they concluded',
  ),
  {
    id: 'conference-booked',
    type: 'ConferenceBooked',
    title: 'Conference booked',
    hint: 'Booking again under the same reference moves the conference',
    group: 'Child protection conferences',
    fields: [
      childId,
      conferenceId,
      conferenceKind,
      dateField('Date it was booked'),
      {
        kind: 'instant',
        name: 'at',
        label: 'When the conference starts',
        hint: 'The date, for example 27 3 2017, and the time in London, for example 10:00',
      },
    ],
  },
  {
    id: 'conference-cancelled',
    type: 'ConferenceCancelled',
    title: 'Conference cancelled',
    hint: 'The booked conference will not take place',
    group: 'Child protection conferences',
    fields: [childId, conferenceId, dateField('Date it was cancelled')],
  },
  {
    id: 'report-shared',
    type: 'ReportShared',
    title: 'Conference report shared',
    hint: 'The social work report was sent to conference members and the family',
    group: 'Child protection conferences',
    fields: [
      childId,
      conferenceId,
      {
        kind: 'instant',
        name: 'at',
        label: 'When it was sent',
        hint: 'The date, for example 23 3 2017, and the time in London, for example 09:30',
      },
    ],
  },
  {
    id: 'conference-held',
    type: 'ConferenceHeld',
    title: 'Conference held',
    hint: 'An initial or review child protection conference took place',
    group: 'Child protection conferences',
    fields: [
      childId,
      conferenceId,
      conferenceKind,
      dateField('Date of the conference'),
      yesNo('planMade', 'Was a child protection plan made?', {
        when: (answers) => answers.kind === 'initial',
      }),
      yesNo('planContinues', 'Does the child protection plan continue?', {
        when: (answers) => answers.kind === 'review',
      }),
      yesNo('familyAttended', 'Did the family attend?', { notRecorded: 'Not recorded' }),
      answerRadios(
        'childParticipation',
        'How did the young person take part?',
        CHILD_PARTICIPATION,
      ),
      answerRadios('advocacy', 'Was an advocate involved?', ADVOCACY),
      answerRadios('category', 'The category of the plan', PLAN_CATEGORIES, { when: planGoesOn }),
      yesNo('disability', 'Does the child have a disability?', {
        when: planGoesOn,
        notRecorded: 'Not recorded',
      }),
      answerRadios('reportQuality', "The chair's judgement of the social work report", GRADES),
    ],
  },
  {
    id: 'minutes-shared',
    type: 'ConferenceMinutesShared',
    title: 'Conference minutes shared',
    hint: "The conference's minutes were sent to those invited",
    group: 'Child protection conferences',
    fields: [childId, conferenceId, dateField('Date they were sent')],
  },
  childOnDate(
    'plan-ended',
    'CpPlanEnded',
    'Child protection plan ended',
    'Closes the plan’s review conferences and its 15-month check',
    'Child protection',
    'Date the plan ended',
  ),
  childOnDate(
    'secure-placed',
    'PlacedInSecureAccommodation',
    'Placed in secure accommodation',
    'The first secure accommodation review is due within one month',
    'Secure accommodation',
    'Date of the placement',
  ),
  childOnDate(
    'secure-review',
    'SecureReviewHeld',
    'Secure accommodation review held',
    'Closes the review that was due; the next is due 3 months on',
    'Secure accommodation',
    'Date of the review',
  ),
  childOnDate(
    'secure-left',
    'LeftSecureAccommodation',
    'Left secure accommodation',
    'Ends the secure accommodation reviews',
    'Secure accommodation',
    'Date the child left',
  ),
  carerOnDate(
    'carer-approved',
    'FosterCarerApproved',
    'Foster carer approved',
    'The first review of the approval is due within 12 months',
    'Date of the approval',
  ),
  carerOnDate(
    'carer-review',
    'FosterCarerReviewHeld',
    'Foster carer review held',
    'Closes the review that was due; the next is due 12 months on',
    'Date of the review',
  ),
  carerOnDate(
    'carer-approval-ended',
    'FosterCarerApprovalEnded',
    'Foster carer approval ended',
    'Ends the foster carer reviews',
    'Date the approval ended',
  ),
  {
    id: 'dispute-raised',
    type: 'DisputeRaised',
    title: 'Dispute raised',
    hint: 'The IRO starts the formal dispute resolution process at stage 1',
    group: 'Disputes',
    roles: ['iro', 'admin'],
    fields: [
      childId,
      disputeId,
      dateField('Date it was raised'),
      {
        kind: 'textarea',
        name: 'issue',
        label: 'The issue',
        hint: 'Kept in the case log only: never sent by email, and never shown on a list',
        max: MAX_ISSUE_LENGTH,
      },
    ],
  },
  {
    id: 'dispute-escalated',
    type: 'DisputeEscalated',
    title: 'Dispute escalated',
    hint: 'The IRO escalates by hand; stages may be skipped',
    group: 'Disputes',
    roles: ['iro', 'admin'],
    fields: [
      disputeId,
      dateField('Date it was escalated'),
      {
        kind: 'radios',
        name: 'toStage',
        label: 'The stage it moves to',
        as: 'number',
        choices: ([2, 3, 4, 5] as const).map((stage) => ({
          value: String(stage),
          label: `Stage ${stage}`,
          hint: DISPUTE_STAGE_NAMES[stage],
        })),
      },
    ],
  },
  {
    id: 'dispute-resolved',
    type: 'DisputeResolved',
    title: 'Dispute resolved',
    hint: 'The dispute is settled, at whatever stage it stands',
    group: 'Disputes',
    roles: ['iro', 'admin'],
    fields: [disputeId, dateField('Date it was resolved')],
  },
  {
    id: 'case-audit',
    type: 'CaseAuditCompleted',
    title: 'Case audit completed',
    hint: "A manager's quality audit of the IRO's work on one child",
    group: 'Quality assurance',
    roles: ['manager'],
    fields: [
      {
        kind: 'text',
        name: 'auditId',
        label: 'Audit reference',
        hint: 'The reference of the audit in the quality assurance cycle',
      },
      childId,
      {
        kind: 'text',
        name: 'iro',
        label: "The IRO's staff id",
        hint: 'The IRO whose work was audited',
      },
      dateField('Date of the audit'),
      {
        kind: 'radios',
        name: 'grade',
        label: 'The grade',
        choices: GRADES.map((value) => ({ value, label: ANSWER_WORDS[value] ?? value })),
      },
    ],
  },
  {
    id: 'retraction',
    type: 'EventRetracted',
    title: 'An event recorded in error',
    hint: 'Take it back: it stays in the log, no longer counts, and the plan follows',
    group: 'Mistakes',
    roles: ['iro', 'manager', 'admin'],
    fields: [
      { kind: 'event', name: 'eventId', label: 'The event to take back' },
      {
        kind: 'textarea',
        name: 'reason',
        label: 'Why it is taken back',
        hint: 'For the audit trail, for example "recorded for the wrong child"',
        max: MAX_REASON_LENGTH,
      },
      dateField('Date of the retraction'),
    ],
  },
];

/**
 * A manager's answer to a dispute (`DisputeAnswered`, a local addition to the contract):
 * recorded from the dispute's own page, where the answer is given beside the issue it
 * answers, and offered only to the manager the dispute's stage is with, or an
 * administrator (the API says which: `mayAnswer`). Not on the Record page's list.
 */
export const DISPUTE_ANSWER: EventKind = {
  id: 'dispute-answered',
  type: 'DisputeAnswered',
  title: 'Answer this dispute',
  hint: 'The IRO reads your answer, then resolves or escalates the dispute',
  group: 'Disputes',
  roles: ['manager', 'admin'],
  fields: [
    disputeId,
    {
      kind: 'textarea',
      name: 'answer',
      label: 'Your answer',
      hint: 'Kept in the case log and shown to the IRO here: never sent by email',
      max: MAX_ANSWER_LENGTH,
    },
    dateField('Date of the answer'),
  ],
};

/** The kinds the signed-in member of staff may record. */
export const kindsFor = (roles: readonly StaffRole[]): EventKind[] =>
  EVENT_KINDS.filter((k) => !k.roles || k.roles.some((r) => roles.includes(r)));

/** The questions asked, given the answers so far. */
export const askedFields = (kind: EventKind, answers: Answers): Field[] =>
  kind.fields.filter((f) => !f.when || f.when(answers));

/** The answer of a radio that leaves an optional field out ("not known yet"). */
export const NOT_RECORDED = 'not-recorded';

const answer = (answers: Answers, name: string) => answers[name] ?? '';

/**
 * The event the answers make, or the problems with them, each naming its field by the
 * API's name. Nothing here decides what the history allows: that is the API's.
 */
export function assemble(
  kind: EventKind,
  answers: Answers,
): { ok: true; event: Record<string, unknown> } | { ok: false; problems: Problem[] } {
  const event: Record<string, unknown> = { type: kind.type };
  const problems: Problem[] = [];
  for (const field of askedFields(kind, answers)) {
    const refuse = (reason: string) => problems.push({ field: field.name, reason });
    switch (field.kind) {
      case 'text':
      case 'event': {
        // Every text field is a reference, by the API's one id rule (workflows/ids.ts).
        const value = answer(answers, field.name).trim();
        const problem = value === '' ? 'is required' : idProblem(value);
        if (problem !== undefined) refuse(problem);
        else event[field.name] = value;
        break;
      }
      case 'textarea': {
        const value = answer(answers, field.name).trim();
        if (value === '') refuse('is required');
        else if (value.length > field.max) {
          refuse(`must be at most ${field.max.toLocaleString('en-GB')} characters`);
        } else event[field.name] = value;
        break;
      }
      case 'date': {
        const date = dateFromParts(dateAnswer(answers, field.name));
        if (date.ok) event[field.name] = date.value;
        else refuse(date.reason);
        break;
      }
      case 'instant': {
        const date = dateFromParts(dateAnswer(answers, field.name));
        const time = timeOfDay(answer(answers, `${field.name}.time`));
        if (!date.ok) refuse(date.reason === 'is required' ? 'needs a date' : date.reason);
        else if (!time.ok) refuse(time.reason === 'is required' ? 'needs a time' : time.reason);
        else event[field.name] = londonInstant(date.value, time.value);
        break;
      }
      case 'radios': {
        const value = answer(answers, field.name);
        if (value === '' || (value === NOT_RECORDED && field.notRecorded !== undefined)) {
          if (field.notRecorded === undefined) refuse('must be chosen');
        } else if (!field.choices.some((c) => c.value === value)) {
          refuse('must be one of the choices');
        } else if (field.as === 'boolean') event[field.name] = value === 'true';
        else if (field.as === 'number') event[field.name] = Number(value);
        else event[field.name] = value;
        break;
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, event };
}

const dateAnswer = (answers: Answers, name: string) => ({
  day: answer(answers, `${name}.day`),
  month: answer(answers, `${name}.month`),
  year: answer(answers, `${name}.year`),
});

/**
 * A problem in words: the question, then the rule. A rule that reads on from the
 * question ("is required", "must be a real date…") follows it; a sentence of its own
 * (the API's "child C1 is not looked after on …") comes after a colon.
 */
export function problemText(label: string | undefined, reason: string): string {
  if (!label) return reason;
  return /^(is|are|must|needs)\b/.test(reason) ? `${label} ${reason}` : `${label}: ${reason}`;
}

/**
 * An id for an event recorded from a form: a version 4 UUID. The API would assign one,
 * but an id it assigns is not claimed, so a retraction could not find the event later
 * (functions/shared/record.ts); an id sent with the event is. Sending the same answers again
 * with the same id (a second click, a retry) is then harmless. From getRandomValues,
 * which a page served over plain http has too, unlike randomUUID.
 */
export function newEventId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What was recorded, for the success banner: the kind, whose, and when. */
export function recordedText(kind: EventKind, event: Record<string, unknown>): string {
  if (kind.type === 'EventRetracted') {
    return 'The event is taken back: it stays in the log and no longer counts';
  }
  const whose =
    typeof event.childId === 'string'
      ? `child ${event.childId}`
      : typeof event.disputeId === 'string'
        ? `dispute ${event.disputeId}`
        : '';
  const ref =
    typeof event.conferenceId === 'string'
      ? `, conference ${event.conferenceId}`
      : typeof event.disputeId === 'string' && typeof event.childId === 'string'
        ? `, dispute ${event.disputeId}`
        : '';
  const when =
    typeof event.date === 'string'
      ? longDate(event.date)
      : typeof event.at === 'string'
        ? londonDateTime(event.at)
        : '';
  return `${kind.title} recorded for ${whose}${ref}, ${when}`;
}

/** The name of each event type in words, for the list of events a retraction picks from. */
export const EVENT_NAMES: Readonly<Record<string, string>> = {
  BecameLookedAfter: 'Became looked after',
  LacReviewHeld: 'Looked-after review held',
  IroContactWithChild: 'IRO contact with the child',
  ReviewRecordShared: 'Review decisions or record shared',
  ReviewBroughtForward: 'Review brought forward',
  PlacementOrderMade: 'Placement order made',
  PlacedForAdoption: 'Placed for adoption',
  AdoptionOrderMade: 'Adoption order made',
  CeasedLookedAfter: 'Ceased to be looked after',
  ShortBreaksStarted: 'Short breaks started',
  ShortBreaksEnded: 'Short breaks ended',
  StrategyDiscussionHeld: 'Strategy discussion held',
  Section47Concluded: 'Section 47 enquiries concluded',
  ConferenceBooked: 'Conference booked',
  ConferenceCancelled: 'Conference cancelled',
  ReportShared: 'Conference report shared',
  ConferenceHeld: 'Conference held',
  ConferenceMinutesShared: 'Conference minutes shared',
  CpPlanEnded: 'Child protection plan ended',
  PlacedInSecureAccommodation: 'Placed in secure accommodation',
  SecureReviewHeld: 'Secure accommodation review held',
  LeftSecureAccommodation: 'Left secure accommodation',
  DisputeRaised: 'Dispute raised',
  DisputeEscalated: 'Dispute escalated',
  DisputeResolved: 'Dispute resolved',
  DisputeAnswered: 'Dispute answered',
  IroAllocated: 'IRO allocated',
  CaseAuditCompleted: 'Case audit completed',
  EventRetracted: 'Retraction',
};

/** One entry of `GET /children/{id}/events`, as far as the retraction form reads it. */
export interface AuditEntry {
  readonly eventId: string;
  readonly source: 'staff' | 'system';
  readonly recordedBy: string;
  /** The directory's name for who recorded it, where it has one. */
  readonly recordedByName?: string;
  readonly recordedAt: string;
  readonly event: {
    readonly type: string;
    readonly date?: string;
    readonly at?: string;
    readonly conferenceId?: string;
    readonly disputeId?: string;
    readonly kind?: string;
  };
  readonly retracted?: unknown;
}

/**
 * The events of a child's log that may be taken back, latest recorded first, each in
 * words: its kind and date, its conference or dispute, and who recorded it when. Only
 * ids, kinds and dates: a dispute's issue is never shown.
 */
export function retractable(
  entries: readonly AuditEntry[],
): { eventId: string; label: string; hint: string }[] {
  // Latest first: by when recorded, and within the same instant (a virtual clock that
  // stands still) by place in the log, which the answer lists in order.
  return entries
    .map((e, index) => ({ e, index }))
    .filter(({ e }) => e.event.type !== 'EventRetracted' && e.retracted === undefined)
    .sort((a, b) =>
      a.e.recordedAt !== b.e.recordedAt
        ? a.e.recordedAt < b.e.recordedAt
          ? 1
          : -1
        : b.index - a.index,
    )
    .map(({ e }) => {
      const when = e.event.date
        ? longDate(e.event.date)
        : e.event.at
          ? londonDateTime(e.event.at)
          : '';
      const ref = e.event.conferenceId
        ? `, conference ${e.event.conferenceId}${e.event.kind ? ` (${e.event.kind})` : ''}`
        : e.event.disputeId
          ? `, dispute ${e.event.disputeId}`
          : '';
      return {
        eventId: e.eventId,
        label: `${EVENT_NAMES[e.event.type] ?? e.event.type}${ref}, ${when}`,
        hint: `Recorded by ${e.recordedByName ?? e.recordedBy} on ${londonDateTime(e.recordedAt)}${e.source === 'system' ? ' from the case management system' : ''}`,
      };
    });
}

/**
 * The participation code a young person's views before a review suggest, for the
 * review form (issue 20): PN5 when they asked for an advocate (one who then spoke for
 * them), else PN6 (they did not attend but sent their views). Only a suggestion: the
 * person recording knows whether the young person attended (PN1 to PN4).
 */
export function suggestedParticipation(
  views: { readonly advocate?: string } | undefined,
): 'PN5' | 'PN6' | undefined {
  if (!views) return undefined;
  return views.advocate === 'yes' ? 'PN5' : 'PN6';
}
