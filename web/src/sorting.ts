/**
 * Sorting a list by one of its columns, both ways, as the address says
 * (`sort=due&order=desc`), so a sorted list can be bookmarked, shared and printed. Pure.
 */

export type Order = 'asc' | 'desc';

export interface SortSpec {
  readonly column: string;
  readonly order: Order;
}

/** A column's sort value: numbers by size, text as people order references ("C2" before "C10"). */
export type SortValue = string | number | undefined;

/** The sort the address asks for, if it names one of `columns`; otherwise none (the page's own order). */
export function sortOf(query: URLSearchParams, columns: readonly string[]): SortSpec | undefined {
  const column = query.get('sort') ?? '';
  if (!columns.includes(column)) return undefined;
  return { column, order: query.get('order') === 'desc' ? 'desc' : 'asc' };
}

/** What a header's button asks for next: ascending first, then the other way. */
export const nextSort = (current: SortSpec | undefined, column: string): SortSpec => ({
  column,
  order: current?.column === column && current.order === 'asc' ? 'desc' : 'asc',
});

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Compares two sort values; a missing value comes last whichever way the list is sorted. */
function compare(a: SortValue, b: SortValue, order: Order): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const sign = order === 'asc' ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
  return sign * collator.compare(String(a), String(b));
}

/** The rows sorted by `value`, ties kept in the order given (a stable sort). */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, order: Order): T[] {
  return rows
    .map((row, index) => ({ row, index, key: value(row) }))
    .sort((a, b) => compare(a.key, b.key, order) || a.index - b.index)
    .map(({ row }) => row);
}
