/**
 * The deployed system on local engines, for the end-to-end tests: the synthesized state
 * machines on the local runner, handlers and adapters as in AWS, dynalite, and
 * aws-ses-v2-local. Helpers to staff a unit, record events and read the mail.
 */
import type { Caller } from '../../../functions/shared/access.js';
import { recordEvent } from '../../../functions/shared/record.js';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  startLocalRuntime,
} from '../../../infra/local/runtime.js';
import type { CaseEvent } from '../../../workflows/events.js';

export const ADMIN: Caller = { id: 'test-admin', roles: ['admin'] };

/** A unit's staff: one person per role, email `<role>@council.example`. */
export const STAFF = {
  iro: 'iro',
  'social-worker': 'social-worker',
  'team-manager': 'team-manager',
  'service-manager': 'service-manager',
  'head-of-service': 'head-of-service',
  director: 'director',
  chair: 'chair',
  'reviewing-officer': 'reviewing-officer',
} as const;
export const emailOf = (role: keyof typeof STAFF) => `${role}@council.example`;

export interface Unit {
  readonly runtime: LocalRuntime;
  /** Records an event as an administrator and lets the workflows settle. */
  record(event: CaseEvent): Promise<Awaited<ReturnType<typeof recordEvent>>>;
  /** Moves virtual time on, letting every workflow act on the way. */
  advanceTo(instant: string): Promise<void>;
  /** Mail sent so far: who got what, oldest first. */
  mail(): Promise<{ to: string; subject: string; text: string }[]>;
  stop(): Promise<void>;
}

/** Starts the system and staffs it: the subjects get the child-level roles, the unit the rest. */
export async function startUnit(
  options: LocalRuntimeOptions & { subjects: readonly string[] },
): Promise<Unit> {
  const runtime = await startLocalRuntime(options);
  const { staff } = runtime.deps;
  for (const [role, staffId] of Object.entries(STAFF)) {
    await staff.putStaff({
      staffId,
      name: `The ${role}`,
      email: emailOf(role as keyof typeof STAFF),
    });
  }
  const childRoles = {
    iro: STAFF.iro,
    'social-worker': STAFF['social-worker'],
    'team-manager': STAFF['team-manager'],
    chair: STAFF.chair,
    'reviewing-officer': STAFF['reviewing-officer'],
  };
  for (const subjectId of options.subjects) await staff.allocate({ subjectId, roles: childRoles });
  await staff.allocate({
    subjectId: 'unit',
    roles: {
      'service-manager': STAFF['service-manager'],
      'head-of-service': STAFF['head-of-service'],
      director: STAFF.director,
    },
  });
  return {
    runtime,
    async record(event) {
      const outcome = await recordEvent(event, ADMIN, runtime.deps);
      await runtime.stepFunctions.settled();
      return outcome;
    },
    advanceTo: (instant) => runtime.stepFunctions.advanceTo(instant),
    async mail() {
      return (await runtime.ses.sent()).map((m) => ({
        to: m.to.join(','),
        subject: m.subject,
        text: m.text ?? '',
      }));
    },
    stop: () => runtime.stop(),
  };
}

/** `role: subject` lines for the mail, to compare with what the policy says. */
export const recipients = (mail: { to: string }[]) =>
  mail.map((m) => m.to.replace('@council.example', ''));
