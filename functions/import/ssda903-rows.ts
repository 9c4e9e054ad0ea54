/**
 * The rows of the SSDA903 children-looked-after return (DfE), checked one at a time:
 * each row either becomes a small record of what the clocks need, or is refused with
 * every problem named by column and rule. Personal data (DOB, postcodes, URN) is read
 * here to check the row and dropped: it never leaves this module, and no message
 * quotes a value from the file.
 */
import { addMonths, isLocalDate, type LocalDate } from '../../workflows/calendar/index.js';
import { PARTICIPATION_CODES, type ParticipationCode, parseEvent } from '../../workflows/events.js';

export const EPISODE_COLUMNS = [
  'CHILD',
  'DECOM',
  'RNE',
  'LS',
  'CIN',
  'PLACE',
  'PLACE_PROVIDER',
  'DEC',
  'REC',
  'REASON_PLACE_CHANGE',
  'HOME_POST',
  'PL_POST',
  'URN',
] as const;
export const REVIEW_COLUMNS = ['CHILD', 'DOB', 'REVIEW', 'REVIEW_CODE'] as const;

export type EpisodeColumn = (typeof EPISODE_COLUMNS)[number];
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

/** Reason for new episode: S starts a period of care; the others are changes within one. */
export const RNE_CODES = ['S', 'L', 'P', 'T', 'U', 'B'] as const;
export type ReasonNewEpisode = (typeof RNE_CODES)[number];
/** Legal status; E1 is a placement order. */
export const LS_CODES = [
  'C1',
  'C2',
  'D1',
  'E1',
  'J1',
  'J2',
  'J3',
  'L1',
  'L2',
  'L3',
  'V2',
  'V3',
  'V4',
] as const;
/** Placement type; A3 to A6 are placements for adoption. */
export const PLACE_CODES = [
  'A3',
  'A4',
  'A5',
  'A6',
  'H5',
  'K1',
  'K2',
  'P1',
  'P2',
  'P3',
  'R1',
  'R2',
  'R3',
  'R5',
  'S1',
  'T0',
  'T1',
  'T2',
  'T3',
  'T4',
  'U1',
  'U2',
  'U3',
  'U4',
  'U5',
  'U6',
  'Z1',
] as const;
export const ADOPTIVE_PLACEMENTS: ReadonlySet<string> = new Set(['A3', 'A4', 'A5', 'A6']);
/** Reason episode ceased: X1 = a new episode follows in the same period; E11, E12 = adopted. */
export const REC_CODES = [
  'X1',
  'E11',
  'E12',
  'E13',
  'E14',
  'E15',
  'E16',
  'E17',
  'E2',
  'E3',
  'E41',
  'E45',
  'E46',
  'E47',
  'E48',
  'E4A',
  'E4B',
  'E5',
  'E6',
  'E7',
  'E8',
  'E9',
] as const;
export const ADOPTED: ReadonlySet<string> = new Set(['E11', 'E12']);
const CIN_CODES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
const PROVIDER_CODES = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;

/** The rules a row can break; the summary counts refused rows by these. */
export type Rule =
  | 'missing column'
  | 'too many fields'
  | 'missing value'
  | 'invalid reference'
  | 'impossible date'
  | 'unknown code'
  | 'episode ends before it starts'
  | 'episode overlaps the previous one'
  | 'S episode within a period of care'
  | 'change outside a period of care'
  | 'review before birth'
  | 'participation code does not fit the age'
  | 'review outside any period of care'
  | 'conflicting duplicate'
  | 'refused by the planner';

/** One thing wrong with a row: the column at fault (if one is) and the rule, never the value. */
export interface RowProblem {
  readonly field?: string;
  readonly rule: Rule;
  readonly detail: string;
}

/** Where each column sits in the file (columns may come in any order) and how wide the header is. */
export interface Layout<C extends string> {
  readonly index: Readonly<Record<C, number>>;
  readonly width: number;
}

/** A row as the CSV reader hands it over: the line it starts on and its fields. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** An episode of care, as much of it as the clocks need. */
export interface EpisodeRow {
  readonly line: number;
  readonly child: string;
  readonly start: LocalDate;
  readonly rne: ReasonNewEpisode;
  readonly ls: string;
  readonly place: string;
  readonly end?: LocalDate;
  readonly rec?: string;
  /** The episode's content (no personal data), to know a repeated row. */
  readonly key: string;
}

