/**
 * The case events the system is told about: the public contract of
 * shared/design/timescales.md section 2, as zod schemas. Everything that enters the
 * system (API, CLI import) goes through {@link parseEvent}, so a bad field is named
 * before anything is stored.
 */

import {
  ADVOCACY,
  CHILD_PARTICIPATION,
  CONTACT_METHODS,
  GRADES,
  PERMANENCE_PLAN,
  PLAN_CATEGORIES,
} from './answers.js';
import { isInstant, isLocalDate, type LocalDate, londonDate } from './calendar/index.js';
import { idProblem, MAX_ID_LENGTH, RESERVED_SUBJECT_ID } from './ids.js';
import { PARTICIPATION_CODES } from './participation.js';
import * as z from './zod.js';

// A child's or carer's id may not be `unit`, the unit-wide allocations' subject.
export { RESERVED_SUBJECT_ID } from './ids.js';
// The codes live apart from the schemas so the work tray can name them without zod.
export { PARTICIPATION_CODES, type ParticipationCode } from './participation.js';

const event = <T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

/**
 * The fields events share, built with the first schema read (see {@link schemas}), not
 * at import.
 */
function buildFields() {
  const localDate = z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .check(z.refine(isLocalDate, { error: 'must be a real date written YYYY-MM-DD' }));

  const instant = z
    .string({ error: 'must be a date-time such as 2017-03-27T10:00:00+01:00' })
    .check(
      z.refine(isInstant, {
        error:
          'must be an ISO 8601 date-time with an offset or Z, such as 2017-03-27T10:00:00+01:00',
      }),
    );

  /**
   * A council's reference for a child, carer, conference or dispute, by the one rule of
   * workflows/ids.ts (letters of one script, digits and `-_/.:@`, NFC, at most 128).
   * Slashes work (`DRP/17/09`): wherever an id becomes part of a key, a clock id or an
   * execution name it is encoded, never split.
   */
  const id = z.string({ error: 'must be a non-empty string' }).check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty', abort: true }),
    z.maxLength(MAX_ID_LENGTH, {
      error: `must be at most ${MAX_ID_LENGTH} characters`,
      abort: true,
    }),
    z.refine((value) => idProblem(value) === undefined, {
      error: (issue) => idProblem(String(issue.input)) ?? 'is not a valid id',
    }),
  );

  const flag = z.boolean({ error: 'must be true or false' });

  const subjectId = id.check(
    z.refine((value) => value !== RESERVED_SUBJECT_ID, {
      error: "must not be 'unit', which names the unit's own allocations",
    }),
  );

  /** Fields every event may carry; `eventId` makes a repeat harmless. */
  const common = { eventId: z.optional(id), date: localDate };
  const forChild = { ...common, childId: subjectId };
  const forCarer = { ...common, carerId: subjectId };

  return { localDate, instant, id, flag, subjectId, common, forChild, forCarer };
}

let fields: ReturnType<typeof buildFields> | undefined;
const f = () => {
  fields ??= buildFields();
  return fields;
};

