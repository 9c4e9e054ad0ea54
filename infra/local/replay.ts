/**
 * Replaying an authority's history through the whole local system: each event is
 * recorded through the real handler on the day it happened (09:00 London), the virtual
 * clock moving on to it first so every workflow acts on the way, then settles. Nothing
 * after `until` is recorded: the system is left as it stood on that day.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Allocation } from '../../functions/adapters/ports.js';
import { type Caller, STAFF_ROLES } from '../../functions/shared/access.js';
import { recordEvent } from '../../functions/shared/record.js';
import { londonInstant } from '../../workflows/calendar/index.js';
import type { LocalDate } from '../../workflows/calendar/local-date.js';
import { type CaseEvent, eventDate } from '../../workflows/events.js';
import { ROLES, type Role } from '../../workflows/policy.js';
import { type LocalRuntime, RECORD_EVENT_MEMORY_MB } from './runtime.js';

/** Where a replay stands, for a progress line. */
export interface ReplayProgress {
  readonly recorded: number;
  /** Events to record, up to `until`. */
  readonly total: number;
  /** The virtual day reached. */
  readonly date: LocalDate;
  readonly emailsSent: number;
  /** Real time since the replay began. */
  readonly elapsedMs: number;
}

export interface ReplayOptions {
  readonly until: LocalDate;
  /** Who works in the unit; without it, one member of staff per role ({@link staffEveryone}). */
  readonly staff?: readonly SampleMember[];
  /** Told after each event; the last call has every event recorded. */
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayOutcome {
  readonly recorded: number;
  /** Events the handler refused (with their outcome), which a replay should not have. */
  readonly refused: { type: string; date: LocalDate; status: number }[];
  /** Events dated after `until`, left unrecorded. */
  readonly afterUntil: number;
  /** Every child and carer the history names. */
  readonly subjects: string[];
}

/** Events in the order they arrive: by the day they happen, in the order written for that day. */
export function arrivalsOf(events: readonly CaseEvent[]): { event: CaseEvent; date: LocalDate }[] {
  return events
    .map((event) => ({ event, date: eventDate(event) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The child or carer an event is about (a dispute's event may name only its dispute). */
export const subjectOf = (event: CaseEvent): string | undefined =>
  'childId' in event ? event.childId : 'carerId' in event ? event.carerId : undefined;

/**
 * One member of staff per role, shared by every subject the history names and by the
 * unit, so every reminder has someone to go to.
 */
export async function staffEveryone(runtime: LocalRuntime, subjects: readonly string[]) {
  const { staff } = runtime.deps;
  const held = ROLES.filter((r) => r !== 'stage-manager');
  for (const role of held) {
    await staff.putStaff({
      staffId: role,
      name: `Sample ${role}`,
      email: `${role}@sample.council.example`,
    });
  }
  const everyRole = Object.fromEntries(held.map((r) => [r, r]));
  for (const subjectId of subjects) await staff.allocate({ subjectId, roles: everyRole });
  await staff.allocate({ subjectId: 'unit', roles: everyRole });
}

/** One member of the sample unit, as infra/local/sample/staff.json lists them. */
export interface SampleMember {
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  /** What their sign-in token carries: the API's roles. */
  readonly roles: readonly (typeof STAFF_ROLES)[number][];
  /** The roles they are allocated to, for children and carers or for the unit. */
  readonly posts: readonly Role[];
  readonly team?: string;
}

const sampleStaffFile = z.object({
  staff: z
    .array(
      z.strictObject({
        staffId: z.string().min(1),
        name: z.string().min(1),
        email: z.email(),
        roles: z.array(z.enum(STAFF_ROLES as [string, ...string[]])).min(1),
        posts: z.array(z.enum(ROLES)),
        team: z.string().min(1).optional(),
      }),
    )
    .min(1),
});

export const SAMPLE_STAFF_PATH = new URL('./sample/staff.json', import.meta.url);

/** The sample unit's staff, read from infra/local/sample/staff.json. */
export function sampleStaff(): SampleMember[] {
  return sampleStaffFile.parse(JSON.parse(readFileSync(SAMPLE_STAFF_PATH, 'utf8')))
    .staff as SampleMember[];
}

/**
 * Who holds each role for each subject, spread across the unit so every IRO and social
 * worker has a caseload: the i-th subject (in the order given) goes to IRO i mod n,
 * who also chairs its conferences and reviews its carers, and to social worker
 * floor(i / n) mod m, so pairs vary; the team manager is the social worker's team's.
 * The unit's own allocation holds the roles above a team.
 */
export function sampleAllocations(
  members: readonly SampleMember[],
  subjects: readonly string[],
): Allocation[] {
  const holding = (post: Role) => members.filter((m) => m.posts.includes(post));
  const iros = holding('iro');
  const socialWorkers = holding('social-worker');
  const teamManagers = holding('team-manager');
  const pick = <T>(list: readonly T[], index: number): T | undefined => list[index % list.length];
  const allocations: Allocation[] = subjects.map((subjectId, i) => {
    const iro = pick(iros, i);
    const socialWorker = pick(socialWorkers, Math.floor(i / Math.max(1, iros.length)));
    const teamManager =
      teamManagers.find((m) => m.team !== undefined && m.team === socialWorker?.team) ??
      pick(teamManagers, i);
    const roles: Partial<Record<Role, string>> = {};
    if (iro) {
      roles.iro = iro.staffId;
      if (iro.posts.includes('chair')) roles.chair = iro.staffId;
      if (iro.posts.includes('reviewing-officer')) roles['reviewing-officer'] = iro.staffId;
    }
    if (socialWorker) roles['social-worker'] = socialWorker.staffId;
    if (teamManager) roles['team-manager'] = teamManager.staffId;
    return { subjectId, roles };
  });
  const unitRoles: Partial<Record<Role, string>> = {};
  for (const post of ['service-manager', 'head-of-service', 'director'] as const) {
    const holder = holding(post)[0];
    if (holder) unitRoles[post] = holder.staffId;
  }
  return [...allocations, { subjectId: 'unit', roles: unitRoles }];
}

/** Puts the unit's staff in the directory and allocates every subject among them. */
export async function staffSample(
  runtime: LocalRuntime,
  members: readonly SampleMember[],
  subjects: readonly string[],
): Promise<void> {
  const { staff } = runtime.deps;
  for (const { staffId, name, email } of members) await staff.putStaff({ staffId, name, email });
  for (const allocation of sampleAllocations(members, subjects)) await staff.allocate(allocation);
}

/** Replays `events` up to `until` and leaves the clock at 09:00 on `until`. */
export async function replay(
  runtime: LocalRuntime,
  events: readonly CaseEvent[],
  caller: Caller,
  options: ReplayOptions,
): Promise<ReplayOutcome> {
  const { stepFunctions, usage, deps } = runtime;
  const arrivals = arrivalsOf(events);
  const due = arrivals.filter(({ date }) => date <= options.until);
  const subjects = [
    ...new Set(arrivals.map(({ event }) => subjectOf(event)).filter((s) => s !== undefined)),
  ];
  if (options.staff) await staffSample(runtime, options.staff, subjects);
  else await staffEveryone(runtime, subjects);

  const began = performance.now();
  const refused: ReplayOutcome['refused'] = [];
  let recorded = 0;
  const tell = (date: LocalDate) =>
    options.onProgress?.({
      recorded,
      total: due.length,
      date,
      emailsSent: usage.sesMessages,
      elapsedMs: performance.now() - began,
    });
  for (const { event, date } of due) {
    await stepFunctions.advanceTo(londonInstant(date, '09:00:00'));
    // The HTTP API's request and its record-event function, as AWS would bill them.
    usage.apiRequests++;
    const outcome = await usage.invocation('record-event', RECORD_EVENT_MEMORY_MB, () =>
      recordEvent(event, caller, deps),
    );
    if (outcome.status === 201 || outcome.status === 200) recorded++;
    else refused.push({ type: event.type, date, status: outcome.status });
    await stepFunctions.settled();
    tell(date);
  }
  await stepFunctions.advanceTo(londonInstant(options.until, '09:00:00'));
  tell(options.until);
  return { recorded, refused, afterUntil: arrivals.length - due.length, subjects };
}

/** One line saying how far a replay has got, for a person watching a long one. */
export function progressLine(p: ReplayProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? p.recorded / seconds : 0;
  return `${p.recorded}/${p.total} events recorded, virtual date ${p.date}, ${p.emailsSent} emails sent, ${rate.toFixed(1)} events/s`;
}
