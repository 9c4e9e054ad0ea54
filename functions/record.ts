/**
 * Recording a case event: validate, check it against the history, append, then wake
 * (or start) each workflow whose clock it moves. Nothing is stored for a bad or
 * forbidden event; a repeat is harmless; a crash part-way heals on the retry.
 */
import { createHash, randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Clock, clocksOf, executionName } from '../workflows/clocks.js';
import { type CaseEvent, type InputProblem, parseEvent } from '../workflows/events.js';
import { reviewHistory } from '../workflows/plan.js';
import type { Caller } from './access.js';
import { mayRecord } from './access.js';
import { EventIdConflict } from './adapters/ports.js';
import { workflowInput } from './clock-steps.js';
import type { Needs } from './dependencies.js';

/** The ports recording uses. */
export type RecordNeeds = Needs<'events' | 'heads' | 'signals' | 'now'>;

export type RecordOutcome =
  | { readonly status: 201 | 200; readonly eventId: string; readonly duplicate: boolean }
  | { readonly status: 400; readonly problems: readonly InputProblem[] }
  | { readonly status: 403; readonly reason: string }
  | { readonly status: 409; readonly field?: string; readonly reason: string };

/** Records one event (already JSON-parsed) for the caller. */
export async function recordEvent(
  input: unknown,
  caller: Caller,
  deps: RecordNeeds,
): Promise<RecordOutcome> {
  const outcome = await record(input, caller, deps);
  deps.metrics.addMetric(
    outcome.status === 201
      ? 'EventsRecorded'
      : outcome.status === 200
        ? 'EventsRepeated'
        : 'EventsRejected',
    MetricUnit.Count,
    1,
  );
  return outcome;
}

async function record(input: unknown, caller: Caller, deps: RecordNeeds): Promise<RecordOutcome> {
  const parsed = parseEvent(input);
  if (!parsed.ok) return { status: 400, problems: parsed.problems };
  const event = parsed.event;
  if (!mayRecord(caller, event)) {
    return { status: 403, reason: `your roles may not record ${event.type}` };
  }
  const eventId = event.eventId ?? randomUUID();
  const stored = { ...event, eventId } as CaseEvent;
  const clocks = clocksOf(stored);
  const log = clocks[0].log;

  const history = await deps.events.history(log);
  const earlier = history.filter((h) => h.eventId !== eventId).map((h) => h.event);
  const isRepeat = history.some((h) => h.eventId === eventId);
  if (!isRepeat) {
    const conflict = newContradiction(earlier, stored);
    if (conflict) return { status: 409, ...conflict };
  }
  let outcome: 'appended' | 'duplicate';
  try {
    outcome = await deps.events.append(log, { eventId, recordedAt: deps.now(), event: stored });
  } catch (error) {
    if (error instanceof EventIdConflict) {
      return {
        status: 409,
        field: 'eventId',
        reason: `eventId ${eventId} was already used for a different event`,
      };
    }
    throw error;
  }
  if (outcome === 'appended') {
    // Another event may have been appended since we read the history (no transactions
    // here). Read again: if ours is now the latest and brings a contradiction the history
    // did not have without it, the later arrival yields, so take it back. An earlier one
    // that arrived meanwhile leaves this check to whoever came last. No workflow has
    // seen our event yet.
    const again = (await deps.events.history(log)).map((h) => h.event);
    if (again.at(-1)?.eventId === eventId) {
      const conflict = newContradiction(again.slice(0, -1), stored);
      if (conflict) {
        await deps.events.remove(log, eventId);
        return { status: 409, ...conflict };
      }
    }
  }
  for (const clock of clocks) await signal(clock, eventId, deps);
  return {
    status: outcome === 'appended' ? 201 : 200,
    eventId,
    duplicate: outcome === 'duplicate',
  };
}

/** A problem the event brings into the history that was not there before it (it, or an event it contradicts). */
function newContradiction(
  earlier: readonly CaseEvent[],
  event: CaseEvent,
): { field?: string; reason: string } | undefined {
  const key = (p: { index: number; reason: string }) => `${p.index}\u0000${p.reason}`;
  const before = new Set(reviewHistory(earlier).problems.map(key));
  const after = reviewHistory([...earlier, event]).problems.filter((p) => !before.has(key(p)));
  const [first] = after;
  if (!first) return undefined;
  if (first.index === earlier.length) return { field: first.field, reason: first.reason };
  return {
    reason: `it contradicts an event already recorded (${first.type}${first.eventId ? ` ${first.eventId}` : ''}): ${first.reason}`,
  };
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
