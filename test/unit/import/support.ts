/**
 * Fixtures for the SSDA903 import, written from the DfE specification of the
 * children-looked-after return, and an in-memory run of `cli import-903`.
 */
import { main } from '../../../functions/cli/cli.js';

export const EPISODES_HEADER =
  'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
export const REVIEWS_HEADER = 'CHILD,DOB,REVIEW,REVIEW_CODE';

/** Personal data the fixtures carry, which must never be printed nor written out. */
export const POSTCODE = 'ZQ9 8';
export const PLACEMENT_POSTCODE = 'ZQ7 6';
export const URN = 'SC987654';
export const DOB = '14/03/2009';

/** One episode row; the personal columns always hold the values above. */
export function episode(
  child: string,
  decom: string,
  rne: string,
  ls: string,
  place: string,
  dec = '',
  rec = '',
): string {
  return [
    child,
    decom,
    rne,
    ls,
    'N1',
    place,
    'PR1',
    dec,
    rec,
    dec === '' ? '' : 'CARPL',
    POSTCODE,
    PLACEMENT_POSTCODE,
    URN,
  ].join(',');
}

/** One review row, for a child born on {@link DOB} unless another date of birth is given. */
export const review = (child: string, date: string, code = 'PN1', dob = DOB): string =>
  [child, dob, date, code].join(',');

export const episodes = (...rows: string[]): string => `${[EPISODES_HEADER, ...rows].join('\n')}\n`;
export const reviews = (...rows: string[]): string => `${[REVIEWS_HEADER, ...rows].join('\n')}\n`;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Files as they are after the run (those written included). */
  readonly files: Readonly<Record<string, string>>;
  /** The events printed on stdout, parsed. */
  readonly events: Record<string, unknown>[];
}

/** Runs `cli import-903` (or any command) over files held in memory. */
export async function run903(
  argv: readonly string[],
  files: Readonly<Record<string, string>>,
  today?: string,
): Promise<Run> {
  const store: Record<string, string> = { ...files };
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readText: async (path) => {
      const text = store[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    writeText: async (path, text) => {
      store[path] = text;
    },
    ...(today === undefined ? {} : { today: () => today }),
  });
  const events = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stdout, stderr, files: store, events };
}

/** `import-903` over an episodes and a reviews table, events on stdout; `extra` arguments after. */
export const importTables = (
  episodesCsv: string,
  reviewsCsv: string = reviews(),
  extra: readonly string[] = [],
  today?: string,
) =>
  run903(
    ['import-903', '--episodes', 'episodes.csv', '--reviews', 'reviews.csv', ...extra],
    { 'episodes.csv': episodesCsv, 'reviews.csv': reviewsCsv },
    today,
  );

/** The year end of the 2017/18 return, for fixtures whose episodes end after the latest DECOM's year. */
export const YEAR_END_2018 = ['--year-end', '2018-03-31'] as const;

/** The events without their ids, which are checked on their own. */
export const withoutIds = (events: readonly Record<string, unknown>[]) =>
  events.map(({ eventId: _, ...rest }) => rest);

/** The summary's count of rows in each category, e.g. `accountOf(stderr, 'episodes')`. */
export function accountOf(stderr: string, table: 'episodes' | 'reviews') {
  const match = new RegExp(
    `${table} \\([^)]*\\): (\\d+) rows read = (\\d+) turned into events \\+ (\\d+) turned into events with warnings \\+ (\\d+) not needed \\+ (\\d+) refused`,
  ).exec(stderr);
  if (!match) throw new Error(`no account of ${table} in the summary`);
  // The regular expression matched, so its five groups are there.
  const count = (group: number) => Number(match[group]);
  return {
    read: count(1),
    imported: count(2),
    warned: count(3),
    notNeeded: count(4),
    refused: count(5),
  };
}
