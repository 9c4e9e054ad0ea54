/**
 * Recording a case event: validate, check it against the history, append, then wake
 * (or start) each workflow whose clock it moves. Nothing is stored for a bad or
 * forbidden event; a repeat is harmless; a crash part-way heals on the retry.
 */
import { createHash, randomUUID } from 'node:crypto';
import { londonDate } from '../../workflows/calendar/index.js';
import { type Clock, clocksOf, executionName } from '../../workflows/clocks.js';
import {
  type CaseEvent,
  type CaseEventOf,
  eventDate,
  type InputProblem,
  parseEvent,
} from '../../workflows/events.js';
import { reviewHistory } from '../../workflows/plan.js';
import { canonicalJson } from '../adapters/dynamodb/support.js';
import {
  EVENT_SOURCES,
  EventIdConflict,
  type EventSource,
  type StoredEvent,
} from '../adapters/ports.js';
import {
  type Caller,
  mayRecord,
  mayRetractEvent,
  scopedToAllocations,
  sourceOf,
} from './access.js';
import { workflowInput } from './clock-steps.js';
import type { Dependencies, Needs } from './dependencies.js';
import { plannerEvents, qualifiedId } from './history.js';

/** The ports recording uses. */
export type RecordNeeds = Needs<'events' | 'heads' | 'signals' | 'staff' | 'now'> &
  /** The council's rules, for the stage a dispute stands at when a manager answers it (access.ts). */
  Partial<Pick<Dependencies, 'settings'>>;

export type RecordOutcome =
  | {
      readonly status: 201 | 200;
      readonly eventId: string;
      readonly duplicate: boolean;
      /** For a repeat: the request that recorded the copy in the log, if it had an id (an upload knows its retried chunks by it). */
      readonly firstRequestId?: string;
    }
  | { readonly status: 400; readonly problems: readonly InputProblem[] }
  | { readonly status: 403; readonly reason: string }
  | { readonly status: 409; readonly field?: string; readonly reason: string }
  | { readonly status: 503; readonly reason: string };

/**
 * The clocks an import's chunk moved, each to be signalled once when the chunk is in
 * (keyed by clock id), rather than once per event: a child's whole history would
 * otherwise wake their workflow to plan again after every event of it.
 */
export type PendingSignals = Map<string, { readonly clock: Clock; readonly eventId: string }>;

/**
 * Records one event (already JSON-parsed) for the caller. Given `pending`, the clocks it
 * moves are added there for {@link signalPending} instead of signalled at once; a repeat
 * adds them too, so a chunk recorded again after a crash still signals them.
 */
export async function recordEvent(
  input: unknown,
  caller: Caller,
  deps: RecordNeeds,
  pending?: PendingSignals,
): Promise<RecordOutcome> {
  const outcome = await record(input, caller, deps, pending);
  deps.metrics.addMetric(
    outcome.status === 201
      ? 'EventsRecorded'
      : outcome.status === 200
        ? 'EventsRepeated'
        : 'EventsRejected',
    'Count',
    1,
  );
  return outcome;
}

/** Appends that lost the race for a position are retried this often before the caller is told to try again. */
const MAX_APPEND_ATTEMPTS = 30;

/** Full jitter: racing recorders spread out instead of colliding again in step. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 4 * 2 ** attempt)));

/**
 * The refusal of an event before anything is read from its history or stored: its
 * fields (400), and whether the caller may record it (403); for a retraction, whether
 * they could have recorded the event it takes back. The event when none applies. A
 * batch is checked whole with this before any of it is stored.
 */
export async function admissible(
  input: unknown,
  caller: Caller,
  deps: RecordNeeds,
): Promise<
  | { readonly ok: true; readonly event: CaseEvent }
  | { readonly ok: false; readonly refusal: RecordOutcome }
> {
  const parsed = parseEvent(input);
  if (!parsed.ok) return { ok: false, refusal: { status: 400, problems: parsed.problems } };
  const event = parsed.event;
  // An event is recorded once it has happened: a date after today is a mistake in it.
  const today = londonDate(deps.now());
  if (eventDate(event) > today) {
    const field = event.type === 'ReportShared' ? 'at' : 'date';
    return {
      ok: false,
      refusal: { status: 400, problems: [{ field, reason: `must not be after today, ${today}` }] },
    };
  }
  if (!(await mayRecord(caller, event, deps))) {
    return {
      ok: false,
      refusal: {
        status: 403,
        reason: scopedToAllocations(caller, event)
          ? 'you may record only for the children and carers allocated to you'
          : event.type === 'DisputeAnswered' && caller.roles.includes('manager')
            ? 'only the manager the dispute stands with on that date, or an administrator, may answer it'
            : `your roles may not record ${event.type}`,
      },
    };
  }
  if (event.type === 'EventRetracted') {
    const refusal = await retractionRefused(event, caller, deps);
    if (refusal) return { ok: false, refusal };
  }
  if (
    sourceOf(caller) === 'system' &&
    event.type !== 'EventRetracted' &&
    event.eventId === undefined
  ) {
    return {
      ok: false,
      refusal: {
        status: 400,
        problems: [{ field: 'eventId', reason: 'is required from the case management system' }],
      },
    };
  }
  return { ok: true, event };
}

