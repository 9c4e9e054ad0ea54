/**
 * Every event people record by hand (timescales.md section 2) can be recorded from the
 * Record page, and each form makes an event the contract's own schema takes. The list
 * is written out here against the contract's types (workflows/events.ts), so a type
 * added to the contract without a form, or a form for a type the contract lacks, fails.
 */
import { describe, expect, it } from 'vitest';
import {
  type Answers,
  assemble,
  DISPUTE_ANSWER,
  EVENT_KINDS,
  type Field,
} from '../../../web/src/forms/events.js';
import { CASE_EVENT_TYPES, parseEvent } from '../../../workflows/events.js';

/** The events of timescales.md section 2 that people record by hand. */
const RECORDED_BY_HAND = [
  'BecameLookedAfter',
  'LacReviewHeld',
  'IroContactWithChild',
  'ReviewRecordShared',
  'ReviewBroughtForward',
  'PlacementOrderMade',
  'PlacedForAdoption',
  'AdoptionOrderMade',
  'CeasedLookedAfter',
  'StrategyDiscussionHeld',
  'Section47Concluded',
  'ConferenceBooked',
  'ConferenceCancelled',
  'ReportShared',
  'ConferenceHeld',
  'ConferenceMinutesShared',
  'CpPlanEnded',
  'PlacedInSecureAccommodation',
  'SecureReviewHeld',
  'LeftSecureAccommodation',
  'ShortBreaksStarted',
  'ShortBreaksEnded',
  'FosterCarerApproved',
  'FosterCarerReviewHeld',
  'FosterCarerApprovalEnded',
  'DisputeRaised',
  'DisputeEscalated',
  'DisputeResolved',
  // A local addition, answered from the dispute's own page (DISPUTE_ANSWER), not this list.
  'DisputeAnswered',
  'CaseAuditCompleted',
  'EventRetracted',
];

/**
 * The contract's other events: the child's views, which the system records on their
 * behalf; and the IRO's allocation, which the API records when an administrator
 * allocates a child (the Allocate page), never on its own.
 */
const NOT_ON_THIS_LIST = new Set(['ChildViewsShared', 'IroAllocated']);

describe('the events recorded by hand, against the contract', () => {
  it('are every type of the contract but the system’s own', () => {
    const contract = CASE_EVENT_TYPES.filter((t) => !NOT_ON_THIS_LIST.has(t));
    expect([...contract].sort()).toEqual([...RECORDED_BY_HAND].sort());
  });

  it('each has a form on the Record page or the dispute’s, and no form records the child’s views', () => {
    const forms = new Set([...EVENT_KINDS, DISPUTE_ANSWER].map((k) => k.type));
    expect(EVENT_KINDS.map((k) => k.type)).not.toContain('DisputeAnswered');
    expect(RECORDED_BY_HAND.filter((t) => !forms.has(t))).toEqual([]);
    expect(forms.has('ChildViewsShared')).toBe(false);
    expect([...forms].filter((t) => !CASE_EVENT_TYPES.includes(t as never))).toEqual([]);
  });
});

/** Answers to every question a form asks: the first choice, 1 February 2017, 10:00. */
function answersFor(fields: readonly Field[]): Answers {
  const answers: Record<string, string> = {};
  for (const field of fields) {
    switch (field.kind) {
      case 'text':
      case 'event':
        answers[field.name] = 'X1';
        break;
      case 'textarea':
        answers[field.name] = 'Some words';
        break;
      case 'date':
      case 'instant':
        answers[`${field.name}.day`] = '1';
        answers[`${field.name}.month`] = '2';
        answers[`${field.name}.year`] = '2017';
        answers[`${field.name}.time`] = '10:00';
        break;
      case 'radios':
        answers[field.name] = field.choices[0]?.value ?? '';
        break;
    }
  }
  return answers;
}

describe('each form makes an event the contract takes', () => {
  it.each([...EVENT_KINDS, DISPUTE_ANSWER].map((k) => [k.title, k] as const))('%s', (_, kind) => {
    // Prepare: every question answered, those asked only on a condition included.
    const answers = answersFor(kind.fields);
    // Act
    const made = assemble(kind, answers);
    // Assess
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    expect(parseEvent(made.event)).toMatchObject({ ok: true });
  });
});
