/**
 * Lambda handler the import state machine calls: records one chunk of an SSDA903
 * upload's events through the same path as `POST /events` (validation, the
 * administrator's rights, eventId claims, the contradiction check against each log),
 * so a chunk recorded again stores nothing new; or, at the end, marks the upload done
 * or failed, and tells the service manager once what it brought in already overdue
 * (functions/import/summary.ts). A child the upload kept as rows (their period of care
 * began before the file) is first mapped against the history already in their log. Each chunk's result is written whole, so a retried chunk replaces it.
 *
 * Each child is held (their place in the upload) from before their first event until
 * the result is written, and a child erased since the chunk was stored cannot be held:
 * nothing of theirs is recorded then, even from a chunk read before the erasure, and an
 * erasure waits for no more than the hold. */
import { londonDate } from '../workflows/calendar/index.js';
import { reviewsClock } from '../workflows/clocks.js';
import type { CaseEvent } from '../workflows/events.js';
import { reviewHistory } from '../workflows/plan.js';
import { notificationsDue } from '../workflows/policy.js';
import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import type { ChunkResult } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { importStoreDependencies } from './aws/imports.js';
import { sesImportSummary } from './aws/ses.js';
import { sfnDependencies } from './aws/sfn.js';
import { type ImportSummaryNeeds, sendImportSummary } from './import/summary.js';
import {
  addAccounts,
  type ChildRows,
  mapWithHistory,
  type RowAccount,
} from './import/with-history.js';
import type { Caller } from './shared/access.js';
import { baseDependencies, type Needs, required } from './shared/dependencies.js';
import { plannerEvents, qualifiedId } from './shared/history.js';
import { awsHandler, lambda } from './shared/lambda.js';
import {
  type PendingSignals,
  type RecordNeeds,
  recordEvent,
  signalPending,
} from './shared/record.js';

export type ImportChunkInput =
  | { readonly importId: string; readonly chunk: number }
  | { readonly importId: string; readonly finish: 'done' }
  | { readonly importId: string; readonly finish: 'failed'; readonly error?: string };

export type ImportChunkNeeds = RecordNeeds &
  ImportSummaryNeeds &
  Needs<'imports' | 'settings' | 'notifications' | 'recordingLease'>;

/** Children recorded side by side within a chunk: each child's own events stay in order. */
const CHILDREN_IN_FLIGHT = 8;

/**
 * The bytes of refusal lines a chunk's result keeps word for word: every one of a real
 * chunk's (250 events, a line each at most, about 40 KB), the result staying under
 * DynamoDB's 400 KB item limit even for a chunk far larger. All are counted.
 */
const KEPT_REFUSAL_BYTES = 256 * 1024;

/**
 * Why the rules refused an imported event, in words an administrator reads and the same
 * for every event refused alike, so refusals are counted by it: "dated after today",
 * not the HTTP code; a field's rule without the day or value it met.
 */
export function refusalWords(outcome: {
  readonly status: number;
  readonly problems?: readonly { readonly field?: string; readonly reason: string }[];
}): string {
  if (outcome.status === 409) return 'contradicts the history recorded';
  if (outcome.status === 403) return "the uploader's roles may not record it";
  if (outcome.status !== 400 || !outcome.problems?.length) return 'refused by the service';
  return outcome.problems
    .map((p) =>
      /^must not be after today/.test(p.reason)
        ? 'dated after today'
        : `${p.field ?? 'event'} ${p.reason.replace(/,? ?\d{4}-\d{2}-\d{2}\S*/g, '')}`.trim(),
    )
    .join('; ');
}

