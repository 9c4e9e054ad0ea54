/**
 * Properties of `cli import-903` over random, messy returns: every row is accounted
 * for exactly once, what is written is a history the planner accepts, and importing
 * the same files again writes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accountOf, episode, episodes, review, reviews, run903 } from './support.js';

const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));
const month = fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0'));
const year = fc.constantFrom('2016', '2017', '2018', '17');
const date = fc.oneof(
  fc.tuple(day, month, year).map(([d, m, y]) => `${d}/${m}/${y}`),
  fc.constantFrom('', '31/02/2017', 'yesterday'),
);
const child = fc.constantFrom('C1', 'C2', 'C3');
const episodeRow = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(
        child,
        date,
        fc.constantFrom('S', 'S', 'P', 'L', 'T', 'U', 'B', 'Q'),
        fc.constantFrom('C2', 'E1', 'V2', 'V3', 'Z9'),
        fc.constantFrom('U1', 'A3', 'A5', 'K2', 'A2'),
        date,
        fc.constantFrom('', 'X1', 'X1', 'E11', 'E4A', 'E99'),
      )
      .map(([c, decom, rne, ls, place, dec, rec]) => episode(c, decom, rne, ls, place, dec, rec)),
  },
  { weight: 1, arbitrary: fc.constantFrom('C1,02/01/2017,S', ',,,,,,,,,,,,') },
);
const reviewRow = fc
  .tuple(child, date, fc.constantFrom('PN0', 'PN1', 'PN6', '', 'PN9'))
  .map(([c, on, code]) => review(c, on, code, '01/01/2010'));

describe('import-903 over random returns', () => {
  it('accounts for every row once, writes a history the planner accepts, and writes nothing the second time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(episodeRow, { maxLength: 12 }),
        fc.array(reviewRow, { maxLength: 8 }),
        async (episodeRows, reviewRows) => {
          // Prepare
          const files = { 'e.csv': episodes(...episodeRows), 'r.csv': reviews(...reviewRows) };
          const args = [
            'import-903',
            '--episodes',
            'e.csv',
            '--reviews',
            'r.csv',
            '--out',
            'h.jsonl',
          ];

          // Act
          const first = await run903(args, files);
          const again = await run903(args, first.files);
          const check = await run903(['validate', '--events', 'h.jsonl'], first.files);

          // Assess
          expect([0, 3]).toContain(first.code);
          for (const [table, rows] of [
            ['episodes', episodeRows.length],
            ['reviews', reviewRows.length],
          ] as const) {
            const account = accountOf(first.stderr, table);
            expect(account.read).toBe(rows);
            expect(account.imported + account.warned + account.notNeeded + account.refused).toBe(
              account.read,
            );
          }
          // A history the planner accepts; one with no event at all is refused as empty (exit 2).
          const written = first.files['h.jsonl'] ?? '';
          expect(check.code).toBe(written.trim() === '' ? 2 : 0);
          expect(again.code).toBe(first.code);
          expect(again.files['h.jsonl']).toBe(first.files['h.jsonl']);
          expect(again.stderr).toContain('events written: 0');
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