/**
 * Only someone who could have recorded an event may take it back, asked before any
 * check against the history, so a refusal tells them nothing of it.
 */
async function retractionRefused(
  retraction: CaseEventOf<'EventRetracted'>,
  caller: Caller,
  deps: RecordNeeds,
): Promise<RecordOutcome | undefined> {
  for (const source of EVENT_SOURCES) {
    const log = await deps.events.locate(source, retraction.eventId);
    if (log === undefined) continue;
    const taken = (await deps.events.history(log)).find(
      (h) => h.source === source && h.eventId === retraction.eventId,
    );
    if (taken && !(await mayRetractEvent(caller, taken.event, deps))) {
      return { status: 403, reason: `your roles may not take back ${taken.event.type}` };
    }
  }
  return undefined;
}

async function record(
  input: unknown,
  caller: Caller,
  deps: RecordNeeds,
  pending?: PendingSignals,
): Promise<RecordOutcome> {
  const checked = await admissible(input, caller, deps);
  if (!checked.ok) return checked.refusal;
  const event = checked.event;
  const source = sourceOf(caller);
  if (event.type === 'EventRetracted') return retract(event, caller, deps);
  const eventId = event.eventId ?? randomUUID();
  const clocks = clocksOf(event);
  const log = clocks[0].log;
  // Every event's id is claimed, the caller's or one assigned here: a repeat of a given
  // id is harmless wherever it is sent, and a retraction finds any event by its id.
  const stored = { ...event, eventId } as CaseEvent;
  const body = canonicalJson(stored);
  try {
    await deps.events.claim(source, eventId, log, body);
  } catch (error) {
    if (error instanceof EventIdConflict) {
      return { status: 409, field: 'eventId', reason: error.message };
    }
    throw error;
  }
  const outcome = await appendChecked(log, source, eventId, body, caller, deps, (history) =>
    newContradiction(history, { ...stored, eventId: qualifiedId(source, eventId) }),
  );
  if ('answer' in outcome && outcome.status === 409 && !outcome.duplicateBody) {
    // Refused: the id stays free for the event the caller meant.
    await deps.events.unclaim(source, eventId, body);
  }
  if ('answer' in outcome) return outcome.answer;
  for (const clock of clocks) {
    if (pending) pending.set(clock.id, { clock, eventId });
    else await signal(clock, eventId, deps);
  }
  return {
    status: outcome.status,
    eventId,
    duplicate: outcome.status === 200,
    ...(outcome.status === 200 && outcome.firstRequestId !== undefined
      ? { firstRequestId: outcome.firstRequestId }
      : {}),
  };
}

type Appended =
  | { readonly status: 201 }
  | { readonly status: 200; readonly firstRequestId?: string }
  | {
      readonly status: 409 | 503;
      readonly answer: RecordOutcome;
      readonly duplicateBody?: boolean;
    };

/**
 * Optimistic concurrency on the log: read it, check the event against exactly that
 * history, and append at the next position on condition it is free. A racing append
 * that got there first makes this one read, check and try again, so no event is ever
 * admitted against a history it was not checked with, and no answer is taken back.
 */
async function appendChecked(
  log: string,
  source: EventSource,
  eventId: string,
  body: string,
  caller: Caller,
  deps: RecordNeeds,
  check: (history: readonly StoredEvent[]) => { field?: string; reason: string } | undefined,
): Promise<Appended> {
  let history: StoredEvent[] = [];
  for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    // After a lost race, read only what was appended since.
    history = [...history, ...(await deps.events.history(log, history.at(-1)?.position))];
    const same = history.find((h) => h.source === source && h.eventId === eventId);
    if (same) {
      if (canonicalJson(same.event) === body) {
        return {
          status: 200,
          ...(same.requestId === undefined ? {} : { firstRequestId: same.requestId }),
        };
      }
      return {
        status: 409,
        duplicateBody: true,
        answer: {
          status: 409,
          field: 'eventId',
          reason: 'the eventId is already used for a different event',
        },
      };
    }
    const conflict = check(history);
    if (conflict) return { status: 409, answer: { status: 409, ...conflict } };
    const appended = await deps.events.appendAt(log, {
      eventId,
      position: (history.at(-1)?.position ?? 0) + 1,
      recordedAt: deps.now(),
      recordedBy: caller.id,
      source,
      ...(caller.requestId === undefined ? {} : { requestId: caller.requestId }),
      event: JSON.parse(body) as CaseEvent,
    });
    if (appended === 'appended') return { status: 201 };
  }
  return {
    status: 503,
    answer: {
      status: 503,
      reason: 'the case is being updated by others at this moment: try again',
    },
  };
}

