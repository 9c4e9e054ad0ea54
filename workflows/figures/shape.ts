/**
 * What the unit's figures are made of (figures.md section 8): the answer's shape, apart
 * from the code that computes it, so a reader of the answer (the work tray's Figures
 * page) can name its types without the planner. Types and constants only.
 */

import type {
  Advocacy,
  ChildParticipation,
  ContactMethod,
  Grade,
  PlanCategory,
  StaffBasis,
} from '../answers.js';
import type { LocalDate } from '../calendar/local-date.js';
import type { DisputeStage } from '../events.js';
import type { ParticipationCode } from '../participation.js';
import type { Period } from './period.js';

/** A percentage's two counts; an empty denominator reads "n/a". */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}
export interface HeldRatio extends Ratio {
  readonly held: number;
}
/** Counts by dispute stage; zero counts are left out. */
export type StageCounts = Partial<Record<`${DisputeStage}`, number>>;
/** Counts by SSDA903 participation code, `none` for not recorded; zero counts are left out. */
export type CodeCounts = Partial<Record<ParticipationCode | 'none', number>>;

/** Counts by answer; zero counts are left out (figures.md section 9). */
export type Counts<K extends string> = Partial<Record<K, number>>;
/** A ratio with the counts behind it, by answer. */
export type ValueRatio<K extends string> = Ratio & { readonly byValue: Counts<K> };
export type GradeRatio = Ratio & { readonly byGrade: Counts<Grade> };

/** figures.md section 8, under the figures' ids, and section 9's beside them. */
export interface Figures {
  readonly L1: { readonly count: number };
  readonly L2: { readonly started: number; readonly ceased: number };
  readonly L3?: { readonly rate: number };
  readonly L4: { readonly held: number; readonly onTime: number; readonly late: number };
  readonly L5: Ratio;
  readonly L6: Ratio & { readonly byCode: CodeCounts };
  readonly L7: Ratio;
  readonly L8: { readonly decisions: Ratio; readonly record: Ratio };
  /** Reviews for which the young person shared their views beforehand, through their link (a local addition, README). */
  readonly L12: Ratio;
  readonly C1: { readonly count: number };
  readonly C2?: { readonly rate: number };
  readonly C3: { readonly started: number; readonly ended: number };
  readonly C4: HeldRatio;
  readonly C5: Ratio;
  readonly C6: HeldRatio;
  readonly C7: { readonly started: number; readonly ever: number; readonly within24Months: number };
  readonly C8: Ratio;
  readonly C9: { readonly initial: Ratio; readonly review: Ratio };
  readonly C10: Ratio;
  readonly C11: Ratio;
  readonly D1: { readonly raised: number; readonly resolved: number };
  readonly D2: { readonly byStage: StageCounts };
  readonly D3: Ratio;
  readonly D4: { readonly byStage: StageCounts };
  readonly D5: { readonly medianWorkingDays: number } | null;
  readonly O1: HeldRatio;
  readonly O2: HeldRatio;
  readonly O3: HeldRatio;
  readonly L9: Ratio & { readonly notRecorded: number };
  readonly L10: {
    readonly byMethod: Counts<ContactMethod>;
    readonly outOfArea: { readonly contacts: number; readonly children: number };
  };
  readonly L11: Ratio;
  readonly C12: ValueRatio<Advocacy>;
  readonly C13: ValueRatio<ChildParticipation>;
  readonly C14: {
    readonly onTo: Counts<PlanCategory | 'notRecorded'>;
    readonly started: Counts<PlanCategory | 'notRecorded'>;
  };
  readonly C15: Ratio;
  readonly C16: ValueRatio<Grade>;
  readonly A1: GradeRatio & { readonly byIro: Readonly<Record<string, GradeRatio>> };
  /**
   * From the staff records on the day the report is made, not the log: only where the
   * report is made with them (the API), like the caseloads.
   */
  readonly S1?: {
    readonly byBasis: Partial<
      Record<StaffBasis | 'notRecorded', { readonly iros: number; readonly children: number }>
    >;
  };
}

/** Why a reference is listed under a figure: fixed words, never anything a person typed. */
export type ShortfallReason =
  | 'late'
  | 'overdue'
  | 'no participation code'
  | 'under 4'
  | 'views not conveyed'
  | 'no IRO contact'
  | 'not shared'
  | 'shared late'
  | 'no strategy discussion'
  | 'no plan made'
  | 'earlier plan'
  | 'earlier plan ended within 24 months'
  | 'two years or more'
  | 'family did not attend'
  | 'report late'
  | 'no report before the conference'
  | 'not resolved within 20 working days'
  | 'open'
  | 'permanence plan not agreed'
  | 'permanence plan not recorded'
  | 'IRO changed'
  | 'advocate offered and declined'
  | 'advocate not offered'
  | 'young person not involved'
  | 'report requires improvement'
  | 'report inadequate'
  | 'audit graded requires improvement'
  | 'audit graded inadequate';

