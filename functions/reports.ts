/**
 * Lambda handler for `GET /reports/figures?from=&to=&years=`: the unit's figures
 * (shared/design/figures.md) for IROs, managers and administrators, the same JSON as
 * `cli report --format json`, with the IROs' caseloads beside them. Every log is read
 * through the registry of logs and the IROs through the registry of holders: Queries
 * only, never a Scan. `GET /reports/caseloads` answers the caseloads alone, for the
 * unit board, reading only the looked-after logs.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type LocalDate, londonDate } from '../workflows/calendar/index.js';
import { reviewsClock } from '../workflows/clocks.js';
import type { CaseEvent } from '../workflows/events.js';
import {
  type Caseloads,
  caseloadsOf,
  lookedAfterOn,
  type NamedCaseloads,
  staffBasisOf,
} from '../workflows/figures/caseloads.js';
import { choosePeriod, type Period, type PeriodRequest } from '../workflows/figures/period.js';
import { councilFigures } from '../workflows/figures/report.js';
import type { FiguresReport } from '../workflows/figures/shape.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import type { EventStore, StaffDirectory, StaffMember } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { mayAudit } from './shared/access.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import { plannerEvents } from './shared/history.js';
import { callerOf, forbidden, json, unauthenticated } from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';

type ReportNeeds = Needs<'events' | 'staff' | 'now' | 'settings'>;

/** The looked-after logs' common beginning (`reviews/`), from the clock that names them. */
const LOOKED_AFTER_LOGS = reviewsClock('').log;

/** Reads in flight at once: enough to hide DynamoDB's latency, few enough not to throttle it. */
const READS_AT_ONCE = 32;

const PARAMETERS: readonly (keyof PeriodRequest)[] = ['from', 'to', 'years'];

/** `work` over every item, at most `limit` at a time; the answers in the items' order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every stored event of every log, as the planner reads them (ids qualified, retractions in). */
export async function everyEvent(events: EventStore): Promise<CaseEvent[]> {
  const logs = await events.logs();
  const histories = await mapBounded(logs, READS_AT_ONCE, (log) => events.history(log));
  return histories.flatMap(plannerEvents);
}

/**
 * Every stored event of the looked-after logs (`reviews/<child>`), all the caseloads
 * need: {@link lookedAfterOn} replays only those, and a retraction is stored in the log
 * of the event it takes back. Every looked-after child is read, not only those with an
 * IRO, because the caseloads count the looked-after children without one too.
 */
export async function lookedAfterEvents(events: EventStore): Promise<CaseEvent[]> {
  const logs = (await events.logs()).filter((log) => log.startsWith(LOOKED_AFTER_LOGS));
  const histories = await mapBounded(logs, READS_AT_ONCE, (log) => events.history(log));
  return histories.flatMap(plannerEvents);
}

/** Each IRO's looked-after children on `today` (figures.md section 6). */
export async function iroCaseloads(
  events: readonly CaseEvent[],
  today: LocalDate,
  deps: { readonly staff: StaffDirectory; readonly settings: ReportNeeds['settings'] },
): Promise<Caseloads> {
  const iros = await deps.staff.holders('iro');
  const subjects = await mapBounded(iros, READS_AT_ONCE, (iro) =>
    deps.staff.subjectsAllocatedTo(iro, 'iro'),
  );
  // Someone who no longer holds any allocation as IRO has no caseload to count.
  const allocated = new Map(
    iros.flatMap((iro, i) => {
      const theirs = subjects[i] ?? [];
      return theirs.length === 0 ? [] : [[iro, theirs] as const];
    }),
  );
  return caseloadsOf(today, allocated, lookedAfterOn(events, today, deps.settings.rules));
}

/**
 * Each IRO's caseload with their name where the staff directory knows them, for the
 * unit board's caseload table. The figures themselves count by staff id only; a name
 * is added here, in the API's answer to staff, and never to a child.
 */
async function namedCaseloads(
  caseloads: Caseloads,
  staff: Pick<StaffDirectory, 'getStaff'>,
  read?: readonly (StaffMember | undefined)[],
): Promise<NamedCaseloads> {
  const members =
    read ?? (await mapBounded(caseloads.byIro, READS_AT_ONCE, (c) => staff.getStaff(c.iro)));
  return {
    ...caseloads,
    byIro: caseloads.byIro.map((c, i) => {
      const name = members[i]?.name;
      return name === undefined ? c : { ...c, name };
    }),
  };
}

/**
 * The answer to `GET /reports/figures` for a checked period: `cli report --format
 * json`'s figures over every stored log, and the caseloads on `today`. `npm start`
 * prints its headline from the same call.
 */
export async function unitReport(
  chosen: { readonly period: Period; readonly years: number },
  today: LocalDate,
  deps: Pick<ReportNeeds, 'events' | 'staff' | 'settings'>,
): Promise<FiguresReport & { readonly caseloads: Caseloads }> {
  const events = await everyEvent(deps.events);
  const report = councilFigures(events, chosen, deps.settings);
  const caseloads = await iroCaseloads(events, today, deps);
  const members = await mapBounded(caseloads.byIro, READS_AT_ONCE, (c) =>
    deps.staff.getStaff(c.iro),
  );
  // S1 is read from the staff records on the day, like the caseloads: the period's figure only.
  const S1 = staffBasisOf(
    caseloads.byIro,
    new Map(caseloads.byIro.map((c, i) => [c.iro, members[i]?.basis])),
  );
  return {
    ...report,
    figures: { ...report.figures, S1 },
    caseloads: await namedCaseloads(caseloads, deps.staff, members),
  };
}

/**
 * The answer to `GET /reports/caseloads`: the caseloads part of `GET /reports/figures`
 * for the same day, without reading the logs the figures alone need.
 */
export async function unitCaseloads(
  today: LocalDate,
  deps: Pick<ReportNeeds, 'events' | 'staff' | 'settings'>,
): Promise<{ readonly caseloads: Caseloads }> {
  const caseloads = await iroCaseloads(await lookedAfterEvents(deps.events), today, deps);
  return { caseloads: await namedCaseloads(caseloads, deps.staff) };
}

export async function answerReport(
  event: APIGatewayProxyEventV2,
  deps: ReportNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayAudit(caller)) return forbidden("your roles may not read the unit's figures");
  const query = event.queryStringParameters ?? {};
  const today = londonDate(deps.now());
  if (event.routeKey === 'GET /reports/caseloads') {
    if (Object.keys(query).length > 0) {
      return json(400, { problems: [{ field: 'query', reason: 'takes no parameters' }] });
    }
    return json(200, await unitCaseloads(today, deps));
  }
  // A parameter the route does not take is named by rule, not by its name: a name can carry anything.
  const unknown = Object.keys(query).some(
    (key) => !(PARAMETERS as readonly string[]).includes(key),
  );
  const chosen = choosePeriod(query, today);
  const problems = [
    ...(unknown ? [{ field: 'query', reason: `may hold only ${PARAMETERS.join(', ')}` }] : []),
    ...(chosen.ok ? [] : chosen.problems),
  ];
  if (!chosen.ok || problems.length > 0) return json(400, { problems });

  return json(200, await unitReport(chosen, today, deps));
}

export const reportsHandler = (deps: ReportNeeds) => lambda(deps, answerReport);

export const handler = awsHandler(reportsHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({ events: dynamoEventStore, staff: dynamoStaffDirectory }),
}));
