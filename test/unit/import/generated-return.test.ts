/**
 * `cli import-903` over a generated return with the faults the DfE's public fake return
 * has (bench/support/ssda903-return.ts with `faults`): nothing is refused only for a
 * field the clocks do not need, no event is dated after the return's year end, and every
 * row is accounted for.
 */
import { describe, expect, it } from 'vitest';
import { generateReturn } from '../../../bench/support/ssda903-return.js';
import { accountOf, importTables } from './support.js';

describe('import-903 on a generated return like the fake one', () => {
  it('keeps what is true, warns of what is wrong, refuses only impossible dates', async () => {
    // Prepare: 300 children over 2019/20 to 2023/24; the latest DECOM is in 2023/24, so the
    // year end is 2024-03-31; today is fixed.
    const { episodes, reviews } = generateReturn(300, { faults: true });

    // Act
    const run = await importTables(episodes, reviews, [], '2026-12-07');

    // Assess: every row accounted for.
    expect(run.code).toBe(3);
    for (const table of ['episodes', 'reviews'] as const) {
      const { read, imported, warned, notNeeded, refused } = accountOf(run.stderr, table);
      expect(imported + warned + notNeeded + refused).toBe(read);
      expect(warned).toBeGreaterThan(0);
    }
    // Refused only for dates after the year end or after today.
    const refusedBlock = /rows refused: \d+\n((?: {4}.*\n)*)/.exec(run.stderr)?.[1] ?? '';
    expect(
      refusedBlock
        .trim()
        .split('\n')
        .map((line) => line.replace(/: \d+$/, '').trim()),
    ).toEqual(['reviews, after the year end', 'reviews, after today']);
    // Each fault of a field the clocks do not need is a warning instead.
    for (const rule of [
      'episodes, DfE 148: reason ceased without an end date',
      'episodes, DfE 388: last episode ended X1',
      'reviews, DfE 440: PN0 for a child 4 or over',
      'reviews, DfE 441: PN1-PN7 for a child under 4',
    ]) {
      expect(run.stderr).toMatch(new RegExp(`    ${rule.replace(/[()]/g, '\\$&')}: [1-9]`));
    }
    // No event after the year end; short breaks and periods begun before the file are in.
    const dates = run.events.map((e) => String(e.date));
    expect(dates.filter((d) => d > '2024-03-31')).toEqual([]);
    expect(run.events.some((e) => e.type === 'ShortBreaksStarted')).toBe(true);
    expect(run.events.some((e) => e.startedBeforeRecords === true)).toBe(true);
  });
});
