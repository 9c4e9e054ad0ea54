/**
 * The SSDA903 upload through the API (`POST /imports`): the two tables as text in, the
 * same checks and mapping as `cli import-903` (ssda903.ts), and the events cut into
 * chunks that the import state machine records one at a time through the ordinary
 * record path. Pure apart from reading the text: the handler stores what this returns.
 *
 * A chunk holds whole children, each child's events in history order, so chunks can be
 * recorded side by side without one child's review arriving before their start. A child
 * whose period of care began before the file is kept as rows instead, which the chunk
 * step maps against the child's recorded history (with-history.ts), as the CLI maps a
 * return against `--out`.
 */
import { type LocalDate, londonDate } from '../../workflows/calendar/index.js';
import type { CaseEvent } from '../../workflows/events.js';
import type { RulesContext } from '../../workflows/obligations.js';
import { readTable, TableError } from './csv-table.js';
import { type ImportResult, importReturn, type Table } from './ssda903.js';
import {
  type Checked,
  type CsvRow,
  checkEpisode,
  checkReview,
  checkYear,
  collectionYear,
  defaultYearEnd,
  EPISODE_COLUMNS,
  type EpisodeRow,
  type Layout,
  REVIEW_COLUMNS,
  type ReviewRow,
} from './ssda903-rows.js';
import {
  type ChildRows,
  KEPT_PROBLEMS,
  problemLines,
  type RowAccount,
  rowAccount,
} from './with-history.js';

/** The state machine that records an upload's chunks (`iro-import`). */
export const IMPORT_WORKFLOW = 'import';

/** Events per chunk: a few hundred, so one chunk is recorded well within its task's timeout. */
export const CHUNK_EVENTS = 250;

/**
 * A chunk's events as JSON, at most: under DynamoDB's 400 KB item limit with room for
 * the keys. A chunk of 250 imported events is about 30 KB; only one child with some
 * thousands of events could come near it.
 */
export const MAX_CHUNK_BYTES = 350 * 1024;

export { KEPT_PROBLEMS };

/** What the upload found, row by row, before anything is recorded. */
export interface UploadSummary extends RowAccount {
  /** The return's year end the rows were checked against (absent in uploads stored before it was). */
  readonly yearEnd?: LocalDate;
  /** Rows read, per table. */
  readonly read: Readonly<Record<Table, number>>;
  /**
   * Rows of children whose period of care began before the file (or whose reviews fall
   * outside every period in it): not in this account yet, but mapped again against each
   * child's recorded history when their chunk is recorded, and counted there.
   */
  readonly withHistory?: {
    readonly children: number;
    readonly episodes: number;
    readonly reviews: number;
  };
}

/** One chunk: whole children, as events to record or as rows to map against their history first. */
export interface ImportChunk {
  /** Each child's events in history order. */
  readonly events: readonly CaseEvent[];
  /** Children mapped when recorded, against the events already recorded for them. */
  readonly children?: readonly ChildRows[];
}

export type UploadPlan =
  | {
      readonly ok: true;
      readonly summary: UploadSummary;
      readonly chunks: readonly ImportChunk[];
      /** Every row refusal line (the summary keeps the first {@link KEPT_PROBLEMS}), kept page by page. */
      readonly refusals: readonly string[];
    }
  /** A file is not its table (the CLI's exit 2): nothing is stored. */
  | { readonly ok: false; readonly status: 400; readonly problems: readonly string[] }
  /** One child's events do not fit in one chunk. */
  | { readonly ok: false; readonly status: 413; readonly reason: string };

async function readChecked<C extends string, T>(
  text: string,
  file: Table,
  columns: readonly C[],
  check: (row: CsvRow, layout: Layout<C>) => Checked<T>,
): Promise<Checked<T>[]> {
  const checked: Checked<T>[] = [];
  await readTable([text], file, columns, (row, layout) => checked.push(check(row, layout)));
  return checked;
}

/**
 * Reads, checks and maps an upload. The files are named `episodes` and `reviews` in
 * every problem; no problem quotes a value, and the personal columns (DOB, postcodes,
 * URN) go no further than the row checks.
 */
