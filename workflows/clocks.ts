/**
 * Which workflow keeps which clock. Every case event is stored in one event log (the
 * history its process folds) and wakes one or more clocks, each watched by one Step
 * Functions execution at a time. Pure: the handlers route with it, the tests check it.
 */
import { createHash } from 'node:crypto';
import { childProtection } from './child-protection/rules.js';
import { disputes } from './disputes/rules.js';
import type { CaseEvent } from './events.js';
import { fostering } from './fostering/rules.js';
import { lookedAfter } from './looked-after/rules.js';
import type { Obligation, ObligationKind } from './obligations.js';
import { conferenceMinutes, reviewRecords } from './records/rules.js';
import { secureAccommodation } from './secure-accommodation/rules.js';

/** The state machines, one per statutory process the unit watches. */
export const WORKFLOWS = [
  'review-cycle',
  'child-protection',
  'conference-report',
  'dispute-resolution',
] as const;
export type Workflow = (typeof WORKFLOWS)[number];

/** What one execution watches: a subject's obligations of some kinds, planned from one event log. */
export interface Clock {
  /** Unique and stable, e.g. `reviews/C1`, `report/C2/K1`. */
  readonly id: string;
  readonly workflow: Workflow;
  /** The event log the clock is planned from. */
  readonly log: string;
  /** The obligations of that log's plan that this clock reminds about. */
  readonly kinds: readonly ObligationKind[];
  /** For a conference report clock: the conference. */
  readonly refId?: string;
}

const REVIEW_KINDS: readonly ObligationKind[] = [
  'lac-review',
  'secure-review',
  'short-breaks-review',
  'review-decisions',
  'review-record',
];
const CARER_KINDS: readonly ObligationKind[] = ['foster-carer-review'];
const PROTECTION_KINDS: readonly ObligationKind[] = [
  'icpc',
  'icpc-booking-decision',
  'cp-review',
  'cp-plan-duration-check',
  'conference-minutes',
];

/**
 * An id as a part of a clock id or log name: percent-encoded, so a council's reference
 * with slashes (`DRP/17/09`) stays one part and the clock id can be read back.
 */
const part = (id: string): string => encodeURIComponent(id);

export const reviewsClock = (childId: string): Clock => ({
  id: `reviews/${part(childId)}`,
  workflow: 'review-cycle',
  log: `reviews/${part(childId)}`,
  kinds: REVIEW_KINDS,
});
export const carerClock = (carerId: string): Clock => ({
  id: `carer/${part(carerId)}`,
  workflow: 'review-cycle',
  log: `carer/${part(carerId)}`,
  kinds: CARER_KINDS,
});
export const protectionClock = (childId: string): Clock => ({
  id: `protection/${part(childId)}`,
  workflow: 'child-protection',
  log: `protection/${part(childId)}`,
  kinds: PROTECTION_KINDS,
});
export const reportClock = (childId: string, conferenceId: string): Clock => ({
  id: `report/${part(childId)}/${part(conferenceId)}`,
  workflow: 'conference-report',
  log: `protection/${part(childId)}`,
  kinds: ['conference-report'],
  refId: conferenceId,
});
export const disputeClock = (disputeId: string): Clock => ({
  id: `dispute/${part(disputeId)}`,
  workflow: 'dispute-resolution',
  log: `dispute/${part(disputeId)}`,
  kinds: ['dispute-stage'],
});

/**
 * The clocks an event wakes; the first one's log is where the event is stored. Each
 * process's rules say which events are theirs, so the routing cannot drift from them.
 */
export function clocksOf(event: CaseEvent): [Clock, ...Clock[]] {
  // A review's records and the IRO's contacts are planned beside the reviews they follow.
  const child =
    lookedAfter.keyOf(event) ?? secureAccommodation.keyOf(event) ?? reviewRecords.keyOf(event);
  if (child !== undefined) return [reviewsClock(child)];
  const carer = fostering.keyOf(event);
  if (carer !== undefined) return [carerClock(carer)];
  const protectedChild = childProtection.keyOf(event);
  if (protectedChild !== undefined) {
    return 'conferenceId' in event
      ? [protectionClock(protectedChild), reportClock(protectedChild, event.conferenceId)]
      : [protectionClock(protectedChild)];
  }
  // Minutes are planned beside the conferences they record; no report is waiting on them.
  const minutedChild = conferenceMinutes.keyOf(event);
  if (minutedChild !== undefined) return [protectionClock(minutedChild)];
  const dispute = disputes.keyOf(event);
  if (dispute !== undefined) return [disputeClock(dispute)];
  throw new Error(`no process keeps a clock for ${event.type}`);
}

/**
 * Rebuilds a clock from its id, as a workflow's input carries it. An id that does not
 * read back as exactly itself is refused, so no workflow can watch a clock that
 * records and releases under another name (and so loop without end).
 */
export function clockOf(id: string): Clock {
  const clock = readClock(id);
  if (clock?.id !== id) throw new Error('not a clock id');
  return clock;
}

function readClock(id: string): Clock | undefined {
  const parts = id.split('/');
  let ids: string[];
  try {
    ids = parts.slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [prefix] = parts;
  const [first, second] = ids;
  if (first === undefined || first === '') return undefined;
  if (ids.length === 1) {
    if (prefix === 'reviews') return reviewsClock(first);
    if (prefix === 'carer') return carerClock(first);
    if (prefix === 'protection') return protectionClock(first);
    if (prefix === 'dispute') return disputeClock(first);
  }
  if (ids.length === 2 && prefix === 'report' && second) return reportClock(first, second);
  return undefined;
}

/** The clock's share of its log's plan. */
export function clockObligations(clock: Clock, obligations: readonly Obligation[]): Obligation[] {
  return obligations.filter(
    (o) => clock.kinds.includes(o.kind) && (clock.refId === undefined || o.refId === clock.refId),
  );
}

/**
 * How log lines name a clock: its kind and a hash of its id (`reviews-1f2e3d4c5b6a`), the
 * same for every line about it, so they can be followed, and carrying no id of a child,
 * carer, conference or dispute. The unit's alert email gives both, to tie them together.
 */
export function clockReference(clockId: string): string {
  const kind = clockId.slice(0, clockId.indexOf('/'));
  return `${kind}-${createHash('sha256').update(clockId).digest('hex').slice(0, 12)}`;
}

/**
 * A Step Functions execution name for the clock, started because of `cause` (the event
 * or predecessor that started it): deterministic, so starting it twice is harmless,
 * within the 80 characters of [A-Za-z0-9-_] allowed, and carrying no id of a child,
 * carer, conference or dispute: only the clock's kind and a hash.
 */
export function executionName(clock: Clock, cause: string): string {
  const kind = clock.id.slice(0, clock.id.indexOf('/'));
  const digest = createHash('sha256').update(`${clock.id}\u0000${cause}`).digest('hex');
  return `${kind}-${digest.slice(0, 40)}`;
}
