/**
 * `cli import-903`: a council's SSDA903 return (episodes and reviews tables) in, case
 * events (JSON Lines) out, with every row accounted for on stderr. Thin: read the two
 * tables as streams, check and map them (ssda903.ts), write the new events.
 *
 * Exit 0: every row imported or not needed. Exit 3: some rows refused, the rest
 * imported. Exit 2: a file cannot be read as its table (or the arguments are wrong):
 * nothing written.
 */
import { parseArgs } from 'node:util';
import { isLocalDate, londonDate } from '../../workflows/calendar/index.js';
import { type CaseEvent, parseEventLines } from '../../workflows/events.js';
import { readCouncilConfig } from '../shared/council-config.js';
import { readTable, TableError, type TextSource } from './csv-table.js';
import {
  type ImportResult,
  importReturn,
  PriorHistoryError,
  problemLine,
  type Table,
} from './ssda903.js';
import {
  type Checked,
  type CsvRow,
  checkEpisode,
  checkReview,
  checkYear,
  collectionName,
  collectionYear,
  defaultYearEnd,
  EPISODE_COLUMNS,
  type Layout,
  REVIEW_COLUMNS,
} from './ssda903-rows.js';
import { IMPORT_903_USAGE } from './usage.js';
import { rowAccount } from './with-history.js';

export { IMPORT_903_USAGE };

/** What the command needs of the outside world; streams and writes are optional so tests can hold files in memory. */
export interface Import903Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readText: (path: string) => Promise<string>;
  /** Opens a file as a stream; without it the file is read whole with `readText`. */
  readonly openText?: (path: string) => TextSource;
  /** Writes a whole file; required for `--out`. */
  readonly writeText?: (path: string, text: string) => Promise<void>;
  /** Today's date (YYYY-MM-DD); London's date by the clock when absent. */
  readonly today?: () => string;
}

/** The arguments or a file are wrong: exit 2, nothing written. */
class UsageError extends Error {}

const parseCommandLine = (argv: readonly string[]) => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      episodes: { type: 'string' },
      reviews: { type: 'string' },
      out: { type: 'string' },
      config: { type: 'string' },
      'year-end': { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals.join(' ')}`);
  if (!values.episodes || !values.reviews)
    throw new Error('--episodes FILE and --reviews FILE are required');
  const yearEnd = values['year-end'];
  if (yearEnd !== undefined && !isLocalDate(yearEnd))
    throw new Error('--year-end must be a real date written YYYY-MM-DD');
  return {
    episodes: values.episodes,
    reviews: values.reviews,
    out: values.out,
    config: values.config,
    yearEnd,
  };
};

/** Streams one table through its row check; personal data goes no further than the check. */
async function readAll<C extends string, T>(
  io: Import903Io,
  path: string,
  columns: readonly C[],
  check: (row: CsvRow, layout: Layout<C>) => Checked<T>,
): Promise<Checked<T>[]> {
  const source: TextSource = io.openText ? io.openText(path) : await readWhole(io, path);
  const checked: Checked<T>[] = [];
  await readTable(source, path, columns, (row, layout) => checked.push(check(row, layout)));
  return checked;
}

async function readWhole(io: Import903Io, path: string): Promise<string[]> {
  try {
    return [await io.readText(path)];
  } catch (error) {
    throw new TableError(
      `${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
}

/** The events already in `--out`, if it exists: the history new rows are checked against. */
async function readPrior(io: Import903Io, path: string) {
  let text: string;
  try {
    text = await io.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { text: '', events: [] as CaseEvent[] };
    throw new UsageError(`${path}: cannot read the events file (${code ?? 'unreadable'})`);
  }
  const { events, problems } = parseEventLines(text);
  if (problems.length > 0) {
    const [first] = problems;
    throw new UsageError(
      `${path}${first?.line === undefined ? '' : `:${first.line}`}: ${first?.field ? `${first.field}: ` : ''}${first?.reason ?? ''} (--out must be a file of events, such as an earlier import wrote; ${problems.length} problem(s))`,
    );
  }
  return { text, events: events.map((e) => e.event) };
}

