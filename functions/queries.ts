/**
 * Lambda handler for the API's reads: `GET /children/{childId}/obligations`,
 * `GET /obligations?dueBefore=&dueAfter=&overdue=&kind=&iro=&team=&socialWorker=`, the
 * same counted for every IRO at once (`GET /obligations/counts?by=iro&…`, the unit
 * board's "By IRO": the board read once, not once per IRO) and `GET /disputes?stage=`.
 * Each is a Query on the board the workflows keep, never a Scan.
 * Every obligation carries its working days left as of the system's today (locally a
 * virtual clock, so the browser's own date would be wrong). And `GET /openapi.json`,
 * the API's own description, for anyone; and API Gateway's `$default` route, answering
 * what no route takes (405 for a known path asked with another method, else 404).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { addDays, type LocalDate, londonDate } from '../workflows/calendar/index.js';
import { carerClock, disputeClock, protectionClock, reviewsClock } from '../workflows/clocks.js';
import {
  automaticEscalationOn,
  type DisputeStanding,
  disputeStandingOn,
} from '../workflows/disputes/rules.js';
import { DISPUTE_STAGES, type DisputeStage } from '../workflows/events.js';
import { countsByIro, type IroHolding, isIroWork } from '../workflows/iro-work.js';
import { OBLIGATION_KINDS, workingDaysBetween, workingDaysLeft } from '../workflows/obligations.js';
import type { Role } from '../workflows/policy.js';
import type { BoardEntry, StoredEvent } from './adapters/ports.js';
import { disputeStageOn, mayAudit, mayRead, mayReadAll } from './shared/access.js';
import type { Needs } from './shared/dependencies.js';

type QueryNeeds = Needs<'board' | 'staff' | 'events' | 'now' | 'settings'>;

import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { baseDependencies } from './shared/dependencies.js';
import {
  badPathId,
  callerOf,
  forbidden,
  json,
  notFound,
  problems,
  unauthenticated,
  unrouted,
} from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { documentedRoutes, servedOpenApi } from './shared/openapi-served.js';
import {
  type BoardFilters,
  badQuery,
  DisputesQuery,
  ObligationCountsQuery,
  ObligationsQuery,
} from './shared/query-schemas.js';

/** Overdue as of `today`: its last day has passed (a conference report's day, not its hour). */
const isOverdue = (entry: Pick<BoardEntry, 'due'>, today: LocalDate) =>
  today > entry.due.slice(0, 10);

/**
 * As stored, with `overdue` and `workingDaysLeft` as of today (the board may have been
 * planned days ago), in the council's working days (its closure days counted).
 */
