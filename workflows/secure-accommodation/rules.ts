/**
 * Reviews of a child kept in secure accommodation: Children (Secure Accommodation)
 * Regulations 1991 reg 15 (timescales.md 3.3).
 */
import { addMonths, type LocalDate } from '../calendar/index.js';
import { contradiction } from '../obligations.js';
import type { Process } from '../process.js';

export interface SecureState {
  readonly placedOn?: LocalDate;
  readonly lastReviewOn?: LocalDate;
}

const REG_15 = 'Children (Secure Accommodation) Regulations 1991 reg 15';

export const secureAccommodation: Process<SecureState> = {
  name: 'secure accommodation reviews',
  initial: {},
  keyOf: (event) =>
    event.type === 'PlacedInSecureAccommodation' ||
    event.type === 'SecureReviewHeld' ||
    event.type === 'LeftSecureAccommodation'
      ? event.childId
      : undefined,
  apply(state, event, date) {
    if (event.type === 'PlacedInSecureAccommodation') {
      if (state.placedOn) {
        contradiction(
          'childId',
          `the child is already in secure accommodation, since ${state.placedOn}`,
        );
      }
      return { placedOn: date };
    }
    if (event.type !== 'SecureReviewHeld' && event.type !== 'LeftSecureAccommodation') return state;
    if (!state.placedOn)
      contradiction('childId', `the child is not in secure accommodation on ${date}`);
    return event.type === 'SecureReviewHeld' ? { ...state, lastReviewOn: date } : {};
  },
  open(state, childId, asOf) {
    const { placedOn, lastReviewOn } = state;
    if (!placedOn) return [];
    const due = lastReviewOn ? addMonths(lastReviewOn, 3) : addMonths(placedOn, 1);
    const basis = lastReviewOn
      ? `review within 3 months of the last, held on ${lastReviewOn} (${REG_15})`
      : `first review within 1 month of placement in secure accommodation on ${placedOn} (${REG_15})`;
    return [
      {
        kind: 'secure-review',
        subjectId: childId,
        due,
        overdue: asOf > due,
        basis,
        startedOn: lastReviewOn ?? placedOn,
      },
    ];
  },
};