/** Free text that stays in the log and is never sent by email. */
const text = (max: number) =>
  z
    .string({ error: 'must be text' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(max, { error: `must be at most ${max} characters` }),
    );

/** A dispute's `issue` text is bounded, so it fits one stored item with room to spare. */
export const MAX_ISSUE_LENGTH = 10_000;
/**
 * A manager's answer to a dispute (`DisputeAnswered`, a local addition to the contract):
 * bounded as the issue is, kept in the log, never emailed or logged.
 */
export const MAX_ANSWER_LENGTH = 10_000;
/** A young person's words before a review, all answers together (timescales.md section 2). */
export const MAX_VIEWS_LENGTH = 5_000;
/** Whether the young person feels safe where they live: `not-said` is "I'd rather not say". */
export const FEELS_SAFE = ['yes', 'no', 'not-said'] as const;
/** Whether they would like to come to their review (and, locally, to have an advocate). */
export const WOULD_ATTEND = ['yes', 'no', 'not-sure'] as const;
/** A retraction's reason: a sentence or two for the audit trail. */
export const MAX_REASON_LENGTH = 1_000;

export {
  ADVOCACY,
  type Advocacy,
  CHILD_PARTICIPATION,
  type ChildParticipation,
  CONTACT_METHODS,
  GRADES,
  type Grade,
  PERMANENCE_PLAN,
  PLAN_CATEGORIES,
  type PlanCategory,
} from './answers.js';
export { DISPUTE_STAGES, type DisputeStage } from './kinds.js';

/** "must be 'a', 'b' or 'c'": the words of an enum's error. */
const oneOf = (values: readonly string[]): string =>
  `must be ${values
    .map((v) => `'${v}'`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1')}`;

/**
 * What a conference may also record, all optional so older histories stay valid
 * (figures.md section 9): the young person's part, advocacy, the plan's category, a
 * disability, and the chair's judgement of the social work report.
 */
const conferenceQuestions = () => ({
  childParticipation: z.optional(
    z.enum(CHILD_PARTICIPATION, { error: oneOf(CHILD_PARTICIPATION) }),
  ),
  advocacy: z.optional(z.enum(ADVOCACY, { error: oneOf(ADVOCACY) })),
  category: z.optional(z.enum(PLAN_CATEGORIES, { error: oneOf(PLAN_CATEGORIES) })),
  disability: z.optional(f().flag),
  reportQuality: z.optional(z.enum(GRADES, { error: oneOf(GRADES) })),
});

/**
 * A record whose members are built when first read: most handlers import this module
 * for its types and constants and never validate an event, so their cold start does
 * not build every schema.
 */
function builtOnFirstRead<T extends Record<string, () => unknown>>(
  builders: T,
): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const record = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const [key, build] of Object.entries(builders)) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = build();
        Object.defineProperty(record, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return record;
}

/**
 * Each event type's schema, by type, built when first read: {@link parseEvent}
 * validates with them; the OpenAPI document is generated from them.
 */
