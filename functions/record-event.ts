/**
 * Lambda handler for `POST /events` (staff) and `POST /system/events` (the case
 * management system): one event, or a batch as a JSON array. A batch is checked whole
 * first (fields, eventIds, the right to record each): any refusal there stores none of
 * it. Then each event is answered on its own against the history; a batch's answer is
 * 207 when they differ, and sent again it stores the rest (repeats answer 200).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sfnDependencies } from './aws/sfn.js';
import { baseDependencies } from './shared/dependencies.js';
import { bodyOf, callerOf, json, problems, refused, unauthenticated } from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { admissible, type RecordNeeds, type RecordOutcome, recordEvent } from './shared/record.js';

/** A batch larger than this is refused whole: split it (the API's 30-second limit). */
export const MAX_BATCH = 100;

/**
 * The outcome as the API answers it, in the API's two refusal shapes: the fields at
 * fault as `problems`, or a `reason` when no field is.
 */
export function answer(outcome: RecordOutcome): { status: number; body: object } {
  switch (outcome.status) {
    case 200:
    case 201: {
      // Who recorded a repeat's first copy is for the audit trail, not for the caller.
      const { status, firstRequestId: _firstRequestId, ...body } = outcome;
      return { status, body };
    }
    case 400: {
      const named = outcome.problems.filter((p) => p.field !== undefined);
      if (named.length > 0) return { status: 400, body: { problems: outcome.problems } };
      return { status: 400, body: { reason: outcome.problems.map((p) => p.reason).join('; ') } };
    }
    case 409:
      return outcome.field === undefined
        ? { status: 409, body: { reason: outcome.reason } }
        : { status: 409, body: { problems: [{ field: outcome.field, reason: outcome.reason }] } };
    default:
      return { status: outcome.status, body: { reason: outcome.reason } };
  }
}

/** A refusal of the batch's event at `index`, each field named by its place (`[2].childId`). */
function batchProblems(
  index: number,
  refusal: RecordOutcome,
): { status: number; field: string; reason: string }[] {
  if (refusal.status === 400) {
    return refusal.problems.map((p) => ({
      status: 400,
      field: `[${index}]${p.field === undefined ? '' : `.${p.field}`}`,
      reason: p.reason,
    }));
  }
  if ('reason' in refusal) {
    return [{ status: refusal.status, field: `[${index}]`, reason: refusal.reason }];
  }
  return [];
}

const hasEventId = (item: unknown): boolean =>
  typeof item === 'object' && item !== null && 'eventId' in item;

export async function recordEvents(
  event: APIGatewayProxyEventV2,
  deps: RecordNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  const body = bodyOf(event);
  if (!body.ok) return body.response;
  if (!Array.isArray(body.value)) {
    const { status, body: result } = answer(await recordEvent(body.value, caller, deps));
    return json(status, result);
  }
  if (body.value.length === 0 || body.value.length > MAX_BATCH) {
    return refused(400, `a batch holds 1 to ${MAX_BATCH} events`);
  }
  // The batch is checked whole first (each event's fields, its eventId, the caller's
  // right to record it), so a refusal of one stores none of it.
  const refusals = [];
  for (const [index, item] of body.value.entries()) {
    const checked = hasEventId(item)
      ? await admissible(item, caller, deps)
      : {
          ok: false as const,
          refusal: {
            status: 400 as const,
            problems: [{ field: 'eventId', reason: 'is required in a batch' }],
          },
        };
    if (!checked.ok) refusals.push(...batchProblems(index, checked.refusal));
  }
  if (refusals.length > 0) {
    const status = refusals.every((r) => r.status === 403) ? 403 : 400;
    return problems(
      status,
      refusals.map(({ status: _status, ...problem }) => problem),
    );
  }
  // In order: a later event of the batch may depend on an earlier one. Each carries its
  // eventId, so a batch sent again (after a time-out, or a 207) stores nothing twice and
  // stores the rest.
  const results = [];
  for (const item of body.value) results.push(answer(await recordEvent(item, caller, deps)));
  const statuses = new Set(results.map((r) => r.status));
  const [only] = statuses;
  return json(statuses.size === 1 && only !== undefined ? only : 207, { results });
}

export const recordEventHandler = (deps: RecordNeeds) =>
  lambda(deps, recordEvents, { metrics: true });

export const handler = awsHandler(recordEventHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    events: dynamoEventStore,
    heads: dynamoClockHeads,
    staff: dynamoStaffDirectory,
  }),
  ...sfnDependencies(),
}));
