/**
 * The figures as the annual report lays them out: its tables, their rows, and how a
 * number is written ("88% (44 of 50)", "n/a"). Shared by every format, so the
 * markdown, HTML and CSV cannot disagree about a row.
 */
import {
  ADVOCACY,
  ANSWER_WORDS,
  CHILD_PARTICIPATION,
  CONTACT_METHODS,
  GRADES,
  PLAN_CATEGORIES,
  STAFF_BASIS,
} from '../answers.js';
import { PARTICIPATION_CODES } from '../participation.js';
import type { Period } from './period.js';
import type {
  Figures,
  PeriodHeadline,
  Ratio,
  Shortfall,
  ShortfallList,
  StageCounts,
} from './shape.js';

/** What one row shows for one period: a count, a ratio, or nothing to show ("n/a"). */
export type Value = { readonly count: number } | { readonly ratio: Ratio } | null;

export interface Measure {
  /** The figure's id in figures.md (`L4`), or id and part (`L8.decisions`). */
  readonly id: string;
  readonly label: string;
  readonly value: (figures: Figures) => Value;
  /** The list that opens this row up, for a ratio below 100%. */
  readonly shortfalls?: ShortfallList;
  /** Left out of a report where no period has it (L3, C2 without a population). */
  readonly optional?: boolean;
}

export interface FiguresTable {
  readonly title: string;
  readonly measures: readonly Measure[];
}

const count = (value: number): Value => ({ count: value });
const ratio = (value: Ratio): Value => ({ ratio: value });
const stages = (counts: StageCounts, stage: number): Value => count(counts[`${stage}` as '1'] ?? 0);

const STAGES = [1, 2, 3, 4, 5] as const;
const STAGE_NAMES = [
  'team manager',
  'service manager',
  'head of service',
  "director of children's services",
  'Cafcass referral considered',
];

/**
 * The tables of the report, in the annual report's order. A label says what figures.md
 * counts: L6 counts reviews, not children; the records' rows say "on time" because each
 * council sets the working days a record is due in (timescales.md 3.5), so a number in
 * the label could be false.
 */
