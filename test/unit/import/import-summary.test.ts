/**
 * The words of an import's one summary (workflows/import/summary.ts): counts by kind in
 * the unit's words, largest first, a link to the unit board, in text and HTML alike.
 */
import { describe, expect, it } from 'vitest';
import { renderImportSummary } from '../../../workflows/import/summary.js';

const summary = {
  importedAt: '2018-01-15T14:05:00.000Z',
  outcome: 'done' as const,
  arrivedOverdue: { 'review-record': 1, 'lac-review': 4, 'review-decisions': 1 },
  boardUrl: 'https://tray.example/#/board',
  toDutyInbox: false,
};

describe("an import's summary, in words", () => {
  it('counts each kind, largest first, equals in the contract order (decisions before the record)', () => {
    const { subject, text } = renderImportSummary(summary, { unitName: 'The Unit' });
    // Monday 15 January 2018, 14:05 GMT: London is on GMT in winter.
    expect(subject).toBe(
      'Return imported on Monday 15 January 2018: 6 items of work arrived overdue',
    );
    expect(text).toContain('on Monday 15 January 2018 at 14:05 brought in 6 items of work');
    expect(text.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- Looked-after child review: 4',
      '- Decisions of the review: 1',
      '- Record of the review: 1',
    ]);
  });

  it('says "1 item", and the HTML escapes what it is given and links the board', () => {
    const { subject, html } = renderImportSummary(
      { ...summary, arrivedOverdue: { icpc: 1 } },
      { unitName: 'Children & Families <Unit>' },
    );
    expect(subject).toBe(
      'Return imported on Monday 15 January 2018: 1 item of work arrived overdue',
    );
    expect(html).toContain('<li>Initial child protection conference: 1</li>');
    expect(html).toContain('<a href="https://tray.example/#/board">Open the unit board</a>');
    expect(html).toContain('Children &amp; Families &lt;Unit&gt;');
  });
});
