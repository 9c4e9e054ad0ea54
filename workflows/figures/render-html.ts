/**
 * The figures as a page that reads like the annual report: every table with the years
 * side by side, a line chart of the month-by-month percentages, bars for participation
 * codes and disputes by stage, and the references behind each figure in a <details>.
 * Generated on the server, no script: it works offline and printed. Charts are inline
 * SVG with a title and a description, and every number they draw is also in a table.
 * Class names are GOV.UK Frontend's, so its stylesheet can be put over it later.
 */

import { ANSWER_WORDS, PLAN_CATEGORIES } from '../answers.js';
import { monthName as calendarMonthName } from '../calendar/local-date.js';
import { PARTICIPATION_CODES } from '../events.js';
import {
  figureIdOf,
  MONTH_SERIES,
  oldestFirst,
  percentOf,
  periodLabel,
  ratioText,
  SECOND_MONTH_SERIES,
  shortfallLists,
  shownMeasures,
  TABLES,
  valueText,
} from './measures.js';
import type { FiguresReport, MonthFigures, PeriodFigures, Ratio, Shortfall } from './shape.js';

/** Escapes text for HTML content and attribute values: ids come from case records. */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A month as the charts label it: `Apr 2016`. */
const monthName = (month: string) =>
  `${calendarMonthName(Number(month.slice(5, 7))).slice(0, 3)} ${month.slice(0, 4)}`;

const STYLE = `
body { font-family: Arial, sans-serif; margin: 0 auto; max-width: 960px; padding: 0 15px; color: #0b0c0c; }
.govuk-table { border-collapse: collapse; width: 100%; margin-bottom: 20px; }
.govuk-table__caption { font-weight: bold; text-align: left; font-size: 1.3em; padding: 10px 0; }
.govuk-table__header, .govuk-table__cell { border-bottom: 1px solid #b1b4b6; padding: 6px 10px 6px 0; text-align: left; vertical-align: top; }
.govuk-table__header--numeric, .govuk-table__cell--numeric { text-align: right; }
.govuk-details { margin-bottom: 20px; }
.govuk-details__summary { color: #1d70b8; cursor: pointer; }
.govuk-visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.app-figure-id { color: #505a5f; font-weight: normal; }
.app-chart { max-width: 100%; height: auto; margin-bottom: 10px; }
.app-chart text { font: 12px Arial, sans-serif; fill: #0b0c0c; }
@media print { details::details-content { content-visibility: visible; display: block; } .govuk-details__summary { color: #0b0c0c; } }
`;

const th = (text: string, scope: 'col' | 'row', numeric = false) =>
  `<th scope="${scope}" class="govuk-table__header${numeric ? ' govuk-table__header--numeric' : ''}">${text}</th>`;
const td = (text: string, numeric = true) =>
  `<td class="govuk-table__cell${numeric ? ' govuk-table__cell--numeric' : ''}">${text}</td>`;
const tr = (cells: string) => `<tr class="govuk-table__row">${cells}</tr>`;

