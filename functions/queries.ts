/**
 * Lambda handler for the API's reads: `GET /children/{childId}/obligations`,
 * `GET /obligations?dueBefore=&kind=&iro=` and `GET /disputes?stage=`. Each is a Query
 * on the board the workflows keep, never a Scan.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { addDays, isLocalDate, londonDate } from '../workflows/calendar/index.js';
import { protectionClock, reviewsClock } from '../workflows/clocks.js';
import { DISPUTE_STAGES, type DisputeStage } from '../workflows/events.js';
import { OBLIGATION_KINDS } from '../workflows/obligations.js';
import * as z from '../workflows/zod.js';
import { mayAudit, mayRead, mayReadAll } from './access.js';
import type { BoardEntry, StoredEvent } from './adapters/ports.js';
import type { Needs } from './dependencies.js';

type QueryNeeds = Needs<'board' | 'staff' | 'events' | 'now'>;

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
  // A social worker reads only the children allocated to them, on every route.
  const readable = mayReadAll(caller)
    ? undefined
    : new Set(await deps.staff.subjectsAllocatedTo(caller.id, 'social-worker'));
  const visible = (entries: BoardEntry[]) =>
    readable ? entries.filter((e) => readable.has(e.subjectId)) : entries;

  if (event.routeKey.endsWith('/children/{childId}/events') && childId) {
    if (!mayAudit(caller)) return forbidden('your roles may not read the event log');
    return auditTrail(childId, deps);
  }
  if (event.routeKey.endsWith('/children/{childId}/obligations') && childId) {
    if (readable && !readable.has(childId)) {
      return forbidden('you may read only the children allocated to you');
    }
    return json(200, { obligations: shown(await deps.board.forSubject(childId), deps) });
  }
  if (event.routeKey.endsWith('/disputes')) {
    const parsed = DisputesQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error);
    const stages: readonly DisputeStage[] = parsed.data.stage
      ? [parsed.data.stage as DisputeStage]
      : DISPUTE_STAGES;
    const found = await Promise.all(stages.map((stage) => deps.board.disputesAt(stage)));
    return json(200, { disputes: shown(visible(found.flat()), deps) });
  }
  if (event.routeKey.endsWith('/obligations')) {
    const parsed = ObligationsQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error);
    const { dueBefore, kind, iro } = parsed.data;
    const until = dueBefore ? addDays(dueBefore, -1) : '9999-12-31';
    const found = (
      await Promise.all((kind ? [kind] : OBLIGATION_KINDS).map((k) => deps.board.dueBy(k, until)))
    ).flat();
    if (!iro) return json(200, { obligations: shown(visible(found), deps) });
    const children = new Set(await deps.staff.subjectsAllocatedTo(iro, 'iro'));
    return json(200, {
      obligations: shown(
        visible(found).filter((o) => children.has(o.subjectId)),
        deps,
      ),
    });
  }
  return json(404, { message: 'no such route' });
}

/**
 * A child's log as an inspector asks for it: every event of the child's looked-after
 * and child protection logs in the order recorded, who recorded it and when, and
 * which were retracted, by whom and why. Retracted events stay listed.
 */
async function auditTrail(childId: string, deps: QueryNeeds): Promise<APIGatewayProxyResultV2> {
  const logs = [reviewsClock(childId).log, protectionClock(childId).log];
  const histories = await Promise.all(logs.map((log) => deps.events.history(log)));
  if (histories.every((h) => h.length === 0)) {
    return json(404, { reason: 'no events are recorded for this child' });
  }
  const entries = logs.flatMap((log, i) => trail(log, histories[i] ?? []));
  return json(200, { childId, events: entries });
}

function trail(log: string, history: readonly StoredEvent[]) {
  const retractions = new Map(
    history.flatMap((h) =>
      h.event.type === 'EventRetracted'
        ? [
            [
              h.event.eventId,
              { by: h.recordedBy, at: h.recordedAt, reason: h.event.reason },
            ] as const,
          ]
        : [],
    ),
  );
  return history.map((h) => {
    const retracted =
      h.event.type === 'EventRetracted' ? undefined : retractions.get(`${h.source}:${h.eventId}`);
    return {
      log,
      position: h.position,
      eventId: h.eventId,
      source: h.source,
      recordedBy: h.recordedBy,
      recordedAt: h.recordedAt,
      ...(h.requestId === undefined ? {} : { requestId: h.requestId }),
      event: h.event,
      ...(retracted ? { retracted } : {}),
    };
  });
}

export const queriesHandler = (deps: QueryNeeds) => lambda(deps, answerQuery);

export const handler = awsHandler(queriesHandler, () => ({
  ...baseDependencies(),
  ...dynamoDependencies(),
}));
