/**
 * The one-off backfill of the figures' read model (issue 22): a store written before
 * summaries were kept has logs without a summary and allocations without a caseload
 * item, so counting the summaries alone would under-count. The backfill keeps every
 * log's summary through {@link keepFigures}, the plan step's own call (guarded by the
 * log's version, so a plan since is never overwritten), and every allocated subject's
 * IRO through the figures store's `fillIro` (never over an allocation made since). It
 * works in slices: the marker keeps how far it came, so a slice cut short by its
 * time resumes where it stopped, and once the marker says complete for this
 * {@link SUMMARY_VERSION} a run reads the marker and nothing else.
 *
 * Then the routine index's (issue 17, fourth round): a board entry written before the
 * index lacks its key, and is rewritten only when its clock is next planned, which for
 * a quiet clock can be months away. {@link backfillRoutineIndex} gives every routine
 * entry the key, kind by kind, with its own marker; the morning list reads the one
 * partition only once that marker says complete.
 */
import { RESERVED_SUBJECT_ID as UNIT } from '../../workflows/events.js';
import { SUMMARY_VERSION } from '../../workflows/figures/summary.js';
import { OBLIGATION_KINDS } from '../../workflows/obligations.js';
import { deliveryOf } from '../../workflows/policy.js';
import {
  isRoutineIndexWhole,
  ROUTINE_INDEX_VERSION,
} from '../adapters/dynamodb/obligation-board.js';
import type { BackfillMark, RoutineIndexMark } from '../adapters/ports.js';
import { keepFigures } from './clock-steps.js';
import type { Needs } from './dependencies.js';

/** What the figures' backfill needs. */
export type FiguresBackfillNeeds = Needs<'events' | 'staff' | 'figures' | 'settings'>;

/** What the backfill Lambda needs: the figures', and the board for the routine index's. */
export type BackfillNeeds = FiguresBackfillNeeds &
  Needs<'board'> & {
    /**
     * How long (ms, by the real clock) the routine index's backfill waits from its first
     * run before it gives entries the key: long enough that no plan step still running
     * the version before (which writes entries without it) is writing after the backfill
     * has passed them. None locally, where no older version runs.
     */
    readonly routineIndexGraceMs?: number;
  };

/** What one slice did. */
export interface BackfillSlice {
  /** The marker says complete for this summary version. */
  readonly complete: boolean;
  /** Logs whose summary this slice kept (or found newer). */
  readonly logs: number;
  /** Subjects whose allocation this slice read for their IRO. */
  readonly subjects: number;
}

/** Logs read and kept at once: enough to hide DynamoDB's latency, few enough not to throttle it. */
const LOGS_AT_ONCE = 16;

/** The figures are whole for this summary version: the reports may count the summaries alone. */
export const isComplete = (mark: BackfillMark | undefined): boolean =>
  mark?.summaryVersion === SUMMARY_VERSION && mark.complete;

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface BackfillOptions {
  /** Whether the slice has time for another batch (checked before each). */
  readonly more?: () => boolean;
  /** Logs kept at once, and after which the marker moves on. */
  readonly logsAtOnce?: number;
}

/**
 * Runs the backfill from where the marker says, while `more()` says there is time, and
 * records how far it came after each batch. Idempotent: every write is guarded, so a
 * batch done twice (a slice that died before its marker) changes nothing.
 */
export async function backfillFigures(
  deps: FiguresBackfillNeeds,
  { more = () => true, logsAtOnce = LOGS_AT_ONCE }: BackfillOptions = {},
): Promise<BackfillSlice> {
  const mark = await deps.figures.backfillMark();
  if (isComplete(mark)) return { complete: true, logs: 0, subjects: 0 };
  // A marker of another summary version starts again from the first log.
  const from =
    mark !== undefined && mark.summaryVersion === SUMMARY_VERSION && !mark.complete
      ? mark
      : undefined;
  let logs = 0;
  let subjects = 0;
  const save = (phase: 'logs' | 'caseloads', after?: string) =>
    deps.figures.markBackfill({
      summaryVersion: SUMMARY_VERSION,
      complete: false,
      phase,
      ...(after === undefined ? {} : { after }),
    });
  const cut = () => ({ complete: false, logs, subjects });

  if (from?.phase !== 'caseloads') {
    const after = from?.after;
    const todo = (await deps.events.logs())
      .sort(byCodeUnit)
      .filter((log) => after === undefined || log > after);
    for (let i = 0; i < todo.length; i += logsAtOnce) {
      if (!more()) return cut();
      const batch = todo.slice(i, i + logsAtOnce);
      await Promise.all(
        batch.map(async (log) => {
          await keepFigures(log, await deps.events.history(log), deps);
          // Where an older version kept it, once the summary is kept where it is read now.
          await deps.figures.forgetOlderShape(log);
        }),
      );
      logs += batch.length;
      await save('logs', batch.at(-1));
    }
    await save('caseloads');
  }

  const after = from?.phase === 'caseloads' ? from.after : undefined;
  const iros = (await deps.staff.holders('iro'))
    .sort(byCodeUnit)
    .filter((iro) => after === undefined || iro > after);
  for (const iro of iros) {
    if (!more()) return cut();
    // The index may lag: each subject's own allocation says who their IRO is now.
    for (const subjectId of await deps.staff.subjectsAllocatedTo(iro, 'iro')) {
      if (subjectId === UNIT) continue;
      const now = (await deps.staff.allocation(subjectId))?.roles.iro;
      if (now !== undefined) await deps.figures.fillIro(subjectId, now);
      subjects++;
    }
    await save('caseloads', iro);
  }
  await deps.figures.markBackfill({ summaryVersion: SUMMARY_VERSION, complete: true });
  return { complete: true, logs, subjects };
}

