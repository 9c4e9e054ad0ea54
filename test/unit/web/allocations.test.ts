/**
 * Reading an allocation CSV (child, IRO, social worker, team manager) and merging a
 * child's new roles into the allocation they have. Lines written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { mergedRoles, readAllocationsCsv } from '../../../web/src/forms/allocations.js';

describe('readAllocationsCsv', () => {
  it('reads each line as one child, skipping the heading, blank lines and a BOM', () => {
    const text =
      '\uFEFFchild,iro,social worker,team manager\r\nC1,iro-7,sw-3\r\n\r\nC2, iro-7 ,,tm-1\n"C3",iro-2,"sw-3"\n';
    expect(readAllocationsCsv(text)).toEqual({
      allocations: [
        { childId: 'C1', roles: { iro: 'iro-7', 'social-worker': 'sw-3' } },
        { childId: 'C2', roles: { iro: 'iro-7', 'team-manager': 'tm-1' } },
        { childId: 'C3', roles: { iro: 'iro-2', 'social-worker': 'sw-3' } },
      ],
      problems: [],
    });
  });

  it('refuses a line by its number, never repeating it', () => {
    const text = 'C1,iro-7\n,iro-7\nC3\nC4,a,b,c,d\n';
    const read = readAllocationsCsv(text);
    expect(read.allocations).toEqual([{ childId: 'C1', roles: { iro: 'iro-7' } }]);
    expect(read.problems).toEqual([
      { line: 2, reason: "has no child's reference" },
      { line: 3, reason: 'names nobody to allocate' },
      { line: 4, reason: 'has more than 4 columns' },
    ]);
  });

  it('reads a first line that is a child, not a heading', () => {
    expect(readAllocationsCsv('C1,iro-7').allocations).toHaveLength(1);
  });
});

describe('mergedRoles', () => {
  it('keeps the roles not given and replaces those given', () => {
    expect(
      mergedRoles({ iro: 'iro-1', chair: 'iro-1', 'reviewing-officer': 'ro-1' }, { iro: 'iro-7' }),
    ).toEqual({ iro: 'iro-7', chair: 'iro-1', 'reviewing-officer': 'ro-1' });
    expect(mergedRoles(undefined, { 'social-worker': 'sw-3' })).toEqual({
      'social-worker': 'sw-3',
    });
  });
});
