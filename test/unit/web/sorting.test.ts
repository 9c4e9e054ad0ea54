/** Sorting a list by a column both ways, as the address asks. */
import { describe, expect, it } from 'vitest';
import { nextSort, sortOf, sortRows } from '../../../web/src/sorting.js';

describe('sortOf', () => {
  it.each([
    ['sort=due&order=desc', { column: 'due', order: 'desc' }],
    ['sort=due&order=asc', { column: 'due', order: 'asc' }],
    ['sort=due', { column: 'due', order: 'asc' }],
    ['sort=due&order=sideways', { column: 'due', order: 'asc' }],
    ['sort=rule', undefined],
    ['', undefined],
  ])('reads "%s" as %j', (search, expected) => {
    expect(sortOf(new URLSearchParams(search), ['child', 'due'])).toEqual(expected);
  });
});

describe('nextSort', () => {
  it.each([
    [undefined, 'due', 'asc'],
    [{ column: 'due', order: 'asc' }, 'due', 'desc'],
    [{ column: 'due', order: 'desc' }, 'due', 'asc'],
    [{ column: 'child', order: 'asc' }, 'due', 'asc'],
  ] as const)('from %j, pressing %s sorts %s', (current, column, order) => {
    expect(nextSort(current, column)).toEqual({ column, order });
  });
});

describe('sortRows', () => {
  const rows = [
    { id: 'C10', due: '2017-03-09', left: 3 },
    { id: 'C2', due: '2017-03-01', left: -3 },
    { id: 'C1', due: '2017-03-31', left: undefined },
    { id: 'C3', due: '2017-03-09', left: 19 },
  ];
  const ids = (sorted: typeof rows) => sorted.map((r) => r.id);

  it('orders references as people read them, C2 before C10', () => {
    expect(ids(sortRows(rows, (r) => r.id, 'asc'))).toEqual(['C1', 'C2', 'C3', 'C10']);
    expect(ids(sortRows(rows, (r) => r.id, 'desc'))).toEqual(['C10', 'C3', 'C2', 'C1']);
  });

  it('keeps ties in the order given, both ways', () => {
    expect(ids(sortRows(rows, (r) => r.due, 'asc'))).toEqual(['C2', 'C10', 'C3', 'C1']);
    expect(ids(sortRows(rows, (r) => r.due, 'desc'))).toEqual(['C1', 'C10', 'C3', 'C2']);
  });

  it('orders numbers by size, a missing value last both ways', () => {
    expect(ids(sortRows(rows, (r) => r.left, 'asc'))).toEqual(['C2', 'C10', 'C3', 'C1']);
    expect(ids(sortRows(rows, (r) => r.left, 'desc'))).toEqual(['C3', 'C10', 'C2', 'C1']);
  });

  it('leaves the rows given as they were', () => {
    sortRows(rows, (r) => r.id, 'asc');
    expect(ids(rows)).toEqual(['C10', 'C2', 'C1', 'C3']);
  });
});
