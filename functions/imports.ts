/**
 * Lambda handler for the SSDA903 upload (administrators): `POST /imports` takes the
 * episodes and reviews tables as CSV text, checks and maps them as `cli import-903`
 * does, stores the events in chunks and starts the import state machine, which records
 * them through the ordinary record path; it answers 202 at once, since a council's
 * return (up to ~90,000 events) takes longer than one API call may. `GET
 * /imports/{importId}` tells how it stands. A child whose period of care began before
 * the file is mapped when their chunk is recorded, against the history already
 * recorded for them, so the upload gives the events `cli import-903 --out` gives. `GET
 * /imports/{importId}/refusals?page=` gives every refusal line, page by page, for the
 * download (the upload's view keeps the first ones).
 * Nothing is stored when a file is not its table; no answer quotes a value from the
 * files.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { isLocalDate, londonDate } from '../workflows/calendar/index.js';
import * as z from '../workflows/zod.js';
import type { ChunkResult, ImportRecord } from './adapters/ports.js';
import { importStoreDependencies } from './aws/imports.js';
import { sfnDependencies } from './aws/sfn.js';
import { IMPORT_WORKFLOW, KEPT_PROBLEMS, planUpload } from './import/upload.js';
import { addAccounts, type RowAccount } from './import/with-history.js';
import { mayManageStaff } from './shared/access.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import {
  bodyOf,
  callerOf,
  forbidden,
  json,
  notFound,
  problems,
  refused,
  unauthenticated,
} from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { badQuery, RefusalsQuery } from './shared/query-schemas.js';

/**
 * The largest body taken, in bytes. The HTTP API takes up to 10 MB, but Lambda takes a
 * synchronous invocation of at most 6 MB, envelope included, so a larger body never
 * reaches this handler in AWS; locally, and for anything that slips through, it is
 * refused here. A return of 10,000 children over five years is about 4.6 MB.
 */
export const MAX_UPLOAD_BYTES = 6 * 1024 * 1024;

export const ImportBody = z.object({
  episodes: z.string({ error: 'must be the episodes table as CSV text' }),
  reviews: z.string({ error: 'must be the reviews table as CSV text' }),
  /** The return's year end; by default the 31 March on or after the latest DECOM. */
  yearEnd: z.optional(
    z
      .string({ error: 'must be a date written YYYY-MM-DD' })
      .check(z.refine(isLocalDate, { error: 'must be a real date written YYYY-MM-DD' })),
  ),
});

export type ImportsNeeds = Needs<'imports' | 'signals' | 'now' | 'settings'>;

const bodyBytes = (event: APIGatewayProxyEventV2): number =>
  event.body === undefined
    ? 0
    : event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').length
      : Buffer.byteLength(event.body, 'utf8');

const add = (into: Record<string, number>, counts: Readonly<Record<string, number>>) => {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
  return into;
};

/**
 * An upload as the API shows it: the rows' account (those of children mapped against
 * their recorded history added as their chunks are recorded), what recording has done
 * so far, the first problems.
 */
export function importView(record: ImportRecord, results: readonly ChunkResult[]) {
  const { summary } = record;
  const rows = results.reduce<RowAccount>(
    (all, r) => (r.rows ? addAccounts(all, r.rows) : all),
    summary,
  );
  const recordProblems = results.flatMap((r) => r.problems);
  const refusedEvents = results.reduce<Record<string, number>>((all, r) => add(all, r.refused), {});
  const refusedCount = Object.values(refusedEvents).reduce((a, b) => a + b, 0);
  return {
    importId: record.importId,
    status: record.status,
    importedBy: record.importedBy,
    importedAt: record.importedAt,
    ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
    ...(record.failure === undefined ? {} : { failure: record.failure }),
    chunks: { total: record.chunks, recorded: results.length },
    rowsRead: summary.read,
    rowsWithHistory: summary.withHistory ?? { children: 0, episodes: 0, reviews: 0 },
    ...(summary.yearEnd === undefined ? {} : { yearEnd: summary.yearEnd }),
    rows: rows.rows,
    rowsRefused: rows.refused,
    rowsWarned: rows.warned ?? {},
    rowsNotNeeded: rows.notNeeded,
    periodsInProgress: rows.periodsInProgress,
    eventsToRecord: rows.events,
    eventsWritten: results.reduce<Record<string, number>>((all, r) => add(all, r.written), {}),
    eventsAlreadyRecorded: results.reduce<Record<string, number>>(
      (all, r) => add(all, r.repeated),
      {},
    ),
    eventsRefused: refusedEvents,
    problems: [...rows.problems, ...recordProblems].slice(0, KEPT_PROBLEMS),
    problemCount: rows.problemCount + refusedCount,
    warnings: rows.warnings ?? [],
    warningCount: rows.warningCount ?? 0,
  };
}