const tally = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export async function importChunk(
  input: ImportChunkInput,
  deps: ImportChunkNeeds,
): Promise<{ readonly importId: string; readonly written?: number; readonly status?: string }> {
  const { importId } = input;
  const record = await deps.imports.record(importId);
  if (!record) throw new Error('no import has this id');
  if ('finish' in input) {
    const failure = input.finish === 'failed' ? (input.error ?? 'unknown error') : undefined;
    await deps.imports.finish(importId, input.finish, deps.now(), failure);
    // Once the import has ended: what it brought in already overdue, told once.
    const summary = await sendImportSummary(record, input.finish, deps);
    deps.logger.info('import summary', { importId, summary });
    return { importId, status: input.finish };
  }
  const chunk = await deps.imports.chunk(importId, input.chunk);
  if (!chunk) throw new Error(`the import has no chunk ${input.chunk}`);
  // The administrator who uploaded the return records its events; the request id names the upload.
  const caller: Caller = {
    id: record.importedBy,
    roles: ['admin'],
    requestId: `import/${importId}`,
  };

  const byChild = new Map<string, CaseEvent[]>();
  for (const event of chunk.events) {
    const child = 'childId' in event ? event.childId : '';
    byChild.set(child, [...(byChild.get(child) ?? []), event]);
  }
  const result: {
    written: Record<string, number>;
    repeated: Record<string, number>;
    refused: Record<string, number>;
    problems: string[];
    problemChildren: string[];
    rows?: RowAccount;
    arrivedOverdue?: Record<string, number>;
  } = { written: {}, repeated: {}, refused: {}, problems: [], problemChildren: [] };
  const pending: PendingSignals = new Map();
  const children: (readonly CaseEvent[] | ChildRows)[] = [
    ...byChild.values(),
    ...(chunk.children ?? []),
  ];
  // On the real clock, as the erasure reads it: the local virtual clock would keep a
  // killed step's holds for ever if it stood still, and end live ones if it jumped.
  const { recordingLease } = deps;
  const holdUntil = new Date(
    Date.parse(recordingLease.now()) + recordingLease.seconds * 1000,
  ).toISOString();
  const held: string[] = [];
  /** The children this chunk brought history in for. */
  const broughtIn = new Set<string>();
  let next = 0;
  let events = 0;
  let refusalBytes = 0;
  const recorder = async () => {
    while (next < children.length) {
      const unit = children[next++] ?? [];
      const childId = 'child' in unit ? unit.child : childOf(unit);
      if (childId !== undefined) {
        // Erased from this upload since it was stored: nothing of theirs is recorded.
        if (!(await deps.imports.holdChild(importId, input.chunk, childId, holdUntil))) continue;
        held.push(childId);
      }
      let childEvents: readonly CaseEvent[];
      if ('child' in unit) {
        const mapped = await mappedWithHistory(unit, caller, deps);
        result.rows = result.rows ? addAccounts(result.rows, mapped.account) : mapped.account;
        childEvents = mapped.events;
      } else {
        childEvents = unit;
      }
      events += childEvents.length;
      for (const event of childEvents) {
        const outcome = await recordEvent(event, caller, deps, pending);
        if (outcome.status === 200 || outcome.status === 201) {
          // A copy this upload recorded in an attempt that died before writing its
          // result is this upload's own writing.
          const ours = !outcome.duplicate || outcome.firstRequestId === caller.requestId;
          tally(ours ? result.written : result.repeated, event.type);
          if (ours && childId !== undefined) broughtIn.add(childId);
        } else {
          tally(result.refused, `${event.type}: ${refusalWords(outcome)}`);
          if (refusalBytes < KEPT_REFUSAL_BYTES) {
            const said =
              outcome.status === 400
                ? outcome.problems.map((p) => `${p.field ?? 'event'}: ${p.reason}`).join('; ')
                : 'reason' in outcome
                  ? outcome.reason
                  : '';
            const line = `events: ${event.eventId ?? ''}: ${event.type}: ${said}`;
            refusalBytes += Buffer.byteLength(line, 'utf8');
            result.problems.push(line);
            result.problemChildren.push(childId ?? '');
          }
        }
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CHILDREN_IN_FLIGHT, children.length) }, recorder),
  );
  // Before any workflow plans what it brought: nothing already overdue reminds anyone.
  result.arrivedOverdue = await markArrivedOverdue(broughtIn, deps);
  await signalPending(pending, deps);
  await deps.imports.putResult(importId, input.chunk, result satisfies ChunkResult);
  // Only now: the result names the children whose events were refused.
  await deps.imports.releaseChildren(importId, input.chunk, held);
  const written = Object.values(result.written).reduce((a, b) => a + b, 0);
  deps.logger.info('import chunk recorded', {
    importId,
    chunk: input.chunk,
    events,
    written,
  });
  return { importId, written };
}

/**
 * History brought in never sends reminders for what was already overdue when it
 * arrived (architecture.md, "Who hears what, and when"): every line the policy already
 * calls for on those obligations is marked told (`imported`), so neither a workflow nor
 * the morning list sends it; the board shows them at once. Later lines (an escalation
 * still to come) go as usual. Returns how many arrived overdue, by kind.
 */
async function markArrivedOverdue(
  children: ReadonlySet<string>,
  deps: ImportChunkNeeds,
): Promise<Record<string, number>> {
  const now = deps.now();
  const arrived: Record<string, number> = {};
  for (const childId of children) {
    const history = await deps.events.history(reviewsClock(childId).log);
    const { obligations } = reviewHistory(
      plannerEvents(history),
      londonDate(now),
      deps.settings.rules,
    );
    const overdue = obligations.filter((o) => o.overdue);
    for (const o of overdue) tally(arrived, o.kind);
    for (const { key } of notificationsDue(overdue, now, deps.settings)) {
      await deps.notifications.markSent(key, 'imported', now);
    }
  }
  return arrived;
}

/** The child a unit of events concerns (a chunk holds whole children). */
const childOf = (events: readonly CaseEvent[]): string | undefined => {
  const [first] = events;
  return first !== undefined && 'childId' in first ? first.childId : undefined;
};

/**
 * A child kept as rows: mapped against the events already in their log, as the CLI maps
 * against `--out`. What this upload itself recorded there (a retried chunk) is left out
 * of that history, so it is mapped again and counted as this upload's writing; an event
 * retracted is left out with its retraction.
 */
async function mappedWithHistory(rows: ChildRows, caller: Caller, deps: ImportChunkNeeds) {
  const history = await deps.events.history(reviewsClock(rows.child).log);
  const retracted = new Set(
    history.flatMap((h) => (h.event.type === 'EventRetracted' ? [h.event.eventId] : [])),
  );
  const recorded = history
    .filter(
      (h) =>
        h.event.type !== 'EventRetracted' &&
        !retracted.has(qualifiedId(h.source, h.eventId)) &&
        h.requestId !== caller.requestId,
    )
    .map((h) => h.event);
  return mapWithHistory([rows], recorded, deps.settings.rules);
}

export const importChunkHandler = (deps: ImportChunkNeeds) =>
  lambda(deps, importChunk, { metrics: true });

export const handler = awsHandler(importChunkHandler, () => ({
  ...baseDependencies(),
  // The ports recording needs, as record-event composes them.
  ...dynamoPorts({
    events: dynamoEventStore,
    heads: dynamoClockHeads,
    staff: dynamoStaffDirectory,
    notifications: dynamoNotificationLog,
  }),
  ...importStoreDependencies(),
  ...sfnDependencies(),
  // The import's summary: to the service manager, linking to the unit board.
  ...sesImportSummary(),
  workTrayUrl: required(process.env, 'WORK_TRAY_URL'),
}));