/**
 * Takes back an event recorded in error: the retraction goes into the same log, the
 * event stays there but no longer counts, and the clocks it moved plan again. Refused
 * when the history without the event would be contradictory.
 */
async function retract(
  retraction: CaseEventOf<'EventRetracted'>,
  caller: Caller,
  deps: RecordNeeds,
): Promise<RecordOutcome> {
  const located = (
    await Promise.all(
      EVENT_SOURCES.map(async (source) => ({
        source,
        log: await deps.events.locate(source, retraction.eventId),
      })),
    )
  ).filter((l): l is { source: EventSource; log: string } => l.log !== undefined);
  const [target, ...others] = located;
  if (!target)
    return { status: 409, field: 'eventId', reason: 'no recorded event has this eventId' };
  if (others.length > 0) {
    return {
      status: 409,
      field: 'eventId',
      reason: 'this eventId names events from both staff and the case management system',
    };
  }
  const qualified = qualifiedId(target.source, retraction.eventId);
  const stored = { ...retraction, eventId: qualified } as CaseEvent;
  const body = canonicalJson(stored);
  let targetEvent: CaseEvent | undefined;
  const outcome = await appendChecked(
    target.log,
    sourceOf(caller),
    randomUUID(),
    body,
    caller,
    deps,
    (history) => {
      const found = history.find(
        (h) => h.source === target.source && h.eventId === retraction.eventId,
      );
      if (!found) return { field: 'eventId', reason: 'no recorded event has this eventId' };
      targetEvent = found.event;
      const earlier = history.find(
        (h) => h.event.type === 'EventRetracted' && h.event.eventId === qualified,
      );
      if (earlier) return { field: 'eventId', reason: 'the event has already been retracted' };
      return newContradiction(history, stored);
    },
  );
  if ('answer' in outcome) return outcome.answer;
  if (targetEvent) for (const clock of clocksOf(targetEvent)) await signal(clock, qualified, deps);
  return { status: 201, eventId: retraction.eventId, duplicate: false };
}

/** A problem the event brings into the history that was not there before it (it, or an event it contradicts). */
function newContradiction(
  history: readonly StoredEvent[],
  event: CaseEvent,
): { field?: string; reason: string } | undefined {
  const earlier = plannerEvents(history);
  const key = (p: { index: number; reason: string }) => `${p.index}\u0000${p.reason}`;
  const before = new Set(reviewHistory(earlier).problems.map(key));
  const after = reviewHistory([...earlier, event]).problems.filter((p) => !before.has(key(p)));
  const [first] = after;
  if (!first) return undefined;
  if (first.index === earlier.length) return { field: first.field, reason: first.reason };
  const named = history[first.index];
  return {
    reason: `it contradicts an event already recorded (${first.type}${named ? ` ${named.eventId}` : ''}): ${first.reason}`,
  };
}

/** Signals each clock {@link recordEvent} left pending, once, as recording one event would have. */
export async function signalPending(pending: PendingSignals, deps: RecordNeeds): Promise<void> {
  for (const { clock, eventId } of pending.values()) await signal(clock, eventId, deps);
}

/**
 * Moves the clock on: a waiting execution is woken; otherwise the clock's execution is
 * started under its deterministic name (harmless if it runs already). An execution
 * that ended without releasing the clock (it failed) is replaced.
 */
async function signal(clock: Clock, eventId: string, deps: RecordNeeds) {
  const cause = createHash('sha256').update(eventId).digest('hex').slice(0, 16);
  // A repeat bumps too: if the first attempt died before its bump, this one heals it;
  // if not, the workflow merely plans once more.
  const head = await deps.heads.bump(clock.id, executionName(clock, cause));
  if (head.token && (head.tokenVersion ?? -1) < head.version) {
    if ((await deps.signals.wake(head.token)) === 'woken') return;
  }
  const execution = head.execution ?? executionName(clock, cause);
  const started = await deps.signals.start(clock.workflow, execution, workflowInput(clock));
  if (started !== 'ended') return;
  const successor = executionName(clock, `after:${execution}`);
  if (await deps.heads.handOver(clock.id, execution, successor)) {
    await deps.signals.start(clock.workflow, successor, workflowInput(clock));
  }
}
