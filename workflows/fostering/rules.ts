/**
 * Annual review of a foster carer's approval: Fostering Services (England)
 * Regulations 2011 reg 28 (timescales.md 3.3).
 */
import { addMonths, type LocalDate } from '../calendar/index.js';
import { contradiction } from '../obligations.js';
import type { Process } from '../process.js';

export interface FosteringState {
  readonly approvedOn?: LocalDate;
  readonly lastReviewOn?: LocalDate;
}

const REG_28 = 'Fostering Services (England) Regulations 2011 reg 28';

export const fostering: Process<FosteringState> = {
  name: 'foster carer reviews',
  initial: {},
  keyOf: (event) =>
    event.type === 'FosterCarerApproved' ||
    event.type === 'FosterCarerReviewHeld' ||
    event.type === 'FosterCarerApprovalEnded'
      ? event.carerId
      : undefined,
  apply(state, event, date) {
    if (event.type === 'FosterCarerApproved') {
      if (state.approvedOn) {
        contradiction('carerId', `the foster carer is already approved, since ${state.approvedOn}`);
      }
      return { approvedOn: date };
    }
    if (event.type !== 'FosterCarerReviewHeld' && event.type !== 'FosterCarerApprovalEnded') {
      return state;
    }
    if (!state.approvedOn) contradiction('carerId', `the foster carer is not approved on ${date}`);
    return event.type === 'FosterCarerReviewHeld' ? { ...state, lastReviewOn: date } : {};
  },
  open(state, carerId, asOf) {
    const { approvedOn, lastReviewOn } = state;
    if (!approvedOn) return [];
    const from = lastReviewOn ?? approvedOn;
    const due = addMonths(from, 12);
    const basis = lastReviewOn
      ? `review of approval within a year of the last, held on ${lastReviewOn} (${REG_28})`
      : `first review of approval within a year of approval on ${approvedOn} (${REG_28})`;
    return [
      {
        kind: 'foster-carer-review',
        subjectId: carerId,
        due,
        overdue: asOf > due,
        basis,
        startedOn: from,
      },
    ];
  },
};
