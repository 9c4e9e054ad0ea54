/**
 * Who may do what. Staff sign in through the council's identity provider (a JWT whose
 * roles claim lists theirs); the case management system calls with IAM as `system`.
 */
import { disputeClock } from '../../workflows/clocks.js';
import type { CaseEvent, CaseEventOf } from '../../workflows/events.js';
import { RESERVED_SUBJECT_ID } from '../../workflows/ids.js';
import { reviewHistory } from '../../workflows/plan.js';
import { type CouncilSettings, DISPUTE_STAGE_ROLES } from '../../workflows/policy.js';
import type { EventSource, EventStore, StaffDirectory, StoredEvent } from '../adapters/ports.js';
import { plannerEvents } from './history.js';

export const CALLER_ROLES = ['iro', 'admin', 'manager', 'social-worker', 'system'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];
/** The roles a staff member's token may carry: `system` is the case management system's alone. */
export const STAFF_ROLES: readonly CallerRole[] = ['iro', 'admin', 'manager', 'social-worker'];

export interface Caller {
  /** Staff id (JWT subject, which is the staff id in the directory) or the IAM principal: for audit, never for email. */
  readonly id: string;
  readonly roles: readonly CallerRole[];
  /** The API request, recorded with each event so its trace can be found. */
  readonly requestId?: string;
}

/** The case management system calls as `system`; everyone else is staff. */
export const sourceOf = (caller: Caller): EventSource =>
  caller.roles.includes('system') ? 'system' : 'staff';

const DISPUTE_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'DisputeRaised',
  'DisputeEscalated',
  'DisputeResolved',
]);

const has = (caller: Caller, ...roles: CallerRole[]) => caller.roles.some((r) => roles.includes(r));

/** What the access checks read: the allocations, and for a dispute's answer its log and the council's rules. */
export interface AccessNeeds {
  readonly staff: Pick<StaffDirectory, 'allocation'>;
  /** Without these no manager may answer a dispute (its stage cannot be known); administrators still may. */
  readonly events?: Pick<EventStore, 'history'>;
  readonly settings?: Pick<CouncilSettings, 'rules'>;
}

/**
 * Where a dispute stands on `date`, by the same rules its workflow keeps (automatic
 * escalation included), and who holds that stage's role for the child: their own
 * allocation first, then the unit's. Undefined when no stage is open on that date (not
 * yet raised, or resolved): the contradiction check then says why.
 */
export async function disputeStageOn(
  disputeId: string,
  date: string,
  deps: Required<AccessNeeds>,
  /** The dispute's log, when the caller has just read it. */
  read?: readonly StoredEvent[],
): Promise<{ readonly stage: number; readonly holder: string | undefined } | undefined> {
  const history = read ?? (await deps.events.history(disputeClock(disputeId).log));
  const open = reviewHistory(plannerEvents(history), date, deps.settings.rules).obligations.find(
    (o) => o.kind === 'dispute-stage' && o.refId === disputeId,
  );
  if (open?.stage === undefined) return undefined;
  const role = DISPUTE_STAGE_ROLES[open.stage];
  const own = (await deps.staff.allocation(open.subjectId))?.roles[role];
  const holder = own ?? (await deps.staff.allocation(RESERVED_SUBJECT_ID))?.roles[role];
  return { stage: open.stage, holder };
}

/**
 * A dispute is answered by the manager its stage is with on the answer's date (team
 * manager, service manager, head of service, director: workflows/policy.ts
 * DISPUTE_STAGE_ROLES), or by an administrator; never by the IRO, who raises, escalates
 * and resolves it and so must stay independent of the answer. A manager is let through
 * when no stage is open on that date, so the history check says why (managers read
 * every dispute: nothing is told them that they could not read).
 */
async function mayAnswer(
  caller: Caller,
  event: CaseEventOf<'DisputeAnswered'>,
  deps: AccessNeeds,
): Promise<boolean> {
  if (has(caller, 'admin')) return true;
  if (!has(caller, 'manager') || !deps.events || !deps.settings) return false;
  const standing = await disputeStageOn(event.disputeId, event.date, {
    staff: deps.staff,
    events: deps.events,
    settings: deps.settings,
  });
  return standing === undefined || standing.holder === caller.id;
}

/** The subject an event concerns, for the allocation check: the child, or the carer. */
const subjectOf = (event: CaseEvent): string | undefined =>
  'childId' in event ? event.childId : 'carerId' in event ? event.carerId : undefined;

