/**
 * Lambda handler for `GET /reports/figures?from=&to=&years=`: the unit's figures
 * (shared/design/figures.md) for IROs, managers and administrators, the same JSON as
 * `cli report --format json`, with the IROs' caseloads beside them. The figures are
 * counted from each log's kept summary (workflows/figures/summary.ts, written when the
 * log is planned) and the caseloads from each subject's caseload item: one Query per
 * partition, never a Scan, and never an event. `GET /reports/caseloads` answers the
 * caseloads alone, for the unit board.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type LocalDate, londonDate } from '../workflows/calendar/index.js';
import type { CaseEvent } from '../workflows/events.js';
import {
  type Caseloads,
  caseloadsOfSubjects,
  type NamedCaseloads,
  staffBasisOf,
} from '../workflows/figures/caseloads.js';
import { choosePeriod, type Period, type PeriodRequest } from '../workflows/figures/period.js';
import {
  type FiguresReport,
  type PagedFiguresReport,
  SHORTFALL_LISTS,
  SHORTFALL_PAGE,
  type ShortfallList,
  type ShortfallPage,
} from '../workflows/figures/shape.js';
import { councilFiguresOfSummaries } from '../workflows/figures/summary.js';
import { dynamoFiguresStore } from './adapters/dynamodb/figures-store.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import type { EventStore, StaffDirectory, StaffMember } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { mayAudit } from './shared/access.js';
import { isComplete } from './shared/backfill.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import { plannerEvents } from './shared/history.js';
import { callerOf, forbidden, json, unauthenticated } from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';

type ReportNeeds = Needs<'figures' | 'staff' | 'now' | 'settings'>;

/** Reads in flight at once: enough to hide DynamoDB's latency, few enough not to throttle it. */
const READS_AT_ONCE = 32;

const PARAMETERS: readonly (keyof PeriodRequest | 'list' | 'page')[] = [
  'from',
  'to',
  'years',
  'list',
  'page',
];

/**
 * The answer sized for a page: every figure and month series, the first
 * {@link SHORTFALL_PAGE} references of each shortfall list of the period with each
 * list's count, and the earlier periods without their lists (no page shows them).
 */
export function pagedReport(
  full: FullReport,
): PagedFiguresReport & { readonly caseloads: NamedCaseloads } {
  const { shortfalls, earlier, ...rest } = full;
  return {
    ...rest,
    shortfalls: Object.fromEntries(
      SHORTFALL_LISTS.map((list) => [list, shortfalls[list].slice(0, SHORTFALL_PAGE)]),
    ) as unknown as PagedFiguresReport['shortfalls'],
    shortfallCounts: Object.fromEntries(
      SHORTFALL_LISTS.map((list) => [list, shortfalls[list].length]),
    ) as unknown as PagedFiguresReport['shortfallCounts'],
    earlier: earlier.map(({ shortfalls: _lists, ...headline }) => headline),
  };
}

/** Page `page` (from 1) of one of the period's shortfall lists. */
export function shortfallPage(
  report: FiguresReport,
  list: ShortfallList,
  page: number,
): ShortfallPage {
  const items = report.shortfalls[list];
  return {
    period: report.period,
    list,
    page,
    pageSize: SHORTFALL_PAGE,
    total: items.length,
    items: items.slice((page - 1) * SHORTFALL_PAGE, page * SHORTFALL_PAGE),
  };
}

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

/**
 * Every stored event of every log, as the planner reads them (ids qualified, retractions
 * in): for checking the summaries against a full replay (the bench), never for an answer.
 */
export async function everyEvent(events: EventStore): Promise<CaseEvent[]> {
  const logs = await events.logs();
  const histories = await mapBounded(logs, READS_AT_ONCE, (log) => events.history(log));
  return histories.flatMap(plannerEvents);
}

/**
 * Each IRO's looked-after children on `today` (figures.md section 6), from the
 * subjects' caseload items: the allocations and the episodes kept beside them, not
 * the looked-after logs.
 */