/** `episodes:1: the header is not ...` as the API's problem: the file is the field at fault. */
function tableProblem(message: string): { field: string; reason: string } {
  const found = /^(episodes|reviews)(?::(\d+))?: (.*)$/s.exec(message);
  if (!found) return { field: 'body', reason: message };
  const [, file = 'body', line, rest = ''] = found;
  return { field: file, reason: line === undefined ? rest : `line ${line}: ${rest}` };
}

export async function manageImports(
  event: APIGatewayProxyEventV2,
  deps: ImportsNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayManageStaff(caller)) return forbidden('only administrators import a return');

  if (event.routeKey === 'GET /imports/{importId}') {
    const importId = event.pathParameters?.importId;
    const record = importId ? await deps.imports.record(importId) : undefined;
    if (!importId || !record) return notFound('no import has this id');
    return json(200, importView(record, await deps.imports.results(importId)));
  }
  if (event.routeKey === 'GET /imports/{importId}/refusals') {
    const query = RefusalsQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) return badQuery(query.error, RefusalsQuery.shape);
    const importId = event.pathParameters?.importId;
    const page = Number(query.data.page ?? 0);
    const found = importId ? await deps.imports.refusals(importId, page) : undefined;
    if (!importId || !found) return notFound('no import has this id');
    return json(200, { importId, page, ...found });
  }
  if (event.routeKey !== 'POST /imports') return notFound();

  if (bodyBytes(event) > MAX_UPLOAD_BYTES) {
    return refused(
      413,
      `the body is over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: send the return in parts, by child`,
    );
  }
  const body = bodyOf(event);
  if (!body.ok) return body.response;
  const parsed = ImportBody.safeParse(body.value);
  if (!parsed.success) {
    return problems(
      400,
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })),
    );
  }
  const plan = await planUpload(parsed.data, deps.settings.rules, londonDate(deps.now()));
  if (!plan.ok) {
    return plan.status === 413
      ? refused(413, plan.reason)
      : problems(400, plan.problems.map(tableProblem));
  }

  const importId = randomUUID();
  const record: ImportRecord = {
    importId,
    importedBy: caller.id,
    importedAt: deps.now(),
    status: 'running',
    chunks: plan.chunks.length,
    summary: plan.summary,
  };
  await deps.imports.create(record, plan.chunks, plan.refusals);
  try {
    await deps.signals.start(IMPORT_WORKFLOW, `import-${importId}`, {
      importId,
      chunks: plan.chunks.map((_, n) => n),
    });
  } catch (error) {
    await deps.imports.finish(importId, 'failed', deps.now(), (error as Error).name);
    throw error;
  }
  // Counts only in the log line: the files' rows stay in the table.
  deps.logger.info('import started', {
    importId,
    chunks: plan.chunks.length,
    problems: plan.summary.problemCount,
  });
  const answer = json(202, importView(record, []));
  return { ...answer, headers: { ...answer.headers, location: `/imports/${importId}` } };
}

export const importsHandler = (deps: ImportsNeeds) => lambda(deps, manageImports);

export const handler = awsHandler(importsHandler, () => ({
  ...baseDependencies(),
  ...importStoreDependencies(),
  ...sfnDependencies(),
}));
