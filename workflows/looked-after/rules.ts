/**
 * Looked-after reviews: Care Planning, Placement and Case Review (England)
 * Regulations 2010 reg 33, and the adoption triggers of the Adoption Agencies
 * Regulations 2005 reg 36 (timescales.md 3.1).
 */
import { addDays, addMonths, type LocalDate } from '../calendar/index.js';
import type { CaseEvent } from '../events.js';
import { contradiction, type Obligation, type RulesContext } from '../obligations.js';
import type { Process } from '../process.js';

/** One period of being looked after, from `BecameLookedAfter` to its end. */
export interface Episode {
  readonly startedOn: LocalDate;
  /** The records begin inside a period already running: its first reviews came before them. */
  readonly startedBeforeRecords?: boolean;
  readonly reviews: readonly LocalDate[];
  readonly placementOrders: readonly LocalDate[];
  readonly adoptivePlacements: readonly LocalDate[];
  readonly broughtForward: readonly { readonly on: LocalDate; readonly reviewBy: LocalDate }[];
}

export interface LookedAfterState {
  /** The current episode; absent while the child is not looked after. */
  readonly episode?: Episode;
  /**
   * In a series of short breaks (timescales.md 3.6, planned by short-breaks/rules.ts):
   * not looked after, yet the case is reviewed, so a review then is no contradiction.
   */
  readonly shortBreaks?: boolean;
}

/** A candidate due date and the rule that sets it. */
interface Deadline {
  readonly due: LocalDate;
  readonly basis: string;
  readonly startedOn: LocalDate;
}

const REG_33 = 'CPPCR 2010 reg 33';
const REG_36 = 'AAR 2005 reg 36';

/**
 * When the next looked-after review is due: the earliest of the base cycle and every
 * trigger that applies. Exposed for the reminder policy and for tests.
 */
export function lacReviewDue(episode: Episode, context: RulesContext): Deadline {
  const { reviews } = episode;
  const last = reviews.at(-1);
  const candidates: Deadline[] = [];
  if (episode.startedBeforeRecords && reviews.length < 2) {
    // The 20-working-day and 3-month reviews were held before the records begin; what
    // is known is the last date the child was seen in care, which sets the 6-month cycle.
    const from = last ?? episode.startedOn;
    candidates.push({
      due: addMonths(from, 6),
      basis:
        last === undefined
          ? `review within 6 months of ${from}, when the records of a period of care already running begin (${REG_33})`
          : `review within 6 months of the last, held on ${last} (${REG_33})`,
      startedOn: from,
    });
  } else if (last === undefined) {
    candidates.push({
      due: context.calendar.addWorkingDays(episode.startedOn, 20),
      basis: `first review within 20 working days of becoming looked after on ${episode.startedOn} (${REG_33})`,
      startedOn: episode.startedOn,
    });
  } else if (reviews.length === 1) {
    candidates.push({
      due: addMonths(last, 3),
      basis: `second review within 3 months of the first, held on ${last} (${REG_33})`,
      startedOn: last,
    });
  } else {
    candidates.push({
      due: addMonths(last, 6),
      basis: `review within 6 months of the last, held on ${last} (${REG_33})`,
      startedOn: last,
    });
  }
  const reviewsOnOrAfter = (date: LocalDate) => reviews.filter((review) => review >= date);
  for (const orderedOn of episode.placementOrders) {
    if (reviewsOnOrAfter(orderedOn).length > 0) continue;
    candidates.push({
      due: addMonths(orderedOn, 3),
      basis: `review within 3 months of the placement order on ${orderedOn} (${REG_36})`,
      startedOn: orderedOn,
    });
  }
  for (const placedOn of episode.adoptivePlacements) {
    const since = reviewsOnOrAfter(placedOn);
    const [first] = since;
    if (first === undefined) {
      candidates.push({
        due: addDays(placedOn, 28),
        basis: `review within 4 weeks of placement for adoption on ${placedOn} (${REG_36})`,
        startedOn: placedOn,
      });
    } else if (since.length === 1) {
      candidates.push({
        due: addMonths(first, 3),
        basis: `second review since placement for adoption within 3 months of the review on ${first} (${REG_36})`,
        startedOn: first,
      });
    }
  }
  for (const { on, reviewBy } of episode.broughtForward) {
    if (reviewsOnOrAfter(on).length > 0) continue;
    candidates.push({
      due: reviewBy,
      basis: `review brought forward on ${on} to be held by ${reviewBy} (${REG_33})`,
      startedOn: on,
    });
  }
  // The base candidate always exists; ties keep the base rule as the stated basis.
  return candidates.reduce((earliest, next) => (next.due < earliest.due ? next : earliest));
}

export const lookedAfter: Process<LookedAfterState> = {
  name: 'looked-after reviews',
  initial: {},
  keyOf: (event) => {
    switch (event.type) {
      case 'BecameLookedAfter':
      case 'LacReviewHeld':
      case 'ReviewBroughtForward':
      case 'PlacementOrderMade':
      case 'PlacedForAdoption':
      case 'AdoptionOrderMade':
      case 'CeasedLookedAfter':
      case 'ShortBreaksStarted':
      case 'ShortBreaksEnded':
        return event.childId;
      default:
        return undefined;
    }
  },
  apply(state, event: CaseEvent, date) {
    const { episode } = state;
    const breaks = state.shortBreaks ? { shortBreaks: true } : {};
    if (event.type === 'ShortBreaksStarted') return { ...state, shortBreaks: true };
    if (event.type === 'ShortBreaksEnded') return episode ? { episode } : {};
    if (event.type === 'LacReviewHeld' && !episode && state.shortBreaks) return state;
    if (event.type === 'BecameLookedAfter') {
      if (episode)
        contradiction('childId', `the child is already looked after, since ${episode.startedOn}`);
      return {
        ...breaks,
        episode: {
          startedOn: date,
          ...(event.startedBeforeRecords ? { startedBeforeRecords: true } : {}),
          reviews: [],
          placementOrders: [],
          adoptivePlacements: [],
          broughtForward: [],
        },
      };
    }
    if (!episode) {
      return contradiction('childId', `the child is not looked after on ${date}`);
    }
    switch (event.type) {
      case 'LacReviewHeld':
        return { ...breaks, episode: { ...episode, reviews: [...episode.reviews, date] } };
      case 'ReviewBroughtForward':
        return {
          ...breaks,
          episode: {
            ...episode,
            broughtForward: [...episode.broughtForward, { on: date, reviewBy: event.reviewBy }],
          },
        };
      case 'PlacementOrderMade':
        return {
          ...breaks,
          episode: { ...episode, placementOrders: [...episode.placementOrders, date] },
        };
      case 'PlacedForAdoption':
        return {
          ...breaks,
          episode: { ...episode, adoptivePlacements: [...episode.adoptivePlacements, date] },
        };
      case 'AdoptionOrderMade':
      case 'CeasedLookedAfter':
        return breaks;
      default:
        return state;
    }
  },
  open(state, childId, asOf, context): Obligation[] {
    if (!state.episode) return [];
    const { due, basis, startedOn } = lacReviewDue(state.episode, context);
    return [{ kind: 'lac-review', subjectId: childId, due, overdue: asOf > due, basis, startedOn }];
  },
};
