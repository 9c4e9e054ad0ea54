/**
 * What an upload's rows gave, counted as `cli import-903` counts them, and the second
 * mapping of a child whose period of care began before the file: the upload cannot
 * know that history, so it keeps such a child's rows (no personal data: the row checks
 * dropped it) and the chunk step maps them again against the child's recorded log, as
 * the CLI maps a return against the events already in `--out`. Pure.
 */
import type { CaseEvent } from '../../workflows/events.js';
import type { RulesContext } from '../../workflows/obligations.js';
import {
  type ImportResult,
  importReturn,
  PriorHistoryError,
  problemLine,
  type RowOutcome,
  type Table,
} from './ssda903.js';
import type { EpisodeRow, ReviewRow } from './ssda903-rows.js';

/** How many problem lines an account keeps (the count of all is kept beside them). */
export const KEPT_PROBLEMS = 100;

/** One child's checked rows, kept to be mapped when the child's recorded history can be read. */
export interface ChildRows {
  readonly child: string;
  readonly episodes: readonly EpisodeRow[];
  readonly reviews: readonly ReviewRow[];
}

/** Rows of one table: read = imported + imported with warnings + not needed + refused. */
export interface TableAccount {
  readonly imported: number;
  /** Turned into events with something wrong left out (a warning names it). */
  readonly importedWithWarnings: number;
  readonly notNeeded: number;
  readonly refused: number;
}

/** The account of rows mapped: read = turned into events (with or without warnings) + not needed + refused. */
export interface RowAccount {
  /** Per table: rows turned into events, with warnings, not needed, refused. */
  readonly rows: Readonly<Record<Table, TableAccount>>;
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
  /** Warnings, by `table, rule` (a row with two counts under both). */
  readonly warned: Readonly<Record<string, number>>;
  /** The first {@link KEPT_PROBLEMS} warnings, `FILE:LINE: FIELD: rule: detail`. */
  readonly warnings: readonly string[];
  /** How many warnings there are in all. */
  readonly warningCount: number;
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

/**
 * Every problem line of one mapping, `FILE:LINE: FIELD: rule: detail` in row order: what
 * an upload keeps whole, page by page, for the refusals' download (the account keeps
 * only the first {@link KEPT_PROBLEMS}).
 */
export function problemLines(result: ImportResult): string[] {
  return result.outcomes.flatMap((outcome) =>
    outcome.kind === 'refused'
      ? outcome.problems.map((p) => problemLine(outcome.table, outcome.line, p))
      : [],
  );
}

/** The rows' account of one mapping; the files are named `episodes` and `reviews`. */
export function rowAccount(result: ImportResult): RowAccount {
  const lines = problemLines(result);
  const warningsOf = (o: RowOutcome) => (o.kind === 'refused' ? [] : (o.warnings ?? []));
  const warned = result.outcomes.flatMap((o) =>
    warningsOf(o).map((w) => ({ table: o.table, line: o.line, warning: w })),
  );
  const ofTable = (table: Table, kind: RowOutcome['kind'], withWarnings?: boolean) =>
    result.outcomes.filter(
      (o) =>
        o.table === table &&
        o.kind === kind &&
        (withWarnings === undefined || withWarnings === warningsOf(o).length > 0),
    ).length;
  const rowsOf = (table: Table): TableAccount => ({
    imported: ofTable(table, 'imported', false),
    importedWithWarnings: ofTable(table, 'imported', true),
    notNeeded: ofTable(table, 'not needed'),
    refused: ofTable(table, 'refused'),
  });
  return {
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
    warned: countBy(warned, (w) => `${w.table}, ${w.warning.rule}`),
    warnings: warned.slice(0, KEPT_PROBLEMS).map((w) => problemLine(w.table, w.line, w.warning)),
    warningCount: warned.length,
  };
}

/**
 * Maps one child's rows against the events already recorded for them (their log), as
 * `cli import-903 --out` maps against the file: a period already begun is continued,
 * and a review inside it is taken. A log the mapping cannot read as one history (it
 * holds what the planner took, so only if the rules changed since) leaves the rows
 * mapped on their own, as before.
 */
export function mapWithHistory(
  rows: readonly ChildRows[],
  recorded: readonly CaseEvent[],
  rules?: RulesContext,
): { readonly events: readonly CaseEvent[]; readonly account: RowAccount } {
  const input = {
    episodes: rows.flatMap((r) => r.episodes.map((row) => ({ ok: true as const, row }))),
    reviews: rows.flatMap((r) => r.reviews.map((row) => ({ ok: true as const, row }))),
    ...(rules ? { rules } : {}),
  };
  let result: ImportResult;
  try {
    result = importReturn({ ...input, prior: recorded });
  } catch (error) {
    if (!(error instanceof PriorHistoryError)) throw error;
    result = importReturn(input);
  }
  return { events: result.events, account: rowAccount(result) };
}

/** Two accounts added up (the problem lines kept up to {@link KEPT_PROBLEMS}). */
export function addAccounts(a: RowAccount, b: RowAccount): RowAccount {
  const add = (x: Readonly<Record<string, number>>, y: Readonly<Record<string, number>>) => {
    const sum: Record<string, number> = { ...x };
    for (const [key, n] of Object.entries(y)) sum[key] = (sum[key] ?? 0) + n;
    return sum;
  };
  const table = (t: Table): TableAccount => ({
    imported: a.rows[t].imported + b.rows[t].imported,
    // An upload stored before warnings were counted has none.
    importedWithWarnings:
      (a.rows[t].importedWithWarnings ?? 0) + (b.rows[t].importedWithWarnings ?? 0),
    notNeeded: a.rows[t].notNeeded + b.rows[t].notNeeded,
    refused: a.rows[t].refused + b.rows[t].refused,
  });
  return {
    rows: { episodes: table('episodes'), reviews: table('reviews') },
    refused: add(a.refused, b.refused),
    notNeeded: add(a.notNeeded, b.notNeeded),
    events: add(a.events, b.events),
    periodsInProgress: a.periodsInProgress + b.periodsInProgress,
    problems: [...a.problems, ...b.problems].slice(0, KEPT_PROBLEMS),
    problemCount: a.problemCount + b.problemCount,
    warned: add(a.warned ?? {}, b.warned ?? {}),
    warnings: [...(a.warnings ?? []), ...(b.warnings ?? [])].slice(0, KEPT_PROBLEMS),
    warningCount: (a.warningCount ?? 0) + (b.warningCount ?? 0),
  };
}