function shown(entries: BoardEntry[], deps: QueryNeeds) {
  const today = londonDate(deps.now());
  const { calendar } = deps.settings.rules;
  return entries
    .map(({ clockId: _clock, startedOn: _started, bookedOn: _booked, ...entry }) => {
      const left = workingDaysLeft(entry.due, today, calendar);
      return {
        ...entry,
        overdue: isOverdue(entry, today),
        ...(left === undefined ? {} : { workingDaysLeft: left }),
      };
    })
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/**
 * The subjects a staff member holds `roles` for, or undefined when no such filter is
 * asked: one Query on the allocations index per role.
 */
async function allocatedTo(
  staffId: string | undefined,
  roles: readonly ('iro' | 'chair' | 'team-manager' | 'social-worker')[],
  deps: QueryNeeds,
): Promise<Set<string>[] | undefined> {
  if (staffId === undefined) return undefined;
  const held = await Promise.all(
    roles.map((role) => deps.staff.subjectsAllocatedTo(staffId, role)),
  );
  return held.map((subjects) => new Set(subjects));
}

/** What one staff member holds as IRO and as chair, or undefined when no `iro=` is asked. */
async function iroHolding(iro: string | undefined, deps: QueryNeeds) {
  const [asIro, asChair] = (await allocatedTo(iro, ['iro', 'chair'], deps)) ?? [];
  return asIro && asChair ? { asIro, asChair } : undefined;
}

/**
 * What every IRO holds, by staff id: those the registry of IROs lists who hold an
 * allocation as IRO now (the caseloads' IROs). The allocations index is keyed by holder
 * and role, so this is one Query per IRO, and a second for those the registry of chairs
 * lists too: no Scan, and no Query at all for a chair's role nobody gave them.
 */
async function iroHoldings(deps: QueryNeeds): Promise<Map<string, IroHolding>> {
  const [iros, chairs] = await Promise.all([
    deps.staff.holders('iro'),
    deps.staff.holders('chair'),
  ]);
  const chairing = new Set(chairs);
  const held = await Promise.all(
    iros.map(async (iro) => {
      const [asIro, asChair] = await Promise.all([
        deps.staff.subjectsAllocatedTo(iro, 'iro'),
        chairing.has(iro) ? deps.staff.subjectsAllocatedTo(iro, 'chair') : [],
      ]);
      return [iro, { asIro: new Set(asIro), asChair: new Set(asChair) }] as const;
    }),
  );
  return new Map(held.filter(([, holding]) => holding.asIro.size > 0));
}

/**
 * Who holds `role` for each subject, from the registry of holders and each holder's
 * allocations: one Query per holder, no Scan (as {@link iroHoldings}).
 */
async function holdersBySubject(role: Role, deps: QueryNeeds): Promise<Map<string, string>> {
  const holders = await deps.staff.holders(role);
  const held = await Promise.all(
    holders.map(async (id) => [id, await deps.staff.subjectsAllocatedTo(id, role)] as const),
  );
  return new Map(held.flatMap(([id, subjects]) => subjects.map((s) => [s, id] as const)));
}

/**
 * The open obligations the board's filters (all but `iro=`) leave, those the caller may
 * read, each `overdue` as of today: one Query on the board per kind asked, and one on
 * the allocations index for each of `team=` and `socialWorker=`.
 */
async function boardWork(
  filters: BoardFilters,
  visible: (entries: BoardEntry[]) => BoardEntry[],
  deps: QueryNeeds,
): Promise<BoardEntry[]> {
  const { dueBefore, dueAfter, overdue, kind, team, socialWorker } = filters;
  const today = londonDate(deps.now());
  const until = dueBefore ? addDays(dueBefore, -1) : '9999-12-31';
  const [onBoard, teams, socialWorkers] = await Promise.all([
    Promise.all((kind ? [kind] : OBLIGATION_KINDS).map((k) => deps.board.dueBy(k, until))),
    allocatedTo(team, ['team-manager'], deps),
    allocatedTo(socialWorker, ['social-worker'], deps),
  ]);
  const [inTeam] = teams ?? [];
  const [socialWorkersOwn] = socialWorkers ?? [];
  return visible(onBoard.flat())
    .map((entry) => ({ ...entry, overdue: isOverdue(entry, today) }))
    .filter(
      (o) =>
        (dueAfter === undefined || o.due.slice(0, 10) > dueAfter) &&
        (inTeam === undefined || inTeam.has(o.subjectId)) &&
        (socialWorkersOwn === undefined || socialWorkersOwn.has(o.subjectId)) &&
        (overdue === undefined || o.overdue === (overdue === 'true')),
    );
}

/**
 * A dispute as the disputes list shows it: when it was raised (from its own log, the
 * issue text never read out), the working days it has been open, and the day it moves
 * to the next stage by itself if unresolved.
 */
async function disputeShown(entry: ReturnType<typeof shown>[number], deps: QueryNeeds) {
  const today = londonDate(deps.now());
  const history = entry.refId ? await deps.events.history(disputeClock(entry.refId).log) : [];
  const retracted = new Set(
    history.flatMap((h) => (h.event.type === 'EventRetracted' ? [h.event.eventId] : [])),
  );
  const raised = history.find(
    (h) => h.event.type === 'DisputeRaised' && !retracted.has(`${h.source}:${h.eventId}`),
  );
  const raisedOn: LocalDate | undefined =
    raised?.event.type === 'DisputeRaised' ? raised.event.date : undefined;
  const open =
    raisedOn === undefined
      ? undefined
      : workingDaysBetween(raisedOn, today, deps.settings.rules.calendar);
  const escalatesOn =
    entry.stage === undefined ? undefined : automaticEscalationOn(entry.stage, entry.due);
  return {
    ...entry,
    ...(raisedOn === undefined ? {} : { raisedOn }),
    ...(open === undefined ? {} : { workingDaysOpen: open }),
    ...(escalatesOn === undefined ? {} : { escalatesOn }),
  };
}

export async function answerQuery(
  event: APIGatewayProxyEventV2,
  deps: QueryNeeds,
): Promise<APIGatewayProxyResultV2> {
  // The API's description is public: it holds no one's data.
  if (event.routeKey.endsWith(' /openapi.json')) return json(200, await servedOpenApi());
  // A browser's CORS preflight, should API Gateway pass one on: its CORS configuration
  // adds the headers that admit the work tray's origin.
  if (event.routeKey === 'OPTIONS /{proxy+}') return { statusCode: 204 };
  // API Gateway's `$default` route: whatever no other route takes.
  if (event.routeKey === '$default') {
    return unrouted(event.requestContext.http.method, event.rawPath, await documentedRoutes());
  }
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayRead(caller)) return forbidden('your roles may not read obligations');
  const query = event.queryStringParameters ?? {};
  const childId = event.pathParameters?.childId;
  const badId = badPathId('childId', childId);
  if (badId) return badId;
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
  if (event.routeKey.endsWith('/children/{childId}/allocation') && childId) {
    if (readable && !readable.has(childId)) {
      return forbidden('you may read only the children allocated to you');
    }
    return childAllocation(childId, deps);
  }
  const disputeId = event.pathParameters?.disputeId;
  if (event.routeKey.endsWith('/disputes/{disputeId}') && disputeId) {
    return disputeRecord(disputeId, caller, readable, deps);
  }
  if (event.routeKey.endsWith('/children/{childId}/obligations') && childId) {
    if (readable && !readable.has(childId)) {
      return forbidden('you may read only the children allocated to you');
    }
    const entries = await deps.board.forSubject(childId);
    if (entries.length === 0 && !(await hasHistory(childId, deps))) {
      return notFound('nothing is recorded for this child or carer');
    }
    return json(200, { obligations: shown(entries, deps) });
  }
  if (event.routeKey.endsWith('/disputes')) {
    const parsed = DisputesQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error, DisputesQuery.shape);
    const stages: readonly DisputeStage[] = parsed.data.stage
      ? [Number(parsed.data.stage) as DisputeStage]
      : DISPUTE_STAGES;
    const found = await Promise.all(stages.map((stage) => deps.board.disputesAt(stage)));
    const disputes = await Promise.all(
      shown(visible(found.flat()), deps).map((entry) => disputeShown(entry, deps)),
    );
    return json(200, { today: londonDate(deps.now()), disputes });
  }
  if (event.routeKey.endsWith('/obligations/counts')) {
    // Every IRO's work side by side is the unit's view, as the caseloads are.
    if (!mayReadAll(caller)) {
      return forbidden('only IROs, managers and administrators read the counts by IRO');
    }
    const parsed = ObligationCountsQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error, ObligationCountsQuery.shape);
    const { by: _by, ...filters } = parsed.data;
    const [work, iros] = await Promise.all([boardWork(filters, visible, deps), iroHoldings(deps)]);
    return json(200, { today: londonDate(deps.now()), ...countsByIro(work, iros) });
  }
  if (event.routeKey.endsWith('/obligations')) {
    const parsed = ObligationsQuery.safeParse(query);
    if (!parsed.success) return badQuery(parsed.error, ObligationsQuery.shape);
    const { iro, withoutIro, staff, ...filters } = parsed.data;
    if (iro !== undefined && withoutIro !== undefined) {
      return problems(400, [{ field: 'withoutIro', reason: 'cannot be asked with iro' }]);
    }
    const [work, held, iros, socialWorkers] = await Promise.all([
      boardWork(filters, visible, deps),
      iroHolding(iro, deps),
      withoutIro || staff ? iroHoldings(deps) : undefined,
      staff ? holdersBySubject('social-worker', deps) : undefined,
    ]);
    const holdings = [...(iros?.values() ?? [])];
    const chosen = work.filter(
      (o) =>
        (!held || isIroWork(o, held)) && (!withoutIro || !holdings.some((h) => isIroWork(o, h))),
    );
    const iroOf = new Map(
      [...(iros ?? [])].flatMap(([id, h]) => [...h.asIro].map((s) => [s, id] as const)),
    );
    const obligations = shown(chosen, deps).map((o) => {
      if (!staff) return o;
      const iroId = iroOf.get(o.subjectId);
      const socialWorkerId = socialWorkers?.get(o.subjectId);
      return {
        ...o,
        ...(iroId ? { iroId } : {}),
        ...(socialWorkerId ? { socialWorkerId } : {}),
      };
    });
    // The system's today, which pages count from: locally a virtual clock's, not the browser's.
    return json(200, { today: londonDate(deps.now()), obligations });
  }
  return notFound();
}