/** Whether the staff member is the social worker allocated to the subject. */
async function isAllocatedSocialWorker(
  caller: Caller,
  subjectId: string,
  staff: Pick<StaffDirectory, 'allocation'>,
): Promise<boolean> {
  const allocation = await staff.allocation(subjectId);
  return allocation?.roles['social-worker'] === caller.id;
}

/**
 * Only IROs and administrators raise, escalate or resolve disputes; the stage's manager
 * or an administrator answers one ({@link mayAnswer}). A social worker
 * records only for a child or carer allocated to them, every event type: a review
 * marked held silences that child's reminders, so no one else's child is theirs to
 * write to. IROs, managers, administrators and the case management system record the
 * rest for any child. A retraction is checked here by role alone ({@link mayRetract});
 * recording checks it again against the event it takes back ({@link mayRetractEvent}).
 */
export async function mayRecord(
  caller: Caller,
  event: CaseEvent,
  deps: AccessNeeds,
): Promise<boolean> {
  if (DISPUTE_EVENTS.has(event.type)) return has(caller, 'iro', 'admin');
  if (event.type === 'DisputeAnswered') return mayAnswer(caller, event, deps);
  if (event.type === 'EventRetracted') return mayRetract(caller);
  // A young person's views come only through their link, recorded on their behalf.
  if (event.type === 'ChildViewsShared') return isChildLink(caller);
  // A quality audit of an IRO's work is the managers' own (figures.md A1).
  if (event.type === 'CaseAuditCompleted') return has(caller, 'manager');
  // Who a child's IRO is follows the allocations, which administrators keep, or the
  // case management system's batch or import.
  if (event.type === 'IroAllocated') return has(caller, 'admin', 'system');
  if (has(caller, 'iro', 'manager', 'admin', 'system')) return true;
  const subject = subjectOf(event);
  return (
    has(caller, 'social-worker') &&
    subject !== undefined &&
    (await isAllocatedSocialWorker(caller, subject, deps.staff))
  );
}

/**
 * Whether the caller could record the event for a child or carer allocated to them:
 * their refusal says so, rather than that the event type is not theirs.
 */
export const scopedToAllocations = (caller: Caller, event: CaseEvent): boolean =>
  has(caller, 'social-worker') &&
  !DISPUTE_EVENTS.has(event.type) &&
  event.type !== 'DisputeAnswered' &&
  event.type !== 'EventRetracted' &&
  subjectOf(event) !== undefined;

/**
 * The recorder of a young person's views: their link, not a person. Only the public
 * views route calls as it; no token or IAM principal can (a token's roles never carry
 * `system`, and the case management system's id is its ARN).
 */
export const CHILD_LINK_RECORDER = 'child-link';
export const childLinkCaller = (requestId?: string): Caller => ({
  id: CHILD_LINK_RECORDER,
  roles: ['system'],
  ...(requestId === undefined ? {} : { requestId }),
});
const isChildLink = (caller: Caller): boolean =>
  caller.id === CHILD_LINK_RECORDER && caller.roles.length === 1 && caller.roles[0] === 'system';

/** Taking back an event recorded in error: an IRO, a manager or an administrator. */
export const mayRetract = (caller: Caller): boolean => has(caller, 'iro', 'manager', 'admin');

/**
 * Taking back `target`: only someone who could have recorded it, so a team manager who
 * must answer a dispute cannot make it disappear (a dispute's events are the IROs' and
 * administrators').
 */
export async function mayRetractEvent(
  caller: Caller,
  target: CaseEvent,
  deps: AccessNeeds,
): Promise<boolean> {
  return (
    mayRetract(caller) &&
    target.type !== 'EventRetracted' &&
    (await mayRecord(caller, target, deps))
  );
}

/** Only administrators manage staff and allocations, and erase a child's records. */
export const mayManageStaff = (caller: Caller): boolean => caller.roles.includes('admin');

/** Reading obligations needs a staff role; a social worker reads only their own children's. */
export const mayRead = (caller: Caller): boolean => has(caller, ...STAFF_ROLES);

/** Reading every child's obligations: everyone with a staff role but a social worker. */
export const mayReadAll = (caller: Caller): boolean => has(caller, 'iro', 'manager', 'admin');

/** The audit trail and the unit's figures: IROs, managers and administrators. */
export const mayAudit = (caller: Caller): boolean => has(caller, 'iro', 'manager', 'admin');

/**
 * A staff member's roles from a claim value: a list, or a space- or comma-separated
 * string. `system` is never taken from a token: only the IAM route grants it.
 */
export function rolesFromClaim(value: unknown): CallerRole[] {
  const raw = Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  return raw.filter((role): role is CallerRole =>
    (STAFF_ROLES as readonly string[]).includes(role),
  );
}