function figuresTable(
  title: string,
  periods: readonly PeriodFigures[],
  measures: ReturnType<typeof shownMeasures>,
): string {
  const head = tr(
    th('Figure', 'col') +
      periods.map((p) => th(htmlText(periodLabel(p.period)), 'col', true)).join(''),
  );
  const rows = measures.map((m) =>
    tr(
      th(
        `${htmlText(m.label)} <span class="app-figure-id" data-measure="${htmlText(m.id)}">${htmlText(figureIdOf(m.id))}</span>`,
        'row',
      ) + periods.map((p) => td(htmlText(valueText(m.value(p.figures))))).join(''),
    ),
  );
  return [
    '<table class="govuk-table">',
    // The section's heading shows the title; the caption names the table to a screen
    // reader without showing it a second time.
    `<caption class="govuk-visually-hidden">${htmlText(title)}</caption>`,
    `<thead class="govuk-table__head">${head}</thead>`,
    `<tbody class="govuk-table__body">${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/**
 * A day as people in England write it, "3 July 2017"; a due instant (a conference
 * report's) by its day; anything else as it came.
 */
function dayWords(value: string): string {
  const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const month = found ? calendarMonthName(Number(found[2])) : '';
  return found && month ? `${Number(found[3])} ${month} ${found[1]}` : value;
}

function shortfallDetails(label: string, period: string, items: readonly Shortfall[]): string {
  const rows = items.map((s) =>
    tr(
      td(htmlText(s.subjectId), false) +
        td(htmlText(s.refId ?? ''), false) +
        td(htmlText(dayWords(s.date)), false) +
        td(htmlText(s.due === undefined ? '' : dayWords(s.due)), false) +
        td(
          htmlText(
            [
              s.reason,
              s.stage === undefined ? '' : `stage ${s.stage}`,
              s.workingDays === undefined ? '' : `${s.workingDays} working days`,
            ]
              .filter(Boolean)
              .join(', '),
          ),
          false,
        ),
    ),
  );
  const heads = ['Child or carer', 'Conference or dispute', 'Date', 'Due', 'Why listed'];
  return [
    '<details class="govuk-details">',
    `<summary class="govuk-details__summary"><span class="govuk-details__summary-text">${htmlText(label)}, ${htmlText(period)}: ${items.length} listed</span></summary>`,
    '<div class="govuk-details__text">',
    '<table class="govuk-table">',
    `<caption class="govuk-visually-hidden">${htmlText(label)}, ${htmlText(period)}</caption>`,
    `<thead class="govuk-table__head">${tr(heads.map((h) => th(h, 'col')).join(''))}</thead>`,
    `<tbody class="govuk-table__body">${rows.join('\n')}</tbody>`,
    '</table>',
    '</div>',
    '</details>',
  ].join('\n');
}

/** The lines of a month-by-month chart: sections 2-5's, or section 9's. */
type MonthSeries = typeof MONTH_SERIES | typeof SECOND_MONTH_SERIES;

/** How far in from the axes the first and last points of a line chart sit. */
const AXIS_INSET = 24;

/** A line chart of the monthly percentages; a month with nothing to count breaks the line. */
function monthChart(
  months: readonly MonthFigures[],
  period: string,
  id: string,
  lines: MonthSeries = MONTH_SERIES,
  title = `Month by month, ${period}: percentages of L5, C4 and C6`,
): string {
  const [left, right, top, bottom] = [44, 12, 12, 40];
  const width = 640;
  const height = 260;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  // The first and last months sit AXIS_INSET in from the axes, so the first month's
  // name clears the "0%" beside the axis.
  const x = (i: number) =>
    left +
    (months.length <= 1
      ? plotWidth / 2
      : AXIS_INSET + (i * (plotWidth - 2 * AXIS_INSET)) / (months.length - 1));
  const y = (percent: number) => top + ((100 - percent) * plotHeight) / 100;
  const parts: string[] = [];
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(tick)}" y2="${y(tick)}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end">${tick}%</text>`,
    );
  }
  months.forEach((m, i) => {
    parts.push(
      `<text x="${x(i)}" y="${height - bottom + 16}" text-anchor="middle">${htmlText(monthName(m.month).slice(0, 3))}</text>`,
    );
  });
  for (const series of lines) {
    let path = '';
    let drawing = false;
    months.forEach((m, i) => {
      const percent = percentOf(m[series.key] as Ratio);
      if (percent === undefined) {
        drawing = false;
        return;
      }
      path += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)} ${y(percent).toFixed(1)} `;
      drawing = true;
      parts.push(
        `<circle cx="${x(i).toFixed(1)}" cy="${y(percent).toFixed(1)}" r="3" fill="${series.colour}"/>`,
      );
    });
    if (path) {
      parts.push(
        `<path d="${path.trim()}" fill="none" stroke="${series.colour}" stroke-width="2"${series.dash ? ` stroke-dasharray="${series.dash}"` : ''}/>`,
      );
    }
  }
  lines.forEach((series, i) => {
    const ly = height - 8;
    const lx = left + i * 200;
    parts.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${series.colour}" stroke-width="2"${series.dash ? ` stroke-dasharray="${series.dash}"` : ''}/>`,
      `<text x="${lx + 28}" y="${ly}">${series.key}</text>`,
    );
  });
  const summary = lines
    .map((s) => {
      const last = months.at(-1);
      return `${s.label}: ${last ? ratioText(last[s.key]) : 'n/a'} in the last month`;
    })
    .join('; ');
  return [
    `<svg class="app-chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${htmlText(title)}</title>`,
    `<desc id="${id}-desc">${htmlText(summary)}. Every month's figures are in the table that follows.</desc>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

/** Horizontal bars with their counts written beside them. */
function barChart(
  title: string,
  bars: readonly { label: string; count: number }[],
  id: string,
): string {
  const width = 640;
  const barHeight = 22;
  const labelWidth = 220;
  const height = bars.length * (barHeight + 6) + 10;
  const most = Math.max(1, ...bars.map((b) => b.count));
  const scale = (width - labelWidth - 60) / most;
  const parts = bars.map((bar, i) => {
    const y = 5 + i * (barHeight + 6);
    const length = bar.count * scale;
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${htmlText(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${length.toFixed(1)}" height="${barHeight}" fill="#1d70b8"/>`,
      `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 15}">${bar.count}</text>`,
    ].join('\n');
  });
  const described = bars.map((b) => `${b.label}: ${b.count}`).join('; ');
  return [
    `<svg class="app-chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${htmlText(title)}</title>`,
    `<desc id="${id}-desc">${htmlText(described)}</desc>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

function monthsTable(
  months: readonly MonthFigures[],
  period: string,
  lines: MonthSeries = MONTH_SERIES,
  caption = `Month by month, ${period}`,
): string {
  const head = tr(
    th('Month', 'col') + lines.map((s) => th(htmlText(s.label), 'col', true)).join(''),
  );
  const rows = months.map((m) =>
    tr(
      th(htmlText(monthName(m.month)), 'row') +
        lines.map((s) => td(htmlText(ratioText(m[s.key])))).join(''),
    ),
  );
  return [
    '<table class="govuk-table">',
    `<caption class="govuk-visually-hidden">${htmlText(caption)}</caption>`,
    `<thead class="govuk-table__head">${head}</thead>`,
    `<tbody class="govuk-table__body">${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

export function figuresHtml(report: FiguresReport): string {
  const periods = oldestFirst(report);
  const current = periodLabel(report.period);
  const f = report.figures;
  const lists = shortfallLists();
  const body: string[] = [
    `<h1 class="govuk-heading-xl">The unit's figures, ${htmlText(current)}</h1>`,
    `<p class="govuk-body">From ${htmlText(dayWords(report.period.from))} to ${htmlText(dayWords(report.period.to))}, both days included${report.earlier.length > 0 ? ', beside the periods of the same length before it' : ''}. A percentage with nothing to count shows n/a.</p>`,
  ];
  for (const table of TABLES) {
    const measures = shownMeasures(table, periods);
    body.push(`<h2 class="govuk-heading-l">${htmlText(table.title)}</h2>`);
    body.push(figuresTable(table.title, periods, measures));
    if (table.title.startsWith('Participation')) {
      body.push(
        barChart(
          `Reviews by participation code, ${current}`,
          [...PARTICIPATION_CODES, 'none' as const].map((code) => ({
            label: code === 'none' ? 'not recorded' : code,
            count: f.L6.byCode[code] ?? 0,
          })),
          'chart-participation',
        ),
      );
    }
    if (table.title.startsWith('Dispute')) {
      body.push(
        barChart(
          `Disputes by stage, ${current}: resolved at each stage, and open on the last day`,
          [1, 2, 3, 4, 5].flatMap((stage) => [
            { label: `resolved at stage ${stage}`, count: f.D2.byStage[`${stage}` as '1'] ?? 0 },
            { label: `open at stage ${stage}`, count: f.D4.byStage[`${stage}` as '1'] ?? 0 },
          ]),
          'chart-disputes',
        ),
      );
    }
    if (table.title.startsWith('Child protection plans by category')) {
      body.push(
        barChart(
          `Children with a plan on the last day, by category, ${current}`,
          [...PLAN_CATEGORIES, 'notRecorded' as const].map((category) => ({
            label:
              category === 'notRecorded' ? 'not recorded' : (ANSWER_WORDS[category] ?? category),
            count: f.C14.onTo[category] ?? 0,
          })),
          'chart-categories',
        ),
      );
    }
    const used = new Set(measures.map((m) => m.shortfalls).filter(Boolean));
    for (const { list, label } of lists) {
      if (!used.has(list) || report.shortfalls[list].length === 0) continue;
      used.delete(list);
      body.push(shortfallDetails(label, current, report.shortfalls[list]));
    }
  }
  body.push(
    `<h2 class="govuk-heading-l">Month by month</h2>`,
    monthChart(report.months, current, 'chart-months'),
    monthsTable(report.months, current),
    monthChart(
      report.months,
      current,
      'chart-second-months',
      SECOND_MONTH_SERIES,
      `Permanence and participation by month, ${current}: percentages of L9 and C13`,
    ),
    monthsTable(
      report.months,
      current,
      SECOND_MONTH_SERIES,
      `Permanence and participation by month, ${current}`,
    ),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>The unit's figures, ${htmlText(current)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body class="govuk-template__body">',
    '<main class="govuk-main-wrapper" id="main-content">',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