/**
 * Whether anything was ever recorded for the child or carer: the board alone cannot
 * tell "nothing open" from "never heard of". Three strongly consistent Queries on the
 * subject's own logs, asked only when the board has nothing.
 */
async function hasHistory(subjectId: string, deps: QueryNeeds): Promise<boolean> {
  const logs = [reviewsClock, protectionClock, carerClock].map((clock) => clock(subjectId).log);
  const histories = await Promise.all(logs.map((log) => deps.events.history(log)));
  return histories.some((h) => h.length > 0);
}

/**
 * A child's log as an inspector asks for it: every event of the child's looked-after
 * and child protection logs and of the disputes raised about them, each log in the
 * order recorded, who recorded it and when, and which were retracted, by whom, when
 * and why. Retracted events stay listed.
 */
async function auditTrail(childId: string, deps: QueryNeeds): Promise<APIGatewayProxyResultV2> {
  const own = [reviewsClock(childId).log, protectionClock(childId).log];
  const disputes = (await deps.events.logsOf(childId))
    .filter((log) => log.startsWith('dispute/'))
    .sort();
  const logs = [...own, ...disputes];
  const histories = await Promise.all(logs.map((log) => deps.events.history(log)));
  if (histories.every((h) => h.length === 0)) {
    return json(404, { reason: 'no events are recorded for this child' });
  }
  const entries = logs.flatMap((log, i) => trail(log, histories[i] ?? []));
  const names = await namesOf(
    entries.flatMap((e) => [e.recordedBy, ...(e.retracted ? [e.retracted.by] : [])]),
    deps,
  );
  return json(200, { childId, events: entries.map((e) => named(e, names)) });
}

