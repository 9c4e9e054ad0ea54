/**
 * Lambda handler for the API's reads: `GET /children/{childId}/obligations`,
 * `GET /obligations?dueBefore=&kind=&iro=` and `GET /disputes?stage=`. Each is a Query
 * on the board the workflows keep, never a Scan.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { addDays, isLocalDate, londonDate } from '../workflows/calendar/index.js';
import { DISPUTE_STAGES, type DisputeStage } from '../workflows/events.js';
import { OBLIGATION_KINDS } from '../workflows/obligations.js';
import * as z from '../workflows/zod.js';
import { mayRead } from './access.js';
import type { BoardEntry } from './adapters/ports.js';
import type { Needs } from './dependencies.js';

type QueryNeeds = Needs<'board' | 'staff' | 'now'>;

import { dynamoDependencies } from './aws/dynamodb.js';
import { baseDependencies } from './dependencies.js';
import { callerOf, forbidden, json, unauthenticated } from './http.js';
import { awsHandler, lambda } from './lambda.js';

const ObligationsQuery = z.strictObject({
  dueBefore: z.optional(
    z.string().check(z.refine(isLocalDate, { error: 'must be a date written YYYY-MM-DD' })),
  ),
  kind: z.optional(
    z.enum(OBLIGATION_KINDS, { error: `must be one of ${OBLIGATION_KINDS.join(', ')}` }),
  ),
  iro: z.optional(z.string().check(z.minLength(1))),
});
const DisputesQuery = z.strictObject({
  stage: z.optional(
    z.coerce
      .number()
      .check(z.int(), z.minimum(1), z.maximum(5, { error: 'must be a stage from 1 to 5' })),
  ),
});

const badQuery = (error: z.core.$ZodError) =>
  json(400, {
    problems: error.issues.map((i) => ({ field: i.path.join('.') || 'query', reason: i.message })),
  });

/** As stored, with `overdue` as of today (the board may have been planned days ago). */
function shown(entries: BoardEntry[], deps: QueryNeeds) {
  const today = londonDate(deps.now());
  return entries
    .map(({ clockId: _clock, startedOn: _started, bookedOn: _booked, ...entry }) => ({
      ...entry,
      overdue: today > entry.due.slice(0, 10),
    }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

export async function answerQuery(
  event: APIGatewayProxyEventV2,
  deps: QueryNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayRead(caller)) return forbidden('your roles may not read obligations');
  const query = event.queryStringParameters ?? {};
  const childId = event.pathParameters?.childId;

  if (event.routeKey.endsWith('/children/{childId}/obligations') && childId) {
    return json(200, { obligations: shown(await deps.board.forSubject(childId), deps) });
  }
  if (event.routeKey.endsWith('/disputes')) {
    const parsed = DisputesQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error);
    const stages: readonly DisputeStage[] = parsed.data.stage
      ? [parsed.data.stage as DisputeStage]
      : DISPUTE_STAGES;
    const found = await Promise.all(stages.map((stage) => deps.board.disputesAt(stage)));
    return json(200, { disputes: shown(found.flat(), deps) });
  }
  if (event.routeKey.endsWith('/obligations')) {
    const parsed = ObligationsQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error);
    const { dueBefore, kind, iro } = parsed.data;
    const until = dueBefore ? addDays(dueBefore, -1) : '9999-12-31';
    const found = (
      await Promise.all((kind ? [kind] : OBLIGATION_KINDS).map((k) => deps.board.dueBy(k, until)))
    ).flat();
    if (!iro) return json(200, { obligations: shown(found, deps) });
    const children = new Set(await deps.staff.subjectsAllocatedTo(iro, 'iro'));
    return json(200, {
      obligations: shown(
        found.filter((o) => children.has(o.subjectId)),
        deps,
      ),
    });
  }
  return json(404, { message: 'no such route' });
}

export const queriesHandler = (deps: QueryNeeds) => lambda(deps, answerQuery);

export const handler = awsHandler(queriesHandler, () => ({
  ...baseDependencies(),
  ...dynamoDependencies(),
}));
