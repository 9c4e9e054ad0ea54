/**
 * The unit's figures (`GET /reports/figures`) laid out as the annual report lays them
 * out: the same tables and rows as `cli report` (workflows/figures/measures.ts, shared
 * so the page and the report cannot disagree about a row), the years side by side,
 * the references behind each figure that fell short, the charts, and the IROs'
 * caseloads. Loaded only when the Figures page is opened.
 */
import { useEffect, useState } from 'preact/hooks';
import { ANSWER_WORDS, PLAN_CATEGORIES } from '../../../workflows/answers.js';
import {
  figureIdOf,
  MONTH_SERIES,
  oldestFirst,
  percentOf,
  ratioText,
  SECOND_MONTH_SERIES,
  shortfallLists,
  shownMeasures,
  TABLES,
  valueText,
} from '../../../workflows/figures/measures.js';
import {
  type MonthFigures,
  type NamedCaseloads,
  type PagedFiguresReport,
  SHORTFALL_PAGE,
  type Shortfall,
  type ShortfallList,
  type ShortfallPage,
} from '../../../workflows/figures/shape.js';
import { PARTICIPATION_CODES, PARTICIPATION_WORDS } from '../../../workflows/participation.js';
import type { Answer } from '../api.js';
import { BarChart, LineChart } from '../components/chart.js';
import { fieldId } from '../components/error-summary.js';
import { longDate, monthName } from '../forms/dates.js';
import {
  financialYearName,
  financialYearOf,
  financialYears,
  type Part,
  partsOf,
  periodName,
  periodOf,
  pickerOf,
} from '../forms/periods.js';
import { navigate } from '../router.js';

/** The API's answer sized for a page: the first page of each shortfall list, with its count. */
export type UnitReport = PagedFiguresReport & { readonly caseloads: NamedCaseloads };

/** The most periods the API sets side by side (workflows/figures/period.ts MAX_YEARS). */
const MAX_PERIODS = 10;

/** Fetches a further page of one of the period's shortfall lists (`GET /reports/figures?list=&page=`). */
export type MoreShortfalls = (list: ShortfallList, page: number) => Promise<Answer<ShortfallPage>>;