/**
 * The directory's name for each staff id it knows (one read per distinct id), so
 * people read who recorded an event, not an id. An IAM principal or an id the directory
 * does not hold has none.
 */
async function namesOf(ids: Iterable<string>, deps: QueryNeeds): Promise<Map<string, string>> {
  const distinct = [...new Set(ids)];
  const members = await Promise.all(distinct.map((id) => deps.staff.getStaff(id)));
  return new Map(
    members.flatMap((m, i) => (m?.name ? [[distinct[i] as string, m.name] as const] : [])),
  );
}

/** An audit entry with the names of who recorded it, and who took it back, where known. */
function named<T extends { recordedBy: string; retracted?: { by: string } }>(
  entry: T,
  names: ReadonlyMap<string, string>,
): T {
  const recordedByName = names.get(entry.recordedBy);
  const byName = entry.retracted && names.get(entry.retracted.by);
  return {
    ...entry,
    ...(recordedByName ? { recordedByName } : {}),
    ...(entry.retracted && byName ? { retracted: { ...entry.retracted, byName } } : {}),
  };
}

/** The roles of a child's allocation the child page shows, in its order. */
const CHILD_ROLES: readonly Role[] = ['iro', 'social-worker', 'team-manager', 'chair'];

/**
 * Who holds each role for a child, with their names: the child page's allocation,
 * which IROs read as managers do (`GET /allocations/{id}` is the administrators' and
 * managers' own, and answers ids only). A child nobody is allocated has no roles.
 */