export async function planUpload(
  files: {
    readonly episodes: string;
    readonly reviews: string;
    readonly yearEnd?: LocalDate | undefined;
  },
  rules?: RulesContext,
  today: LocalDate = londonDate(new Date().toISOString()),
): Promise<UploadPlan> {
  const problems: string[] = [];
  const read = async <T>(job: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await job();
    } catch (error) {
      if (!(error instanceof TableError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const episodesRead = await read(() =>
    readChecked(files.episodes, 'episodes', EPISODE_COLUMNS, checkEpisode),
  );
  const reviewsRead = await read(() =>
    readChecked(files.reviews, 'reviews', REVIEW_COLUMNS, checkReview),
  );
  if (!episodesRead || !reviewsRead) return { ok: false, status: 400, problems };
  // As the CLI: no date after the return's year end nor after today, PLACE by the year's list.
  const yearEnd = files.yearEnd ?? defaultYearEnd(episodesRead) ?? `${collectionYear(today)}-03-31`;
  const { episodes: episodeRows, reviews: reviewRows } = checkYear(
    { episodes: episodesRead, reviews: reviewsRead },
    yearEnd,
    today,
  );

  const withRules = { ...(rules ? { rules } : {}), yearEnd };
  const first = importReturn({ episodes: episodeRows, reviews: reviewRows, ...withRules });
  const later = laterChildren(first, reviewRows);
  const mapNow = <T extends { readonly child: string }>(checked: readonly Checked<T>[]) =>
    checked.filter((c) => !c.ok || !later.has(c.row.child));
  const result =
    later.size === 0
      ? first
      : importReturn({ episodes: mapNow(episodeRows), reviews: mapNow(reviewRows), ...withRules });
  const kept = keptRows(later, episodeRows, reviewRows);
  const summary: UploadSummary = {
    yearEnd,
    read: { episodes: episodeRows.length, reviews: reviewRows.length },
    ...rowAccount(result),
    ...(later.size === 0
      ? {}
      : {
          withHistory: {
            children: later.size,
            episodes: kept.reduce((n, c) => n + c.episodes.length, 0),
            reviews: kept.reduce((n, c) => n + c.reviews.length, 0),
          },
        }),
  };
  const chunks = chunked(result.events, kept);
  if (!chunks.ok) return { ok: false, status: 413, reason: chunks.reason };
  return { ok: true, summary, chunks: chunks.chunks, refusals: problemLines(result) };
}

/** The rows of the children kept, grouped by child in one pass over each table. */
function keptRows(
  later: ReadonlySet<string>,
  episodeRows: readonly Checked<EpisodeRow>[],
  reviewRows: readonly Checked<ReviewRow>[],
): ChildRows[] {
  const byChild = new Map<string, { child: string; episodes: EpisodeRow[]; reviews: ReviewRow[] }>(
    [...later].map((child) => [child, { child, episodes: [], reviews: [] }]),
  );
  for (const c of episodeRows) if (c.ok) byChild.get(c.row.child)?.episodes.push(c.row);
  for (const c of reviewRows) if (c.ok) byChild.get(c.row.child)?.reviews.push(c.row);
  return [...byChild.values()];
}

/**
 * The children whose rows need the history already recorded to be mapped as the CLI
 * maps them with `--out`: those whose first episode is not `S` (their period began in
 * an earlier return), and those with a review outside every period in this file.
 */
function laterChildren(first: ImportResult, reviewRows: readonly Checked<ReviewRow>[]) {
  const later = new Set(first.childrenInProgress);
  const reviewChild = new Map<number, string>();
  for (const c of reviewRows) if (c.ok) reviewChild.set(c.row.line, c.row.child);
  for (const outcome of first.outcomes) {
    if (
      outcome.table === 'reviews' &&
      outcome.kind === 'refused' &&
      outcome.problems.some((p) => p.rule === 'review outside any period of care')
    ) {
      const child = reviewChild.get(outcome.line);
      if (child !== undefined) later.add(child);
    }
  }
  return later;
}

const childOf = (event: CaseEvent): string => ('childId' in event ? event.childId : '');

/**
 * Cuts the events into chunks of whole children: a child's events stay together and in
 * the order given (importReturn gives each child's in history order, children one after
 * another), and a chunk closes once it holds {@link CHUNK_EVENTS} or more. A child kept
 * as rows (to be mapped against their history) counts a row as an event.
 */
export function chunked(
  events: readonly CaseEvent[],
  rows: readonly ChildRows[] = [],
):
  | { readonly ok: true; readonly chunks: ImportChunk[] }
  | { readonly ok: false; readonly reason: string } {
  const byChild = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const child = childOf(event);
    const list = byChild.get(child) ?? [];
    list.push(event);
    byChild.set(child, list);
  }
  const units = [
    ...[...byChild.values()].map((childEvents) => ({
      events: childEvents,
      count: childEvents.length,
    })),
    ...rows.map((child) => ({ child, count: child.episodes.length + child.reviews.length })),
  ];
  const chunks: ImportChunk[] = [];
  let current: { events: CaseEvent[]; children: ChildRows[] } = { events: [], children: [] };
  let count = 0;
  let bytes = 0;
  for (const unit of units) {
    const size = Buffer.byteLength(
      JSON.stringify('child' in unit ? unit.child : unit.events),
      'utf8',
    );
    if (size > MAX_CHUNK_BYTES) {
      return {
        ok: false,
        reason: `one child has more events than an import chunk holds (${MAX_CHUNK_BYTES / 1024} KB): split the return by child`,
      };
    }
    if (count > 0 && (count >= CHUNK_EVENTS || bytes + size > MAX_CHUNK_BYTES)) {
      chunks.push(closed(current));
      current = { events: [], children: [] };
      count = 0;
      bytes = 0;
    }
    if ('child' in unit) current.children.push(unit.child);
    else current.events.push(...unit.events);
    count += unit.count;
    bytes += size;
  }
  if (count > 0) chunks.push(closed(current));
  return { ok: true, chunks };
}

const closed = (chunk: { events: CaseEvent[]; children: ChildRows[] }): ImportChunk =>
  chunk.children.length === 0 ? { events: chunk.events } : chunk;
