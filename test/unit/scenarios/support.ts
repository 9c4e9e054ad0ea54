/**
 * Shared helpers for the spec-derived scenario tests: event builders (the shapes of
 * timescales.md section 2), a thin wrapper over the planner, and an in-memory CLI run.
 * Expected dates live in the tests, computed by hand from the spec; nothing here
 * computes a date.
 */
import { main } from '../../../functions/cli/cli.js';
import type { CaseEvent } from '../../../workflows/events.js';
import type { Obligation, ObligationKind, RulesContext } from '../../../workflows/obligations.js';
import { plan } from '../../../workflows/plan.js';

type Id = string;
type Day = string;

export const ev = {
  becameLookedAfter: (childId: Id, date: Day): CaseEvent => ({
    type: 'BecameLookedAfter',
    childId,
    date,
  }),
  lacReview: (childId: Id, date: Day): CaseEvent => ({ type: 'LacReviewHeld', childId, date }),
  broughtForward: (childId: Id, date: Day, reviewBy: Day): CaseEvent => ({
    type: 'ReviewBroughtForward',
    childId,
    date,
    reviewBy,
  }),
  placementOrder: (childId: Id, date: Day): CaseEvent => ({
    type: 'PlacementOrderMade',
    childId,
    date,
  }),
  placedForAdoption: (childId: Id, date: Day): CaseEvent => ({
    type: 'PlacedForAdoption',
    childId,
    date,
  }),
  adoptionOrder: (childId: Id, date: Day): CaseEvent => ({
    type: 'AdoptionOrderMade',
    childId,
    date,
  }),
  ceased: (childId: Id, date: Day): CaseEvent => ({ type: 'CeasedLookedAfter', childId, date }),
  strategy: (childId: Id, date: Day, section47 = true): CaseEvent => ({
    type: 'StrategyDiscussionHeld',
    childId,
    date,
    section47,
  }),
  s47Concluded: (childId: Id, date: Day): CaseEvent => ({
    type: 'Section47Concluded',
    childId,
    date,
  }),
  booked: (
    childId: Id,
    conferenceId: Id,
    kind: 'initial' | 'review',
    date: Day,
    at: string,
  ): CaseEvent => ({ type: 'ConferenceBooked', childId, conferenceId, kind, date, at }),
  cancelled: (childId: Id, conferenceId: Id, date: Day): CaseEvent => ({
    type: 'ConferenceCancelled',
    childId,
    conferenceId,
    date,
  }),
  reportShared: (childId: Id, conferenceId: Id, at: string): CaseEvent => ({
    type: 'ReportShared',
    childId,
    conferenceId,
    at,
  }),
  initialHeld: (childId: Id, conferenceId: Id, date: Day, planMade: boolean): CaseEvent => ({
    type: 'ConferenceHeld',
    childId,
    conferenceId,
    kind: 'initial',
    date,
    planMade,
  }),
  reviewHeld: (childId: Id, conferenceId: Id, date: Day, planContinues: boolean): CaseEvent => ({
    type: 'ConferenceHeld',
    childId,
    conferenceId,
    kind: 'review',
    date,
    planContinues,
  }),
  cpPlanEnded: (childId: Id, date: Day): CaseEvent => ({ type: 'CpPlanEnded', childId, date }),
  securePlaced: (childId: Id, date: Day): CaseEvent => ({
    type: 'PlacedInSecureAccommodation',
    childId,
    date,
  }),
  secureReview: (childId: Id, date: Day): CaseEvent => ({
    type: 'SecureReviewHeld',
    childId,
    date,
  }),
  secureLeft: (childId: Id, date: Day): CaseEvent => ({
    type: 'LeftSecureAccommodation',
    childId,
    date,
  }),
  carerApproved: (carerId: Id, date: Day): CaseEvent => ({
    type: 'FosterCarerApproved',
    carerId,
    date,
  }),
  carerReview: (carerId: Id, date: Day): CaseEvent => ({
    type: 'FosterCarerReviewHeld',
    carerId,
    date,
  }),
  carerEnded: (carerId: Id, date: Day): CaseEvent => ({
    type: 'FosterCarerApprovalEnded',
    carerId,
    date,
  }),
  disputeRaised: (disputeId: Id, childId: Id, date: Day): CaseEvent => ({
    type: 'DisputeRaised',
    disputeId,
    childId,
    date,
    issue: 'care plan does not address contact',
  }),
  escalated: (disputeId: Id, date: Day, toStage: number): CaseEvent => ({
    type: 'DisputeEscalated',
    disputeId,
    date,
    toStage,
  }),
  resolved: (disputeId: Id, date: Day): CaseEvent => ({ type: 'DisputeResolved', disputeId, date }),
  iroContact: (childId: Id, date: Day): CaseEvent => ({
    type: 'IroContactWithChild',
    childId,
    date,
    method: 'visit',
  }),
  recordShared: (
    childId: Id,
    reviewDate: Day,
    part: 'decisions' | 'record',
    date: Day,
  ): CaseEvent => ({ type: 'ReviewRecordShared', childId, reviewDate, part, date }),
  minutesShared: (childId: Id, conferenceId: Id, date: Day): CaseEvent => ({
    type: 'ConferenceMinutesShared',
    childId,
    conferenceId,
    date,
  }),
};

/** Gives an event an eventId (for the duplicate-delivery tests). */
export const withId = (eventId: string, event: CaseEvent): CaseEvent => ({ ...event, eventId });

/** The published fields of an obligation: what the spec promises, nothing internal. */
export interface Seen {
  kind: ObligationKind;
  subjectId: string;
  refId?: string;
  due: string;
  overdue: boolean;
  stage?: number;
}

const seen = (o: Obligation): Seen => ({
  kind: o.kind,
  subjectId: o.subjectId,
  ...(o.refId === undefined ? {} : { refId: o.refId }),
  due: o.due,
  overdue: o.overdue,
  ...(o.stage === undefined ? {} : { stage: o.stage }),
});

/** Every open obligation on `asOf`, reduced to its published fields, in a stable order. */
export function openOn(events: readonly CaseEvent[], asOf: Day, context?: RulesContext): Seen[] {
  const key = (o: Seen) => [o.kind, o.subjectId, o.refId ?? '', o.due];
  return plan(events, asOf, context)
    .map(seen)
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < ka.length; i++) {
        const [x, y] = [ka[i] ?? '', kb[i] ?? ''];
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
}

/** The open obligations of the given kinds on `asOf`: one process's share of the plan. */
export function openAmong(
  events: readonly CaseEvent[],
  asOf: Day,
  kinds: readonly ObligationKind[],
  context?: RulesContext,
): Seen[] {
  return openOn(events, asOf, context).filter((o) => kinds.includes(o.kind));
}

/** The open obligations of one kind on `asOf` (for a subject, if given). */
export function openOf(
  events: readonly CaseEvent[],
  asOf: Day,
  kind: ObligationKind,
  subjectId?: string,
): Seen[] {
  return openOn(events, asOf).filter(
    (o) => o.kind === kind && (subjectId === undefined || o.subjectId === subjectId),
  );
}

/** Deterministic shuffle (a fixed linear congruential generator), for arrival-order tests. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One event per line, as the CLI reads them. */
export const jsonl = (...records: readonly unknown[]): string =>
  `${records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`;

/** Runs the CLI in-process over in-memory files. */
export async function runCli(
  argv: readonly string[],
  files: Readonly<Record<string, string>>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      }
      return text;
    },
  });
  return { code, stdout, stderr };
}