const FIRST_ROUND: readonly FiguresTable[] = [
  {
    title: 'Looked-after children',
    measures: [
      { id: 'L1', label: 'Looked after on the last day', value: (f) => count(f.L1.count) },
      { id: 'L2.started', label: 'Started to be looked after', value: (f) => count(f.L2.started) },
      { id: 'L2.ceased', label: 'Ceased to be looked after', value: (f) => count(f.L2.ceased) },
      {
        id: 'L3',
        label: 'Looked after per 10,000 children',
        value: (f) => (f.L3 ? count(f.L3.rate) : null),
        optional: true,
      },
      { id: 'L4', label: 'Reviews held', value: (f) => count(f.L4.held) },
      {
        id: 'L4.onTime',
        label: 'Reviews held on time',
        value: (f) => ratio({ numerator: f.L4.onTime, denominator: f.L4.held }),
        shortfalls: 'L4',
      },
      {
        id: 'L5',
        label: 'Children reviewed within timescales',
        value: (f) => ratio(f.L5),
        shortfalls: 'L5',
      },
    ],
  },
  {
    title: 'Participation in reviews and contact with the IRO',
    measures: [
      ...[...PARTICIPATION_CODES, 'none' as const].map(
        (code): Measure => ({
          id: `L6.${code}`,
          label: code === 'none' ? 'Reviews with no participation code' : `Reviews coded ${code}`,
          value: (f) => count(f.L6.byCode[code] ?? 0),
        }),
      ),
      {
        id: 'L6',
        label:
          'Reviews in which the child participated (PN1 to PN6, of reviews coded other than PN0)',
        value: (f) => ratio(f.L6),
        shortfalls: 'L6',
      },
      {
        id: 'L7',
        label: 'Reviews preceded by IRO contact with the child',
        value: (f) => ratio(f.L7),
        shortfalls: 'L7',
      },
      {
        id: 'L12',
        label:
          'Reviews for which the young person shared their views beforehand, through their link',
        value: (f) => ratio(f.L12),
      },
    ],
  },
  {
    title: 'Records of reviews',
    measures: [
      {
        id: 'L8.decisions',
        label: 'Decisions shared on time',
        value: (f) => ratio(f.L8.decisions),
        shortfalls: 'L8.decisions',
      },
      {
        id: 'L8.record',
        label: 'Records shared on time',
        value: (f) => ratio(f.L8.record),
        shortfalls: 'L8.record',
      },
    ],
  },
  {
    title: 'Child protection',
    measures: [
      { id: 'C1', label: 'Children with a plan on the last day', value: (f) => count(f.C1.count) },
      {
        id: 'C2',
        label: 'Children with a plan per 10,000 children',
        value: (f) => (f.C2 ? count(f.C2.rate) : null),
        optional: true,
      },
      { id: 'C3.started', label: 'Plans started', value: (f) => count(f.C3.started) },
      { id: 'C3.ended', label: 'Plans ended', value: (f) => count(f.C3.ended) },
      { id: 'C4', label: 'Initial conferences held', value: (f) => count(f.C4.held) },
      {
        id: 'C4.onTime',
        label: 'Initial conferences within 15 working days',
        value: (f) => ratio(f.C4),
        shortfalls: 'C4',
      },
      {
        id: 'C5',
        label: 'Initial conferences with no plan made',
        value: (f) => ratio(f.C5),
        shortfalls: 'C5',
      },
      { id: 'C6', label: 'Review conferences held', value: (f) => count(f.C6.held) },
      {
        id: 'C6.onTime',
        label: 'Review conferences within timescales',
        value: (f) => ratio(f.C6),
        shortfalls: 'C6',
      },
      {
        id: 'C7.ever',
        label: 'Plans that were a second or subsequent plan',
        value: (f) => ratio({ numerator: f.C7.ever, denominator: f.C7.started }),
        shortfalls: 'C7',
      },
      {
        id: 'C7.within24Months',
        label: 'Second or subsequent plans within 24 months',
        value: (f) => ratio({ numerator: f.C7.within24Months, denominator: f.C7.started }),
        shortfalls: 'C7',
      },
      {
        id: 'C8',
        label: 'Plans ended that lasted two years or more',
        value: (f) => ratio(f.C8),
        shortfalls: 'C8',
      },
    ],
  },
  {
    title: 'Conferences',
    measures: [
      {
        id: 'C9.initial',
        label: 'Initial conferences the family attended',
        value: (f) => ratio(f.C9.initial),
        shortfalls: 'C9.initial',
      },
      {
        id: 'C9.review',
        label: 'Review conferences the family attended',
        value: (f) => ratio(f.C9.review),
        shortfalls: 'C9.review',
      },
      {
        id: 'C10',
        label: 'Reports shared 2 working days before the conference',
        value: (f) => ratio(f.C10),
        shortfalls: 'C10',
      },
      {
        id: 'C11',
        label: 'Minutes shared on time',
        value: (f) => ratio(f.C11),
        shortfalls: 'C11',
      },
    ],
  },
  {
    title: 'Dispute resolution',
    measures: [
      { id: 'D1.raised', label: 'Disputes raised', value: (f) => count(f.D1.raised) },
      { id: 'D1.resolved', label: 'Disputes resolved', value: (f) => count(f.D1.resolved) },
      ...STAGES.map(
        (stage): Measure => ({
          id: `D2.${stage}`,
          label: `Resolved at stage ${stage} (${STAGE_NAMES[stage - 1]})`,
          value: (f) => stages(f.D2.byStage, stage),
        }),
      ),
      {
        id: 'D3',
        label: 'Resolved within 20 working days',
        value: (f) => ratio(f.D3),
        shortfalls: 'D3',
      },
      ...STAGES.map(
        (stage): Measure => ({
          id: `D4.${stage}`,
          label: `Open on the last day at stage ${stage}`,
          value: (f) => stages(f.D4.byStage, stage),
        }),
      ),
      {
        id: 'D5',
        label: 'Median working days to resolve',
        value: (f) => (f.D5 ? count(f.D5.medianWorkingDays) : null),
      },
    ],
  },
  {
    title: 'Other reviews',
    measures: [
      { id: 'O1', label: 'Secure accommodation reviews held', value: (f) => count(f.O1.held) },
      {
        id: 'O1.onTime',
        label: 'Secure accommodation reviews on time',
        value: (f) => ratio(f.O1),
        shortfalls: 'O1',
      },
      { id: 'O2', label: 'Foster carer reviews held', value: (f) => count(f.O2.held) },
      {
        id: 'O2.onTime',
        label: 'Foster carer reviews on time',
        value: (f) => ratio(f.O2),
        shortfalls: 'O2',
      },
      { id: 'O3', label: 'Short breaks reviews held', value: (f) => count(f.O3.held) },
      {
        id: 'O3.onTime',
        label: 'Short breaks reviews on time',
        value: (f) => ratio(f.O3),
        shortfalls: 'O3',
      },
    ],
  },
];