export const schemas = builtOnFirstRead({
  BecameLookedAfter: () =>
    event('BecameLookedAfter', {
      ...f().forChild,
      // The child was already looked after on this date and the records begin here (an
      // import whose file starts inside a period of care): the first reviews were held
      // before it, so the next is due within 6 months (README, "Importing a return").
      startedBeforeRecords: z.optional(f().flag),
    }),
  LacReviewHeld: () =>
    event('LacReviewHeld', {
      ...f().forChild,
      participation: z.optional(
        z.enum(PARTICIPATION_CODES, { error: 'must be one of the SSDA903 codes PN0 to PN7' }),
      ),
      permanencePlan: z.optional(
        z.enum(PERMANENCE_PLAN, { error: "must be 'agreed' or 'not-agreed'" }),
      ),
    }),
  // A series of short breaks (CPPCR 2010 reg 48, timescales.md 3.6): not looked after.
  ShortBreaksStarted: () => event('ShortBreaksStarted', f().forChild),
  ShortBreaksEnded: () => event('ShortBreaksEnded', f().forChild),
  IroContactWithChild: () =>
    event('IroContactWithChild', {
      ...f().forChild,
      method: z.enum(CONTACT_METHODS, {
        error: "must be 'visit', 'video', 'phone' or 'message'",
      }),
      outOfArea: z.optional(f().flag),
    }),
  ReviewRecordShared: () =>
    event('ReviewRecordShared', {
      ...f().forChild,
      reviewDate: f().localDate,
      part: z.enum(['decisions', 'record'], { error: "must be 'decisions' or 'record'" }),
    }).check(
      z.refine((e) => e.date >= e.reviewDate, {
        error: 'a record cannot be shared before the review it records',
        path: ['date'],
      }),
    ),
  ReviewBroughtForward: () =>
    event('ReviewBroughtForward', { ...f().forChild, reviewBy: f().localDate }).check(
      z.refine((e) => e.reviewBy >= e.date, {
        error: 'must be on or after the date it was required',
        path: ['reviewBy'],
      }),
    ),
  PlacementOrderMade: () => event('PlacementOrderMade', f().forChild),
  PlacedForAdoption: () => event('PlacedForAdoption', f().forChild),
  AdoptionOrderMade: () => event('AdoptionOrderMade', f().forChild),
  CeasedLookedAfter: () => event('CeasedLookedAfter', f().forChild),
  StrategyDiscussionHeld: () =>
    event('StrategyDiscussionHeld', { ...f().forChild, section47: f().flag }),
  Section47Concluded: () => event('Section47Concluded', f().forChild),
  ConferenceBooked: () =>
    event('ConferenceBooked', {
      ...f().forChild,
      conferenceId: f().id,
      kind: z.enum(['initial', 'review'], { error: "must be 'initial' or 'review'" }),
      at: f().instant,
    }).check(
      z.refine((e) => !isInstant(e.at) || londonDate(e.at) >= e.date, {
        error: 'the conference cannot start before the date it was booked',
        path: ['at'],
      }),
    ),
  ConferenceCancelled: () =>
    event('ConferenceCancelled', { ...f().forChild, conferenceId: f().id }),
  ReportShared: () =>
    z.strictObject({
      type: z.literal('ReportShared'),
      eventId: z.optional(f().id),
      childId: f().subjectId,
      conferenceId: f().id,
      at: f().instant,
    }),
  ConferenceHeld: () =>
    z.discriminatedUnion(
      'kind',
      [
        event('ConferenceHeld', {
          ...f().forChild,
          conferenceId: f().id,
          kind: z.literal('initial'),
          planMade: f().flag,
          familyAttended: z.optional(f().flag),
          ...conferenceQuestions(),
        }),
        event('ConferenceHeld', {
          ...f().forChild,
          conferenceId: f().id,
          kind: z.literal('review'),
          planContinues: f().flag,
          familyAttended: z.optional(f().flag),
          ...conferenceQuestions(),
        }),
      ],
      { error: "must be 'initial' (with planMade) or 'review' (with planContinues)" },
    ),
  ConferenceMinutesShared: () =>
    event('ConferenceMinutesShared', { ...f().forChild, conferenceId: f().id }),
  CpPlanEnded: () => event('CpPlanEnded', f().forChild),
  PlacedInSecureAccommodation: () => event('PlacedInSecureAccommodation', f().forChild),
  SecureReviewHeld: () => event('SecureReviewHeld', f().forChild),
  LeftSecureAccommodation: () => event('LeftSecureAccommodation', f().forChild),
  FosterCarerApproved: () => event('FosterCarerApproved', f().forCarer),
  FosterCarerReviewHeld: () => event('FosterCarerReviewHeld', f().forCarer),
  FosterCarerApprovalEnded: () => event('FosterCarerApprovalEnded', f().forCarer),
  DisputeRaised: () =>
    event('DisputeRaised', {
      ...f().forChild,
      disputeId: f().id,
      issue: text(MAX_ISSUE_LENGTH),
    }),
  DisputeEscalated: () =>
    event('DisputeEscalated', {
      ...f().common,
      disputeId: f().id,
      toStage: z
        .number({ error: 'must be a stage number from 2 to 5' })
        .check(
          z.int({ error: 'must be a whole stage number from 2 to 5' }),
          z.minimum(2, { error: 'must be a stage number from 2 to 5' }),
          z.maximum(5, { error: 'must be a stage number from 2 to 5' }),
        ),
    }),
  DisputeResolved: () => event('DisputeResolved', { ...f().common, disputeId: f().id }),
  // A local addition to the contract (README, "A local addition to the contract"): the answer of the
  // manager the dispute's stage is with. It moves no date and resolves nothing: only the
  // IRO resolves or escalates. Its text is read as the issue is, never emailed or logged.
  DisputeAnswered: () =>
    event('DisputeAnswered', {
      ...f().common,
      disputeId: f().id,
      answer: text(MAX_ANSWER_LENGTH),
    }),
  IroAllocated: () => event('IroAllocated', { ...f().forChild, iro: f().id }),
  CaseAuditCompleted: () =>
    event('CaseAuditCompleted', {
      ...f().forChild,
      auditId: f().id,
      iro: f().id,
      grade: z.enum(GRADES, { error: oneOf(GRADES) }),
    }),
  // The young person's own views before a review, through their link (architecture.md,
  // "The child's voice"): recorded by the system on their behalf, never by staff. The
  // free text is never emailed, logged or echoed in a refusal.
  ChildViewsShared: () =>
    event('ChildViewsShared', {
      ...f().forChild,
      reviewDue: f().localDate,
      feelsSafe: z.enum(FEELS_SAFE, { error: oneOf(FEELS_SAFE) }),
      attend: z.enum(WOULD_ATTEND, { error: oneOf(WOULD_ATTEND) }),
      words: z.optional(text(MAX_VIEWS_LENGTH)),
      // Local additions beside the contract's fields: the page's other questions.
      goingWell: z.optional(text(MAX_VIEWS_LENGTH)),
      change: z.optional(text(MAX_VIEWS_LENGTH)),
      advocate: z.optional(z.enum(WOULD_ATTEND, { error: oneOf(WOULD_ATTEND) })),
    }).check(
      z.refine(
        (e) =>
          (e.words?.length ?? 0) + (e.goingWell?.length ?? 0) + (e.change?.length ?? 0) <=
          MAX_VIEWS_LENGTH,
        {
          error: `the answers together must be at most ${MAX_VIEWS_LENGTH} characters`,
          path: ['words'],
        },
      ),
    ),
  // Its eventId names the event taken back; the retraction's own id is derived from it.
  EventRetracted: () =>
    z.strictObject({
      type: z.literal('EventRetracted'),
      eventId: f().id,
      reason: text(MAX_REASON_LENGTH),
      date: f().localDate,
    }),
});