export async function iroCaseloads(
  today: LocalDate,
  deps: Pick<ReportNeeds, 'figures'>,
): Promise<Caseloads> {
  return caseloadsOfSubjects(today, await deps.figures.caseloadSubjects());
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

/** The unit's figures and caseloads, with every shortfall list whole: `npm start` and the page sizing below read it. */
export type FullReport = FiguresReport & { readonly caseloads: NamedCaseloads };

/**
 * `cli report --format json`'s figures for a checked period, from the logs' kept
 * summaries (never every event), and the caseloads on `today`. `npm start` prints
 * its headline from the same call.
 */
export async function unitReport(
  chosen: { readonly period: Period; readonly years: number },
  today: LocalDate,
  deps: Pick<ReportNeeds, 'figures' | 'staff' | 'settings'>,
): Promise<FullReport> {
  const [summaries, caseloads] = await Promise.all([deps.figures.all(), iroCaseloads(today, deps)]);
  const report = councilFiguresOfSummaries(summaries, chosen, deps.settings);
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
 * for the same day, from the caseload items alone.
 */
export async function unitCaseloads(
  today: LocalDate,
  deps: Pick<ReportNeeds, 'figures' | 'staff'>,
): Promise<{ readonly caseloads: Caseloads }> {
  const caseloads = await iroCaseloads(today, deps);
  return { caseloads: await namedCaseloads(caseloads, deps.staff) };
}

/** What the figures and caseloads answer until the backfill is complete (no figure, nor any id, in it). */
export const FIGURES_BEING_PREPARED =
  "The unit's figures are being prepared after an update to the service. Try again in a few minutes.";

/** Seconds the answer asks a client to wait: the backfill runs every five minutes until complete. */
const PREPARING_RETRY_AFTER = '300';

/**
 * Until the backfill's marker says complete for this summary version, the figures and
 * caseloads answer 503 with {@link FIGURES_BEING_PREPARED}, and never the summaries'
 * count, which would silently leave out every log not planned since the update. Not
 * the old full replay instead: that is what issue 22 measured at 14 s for a large
 * council (past the API's 30 s at twice its history, past Lambda's 6 MB answer), and
 * it would grant this function every event, where it now reads only summaries,
 * caseload items and staff. The wait is once per summary version, minutes long, and
 * only for a council that has data.
 */
async function preparing(deps: Pick<ReportNeeds, 'figures'>) {
  if (isComplete(await deps.figures.backfillMark())) return undefined;
  const answer = json(503, { reason: FIGURES_BEING_PREPARED });
  return { ...answer, headers: { ...answer.headers, 'retry-after': PREPARING_RETRY_AFTER } };
}

export async function answerReport(
  event: APIGatewayProxyEventV2,
  deps: ReportNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayAudit(caller)) return forbidden("your roles may not read the unit's figures");
  const notYet = await preparing(deps);
  if (notYet) return notYet;
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
  const { list, page } = query;
  const listProblems = [
    ...(list !== undefined && !(SHORTFALL_LISTS as readonly string[]).includes(list)
      ? [{ field: 'list', reason: 'must name a shortfall list of the report, such as L5' }]
      : []),
    ...(page !== undefined && (!/^[1-9]\d{0,5}$/.test(page) || list === undefined)
      ? [{ field: 'page', reason: 'must be a whole number from 1, given with list' }]
      : []),
  ];
  const problems = [
    ...(unknown ? [{ field: 'query', reason: `may hold only ${PARAMETERS.join(', ')}` }] : []),
    ...(chosen.ok ? [] : chosen.problems),
    ...listProblems,
  ];
  if (!chosen.ok || problems.length > 0) return json(400, { problems });
  if (list !== undefined) {
    // One list of the period asked: the years beside it are not counted.
    const report = await unitReport({ period: chosen.period, years: 1 }, today, deps);
    return json(200, shortfallPage(report, list as ShortfallList, Number(page ?? '1')));
  }
  return json(200, pagedReport(await unitReport(chosen, today, deps)));
}

export const reportsHandler = (deps: ReportNeeds) => lambda(deps, answerReport);

export const handler = awsHandler(reportsHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({ figures: dynamoFiguresStore, staff: dynamoStaffDirectory }),
}));