/** The plans' categories in the order the report lists them, "not recorded" last. */
const CATEGORY_ROWS = [...PLAN_CATEGORIES, 'notRecorded'] as const;
const wordsOf = (answer: string): string =>
  answer === 'notRecorded' ? 'not recorded' : (ANSWER_WORDS[answer] ?? answer).toLowerCase();

/** figures.md section 9: what the annual report also measures. */
const SECOND_ROUND: readonly FiguresTable[] = [
  {
    title: 'Permanence, contact and one IRO throughout',
    measures: [
      {
        id: 'L9',
        label: 'Second reviews at which the permanence plan was agreed',
        value: (f) => ratio(f.L9),
        shortfalls: 'L9',
      },
      {
        id: 'L9.notRecorded',
        label: 'Second reviews with no permanence plan recorded',
        value: (f) => count(f.L9.notRecorded),
      },
      ...CONTACT_METHODS.map(
        (method): Measure => ({
          id: `L10.${method}`,
          label: `IRO contacts with children by ${wordsOf(method)}`,
          value: (f) => count(f.L10.byMethod[method] ?? 0),
        }),
      ),
      {
        id: 'L10.outOfArea.contacts',
        label: 'IRO contacts with children living outside the area',
        value: (f) => count(f.L10.outOfArea.contacts),
      },
      {
        id: 'L10.outOfArea.children',
        label: 'Children living outside the area the IRO was in touch with',
        value: (f) => count(f.L10.outOfArea.children),
      },
      {
        id: 'L11',
        label: 'Children looked after throughout with the same IRO',
        value: (f) => ratio(f.L11),
        shortfalls: 'L11',
      },
    ],
  },
  {
    title: 'Young people at conferences',
    measures: [
      ...ADVOCACY.map(
        (value): Measure => ({
          id: `C12.${value}`,
          label: `Conferences: ${wordsOf(value)}`,
          value: (f) => count(f.C12.byValue[value] ?? 0),
        }),
      ),
      {
        id: 'C12',
        label: 'Conferences with an advocate involved (of those recorded)',
        value: (f) => ratio(f.C12),
        shortfalls: 'C12',
      },
      ...CHILD_PARTICIPATION.filter((value) => value !== 'too-young').map(
        (value): Measure => ({
          id: `C13.${value}`,
          label: `Conferences: ${wordsOf(value)}`,
          value: (f) => count(f.C13.byValue[value] ?? 0),
        }),
      ),
      {
        id: 'C13',
        label: 'Conferences the young person attended or conveyed their views to',
        value: (f) => ratio(f.C13),
        shortfalls: 'C13',
      },
    ],
  },
  {
    title: 'Child protection plans by category and disability',
    measures: [
      ...CATEGORY_ROWS.map(
        (category): Measure => ({
          id: `C14.onTo.${category}`,
          label: `Children with a plan on the last day: ${wordsOf(category)}`,
          value: (f) => count(f.C14.onTo[category] ?? 0),
        }),
      ),
      ...CATEGORY_ROWS.map(
        (category): Measure => ({
          id: `C14.started.${category}`,
          label: `Plans started: ${wordsOf(category)}`,
          value: (f) => count(f.C14.started[category] ?? 0),
        }),
      ),
      {
        id: 'C15',
        label: 'Children with a plan on the last day who have a disability',
        value: (f) => ratio(f.C15),
      },
    ],
  },
  {
    title: 'Quality of social work reports and of IRO work',
    measures: [
      ...GRADES.map(
        (grade): Measure => ({
          id: `C16.${grade}`,
          label: `Social work reports judged ${wordsOf(grade)}`,
          value: (f) => count(f.C16.byValue[grade] ?? 0),
        }),
      ),
      {
        id: 'C16',
        label: 'Social work reports judged outstanding or good',
        value: (f) => ratio(f.C16),
        shortfalls: 'C16',
      },
      ...GRADES.map(
        (grade): Measure => ({
          id: `A1.${grade}`,
          label: `Audits of IRO work graded ${wordsOf(grade)}`,
          value: (f) => count(f.A1.byGrade[grade] ?? 0),
        }),
      ),
      {
        id: 'A1',
        label: 'Audits of IRO work graded outstanding or good',
        value: (f) => ratio(f.A1),
        shortfalls: 'A1',
      },
      ...[...STAFF_BASIS, 'notRecorded' as const].flatMap((basis): Measure[] => [
        {
          id: `S1.${basis}.iros`,
          label: `IROs on the day the report was made: ${wordsOf(basis)}`,
          value: (f) => (f.S1 ? count(f.S1.byBasis[basis]?.iros ?? 0) : null),
          optional: true,
        },
        {
          id: `S1.${basis}.children`,
          label: `Looked-after children allocated to them (${wordsOf(basis)})`,
          value: (f) => (f.S1 ? count(f.S1.byBasis[basis]?.children ?? 0) : null),
          optional: true,
        },
      ]),
    ],
  },
];

