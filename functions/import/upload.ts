/**
 * The SSDA903 upload through the API (`POST /imports`): the two tables as text in, the
 * same checks and mapping as `cli import-903` (ssda903.ts), and the events cut into
 * chunks that the import state machine records one at a time through the ordinary
 * record path. Pure apart from reading the text: the handler stores what this returns.
 *
 * A chunk holds whole children, each child's events in history order, so chunks can be
 * recorded side by side without one child's review arriving before their start.
 */
import type { CaseEvent } from '../../workflows/events.js';
import type { RulesContext } from '../../workflows/obligations.js';
import { readTable, TableError } from './csv-table.js';
import { importReturn, problemLine, type RowOutcome, type Table } from './ssda903.js';
import {
  type Checked,
  type CsvRow,
  checkEpisode,
  checkReview,
  EPISODE_COLUMNS,
  type Layout,
  REVIEW_COLUMNS,
} from './ssda903-rows.js';

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

/** How many problem lines the import record keeps (the count of all is kept beside them). */
export const KEPT_PROBLEMS = 100;

/** What the upload found, row by row, before anything is recorded. */
export interface UploadSummary {
  /** Rows read, per table. */
  readonly read: Readonly<Record<Table, number>>;
  /** Per table: rows turned into events, not needed, refused (read = the three added up). */
  readonly rows: Readonly<
    Record<
      Table,
      { readonly imported: number; readonly notNeeded: number; readonly refused: number }
    >
  >;
  /** Rows refused, by `table, rule` (the rule of the row's first problem), as the CLI counts them. */
  readonly refused: Readonly<Record<string, number>>;
  /** Rows not needed, by `table, reason`. */
  readonly notNeeded: Readonly<Record<string, number>>;
  /** The events to record, per type. */
  readonly events: Readonly<Record<string, number>>;
  /** Periods taken to start on their first episode because the file begins inside them. */
  readonly periodsInProgress: number;
  /** The first {@link KEPT_PROBLEMS} problems, `FILE:LINE: FIELD: rule: detail` as the CLI prints them. */
  readonly problems: readonly string[];
  /** How many problems there are in all. */
  readonly problemCount: number;
}

export type UploadPlan =
  | {
      readonly ok: true;
      readonly summary: UploadSummary;
      /** Whole children per chunk, each child's events in history order. */
      readonly chunks: readonly (readonly CaseEvent[])[];
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

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/**
 * Reads, checks and maps an upload. The files are named `episodes` and `reviews` in
 * every problem; no problem quotes a value, and the personal columns (DOB, postcodes,
 * URN) go no further than the row checks.
 */
export async function planUpload(
  files: { readonly episodes: string; readonly reviews: string },
  rules?: RulesContext,
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
  const episodeRows = await read(() =>
    readChecked(files.episodes, 'episodes', EPISODE_COLUMNS, checkEpisode),
  );
  const reviewRows = await read(() =>
    readChecked(files.reviews, 'reviews', REVIEW_COLUMNS, checkReview),
  );
  if (!episodeRows || !reviewRows) return { ok: false, status: 400, problems };

  const result = importReturn({
    episodes: episodeRows,
    reviews: reviewRows,
    ...(rules ? { rules } : {}),
  });
  const lines = result.outcomes.flatMap((outcome) =>
    outcome.kind === 'refused'
      ? outcome.problems.map((p) => problemLine(outcome.table, outcome.line, p))
      : [],
  );
  const ofTable = (table: Table, kind: RowOutcome['kind']) =>
    result.outcomes.filter((o) => o.table === table && o.kind === kind).length;
  const rowsOf = (table: Table) => ({
    imported: ofTable(table, 'imported'),
    notNeeded: ofTable(table, 'not needed'),
    refused: ofTable(table, 'refused'),
  });
  const summary: UploadSummary = {
    read: { episodes: episodeRows.length, reviews: reviewRows.length },
    rows: { episodes: rowsOf('episodes'), reviews: rowsOf('reviews') },
    refused: countBy(
      result.outcomes.filter((o) => o.kind === 'refused'),
      (o) => `${o.table}, ${o.kind === 'refused' ? (o.problems[0]?.rule ?? '') : ''}`,
    ),
    notNeeded: countBy(
      result.outcomes.filter((o) => o.kind === 'not needed'),
      (o) => `${o.table}, ${o.kind === 'not needed' ? o.reason : ''}`,
    ),
    events: countBy(result.events, (e) => e.type),
    periodsInProgress: result.periodsInProgress,
    problems: lines.slice(0, KEPT_PROBLEMS),
    problemCount: lines.length,
  };
  const chunks = chunked(result.events);
  if (!chunks.ok) return { ok: false, status: 413, reason: chunks.reason };
  return { ok: true, summary, chunks: chunks.chunks };
}

const childOf = (event: CaseEvent): string => ('childId' in event ? event.childId : '');

/**
 * Cuts the events into chunks of whole children: a child's events stay together and in
 * the order given (importReturn gives each child's in history order, children one after
 * another), and a chunk closes once it holds {@link CHUNK_EVENTS} or more.
 */
export function chunked(
  events: readonly CaseEvent[],
):
  | { readonly ok: true; readonly chunks: CaseEvent[][] }
  | { readonly ok: false; readonly reason: string } {
  const byChild = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const child = childOf(event);
    const list = byChild.get(child) ?? [];
    list.push(event);
    byChild.set(child, list);
  }
  const chunks: CaseEvent[][] = [];
  let current: CaseEvent[] = [];
  let bytes = 0;
  for (const childEvents of byChild.values()) {
    const size = Buffer.byteLength(JSON.stringify(childEvents), 'utf8');
    if (size > MAX_CHUNK_BYTES) {
      return {
        ok: false,
        reason: `one child has more events than an import chunk holds (${MAX_CHUNK_BYTES / 1024} KB): split the return by child`,
      };
    }
    if (current.length > 0 && (current.length >= CHUNK_EVENTS || bytes + size > MAX_CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...childEvents);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return { ok: true, chunks };
}