/** What one slice did for the routine index. */
export interface RoutineIndexSlice {
  /**
   * Nothing left for it to do: the marker says complete, or the table has no routine
   * index (a local store kept from before it, which dynalite cannot add an index to:
   * the morning list keeps reading kind by kind there).
   */
  readonly complete: boolean;
  /** Entries this slice gave the key (those already given it, or gone, not counted). */
  readonly entries: number;
}

/** The kinds whose entries the routine index holds: every kind the morning list carries. */
const ROUTINE_KINDS = OBLIGATION_KINDS.filter((kind) => deliveryOf(kind) === 'morning-list');

export interface RoutineIndexOptions {
  /** Whether the slice has time for another page (checked before each). */
  readonly more?: () => boolean;
  /** The real clock (epoch ms), for the grace. */
  readonly now?: () => number;
}

/**
 * Gives every routine board entry the routine index's key, from where the marker says,
 * while `more()` says there is time: each routine kind's entries in gsi2's order, a page
 * at a time, recording after each page how far it came. Idempotent: every write is
 * guarded, so a page done twice (a slice that died before its marker) changes nothing.
 * Waits {@link BackfillNeeds.routineIndexGraceMs} from its first run before the first
 * page, and marks complete only after the last kind's last page.
 */
export async function backfillRoutineIndex(
  deps: BackfillNeeds,
  { more = () => true, now = Date.now }: RoutineIndexOptions = {},
): Promise<RoutineIndexSlice> {
  const mark = await deps.board.routineIndexMark();
  if (isRoutineIndexWhole(mark)) return { complete: true, entries: 0 };
  if (!(await deps.board.hasRoutineIndex())) return { complete: true, entries: 0 };
  // A marker of another version of the key starts again from the first kind.
  let from: Extract<RoutineIndexMark, { complete: false }> | undefined =
    mark !== undefined && mark.indexVersion === ROUTINE_INDEX_VERSION && !mark.complete
      ? mark
      : undefined;
  if (from === undefined) {
    from = {
      indexVersion: ROUTINE_INDEX_VERSION,
      complete: false,
      since: new Date(now()).toISOString(),
    };
    await deps.board.markRoutineIndex(from);
  }
  if (now() < Date.parse(from.since) + (deps.routineIndexGraceMs ?? 0)) {
    return { complete: false, entries: 0 };
  }
  const { since } = from;
  let entries = 0;
  const first = from.kind === undefined ? 0 : Math.max(0, ROUTINE_KINDS.indexOf(from.kind));
  for (let k = first; k < ROUTINE_KINDS.length; k++) {
    const kind = ROUTINE_KINDS[k] as (typeof ROUTINE_KINDS)[number];
    let after = kind === from.kind ? from.after : undefined;
    do {
      if (!more()) return { complete: false, entries };
      const page = await deps.board.indexRoutineEntries(kind, after);
      entries += page.indexed;
      after = page.next;
      const next = after === undefined ? ROUTINE_KINDS[k + 1] : kind;
      if (next !== undefined) {
        await deps.board.markRoutineIndex({
          indexVersion: ROUTINE_INDEX_VERSION,
          complete: false,
          since,
          kind: next,
          ...(after === undefined ? {} : { after }),
        });
      }
    } while (after !== undefined);
  }
  await deps.board.markRoutineIndex({ indexVersion: ROUTINE_INDEX_VERSION, complete: true });
  return { complete: true, entries };
}
