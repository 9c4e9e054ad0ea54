/**
 * The figures as markdown: the annual report's tables with the years side by side
 * (oldest first, as the report sets them), the month-by-month percentages, and the
 * references behind every figure that fell short.
 */

import {
  oldestFirst,
  periodLabel,
  ratioText,
  SECOND_MONTH_SERIES,
  shortfallLists,
  shortfallText,
  shownMeasures,
  TABLES,
  valueText,
} from './measures.js';
import type { FiguresReport } from './shape.js';

/**
 * Escapes what markdown would read as markup (ids come from case records, so anything
 * may be in them): inline marks anywhere, and at the start what would open a block.
 */
export function markdownText(text: string): string {
  const inline = text.replace(/[\\`*_[\]<>|~!&]/g, '\\$&');
  return inline.replace(/^([#+\-=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

export function figuresMarkdown(report: FiguresReport): string {
  const periods = oldestFirst(report);
  const current = periodLabel(report.period);
  const out: string[] = [
    `# The unit's figures, ${current}`,
    '',
    `From ${report.period.from} to ${report.period.to}, both days included.` +
      (report.earlier.length > 0
        ? ` Beside it, the ${report.earlier.length === 1 ? 'period' : `${report.earlier.length} periods`} of the same length before.`
        : ''),
  ];
  for (const table of TABLES) {
    out.push(
      '',
      `## ${table.title}`,
      '',
      row(['Figure', ...periods.map((p) => periodLabel(p.period))]),
      row(['---', ...periods.map(() => '---:')]),
    );
    for (const measure of shownMeasures(table, periods)) {
      out.push(
        row([
          `${measure.label} (${measure.id})`,
          ...periods.map((p) => valueText(measure.value(p.figures))),
        ]),
      );
    }
  }
  out.push(
    '',
    `## Month by month, ${current}`,
    '',
    row([
      'Month',
      'Children reviewed within timescales (L5)',
      'Initial conferences within 15 working days (C4)',
      'Review conferences within timescales (C6)',
    ]),
    row(['---', '---:', '---:', '---:']),
    ...report.months.map((m) => row([m.month, ratioText(m.L5), ratioText(m.C4), ratioText(m.C6)])),
    '',
    `## Permanence and participation by month, ${current}`,
    '',
    row(['Month', ...SECOND_MONTH_SERIES.map((s) => s.label)]),
    row(['---', ...SECOND_MONTH_SERIES.map(() => '---:')]),
    ...report.months.map((m) =>
      row([m.month, ...SECOND_MONTH_SERIES.map((s) => ratioText(m[s.key]))]),
    ),
  );
  const lists = shortfallLists().filter(({ list }) => report.shortfalls[list].length > 0);
  if (lists.length > 0) out.push('', `## Behind the figures, ${current}`);
  for (const { list, label } of lists) {
    out.push('', `### ${label}`, '');
    for (const item of report.shortfalls[list]) out.push(`- ${markdownText(shortfallText(item))}`);
  }
  return `${out.join('\n')}\n`;
}
