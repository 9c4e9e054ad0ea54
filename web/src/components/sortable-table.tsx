/**
 * A GOV.UK table whose columns sort both ways from buttons in their headers, the sort
 * kept in the address. The sorted column's header says so with `aria-sort`, which a
 * screen reader announces; the buttons are reached and pressed with the keyboard like
 * any other. Without a sort in the address, the rows keep the page's own order.
 */
import type { ComponentChildren } from 'preact';
import { currentRoute, navigate, type Route } from '../router.js';
import { nextSort, type SortValue, sortOf, sortRows } from '../sorting.js';

export interface Column<T> {
  /** The column's name in the address: `sort=due`. */
  readonly id: string;
  readonly label: string;
  readonly cell: (row: T) => ComponentChildren;
  /** Its sort value; a column without one has no sort button. */
  readonly sort?: (row: T) => SortValue;
  readonly numeric?: boolean;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

export function SortableTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowClass,
  route,
  fixed = false,
  slice,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
  route: Route;
  /**
   * Column widths from the header alone (each column's `app-col--<id>` class), not from
   * every cell: the board's 1,000 rows are laid out about a third faster.
   */
  fixed?: boolean;
  /** One page of the sorted rows: `start` up to but not including `end`. */
  slice?: { readonly start: number; readonly end: number };
}) {
  const sortable = columns.filter((c) => c.sort).map((c) => c.id);
  const sort = sortOf(route.query, sortable);
  const column = sort && columns.find((c) => c.id === sort.column);
  const sorted = column?.sort && sort ? sortRows(rows, column.sort, sort.order) : rows;
  const shown = slice ? sorted.slice(slice.start, slice.end) : sorted;
  const sortBy = (id: string) => {
    // From the address as it is now: a second press may come before the page has caught up.
    const now = currentRoute();
    const next = nextSort(sortOf(now.query, sortable), id);
    navigate(route.path, {
      ...Object.fromEntries(now.query),
      sort: next.column,
      order: next.order,
    });
  };
  return (
    <table class={`govuk-table app-table${fixed ? ' app-table--fixed' : ''}`}>
      <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {columns.map((c) => (
            <th
              key={c.id}
              scope="col"
              class={`govuk-table__header app-col--${c.id}${c.numeric ? ' govuk-table__header--numeric' : ''}`}
              {...(c.sort
                ? { 'aria-sort': sort?.column === c.id ? ARIA_SORT[sort.order] : 'none' }
                : {})}
            >
              {c.sort ? (
                <button type="button" class="app-sort-button" onClick={() => sortBy(c.id)}>
                  {c.label}
                </button>
              ) : (
                c.label
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {shown.map((row) => (
          <tr key={rowKey(row)} class={`govuk-table__row ${rowClass?.(row) ?? ''}`.trim()}>
            {columns.map((c) => (
              <td
                key={c.id}
                class={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}
                data-label={c.label}
              >
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