export function FiguresReportView({ report, more }: { report: UnitReport; more?: MoreShortfalls }) {
  const periods = oldestFirst(report);
  const current = periodName(report.period);
  const lists = shortfallLists();
  const f = report.figures;
  return (
    <>
      <PeriodPicker report={report} />
      <h2 class="govuk-heading-l">Figures for {current}</h2>
      <p class="govuk-body">
        From {longDate(report.period.from)} to {longDate(report.period.to)}, both days included
        {report.earlier.length > 0
          ? `, beside the ${report.earlier.length === 1 ? 'period' : `${report.earlier.length} periods`} of the same length before it`
          : ''}
        . A percentage with nothing to count shows n/a.
      </p>
      {TABLES.map((table) => {
        const measures = shownMeasures(table, periods);
        const used = new Set(measures.map((m) => m.shortfalls).filter(Boolean));
        return (
          <section key={table.title} aria-label={table.title}>
            <table class="govuk-table app-table">
              <caption class="govuk-table__caption govuk-table__caption--m">{table.title}</caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    Figure
                  </th>
                  {periods.map((p) => (
                    <th
                      key={p.period.from}
                      scope="col"
                      class="govuk-table__header govuk-table__header--numeric"
                    >
                      {periodName(p.period)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {measures.map((m) => (
                  <tr class="govuk-table__row" key={m.id}>
                    <th scope="row" class="govuk-table__header app-figure-label">
                      {m.label}{' '}
                      <span class="app-figure-id" data-measure={m.id}>
                        {figureIdOf(m.id)}
                      </span>
                    </th>
                    {periods.map((p) => (
                      <td
                        key={p.period.from}
                        class="govuk-table__cell govuk-table__cell--numeric app-figure-value"
                        data-label={periodName(p.period)}
                      >
                        {valueText(m.value(p.figures))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {table.title.startsWith('Participation') && (
              <BarChart
                id="chart-participation"
                title={`Reviews by participation code, ${current}`}
                bars={[...PARTICIPATION_CODES, 'none' as const].map((code) => ({
                  label: code === 'none' ? 'not recorded' : code,
                  count: f.L6.byCode[code] ?? 0,
                }))}
              />
            )}
            {table.title.startsWith('Participation') && <CodeKey />}
            {table.title.startsWith('Dispute') && (
              <BarChart
                id="chart-disputes"
                title={`Disputes by stage, ${current}: resolved at each stage, and open on the last day`}
                bars={[1, 2, 3, 4, 5].flatMap((stage) => [
                  {
                    label: `resolved at stage ${stage}`,
                    count: f.D2.byStage[`${stage}` as '1'] ?? 0,
                  },
                  { label: `open at stage ${stage}`, count: f.D4.byStage[`${stage}` as '1'] ?? 0 },
                ])}
              />
            )}
            {table.title.startsWith('Child protection plans by category') && (
              <BarChart
                id="chart-categories"
                title={`Children with a plan on the last day, by category, ${current}`}
                bars={[...PLAN_CATEGORIES, 'notRecorded' as const].map((category) => ({
                  label:
                    category === 'notRecorded'
                      ? 'not recorded'
                      : (ANSWER_WORDS[category] ?? category),
                  count: f.C14.onTo[category] ?? 0,
                }))}
              />
            )}
            {table.title.startsWith('Quality') && <AuditsByIro report={report} period={current} />}
            {lists
              .filter(({ list }) => used.has(list) && report.shortfalls[list].length > 0)
              .map(({ list, label }) => (
                <ShortfallDetails
                  key={list}
                  label={label}
                  period={current}
                  items={report.shortfalls[list]}
                  total={report.shortfallCounts[list]}
                  {...(more === undefined ? {} : { more: (page: number) => more(list, page) })}
                />
              ))}
          </section>
        );
      })}
      <MonthByMonth months={report.months} period={current} />
      <MonthByMonth
        months={report.months}
        period={current}
        lines={SECOND_MONTH_SERIES}
        id="chart-second-months"
        name="Permanence and participation by month"
        what="L9 and C13"
      />
      <CaseloadSummary caseloads={report.caseloads} />
    </>
  );
}

/**
 * The period: a financial year, and the whole of it, a quarter or a month; and how many
 * periods of that length to set side by side. The choice goes into the address, so a
 * period can be bookmarked and shared.
 */
function PeriodPicker({ report }: { report: UnitReport }) {
  const shown = pickerOf(report.period) ?? {
    start: financialYearOf(report.period.to),
    part: 'year',
  };
  const [start, setStart] = useState(shown.start);
  const [part, setPart] = useState<Part>(shown.part);
  const [count, setCount] = useState(String(report.earlier.length + 1));
  const years = financialYears(report.caseloads.on);
  if (!years.includes(start)) years.push(start);
  return (
    <form
      class="app-no-print app-period-picker"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const { from, to } = periodOf(start, part);
        navigate('/figures', { from, to, years: count });
      }}
    >
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Period</legend>
        <div class="govuk-grid-row">
          <div class="govuk-form-group govuk-grid-column-one-quarter">
            <label class="govuk-label" for={fieldId('financialYear')}>
              Financial year
            </label>
            <select
              class="govuk-select"
              id={fieldId('financialYear')}
              value={String(start)}
              onChange={(e) => setStart(Number(e.currentTarget.value))}
            >
              {years.map((y) => (
                <option key={y} value={String(y)}>
                  {financialYearName(y)}
                </option>
              ))}
            </select>
          </div>
          <div class="govuk-form-group govuk-grid-column-one-third">
            <label class="govuk-label" for={fieldId('part')}>
              Part of the year
            </label>
            <select
              class="govuk-select"
              id={fieldId('part')}
              value={part}
              onChange={(e) => setPart(e.currentTarget.value)}
            >
              {partsOf(start).map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div class="govuk-form-group govuk-grid-column-one-third">
            <label class="govuk-label" for={fieldId('years')}>
              Periods side by side
            </label>
            <div id={`${fieldId('years')}-hint`} class="govuk-hint">
              This one and those before it
            </div>
            <select
              class="govuk-select"
              id={fieldId('years')}
              aria-describedby={`${fieldId('years')}-hint`}
              value={count}
              onChange={(e) => setCount(e.currentTarget.value)}
            >
              {Array.from({ length: MAX_PERIODS }, (_, i) => String(i + 1)).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>
      <button type="submit" class="govuk-button govuk-button--secondary">
        Show figures
      </button>
    </form>
  );
}

/**
 * A1 for each IRO whose work was audited in the period (figures.md section 9), named
 * where the caseloads know them; an IRO who has since left is listed by staff id.
 */
function AuditsByIro({ report, period }: { report: UnitReport; period: string }) {
  const byIro = Object.entries(report.figures.A1.byIro);
  if (byIro.length === 0) return null;
  const names = new Map(report.caseloads.byIro.map((c) => [c.iro, c.name]));
  return (
    <table class="govuk-table app-table">
      <caption class="govuk-table__caption govuk-table__caption--s">
        Audits of IRO work by IRO, {period}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            IRO
          </th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            Graded outstanding or good
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {byIro.map(([iro, grades]) => (
          <tr class="govuk-table__row" key={iro}>
            <th scope="row" class="govuk-table__header">
              {names.get(iro) ?? iro}
            </th>
            <td
              class="govuk-table__cell govuk-table__cell--numeric"
              data-label="Graded outstanding or good"
            >
              {ratioText(grades)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the codes in the participation chart mean. */
function CodeKey() {
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">What the participation codes mean</span>
      </summary>
      <div class="govuk-details__text">
        <dl class="govuk-summary-list">
          {PARTICIPATION_CODES.map((code) => (
            <div class="govuk-summary-list__row" key={code}>
              <dt class="govuk-summary-list__key">{code}</dt>
              <dd class="govuk-summary-list__value">{PARTICIPATION_WORDS[code]}</dd>
            </div>
          ))}
        </dl>
      </div>
    </details>
  );
}

/** The references behind a figure that fell short: ids and dates only, never free text. */
function ShortfallDetails({
  label,
  period,
  items,
  total,
  more,
}: {
  label: string;
  period: string;
  items: readonly Shortfall[];
  /** The whole list's length: the answer carries its first page. */
  total: number;
  /** Fetches page `page` (from 1) of the list. */
  more?: (page: number) => Promise<Answer<ShortfallPage>>;
}) {
  const [shown, setShown] = useState<readonly Shortfall[]>(items);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setShown(items);
    setFailed(false);
  }, [items]);
  const showMore = async () => {
    if (!more) return;
    const answer = await more(Math.floor(shown.length / SHORTFALL_PAGE) + 1);
    if (answer.ok) setShown([...shown, ...answer.body.items]);
    else setFailed(true);
  };
  const heads = ['Child or carer', 'Conference or dispute', 'Date', 'Due', 'Why listed'];
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">
          {label}, {period}: {total} listed
        </span>
      </summary>
      <div class="govuk-details__text">
        {shown.length < total && (
          <p class="govuk-body" aria-live="polite">
            The first {shown.length} of {total}, by reference, are shown here.
          </p>
        )}
        <table class="govuk-table app-table">
          <caption class="govuk-visually-hidden">
            {label}, {period}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              {heads.map((h) => (
                <th key={h} scope="col" class="govuk-table__header">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {shown.map((s) => (
              <tr class="govuk-table__row" key={`${s.subjectId}|${s.refId ?? ''}|${s.date}`}>
                <td class="govuk-table__cell" data-label={heads[0]}>
                  {s.subjectId}
                </td>
                <td class="govuk-table__cell" data-label={heads[1]}>
                  {s.refId ?? ''}
                </td>
                <td class="govuk-table__cell" data-label={heads[2]}>
                  {s.date}
                </td>
                <td class="govuk-table__cell" data-label={heads[3]}>
                  {s.due ?? ''}
                </td>
                <td class="govuk-table__cell" data-label={heads[4]}>
                  {[
                    s.reason,
                    s.stage === undefined ? '' : `stage ${s.stage}`,
                    s.workingDays === undefined ? '' : `${s.workingDays} working days`,
                    s.iro === undefined ? '' : `IRO ${s.iro}`,
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {more && shown.length < total && (
          <button
            type="button"
            class="govuk-button govuk-button--secondary"
            onClick={() => void showMore()}
          >
            Show the next {Math.min(SHORTFALL_PAGE, total - shown.length)}
          </button>
        )}
        {failed && (
          <p class="govuk-error-message">The next references could not be fetched; try again.</p>
        )}
      </div>
    </details>
  );
}

const monthLabel = (month: string) =>
  `${monthName(Number(month.slice(5, 7)))} ${month.slice(0, 4)}`;

/**
 * Percentages month by month (L5, C4 and C6; or section 9's L9 and C13): a line chart,
 * and the table of its numbers.
 */
function MonthByMonth({
  months,
  period,
  lines = MONTH_SERIES,
  id = 'chart-months',
  name = 'Month by month',
  what = 'L5, C4 and C6',
}: {
  months: readonly MonthFigures[];
  period: string;
  lines?: typeof MONTH_SERIES | typeof SECOND_MONTH_SERIES;
  id?: string;
  name?: string;
  what?: string;
}) {
  const last = months.at(-1);
  const description = `${lines.map((s) => `${s.label}: ${last ? ratioText(last[s.key]) : 'n/a'} in the last month`).join('; ')}. Every month's figures are in the table that follows.`;
  return (
    <section aria-label={name}>
      <h2 class="govuk-heading-l">{name}</h2>
      <LineChart
        id={id}
        title={`${name}, ${period}: percentages of ${what}`}
        description={description}
        labels={months.map((m) => monthName(Number(m.month.slice(5, 7))).slice(0, 3))}
        lines={lines.map((s) => ({
          key: s.key,
          colour: s.colour,
          dash: s.dash,
          values: months.map((m) => percentOf(m[s.key])),
        }))}
      />
      <table class="govuk-table app-table">
        <caption class="govuk-table__caption govuk-table__caption--m">
          {name}, {period}
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Month
            </th>
            {lines.map((s) => (
              <th key={s.key} scope="col" class="govuk-table__header govuk-table__header--numeric">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {months.map((m) => (
            <tr class="govuk-table__row" key={m.month}>
              <th scope="row" class="govuk-table__header">
                {monthLabel(m.month)}
              </th>
              {lines.map((s) => (
                <td
                  key={s.key}
                  class="govuk-table__cell govuk-table__cell--numeric"
                  data-label={s.label}
                >
                  {ratioText(m[s.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The IROs' caseloads on the day the figures were asked for (not from the period). */
function CaseloadSummary({ caseloads }: { caseloads: NamedCaseloads }) {
  const rows: [string, string][] = [
    ['Children looked after', String(caseloads.lookedAfter)],
    ['Of them, allocated to no IRO', String(caseloads.withoutIro)],
    ['IROs holding an allocation', String(caseloads.iros)],
    ['Mean children per IRO', caseloads.mean === null ? 'n/a' : String(caseloads.mean)],
    [
      'Lowest and highest',
      caseloads.lowest === null ? 'n/a' : `${caseloads.lowest} and ${caseloads.highest}`,
    ],
    ['IROs holding more than 70', String(caseloads.over70)],
  ];
  return (
    <section aria-label="Caseloads">
      <h2 class="govuk-heading-l">Caseloads on {longDate(caseloads.on)}</h2>
      <p class="govuk-body">
        Looked-after children allocated to each IRO today, from the allocations: the IRO Handbook
        puts a caseload at 50 to 70.
      </p>
      <dl class="govuk-summary-list">
        {rows.map(([key, value]) => (
          <div class="govuk-summary-list__row" key={key}>
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