async function childAllocation(
  childId: string,
  deps: QueryNeeds,
): Promise<APIGatewayProxyResultV2> {
  const allocation = await deps.staff.allocation(childId);
  const held = CHILD_ROLES.flatMap((role) => {
    const staffId = allocation?.roles[role];
    return staffId ? [{ role, staffId }] : [];
  });
  const names = await namesOf(
    held.map((h) => h.staffId),
    deps,
  );
  const roles = Object.fromEntries(
    held.map(({ role, staffId }) => {
      const name = names.get(staffId);
      return [role, { staffId, ...(name ? { name } : {}) }];
    }),
  );
  return json(200, { childId, roles });
}

/**
 * Each stage a dispute stood at, in order, from its log's events (retracted ones left
 * out): raised at stage 1, escalated by hand, and moved on by itself when a stage fell
 * due unresolved (as the dispute's workflow moves it), up to its resolution or today.
 */
export function disputeStages(
  history: readonly StoredEvent[],
  today: LocalDate,
  context: QueryNeeds['settings']['rules'],
): { stages: DisputeStanding[]; raisedOn?: LocalDate; resolvedOn?: LocalDate } {
  const retracted = new Set(
    history.flatMap((h) => (h.event.type === 'EventRetracted' ? [h.event.eventId] : [])),
  );
  const stages: DisputeStanding[] = [];
  let raisedOn: LocalDate | undefined;
  let resolvedOn: LocalDate | undefined;
  /** The stages it moved to by itself, unresolved, up to `date`. */
  const movedBy = (date: LocalDate) => {
    let current = stages.at(-1);
    while (current && current.stage < 5 && date > current.due) {
      current = disputeStandingOn(current, addDays(current.due, 1), context);
      stages.push(current);
    }
  };
  for (const h of history) {
    if (retracted.has(`${h.source}:${h.eventId}`) || resolvedOn) continue;
    const e = h.event;
    if (e.type === 'DisputeRaised' && raisedOn === undefined) {
      raisedOn = e.date;
      stages.push({
        stage: 1,
        startedOn: e.date,
        due: context.calendar.addWorkingDays(e.date, context.disputeStageWorkingDays[1]),
        cause: 'raised',
      });
    } else if (e.type === 'DisputeEscalated') {
      movedBy(e.date);
      const stage = e.toStage as DisputeStage;
      stages.push({
        stage,
        startedOn: e.date,
        due: context.calendar.addWorkingDays(e.date, context.disputeStageWorkingDays[stage]),
        cause: 'escalated',
      });
    } else if (e.type === 'DisputeResolved') {
      movedBy(e.date);
      resolvedOn = e.date;
    }
  }
  if (!resolvedOn) movedBy(today);
  return {
    stages,
    ...(raisedOn ? { raisedOn } : {}),
    ...(resolvedOn ? { resolvedOn } : {}),
  };
}

