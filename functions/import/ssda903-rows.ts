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
/**
 * Placement type, as the DfE lists it for the collections up to 2023/24 (the validator's
 * rule 146); A3 to A6 are placements for adoption.
 */
const PLACE_CODES_TO_2024 = [
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
/** 2024/25 adds K3 (secure children's home placed on welfare grounds). */
const PLACE_CODES_2025 = [...PLACE_CODES_TO_2024, 'K3'] as const;
/** From 2025/26: H5, P2 and Z1 are gone; Z1 is split into Z11 to Z14. */
const PLACE_CODES_FROM_2026 = [
  ...PLACE_CODES_2025.filter((code) => code !== 'H5' && code !== 'P2' && code !== 'Z1'),
  'Z11',
  'Z12',
  'Z13',
  'Z14',
] as const;
/** Every placement code of any collection year: a row's first check, before its year is known. */
export const PLACE_CODES: readonly string[] = [
  ...new Set<string>([...PLACE_CODES_2025, ...PLACE_CODES_FROM_2026]),
];

/**
 * The placement codes of the collection year that ends on `yearEnd`'s 31 March: the
 * DfE's list for that year (a year before 2022/23 takes the 2022/23 list, the oldest
 * the published validator keeps). LS and REC have not changed since 2022/23.
 */
export function placeCodesFor(yearEnd: LocalDate): readonly string[] {
  const year = collectionYear(yearEnd);
  return year <= 2024
    ? PLACE_CODES_TO_2024
    : year === 2025
      ? PLACE_CODES_2025
      : PLACE_CODES_FROM_2026;
}

/** The year whose 31 March ends the collection `yearEnd` falls in (1 April to 31 March). */
export const collectionYear = (date: LocalDate): number => {
  const year = Number(date.slice(0, 4));
  return date.slice(5) <= '03-31' ? year : year + 1;
};

/** The collection year in words, as the DfE names it: `2017/18`. */
export const collectionName = (yearEnd: LocalDate): string => {
  const year = collectionYear(yearEnd);
  return `${year - 1}/${String(year % 100).padStart(2, '0')}`;
};

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
  | 'refused by the planner'
  | 'not a code of the year'
  | 'after the year end'
  | 'after today';

/**
 * What a row imported with a warning breaks: a DfE validation rule (by its number, as
 * the council's validator names it) that touches nothing the clocks need.
 */
export type Warning =
  | 'DfE 148: reason ceased without an end date'
  | 'DfE 357: first episode is not S'
  | 'DfE 388: last episode ended X1'
  | 'DfE 431: S on the day the previous episode ended'
  | 'DfE 433: continuation does not start the day the last ended'
  | 'DfE 437: episodes after the child died or turned 18'
  | 'DfE 440: PN0 for a child 4 or over'
  | 'DfE 441: PN1-PN7 for a child under 4';

/** One thing wrong with a row: the column at fault (if one is) and the rule, never the value. */
export interface RowProblem {
  readonly field?: string;
  readonly rule: Rule | Warning;
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
  /** What is wrong with the row but was left out, so the rest is imported. */
  readonly warnings?: readonly RowProblem[];
}

/** A looked-after review; the date of birth it was checked against is gone. */
export interface ReviewRow {
  readonly line: number;
  readonly child: string;
  readonly date: LocalDate;
  readonly participation?: ParticipationCode;
  readonly key: string;
  /** What is wrong with the row but was left out (a participation code that does not fit the age). */
  readonly warnings?: readonly RowProblem[];
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
  const recGiven = code(problems, 'REC', value('REC'), REC_CODES, false);
  const decText = value('DEC');
  const rec = decText === '' ? undefined : recGiven;
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
        detail:
          'is required when the episode ended (DEC given): without it, whether the child left care is unknown (DfE 148)',
      });
    }
  }
  // REC without DEC (DfE 148): the episode is sound and still open; only its reason
  // for ending is premature, so it is left out and the episode imported as open.
  const warnings: RowProblem[] = [];
  if (decText === '' && value('REC') !== '') {
    warnings.push({
      field: 'REC',
      rule: 'DfE 148: reason ceased without an end date',
      detail:
        'a reason the episode ceased is given with no end date (DEC): imported as an open episode, without REC',
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
      ...(warnings.length === 0 ? {} : { warnings }),
    },
  };
}

/**
 * Checks one row of the reviews table. The date of birth is checked against the
 * review (a review before birth is impossible), then dropped. A participation code
 * that does not fit the child's age (PN0 after the 4th birthday, DfE 440; PN1 to PN7
 * before it, DfE 441; on the birthday both are accepted, as the DfE accepts them) is
 * left out with a warning: the review itself was held. A blank REVIEW_CODE gives a
 * review with no participation recorded.
 */
