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
 */
import { RESERVED_SUBJECT_ID as UNIT } from '../../workflows/events.js';
import { SUMMARY_VERSION } from '../../workflows/figures/summary.js';
import type { BackfillMark } from '../adapters/ports.js';
import { keepFigures } from './clock-steps.js';
import type { Needs } from './dependencies.js';

export type BackfillNeeds = Needs<'events' | 'staff' | 'figures' | 'settings'>;

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
  deps: BackfillNeeds,
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