/**
 * One dispute for its page: the stages with their dates, the day it escalates by itself,
 * and its history with who recorded each step. The issue text only for those who read
 * the audit trail (IROs, managers, administrators), never for a social worker, and the
 * list of disputes never carries it. A social worker reads only their own children's.
 */
async function disputeRecord(
  disputeId: string,
  caller: Parameters<typeof mayAudit>[0],
  readable: ReadonlySet<string> | undefined,
  deps: QueryNeeds,
): Promise<APIGatewayProxyResultV2> {
  const history = await deps.events.history(disputeClock(disputeId).log);
  const raised = history.find((h) => h.event.type === 'DisputeRaised');
  if (raised?.event.type !== 'DisputeRaised') {
    return notFound('no dispute is recorded with this id');
  }
  const { childId, issue } = raised.event;
  if (readable && !readable.has(childId)) {
    return forbidden('you may read only the children allocated to you');
  }
  const today = londonDate(deps.now());
  const { stages, raisedOn, resolvedOn } = disputeStages(history, today, deps.settings.rules);
  const current = resolvedOn ? undefined : stages.at(-1);
  const escalatesOn = current && automaticEscalationOn(current.stage, current.due);
  const readsText = mayAudit(caller);
  const events = trail(disputeClock(disputeId).log, history).map(({ event: stored, ...entry }) => {
    // The issue is never in the history: the answer's `issue` alone carries it. A
    // manager's answer is read by those who read the issue, and by no one else.
    const { issue: _issue, ...event } = stored as typeof stored & { issue?: string };
    if (event.type === 'DisputeAnswered' && !readsText) {
      const { answer: _answer, ...rest } = event;
      return { ...entry, event: rest };
    }
    return { ...entry, event };
  });
  const names = await namesOf(
    events.flatMap((e) => [e.recordedBy, ...(e.retracted ? [e.retracted.by] : [])]),
    deps,
  );
  return json(200, {
    today,
    disputeId,
    childId,
    ...(raisedOn ? { raisedOn } : {}),
    ...(resolvedOn ? { resolvedOn } : {}),
    stages,
    ...(current
      ? {
          stage: current.stage,
          due: current.due,
          overdue: today > current.due,
          ...(escalatesOn ? { escalatesOn } : {}),
        }
      : {}),
    ...(readsText ? { issue } : {}),
    mayAnswer:
      current !== undefined && (await mayAnswerToday(disputeId, today, caller, history, deps)),
    events: events.map((e) => named(e, names)),
  });
}

/**
 * Whether the caller may answer the dispute today, by the rule that records it
 * (functions/shared/access.ts): an administrator, or the manager its stage is with. The
 * page offers its "Answer this dispute" form on this alone.
 */
async function mayAnswerToday(
  disputeId: string,
  today: LocalDate,
  caller: Parameters<typeof mayAudit>[0],
  history: readonly StoredEvent[],
  deps: QueryNeeds,
): Promise<boolean> {
  if (caller.roles.includes('admin')) return true;
  if (!caller.roles.includes('manager')) return false;
  const standing = await disputeStageOn(disputeId, today, deps, history);
  return standing?.holder === caller.id;
}

/**
 * A young person's words are for their allocated IRO, social worker and managers only
 * (GET /children/{childId}/views): the audit trail says that they shared their views,
 * and when, without the words.
 */
function withoutWords(event: StoredEvent['event']): StoredEvent['event'] {
  if (event.type !== 'ChildViewsShared') return event;
  const { words: _w, goingWell: _g, change: _c, ...rest } = event;
  return rest;
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
      event: withoutWords(h.event),
      ...(retracted ? { retracted } : {}),
    };
  });
}

export const queriesHandler = (deps: QueryNeeds) => lambda(deps, answerQuery);

export const handler = awsHandler(queriesHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    board: dynamoObligationBoard,
    staff: dynamoStaffDirectory,
    events: dynamoEventStore,
  }),
}));
