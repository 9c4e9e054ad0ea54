/**
 * Lambda handler: one slice of the figures' backfill (functions/shared/backfill.ts),
 * run every five minutes by a schedule. While the backfill is incomplete a slice works
 * for {@link SLICE_MS} and leaves the rest to the next; once complete, each run reads
 * the marker and stops, and a run after an update that changes the summaries' shape
 * starts the backfill again. Logs counts only: no log name, no child.
 */
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoFiguresStore } from './adapters/dynamodb/figures-store.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { type BackfillNeeds, type BackfillSlice, backfillFigures } from './shared/backfill.js';
import { baseDependencies } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

/** A slice's working time: a minute short of the function's five-minute timeout (infra). */
export const SLICE_MS = 4 * 60 * 1000;

export async function backfillSlice(deps: BackfillNeeds, now = Date.now): Promise<BackfillSlice> {
  const until = now() + SLICE_MS;
  const slice = await backfillFigures(deps, { more: () => now() < until });
  if (slice.logs > 0 || slice.subjects > 0 || !slice.complete) {
    deps.logger.info('figures backfilled', { ...slice });
  }
  return slice;
}

export const backfillHandler = (deps: BackfillNeeds) =>
  lambda(deps, (_event: unknown, d) => backfillSlice(d));

export const handler = awsHandler(backfillHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    events: dynamoEventStore,
    staff: dynamoStaffDirectory,
    figures: dynamoFiguresStore,
  }),
}));
