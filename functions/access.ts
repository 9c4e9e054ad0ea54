/**
 * Who may do what. Staff sign in through the council's identity provider (a JWT whose
 * roles claim lists theirs); the case management system calls with IAM as `system`.
 */
import type { CaseEvent } from '../workflows/events.js';

export const CALLER_ROLES = ['iro', 'admin', 'manager', 'social-worker', 'system'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

export interface Caller {
  /** Staff id (JWT subject) or the IAM principal: for audit, never for email. */
  readonly id: string;
  readonly roles: readonly CallerRole[];
}

const DISPUTE_EVENTS: ReadonlySet<CaseEvent['type']> = new Set([
  'DisputeRaised',
  'DisputeEscalated',
  'DisputeResolved',
]);

/** Only IROs and administrators raise, escalate or resolve disputes; anyone signed in may record the rest. */
export function mayRecord(caller: Caller, event: CaseEvent): boolean {
  if (DISPUTE_EVENTS.has(event.type)) return caller.roles.some((r) => r === 'iro' || r === 'admin');
  return caller.roles.length > 0;
}

/** Only administrators manage staff and allocations. */
export const mayManageStaff = (caller: Caller): boolean => caller.roles.includes('admin');

/** Reading obligations needs any role. */
export const mayRead = (caller: Caller): boolean => caller.roles.length > 0;

/** The caller's roles from a claim value: a list, or a space- or comma-separated string. */
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
    (CALLER_ROLES as readonly string[]).includes(role),
  );
}
