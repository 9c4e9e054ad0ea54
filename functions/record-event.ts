/**
 * Lambda handler for `POST /events` (staff) and `POST /system/events` (the case
 * management system): one event, or a batch as a JSON array. Each event of a batch is
 * answered on its own; a batch's answer is 207 when they differ.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { dynamoDependencies } from './aws/dynamodb.js';
import { sfnDependencies } from './aws/sfn.js';
import { baseDependencies } from './dependencies.js';
import { bodyOf, callerOf, json, unauthenticated } from './http.js';
import { awsHandler, lambda } from './lambda.js';
import { type RecordNeeds, type RecordOutcome, recordEvent } from './record.js';

/** A batch larger than this is refused whole: split it (the API's 30-second limit). */
export const MAX_BATCH = 100;

const answer = (outcome: RecordOutcome) => {
  const { status, ...body } = outcome;
  return { status, body };
};

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
    return json(400, { message: `a batch holds 1 to ${MAX_BATCH} events` });
  }
  // In order: a later event of the batch may depend on an earlier one. Each must carry
  // its eventId, so a batch sent again after a time-out stores nothing twice.
  const results = [];
  for (const item of body.value) {
    results.push(
      hasEventId(item)
        ? answer(await recordEvent(item, caller, deps))
        : {
            status: 400,
            body: { problems: [{ field: 'eventId', reason: 'is required in a batch' }] },
          },
    );
  }
  const statuses = new Set(results.map((r) => r.status));
  const [only] = statuses;
  return json(statuses.size === 1 && only !== undefined ? only : 207, { results });
}

export const recordEventHandler = (deps: RecordNeeds) =>
  lambda(deps, recordEvents, { metrics: true });

export const handler = awsHandler(recordEventHandler, () => ({
  ...baseDependencies(),
  ...dynamoDependencies(),
  ...sfnDependencies(),
}));
