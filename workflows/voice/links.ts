/**
 * The young person's link (architecture.md, "The child's voice"): when it still works.
 * Pure: the handler reads the link's record and the child's reviews, and asks here.
 */
import { addDays, type LocalDate } from '../calendar/index.js';
import type { CaseEvent } from '../events.js';

/** A link takes at most this many sendings; the last one counts. */
export const MAX_VIEWS_SUBMISSIONS = 3;
/** A link stops this many days after the review it is for was due. */
export const VIEWS_LINK_DAYS_AFTER_DUE = 28;

/** What the system keeps of a link (never the link itself: only its hash, elsewhere). */
export interface ViewsLinkRecord {
  readonly linkId: string;
  readonly childId: string;
  /** The due date of the review the link is for. */
  readonly reviewDue: LocalDate;
  /** The London day it was made: a review held on or after it is the one it was for. */
  readonly madeOn: LocalDate;
  readonly madeBy: string;
  readonly submissions: number;
  readonly withdrawn?: { readonly by: string; readonly on: LocalDate };
}

/** The name of the IRO's morning-list line saying no link was made yet for a review (workflows/morning-list.ts). */
export const VIEWS_LINK_STEP = 'views-link';

/**
 * The notification key of that line for one review: marked when a list carries it, or
 * when a link is made for that review (functions/views.ts), so it goes at most once and
 * never once a link exists.
 */
export const viewsLinkKey = (childId: string, reviewDue: string) =>
  `${VIEWS_LINK_STEP}/${encodeURIComponent(childId)}/${reviewDue}#iro`;

/** The last day the link works: 28 days after the review was due. */
export const viewsLinkLastDay = (reviewDue: LocalDate): LocalDate =>
  addDays(reviewDue, VIEWS_LINK_DAYS_AFTER_DUE);

export type ViewsLinkState = 'open' | 'used-up' | 'withdrawn' | 'review-held' | 'expired';

/**
 * Whether the link still takes views on `today`, given the child's events (retractions
 * already applied): a review held on or after the day it was made is the review it was
 * for, so the link stops then.
 */
export function viewsLinkState(
  link: ViewsLinkRecord,
  events: readonly CaseEvent[],
  today: LocalDate,
): ViewsLinkState {
  if (link.withdrawn) return 'withdrawn';
  if (link.submissions >= MAX_VIEWS_SUBMISSIONS) return 'used-up';
  if (today > viewsLinkLastDay(link.reviewDue)) return 'expired';
  const held = events.some(
    (e) => e.type === 'LacReviewHeld' && e.childId === link.childId && e.date >= link.madeOn,
  );
  return held ? 'review-held' : 'open';
}