/** One reference behind a figure: ids and dates only. */
export interface Shortfall {
  /** The child's or foster carer's id. */
  readonly subjectId: string;
  /** The conference or dispute id, where there is one. */
  readonly refId?: string;
  /** The date of what is listed (the review, conference, plan start or end, dispute raised). */
  readonly date: string;
  /** What it was due by, where that is the point. */
  readonly due?: string;
  readonly reason: ShortfallReason;
  /** For a dispute: the stage it stands at. */
  readonly stage?: DisputeStage;
  /** For a dispute: working days from raised to resolved, or to the period's end if still open. */
  readonly workingDays?: number;
  /** For an audit: the IRO whose work was audited (a staff id). */
  readonly iro?: string;
}

/** The lists behind the figures, by figure id (and part: `L8.decisions`, `C9.initial`, ...). */
export const SHORTFALL_LISTS = [
  'L4',
  'L5',
  'L6',
  'L7',
  'L8.decisions',
  'L8.record',
  'C4',
  'C5',
  'C6',
  'C7',
  'C8',
  'C9.initial',
  'C9.review',
  'C10',
  'C11',
  'D3',
  'D4',
  'O1',
  'O2',
  'O3',
  'L9',
  'L11',
  'C12',
  'C13',
  'C16',
  'A1',
] as const;
export type ShortfallList = (typeof SHORTFALL_LISTS)[number];
export type Shortfalls = Readonly<Record<ShortfallList, readonly Shortfall[]>>;

/** The month-by-month series (figures.md section 6). */
export interface MonthFigures {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** As of the month's last day, over the period so far. */
  readonly L5: Ratio;
  /** Over the month's conferences. */
  readonly C4: Ratio;
  readonly C6: Ratio;
  /** Over the month's second reviews: the permanence plan agreed (figures.md L9). */
  readonly L9: Ratio;
  /** Over the month's conferences: the young person took part (figures.md C13). */
  readonly C13: Ratio;
}

export interface PeriodFigures {
  readonly period: Period;
  readonly figures: Figures;
  readonly shortfalls: Shortfalls;
  readonly months: readonly MonthFigures[];
}

/** A period's figures and, nearest first, those of the periods of the same length before it. */
export interface FiguresReport extends PeriodFigures {
  readonly earlier: readonly PeriodFigures[];
}

/** How many references of each shortfall list the API's answer carries; the rest come a page at a time. */
export const SHORTFALL_PAGE = 100;

/** A period's figures and month series without its shortfall lists: an earlier period, as the API answers it. */
export type PeriodHeadline = Omit<PeriodFigures, 'shortfalls'>;

/**
 * `GET /reports/figures` answered for a page: every figure and month series at once,
 * the first {@link SHORTFALL_PAGE} references of each of the period's shortfall lists
 * with each list's whole count, and the earlier periods' figures and months alone.
 */
export interface PagedFiguresReport extends PeriodHeadline {
  readonly shortfalls: Shortfalls;
  readonly shortfallCounts: Readonly<Record<ShortfallList, number>>;
  readonly earlier: readonly PeriodHeadline[];
}

/** One page of one of the period's shortfall lists (`GET /reports/figures?list=&page=`). */
export interface ShortfallPage {
  readonly period: Period;
  readonly list: ShortfallList;
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly items: readonly Shortfall[];
}

/** The IRO Handbook puts an IRO's caseload at 50 to 70 looked-after children. */
export const CASELOAD_CEILING = 70;

export interface IroCaseload {
  /** The IRO's staff id (never a name: the answer may be passed round). */
  readonly iro: string;
  readonly children: number;
  /** Marked when the IRO holds more than {@link CASELOAD_CEILING}: the IRO Handbook's 50 to 70. */
  readonly over70: boolean;
}

export interface Caseloads {
  /** The day counted. */
  readonly on: LocalDate;
  /** Children looked after on the day (figures.md L1 as of that day). */
  readonly lookedAfter: number;
  /** Of them, those allocated to no IRO. */
  readonly withoutIro: number;
  /** How many IROs hold an allocation. */
  readonly iros: number;
  /** Mean looked-after children per IRO, to one decimal place (half up); null with no IRO. */
  readonly mean: number | null;
  readonly lowest: number | null;
  readonly highest: number | null;
  /** IROs holding more than {@link CASELOAD_CEILING}. */
  readonly over70: number;
  /** By staff id. */
  readonly byIro: readonly IroCaseload[];
}

/** The caseloads as the API answers them: each IRO named where the staff directory knows them. */
export type NamedCaseloads = Omit<Caseloads, 'byIro'> & {
  readonly byIro: readonly (IroCaseload & { readonly name?: string })[];
};