/** A looked-after review; the date of birth it was checked against is gone. */
export interface ReviewRow {
  readonly line: number;
  readonly child: string;
  readonly date: LocalDate;
  readonly participation?: ParticipationCode;
  readonly key: string;
}

export type Checked<T> =
  | { readonly ok: true; readonly row: T }
  | { readonly ok: false; readonly line: number; readonly problems: readonly RowProblem[] };

/** The most an episode can last: a child stops being looked after at 18. */
const MAX_EPISODE_MONTHS = 18 * 12;

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/;

const ymd = (year: number, month: string, day: string): LocalDate =>
  `${String(year).padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;

/**
 * A date written dd/mm/yyyy (day and month may have one digit), or `undefined` when it
 * is not a real one. A two-digit year is accepted only where `pivot` is given: it takes
 * the century that puts the date on or after `pivot` and less than 100 years later
 * (older returns write DEC as dd/mm/yy; the episode's start fixes the century, so the
 * reading never depends on the day the import runs).
 */
export function parseReturnDate(value: string, pivot?: LocalDate): LocalDate | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [, day = '', month = '', year = ''] = match;
  let date: LocalDate;
  if (year.length === 4) {
    date = ymd(Number(year), month, day);
  } else {
    if (pivot === undefined) return undefined;
    const century = Math.floor(Number(pivot.slice(0, 4)) / 100) * 100;
    date = ymd(century + Number(year), month, day);
    if (isLocalDate(date) && date < pivot) date = ymd(century + 100 + Number(year), month, day);
  }
  return isLocalDate(date) ? date : undefined;
}

/** The row's value in a column; the reader has already trimmed it. */
const valueIn = <C extends string>(row: CsvRow, layout: Layout<C>, column: C): string =>
  row.fields[layout.index[column]] ?? '';

/** The shape problems of a row: fewer or more fields than the header names. */
function widthProblems<C extends string>(row: CsvRow, layout: Layout<C>): RowProblem[] {
  if (row.fields.length < layout.width) {
    const missing = (Object.keys(layout.index) as C[]).filter(
      (column) => layout.index[column] >= row.fields.length,
    );
    return [
      {
        rule: 'missing column',
        detail: `the row has ${row.fields.length} fields and the header ${layout.width}: no ${missing.join(', ')}`,
      },
    ];
  }
  if (row.fields.length > layout.width) {
    return [
      {
        rule: 'too many fields',
        detail: `the row has ${row.fields.length} fields and the header ${layout.width}`,
      },
    ];
  }
  return [];
}

/** The child's reference must be a valid id of the event contract (at most 128 characters, printable). */
function childProblems(value: string): RowProblem[] {
  if (value === '') return [{ field: 'CHILD', rule: 'missing value', detail: 'is required' }];
  const probe = parseEvent({ type: 'CeasedLookedAfter', childId: value, date: '2000-01-01' });
  if (probe.ok) return [];
  return probe.problems.map((problem) => ({
    field: 'CHILD',
    rule: 'invalid reference',
    detail: problem.reason,
  }));
}

function requiredDate(problems: RowProblem[], field: string, value: string): LocalDate | undefined {
  if (value === '') {
    problems.push({ field, rule: 'missing value', detail: 'is required' });
    return undefined;
  }
  const date = parseReturnDate(value);
  if (date === undefined) {
    problems.push({
      field,
      rule: 'impossible date',
      detail: 'must be a real date written dd/mm/yyyy',
    });
  }
  return date;
}

function code<T extends string>(
  problems: RowProblem[],
  field: string,
  value: string,
  codes: readonly T[],
  required: boolean,
): T | undefined {
  if (value === '') {
    if (required) problems.push({ field, rule: 'missing value', detail: 'is required' });
    return undefined;
  }
  if ((codes as readonly string[]).includes(value)) return value as T;
  problems.push({ field, rule: 'unknown code', detail: `must be one of ${codes.join(', ')}` });
  return undefined;
}

/**
 * Checks one row of the episodes table. CIN and PLACE_PROVIDER are checked when
 * given; REASON_PLACE_CHANGE, HOME_POST, PL_POST and URN play no part in the clocks
 * and are dropped unread.
 */
export function checkEpisode(row: CsvRow, layout: Layout<EpisodeColumn>): Checked<EpisodeRow> {
  const problems = widthProblems(row, layout);
  if (problems.length > 0) return { ok: false, line: row.line, problems };
  const value = (column: EpisodeColumn) => valueIn(row, layout, column);
  const child = value('CHILD');
  problems.push(...childProblems(child));
  const start = requiredDate(problems, 'DECOM', value('DECOM'));
  const rne = code(problems, 'RNE', value('RNE'), RNE_CODES, true);
  const ls = code(problems, 'LS', value('LS'), LS_CODES, true);
  code(problems, 'CIN', value('CIN'), CIN_CODES, false);
  const place = code(problems, 'PLACE', value('PLACE'), PLACE_CODES, true);
  code(problems, 'PLACE_PROVIDER', value('PLACE_PROVIDER'), PROVIDER_CODES, false);
  const rec = code(problems, 'REC', value('REC'), REC_CODES, false);
  const decText = value('DEC');
  let end: LocalDate | undefined;
  if (decText !== '') {
    if (start !== undefined) {
      end = parseReturnDate(decText, start);
      if (end === undefined) {
        problems.push({
          field: 'DEC',
          rule: 'impossible date',
          detail: 'must be a real date written dd/mm/yyyy (or dd/mm/yy)',
        });
      } else if (end < start) {
        problems.push({
          field: 'DEC',
          rule: 'episode ends before it starts',
          detail: 'is before DECOM',
        });
      } else if (end > addMonths(start, MAX_EPISODE_MONTHS)) {
        problems.push({
          field: 'DEC',
          rule: 'impossible date',
          detail: 'is more than 18 years after DECOM: a child stops being looked after at 18',
        });
      }
    }
    if (value('REC') === '') {
      problems.push({
        field: 'REC',
        rule: 'missing value',
        detail: 'is required when the episode ended (DEC given)',
      });
    }
  } else if (value('REC') !== '') {
    problems.push({
      field: 'DEC',
      rule: 'missing value',
      detail: 'is required when a reason the episode ceased (REC) is given',
    });
  }
  if (
    problems.length > 0 ||
    start === undefined ||
    rne === undefined ||
    ls === undefined ||
    place === undefined
  ) {
    return { ok: false, line: row.line, problems };
  }
  const key = [
    child,
    start,
    rne,
    ls,
    value('CIN'),
    place,
    value('PLACE_PROVIDER'),
    end ?? '',
    rec ?? '',
    value('REASON_PLACE_CHANGE'),
  ].join('\u0000');
  return {
    ok: true,
    row: {
      line: row.line,
      child,
      start,
      rne,
      ls,
      place,
      ...(end === undefined ? {} : { end }),
      ...(rec === undefined ? {} : { rec }),
      key,
    },
  };
}

/**
 * Checks one row of the reviews table. The date of birth is checked against the
 * review (a review before birth is impossible; PN0 is for a child under 4 at the
 * review, and only for them), then dropped. A blank REVIEW_CODE gives a review with
 * no participation recorded.
 */
export function checkReview(row: CsvRow, layout: Layout<ReviewColumn>): Checked<ReviewRow> {
  const problems = widthProblems(row, layout);
  if (problems.length > 0) return { ok: false, line: row.line, problems };
  const value = (column: ReviewColumn) => valueIn(row, layout, column);
  const child = value('CHILD');
  problems.push(...childProblems(child));
  const born = requiredDate(problems, 'DOB', value('DOB'));
  const date = requiredDate(problems, 'REVIEW', value('REVIEW'));
  const participation = code(
    problems,
    'REVIEW_CODE',
    value('REVIEW_CODE'),
    PARTICIPATION_CODES,
    false,
  );
  if (born !== undefined && date !== undefined) {
    if (date < born) {
      problems.push({
        field: 'REVIEW',
        rule: 'review before birth',
        detail: "is before the child's date of birth (DOB)",
      });
    } else if (participation !== undefined) {
      const underFour = date < addMonths(born, 48);
      if (participation === 'PN0' && !underFour) {
        problems.push({
          field: 'REVIEW_CODE',
          rule: 'participation code does not fit the age',
          detail: 'PN0 is for a child under 4 at the review; by DOB this child was 4 or over',
        });
      } else if (participation !== 'PN0' && underFour) {
        problems.push({
          field: 'REVIEW_CODE',
          rule: 'participation code does not fit the age',
          detail: 'by DOB the child was under 4 at the review, which is PN0',
        });
      }
    }
  }
  if (problems.length > 0 || date === undefined) return { ok: false, line: row.line, problems };
  return {
    ok: true,
    row: {
      line: row.line,
      child,
      date,
      ...(participation === undefined ? {} : { participation }),
      key: [child, date, participation ?? ''].join('\u0000'),
    },
  };
}
