/**
 * The figures as CSV for spreadsheets (RFC 4180): one row per figure per period, then
 * one per month-by-month percentage. Numbers stay numbers; a percentage with an empty
 * denominator is left blank, never 0.
 */

import { oldestFirst, percentOf, shownMeasures, TABLES } from './measures.js';
import type { FiguresReport, Ratio } from './shape.js';

/**
 * Quotes a field when it must be (a comma, a quote, a line break) and defuses text a
 * spreadsheet would run as a formula.
 */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const HEADER = [
  'scope',
  'from',
  'to',
  'figure',
  'label',
  'count',
  'numerator',
  'denominator',
  'percent',
];

const ratioFields = (r: Ratio) => [undefined, r.numerator, r.denominator, percentOf(r)];

export function figuresCsv(report: FiguresReport): string {
  const periods = oldestFirst(report);
  const lines: string[] = [HEADER.join(',')];
  const add = (fields: (string | number | undefined)[]) =>
    lines.push(fields.map(csvField).join(','));
  for (const p of periods) {
    for (const table of TABLES) {
      for (const measure of shownMeasures(table, periods)) {
        const value = measure.value(p.figures);
        const numbers =
          value === null
            ? [undefined, undefined, undefined, undefined]
            : 'count' in value
              ? [value.count, undefined, undefined, undefined]
              : ratioFields(value.ratio);
        add(['period', p.period.from, p.period.to, measure.id, measure.label, ...numbers]);
      }
    }
  }
  for (const p of periods) {
    for (const m of p.months) {
      for (const [id, label, r] of [
        ['L5', 'Children reviewed within timescales', m.L5],
        ['C4', 'Initial conferences within 15 working days', m.C4],
        ['C6', 'Review conferences within timescales', m.C6],
        ['L9', 'Second reviews with the permanence plan agreed', m.L9],
        ['C13', 'Conferences the young person took part in', m.C13],
      ] as const) {
        add(['month', m.from, m.to, id, label, ...ratioFields(r)]);
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