/** Runs the command; returns the exit code. */
export async function import903(argv: readonly string[], io: Import903Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof TableError || error instanceof UsageError) {
      io.stderr(`${error.message}\nnothing written\n`);
      return 2;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: Import903Io): Promise<number> {
  let args: ReturnType<typeof parseCommandLine>;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage:\n${IMPORT_903_USAGE}`);
  }
  if (args.out !== undefined && !io.writeText) throw new UsageError('--out cannot be written here');
  // The planner's check counts the council's working days, as `cli obligations` does.
  const config = await readCouncilConfig(io.readText, args.config);
  if (!config.ok) throw new UsageError(config.problems.join('\n'));
  const prior = args.out === undefined ? { text: '', events: [] } : await readPrior(io, args.out);
  const episodesRead = await readAll(io, args.episodes, EPISODE_COLUMNS, checkEpisode);
  const reviewsRead = await readAll(io, args.reviews, REVIEW_COLUMNS, checkReview);
  const today = io.today?.() ?? londonDate(new Date().toISOString());
  const yearEnd = args.yearEnd ?? defaultYearEnd(episodesRead) ?? `${collectionYear(today)}-03-31`;
  const { episodes, reviews } = checkYear(
    { episodes: episodesRead, reviews: reviewsRead },
    yearEnd,
    today,
  );
  let result: ReturnType<typeof importReturn>;
  try {
    result = importReturn({
      episodes,
      reviews,
      prior: prior.events,
      rules: config.settings.rules,
      yearEnd,
    });
  } catch (error) {
    if (!(error instanceof PriorHistoryError)) throw error;
    throw new UsageError(
      `${args.out}: the events already there are not a consistent history: ${error.message}`,
    );
  }

  const lines = result.events.map((event) => `${JSON.stringify(event)}\n`).join('');
  if (args.out === undefined) {
    io.stdout(lines);
  } else if (lines !== '' || prior.text === '') {
    const joiner = prior.text === '' || prior.text.endsWith('\n') ? '' : '\n';
    await io.writeText?.(args.out, `${prior.text}${joiner}${lines}`);
  }

  const files: Record<Table, string> = { episodes: args.episodes, reviews: args.reviews };
  const problemLines = result.outcomes.flatMap((outcome) =>
    outcome.kind === 'refused'
      ? outcome.problems.map((p) => `${problemLine(files[outcome.table], outcome.line, p)}\n`)
      : [],
  );
  const read = { episodes: episodes.length, reviews: reviews.length };
  const warningLines = result.outcomes.flatMap((outcome) =>
    outcome.kind === 'refused'
      ? []
      : (outcome.warnings ?? []).map(
          (w) => `${problemLine(files[outcome.table], outcome.line, w)} (warning: imported)\n`,
        ),
  );
  io.stderr(
    problemLines.join('') + warningLines.join('') + summary(result, read, files, args.out, yearEnd),
  );
  return result.outcomes.some((o) => o.kind === 'refused') ? 3 : 0;
}

/** A count's entries in the order of their keys, as the summary lists them. */
const sorted = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const total = (counts: Readonly<Record<string, number>>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** The account of every row: read = turned into events + not needed + refused, per table. */
export function summary(
  result: ImportResult,
  read: Readonly<Record<Table, number>>,
  files: Readonly<Record<Table, string>>,
  out?: string,
  yearEnd?: string,
): string {
  // The same account the API's upload gives (with-history.ts), in words.
  const account = rowAccount(result);
  const { periodsInProgress } = account;
  const text: string[] = ['', 'SSDA903 import'];
  if (yearEnd !== undefined) {
    text.push(
      `  return's year end: ${yearEnd} (the ${collectionName(yearEnd)} collection's codes)`,
    );
  }
  for (const table of ['episodes', 'reviews'] as const) {
    const { imported, importedWithWarnings, notNeeded, refused } = account.rows[table];
    text.push(
      `  ${table} (${files[table]}): ${read[table]} rows read = ${imported} turned into events + ${importedWithWarnings} turned into events with warnings + ${notNeeded} not needed + ${refused} refused`,
    );
  }
  text.push(`  events written: ${result.events.length}${out === undefined ? '' : ` (to ${out})`}`);
  for (const [type, n] of sorted(account.events)) text.push(`    ${type}: ${n}`);
  text.push(`  rows not needed: ${total(account.notNeeded)}`);
  for (const [reason, n] of sorted(account.notNeeded)) text.push(`    ${reason}: ${n}`);
  text.push(`  rows refused: ${total(account.refused)}`);
  for (const [rule, n] of sorted(account.refused)) text.push(`    ${rule}: ${n}`);
  text.push(`  warnings: ${account.warningCount}`);
  for (const [rule, n] of sorted(account.warned)) text.push(`    ${rule}: ${n}`);
  if (periodsInProgress > 0) {
    text.push(
      `  periods of care already running when the file starts, taken to start on their first episode or earlier review: ${periodsInProgress}`,
    );
  }
  return `${text.join('\n')}\n`;
}
