/**
 * Lambda handler: one slice of the backfills (functions/shared/backfill.ts): the
 * figures', then the routine index's, run every five minutes by a schedule. While either
 * is incomplete a slice works for {@link SLICE_MS} and leaves the rest to the next; once
 * both are complete, each run reads the two markers and stops, and a run after an update
 * that changes the summaries' shape (or the routine index's key) starts that backfill
 * again. Logs counts only: no log name, no child.
 */
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoFiguresStore } from './adapters/dynamodb/figures-store.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import {
  type BackfillNeeds,
  type BackfillSlice,
  backfillFigures,
  backfillRoutineIndex,
} from './shared/backfill.js';
import { baseDependencies } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

/** A slice's working time: a minute short of the function's five-minute timeout (infra). */
export const SLICE_MS = 4 * 60 * 1000;

/**
 * How long the routine index's backfill waits after its first run in AWS: a deploy
 * updates the functions one by one, and a plan step started on the version before may
 * run its 15 minutes (Lambda's longest) after that; an entry it writes lacks the key.
 * An hour covers both.
 */
export const ROUTINE_INDEX_GRACE_MS = 60 * 60 * 1000;

export async function backfillSlice(
  deps: BackfillNeeds,
  now = Date.now,
): Promise<BackfillSlice & { readonly entries: number }> {
  const until = now() + SLICE_MS;
  const more = () => now() < until;
  const figures = await backfillFigures(deps, { more });
  if (figures.logs > 0 || figures.subjects > 0 || !figures.complete) {
    deps.logger.info('figures backfilled', { ...figures });
  }
  if (!figures.complete) return { ...figures, entries: 0 };
  const routine = await backfillRoutineIndex(deps, { more, now });
  if (routine.entries > 0 || !routine.complete) {
    deps.logger.info('routine index backfilled', { ...routine });
  }
  return { ...figures, complete: routine.complete, entries: routine.entries };
}

export const backfillHandler = (deps: BackfillNeeds) =>
  lambda(deps, (_event: unknown, d) => backfillSlice(d));

export const handler = awsHandler(backfillHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    events: dynamoEventStore,
    staff: dynamoStaffDirectory,
    figures: dynamoFiguresStore,
    board: dynamoObligationBoard,
  }),
  routineIndexGraceMs: ROUTINE_INDEX_GRACE_MS,
}));