export function checkReview(row: CsvRow, layout: Layout<ReviewColumn>): Checked<ReviewRow> {
  const problems = widthProblems(row, layout);
  if (problems.length > 0) return { ok: false, line: row.line, problems };
  const value = (column: ReviewColumn) => valueIn(row, layout, column);
  const child = value('CHILD');
  problems.push(...childProblems(child));
  const born = requiredDate(problems, 'DOB', value('DOB'));
  const date = requiredDate(problems, 'REVIEW', value('REVIEW'));
  let participation = code(
    problems,
    'REVIEW_CODE',
    value('REVIEW_CODE'),
    PARTICIPATION_CODES,
    false,
  );
  const warnings: RowProblem[] = [];
  if (born !== undefined && date !== undefined) {
    if (date < born) {
      problems.push({
        field: 'REVIEW',
        rule: 'review before birth',
        detail: "is before the child's date of birth (DOB)",
      });
    } else if (participation !== undefined) {
      const fourth = addMonths(born, 48);
      if (participation === 'PN0' && date > fourth) {
        warnings.push({
          field: 'REVIEW_CODE',
          rule: 'DfE 440: PN0 for a child 4 or over',
          detail:
            'PN0 is for a child under 4, and by DOB this child was over 4 at the review: the review is imported with no participation code',
        });
        participation = undefined;
      } else if (participation !== 'PN0' && date < fourth) {
        warnings.push({
          field: 'REVIEW_CODE',
          rule: 'DfE 441: PN1-PN7 for a child under 4',
          detail:
            'by DOB the child was under 4 at the review, which is PN0: the review is imported with no participation code',
        });
        participation = undefined;
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
      key: [child, date, value('REVIEW_CODE')].join('\u0000'),
      ...(warnings.length === 0 ? {} : { warnings }),
    },
  };
}

/**
 * The 31 March that ends the return's collection year by default: the one on or after
 * the latest DECOM (a return holds the episodes that started up to its year end).
 * `undefined` when no episode was read.
 */
export function defaultYearEnd(episodes: readonly Checked<EpisodeRow>[]): LocalDate | undefined {
  let latest: LocalDate | undefined;
  for (const c of episodes)
    if (c.ok && (latest === undefined || c.row.start > latest)) latest = c.row.start;
  return latest === undefined ? undefined : `${collectionYear(latest)}-03-31`;
}

/**
 * Checks the rows against the return's year: no date after its year end (DfE 354 for
 * DECOM, 385 for DEC; a review likewise) nor after today (a review in the future would
 * satisfy a clock), and PLACE in the year's own list. A row that breaks one is refused
 * whole, with the reason; the rest pass unchanged.
 */
export function checkYear(
  input: {
    readonly episodes: readonly Checked<EpisodeRow>[];
    readonly reviews: readonly Checked<ReviewRow>[];
  },
  yearEnd: LocalDate,
  today: LocalDate,
): {
  readonly episodes: Checked<EpisodeRow>[];
  readonly reviews: Checked<ReviewRow>[];
} {
  const year = collectionName(yearEnd);
  const places = new Set(placeCodesFor(yearEnd));
  const dated = (field: string, date: LocalDate | undefined, rule?: string): RowProblem[] => {
    if (date === undefined) return [];
    if (date > today) {
      return [
        {
          field,
          rule: 'after today',
          detail: 'is after today: a date yet to come cannot be imported',
        },
      ];
    }
    if (date > yearEnd) {
      return [
        {
          field,
          rule: 'after the year end',
          detail: `is after the return's year end (31 March ${yearEnd.slice(0, 4)})${rule ? `: ${rule}` : ''}`,
        },
      ];
    }
    return [];
  };
  const refuseIf = <T extends { readonly line: number }>(
    checked: Checked<T>,
    problems: (row: T) => RowProblem[],
  ): Checked<T> => {
    if (!checked.ok) return checked;
    const found = problems(checked.row);
    return found.length === 0 ? checked : { ok: false, line: checked.row.line, problems: found };
  };
  return {
    episodes: input.episodes.map((c) =>
      refuseIf(c, (row) => [
        ...dated('DECOM', row.start, 'DfE 354'),
        ...dated('DEC', row.end, 'DfE 385'),
        ...(places.has(row.place)
          ? []
          : [
              {
                field: 'PLACE',
                rule: 'not a code of the year' as const,
                detail: `is not a placement type in the DfE's list for ${year} (DfE 146)`,
              },
            ]),
      ]),
    ),
    reviews: input.reviews.map((c) => refuseIf(c, (row) => dated('REVIEW', row.date))),
  };
}