/** Every table of the report: sections 2-5, then section 9. */
export const TABLES: readonly FiguresTable[] = [...FIRST_ROUND, ...SECOND_ROUND];

/**
 * The month-by-month chart's lines, as the HTML report and the work tray draw them: each
 * a colour and a dash, so the lines differ without colour too.
 */
export const MONTH_SERIES = [
  { key: 'L5', label: 'Children reviewed within timescales (L5)', colour: '#1d70b8', dash: '' },
  {
    key: 'C4',
    label: 'Initial conferences within 15 working days (C4)',
    colour: '#d4351c',
    dash: '8 4',
  },
  { key: 'C6', label: 'Review conferences within timescales (C6)', colour: '#00703c', dash: '2 3' },
] as const;

/** The second month-by-month chart's lines (figures.md section 9): permanence and participation. */
export const SECOND_MONTH_SERIES = [
  {
    key: 'L9',
    label: 'Second reviews with the permanence plan agreed (L9)',
    colour: '#1d70b8',
    dash: '',
  },
  {
    key: 'C13',
    label: 'Conferences the young person took part in (C13)',
    colour: '#d4351c',
    dash: '8 4',
  },
] as const;

/** The measures a report shows: optional ones only where some period has them. */
export function shownMeasures(
  table: FiguresTable,
  periods: readonly PeriodHeadline[],
): readonly Measure[] {
  return table.measures.filter(
    (m) => !m.optional || periods.some((p) => m.value(p.figures) !== null),
  );
}

/** A percentage rounded half up to a whole number; undefined for an empty denominator. */
export function percentOf({ numerator, denominator }: Ratio): number | undefined {
  if (denominator === 0) return undefined;
  return Math.floor((200 * numerator + denominator) / (2 * denominator));
}

/** "88% (44 of 50)", or "n/a" when there is nothing to count. */
export function ratioText(value: Ratio): string {
  const percent = percentOf(value);
  return percent === undefined ? 'n/a' : `${percent}% (${value.numerator} of ${value.denominator})`;
}

export function valueText(value: Value): string {
  if (value === null) return 'n/a';
  return 'count' in value ? String(value.count) : ratioText(value.ratio);
}

/** One listed reference in words: ids and dates, and the fixed words of its reason. */
export function shortfallText(item: Shortfall): string {
  const ref = item.refId === undefined ? item.subjectId : `${item.subjectId} ${item.refId}`;
  const due = item.due === undefined ? '' : `, due ${item.due}`;
  const stage = item.stage === undefined ? '' : `, stage ${item.stage}`;
  const days = item.workingDays === undefined ? '' : `, ${item.workingDays} working days`;
  const iro = item.iro === undefined ? '' : `, IRO ${item.iro}`;
  return `${ref} ${item.date}${due}: ${item.reason}${stage}${days}${iro}`;
}

/**
 * The figure a row belongs to, as the annual report names it ("C7" for
 * `C7.within24Months`): people read it beside the row's words; the part after the dot
 * is the machine-readable shape's field (figures.md section 8), for JSON and CSV only.
 */
export const figureIdOf = (measureId: string): string => measureId.split('.')[0] ?? measureId;

/** The lists a report opens up, once each, with the label of the first row that uses it. */
export function shortfallLists(): { list: ShortfallList; label: string }[] {
  const seen = new Map<ShortfallList, string>();
  for (const table of TABLES) {
    for (const m of table.measures) {
      if (m.shortfalls && !seen.has(m.shortfalls))
        seen.set(m.shortfalls, `${m.label} (${figureIdOf(m.id)})`);
    }
  }
  return [...seen].map(([list, label]) => ({ list, label }));
}

/** "2016/17" for a financial year, otherwise "2016-04-01 to 2016-09-30". */
export function periodLabel({ from, to }: Period): string {
  const year = Number(from.slice(0, 4));
  if (from === `${year}-04-01` && to === `${year + 1}-03-31`) {
    return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
  }
  return `${from} to ${to}`;
}

/** The periods of a report, oldest first, as the annual report sets years side by side. */
export const oldestFirst = <P extends PeriodHeadline>(
  report: P & { readonly earlier: readonly P[] },
): P[] => [...[...report.earlier].reverse(), report];
