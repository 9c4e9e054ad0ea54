/**
 * Replaying an authority's history through the whole local system: each event is
 * recorded through the real handler on the day it happened (09:00 London), the virtual
 * clock moving on to it first so every workflow acts on the way, then settles. Nothing
 * after `until` is recorded: the system is left as it stood on that day.
 */
import type { Caller } from '../../functions/access.js';
import { recordEvent } from '../../functions/record.js';
import { londonInstant } from '../../workflows/calendar/index.js';
import type { LocalDate } from '../../workflows/calendar/local-date.js';
import { type CaseEvent, eventDate } from '../../workflows/events.js';
import { ROLES } from '../../workflows/policy.js';
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
  await staffEveryone(runtime, subjects);

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