type Schemas = typeof schemas;
export type CaseEventType = keyof Schemas;
export type CaseEvent = { [K in CaseEventType]: z.output<Schemas[K]> }[CaseEventType];
export type CaseEventOf<K extends CaseEventType> = Extract<CaseEvent, { type: K }>;
export const CASE_EVENT_TYPES = Object.keys(schemas) as CaseEventType[];

/** One thing wrong with an input, named so a person can find and fix it. */
export interface InputProblem {
  /** 1-based line in the input file, where the input is a file. */
  readonly line?: number;
  /** Dotted path of the field at fault, absent when the whole record is at fault. */
  readonly field?: string;
  readonly reason: string;
}

export type ParseResult =
  | { readonly ok: true; readonly event: CaseEvent }
  | { readonly ok: false; readonly problems: readonly InputProblem[] };

const isKnownType = (type: unknown): type is CaseEventType =>
  typeof type === 'string' && Object.hasOwn(schemas, type);

/** Validates one event; every problem is reported, not just the first. */
export function parseEvent(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: [{ reason: 'an event must be a JSON object' }] };
  }
  const type = (value as { type?: unknown }).type;
  if (!isKnownType(type)) {
    // The value sent is never echoed: it may be anything, a child's name included.
    const reason =
      type === undefined
        ? 'is required'
        : `is not a known event type; expected one of ${CASE_EVENT_TYPES.join(', ')}`;
    return { ok: false, problems: [{ field: 'type', reason }] };
  }
  const result = schemas[type].safeParse(value);
  if (result.success) return { ok: true, event: result.data as CaseEvent };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => describeIssue(issue, value)),
  };
}

function describeIssue(issue: z.core.$ZodIssue, input: object): InputProblem {
  const field = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    // Named by position, not by name: a field's name can carry personal data too.
    const keys = Object.keys(input);
    const positions = issue.keys.map((key) => ordinal(keys.indexOf(key) + 1));
    const which = positions.length === 1 ? 'field' : 'fields';
    return { reason: `unexpected ${which}: the ${positions.join(', ')} ${which} of the event` };
  }
  const [key] = issue.path;
  const missing =
    issue.code === 'invalid_type' &&
    issue.path.length === 1 &&
    typeof key === 'string' &&
    !(key in input);
  const reason = missing ? 'is required' : issue.message;
  return field ? { field, reason } : { reason };
}

const ordinal = (n: number): string => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** A parsed event and the line it came from (1-based). */
export interface LineEvent {
  readonly line: number;
  readonly event: CaseEvent;
}

/**
 * Reads JSON Lines (one event per line, blank lines ignored). Returns every valid
 * event and every problem, each with its line, so one run shows all there is to fix.
 */
export function parseEventLines(text: string): {
  events: LineEvent[];
  problems: InputProblem[];
} {
  const events: LineEvent[] = [];
  const problems: InputProblem[] = [];
  // A byte order mark, as a Windows export may begin with, is not part of the first line.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // The parser's message quotes the line, which may hold personal data: say less.
      problems.push({ line, reason: 'is not valid JSON' });
      return;
    }
    const parsed = parseEvent(value);
    if (parsed.ok) events.push({ line, event: parsed.event });
    else for (const problem of parsed.problems) problems.push({ line, ...problem });
  });
  return { events, problems };
}

/** The date an event counts on: its `date`, or for a shared report the London date of `at`. */
export function eventDate(event: CaseEvent): LocalDate {
  return event.type === 'ReportShared' ? londonDate(event.at) : event.date;
}
