/**
 * Whose work an open obligation is (workflows/iro-work.ts): an IRO's children's every
 * obligation, and the child protection work of the children they chair; counted for
 * every IRO at once for the unit board.
 */
import { describe, expect, it } from 'vitest';
import { type BoardWork, countsByIro, isIroWork } from '../../workflows/iro-work.js';

const held = (asIro: string[], asChair: string[]) => ({
  asIro: new Set(asIro),
  asChair: new Set(asChair),
});

describe('isIroWork', () => {
  it.each<[string, string, string, ReturnType<typeof held>, boolean]>([
    ["the IRO's child's review", 'C1', 'reviews/C1', held(['C1'], []), true],
    ["the IRO's child's conference", 'C1', 'protection/C1', held(['C1'], []), true],
    ["the IRO's child's dispute", 'C1', 'dispute/D1', held(['C1'], []), true],
    ["the IRO's carer's review", 'F1', 'carer/F1', held(['F1'], []), true],
    ["a chaired child's conference", 'C2', 'protection/C2', held([], ['C2']), true],
    ["a chaired child's conference report", 'C2', 'report/C2/K1', held([], ['C2']), true],
    ["a chaired child's looked-after review", 'C2', 'reviews/C2', held([], ['C2']), false],
    ["a chaired child's dispute", 'C2', 'dispute/D2', held([], ['C2']), false],
    ["someone else's child", 'C3', 'protection/C3', held(['C1'], ['C2']), false],
  ])('%s: %s', (_, subjectId, clockId, holding, expected) => {
    expect(isIroWork({ subjectId, clockId }, holding)).toBe(expected);
  });
});

describe('countsByIro', () => {
  it('counts an obligation for each IRO whose work it is, by staff id, the rest apart', () => {
    // Prepare: C1 is iro-b's; iro-a chairs C1's conferences and is C2's IRO; C3 is nobody's.
    const work: BoardWork[] = [
      { subjectId: 'C1', clockId: 'reviews/C1', overdue: true },
      { subjectId: 'C1', clockId: 'protection/C1', overdue: false },
      { subjectId: 'C2', clockId: 'reviews/C2', overdue: true },
      { subjectId: 'C3', clockId: 'protection/C3', overdue: true },
      { subjectId: 'C3', clockId: 'reviews/C3', overdue: false },
    ];
    const iros = new Map([
      ['iro-b', held(['C1'], [])],
      ['iro-a', held(['C2'], ['C1'])],
      ['iro-c', held(['C9'], [])],
    ]);

    // Act
    const counts = countsByIro(work, iros);

    // Assess: iro-a = C1's conference + C2's review (overdue) = 2, 1; iro-b = C1's two
    // (review overdue) = 2, 1; iro-c = nothing open; C3's two are nobody's = 2, 1.
    expect(counts).toEqual({
      byIro: [
        { iro: 'iro-a', open: 2, overdue: 1 },
        { iro: 'iro-b', open: 2, overdue: 1 },
        { iro: 'iro-c', open: 0, overdue: 0 },
      ],
      withoutIro: { open: 2, overdue: 1 },
    });
  });

  it('has no rows and counts everything as nobody’s when no IRO holds an allocation', () => {
    const work: BoardWork[] = [{ subjectId: 'C1', clockId: 'reviews/C1', overdue: false }];
    expect(countsByIro(work, new Map())).toEqual({
      byIro: [],
      withoutIro: { open: 1, overdue: 0 },
    });
  });
});
