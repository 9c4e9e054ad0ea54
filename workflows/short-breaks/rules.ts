/**
 * Reviews of a child placed in a series of short breaks: Care Planning, Placement and
 * Case Review (England) Regulations 2010 reg 48 (timescales.md 3.6). Such a child is
 * not continuously looked after, so regulation 33's timetable does not apply: the case
 * is first reviewed within 3 months of the first short break, then at most every 6
 * months, until the arrangement ends.
 */
import { addMonths, type LocalDate } from '../calendar/index.js';
import { contradiction } from '../obligations.js';
import type { Process } from '../process.js';

export interface ShortBreaksState {
  /** The first short break of the arrangement running; absent when none is. */
  readonly startedOn?: LocalDate;
  readonly lastReviewOn?: LocalDate;
}

const REG_48 = 'CPPCR 2010 reg 48';

export const shortBreaks: Process<ShortBreaksState> = {
  name: 'short breaks reviews',
  initial: {},
  keyOf: (event) =>
    event.type === 'ShortBreaksStarted' ||
    event.type === 'ShortBreaksEnded' ||
    event.type === 'LacReviewHeld'
      ? event.childId
      : undefined,
  apply(state, event, date) {
    switch (event.type) {
      case 'ShortBreaksStarted':
        if (state.startedOn) {
          contradiction('childId', `the child's short breaks already began on ${state.startedOn}`);
        }
        return { startedOn: date };
      case 'ShortBreaksEnded':
        if (!state.startedOn) contradiction('childId', `the child has no short breaks on ${date}`);
        return {};
      case 'LacReviewHeld':
        // A review outside an arrangement is the looked-after process's to accept or refuse.
        return state.startedOn ? { ...state, lastReviewOn: date } : state;
      default:
        return state;
    }
  },
  open(state, childId, asOf) {
    const { startedOn, lastReviewOn } = state;
    if (!startedOn) return [];
    const due = lastReviewOn ? addMonths(lastReviewOn, 6) : addMonths(startedOn, 3);
    const basis = lastReviewOn
      ? `review of the short breaks within 6 months of the last, held on ${lastReviewOn} (${REG_48})`
      : `first review within 3 months of the first short break on ${startedOn} (${REG_48})`;
    return [
      {
        kind: 'short-breaks-review',
        subjectId: childId,
        due,
        overdue: asOf > due,
        basis,
        startedOn: lastReviewOn ?? startedOn,
      },
    ];
  },
};
