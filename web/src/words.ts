/**
 * How the lists say things: what is due in the unit's words (the same words the
 * reminder emails use, workflows/notifications/templates.ts, which a test keeps in
 * step: importing them would bring zod and the bank-holiday table into the app; the
 * kinds and the dispute stages themselves come from workflows/kinds.ts), dates
 * as people in England write them, and working days left or overdue. Pure.
 */
import { isInstant } from '../../workflows/calendar/london-time.js';
import {
  DISPUTE_STAGE_NAMES,
  type DisputeStage,
  OBLIGATION_KINDS,
  type ObligationKind,
} from '../../workflows/kinds.js';
import { londonDateTime, longDate } from './forms/dates.js';

export { DISPUTE_STAGE_NAMES, type DisputeStage, OBLIGATION_KINDS, type ObligationKind };

/** An open obligation as `GET /obligations` answers it. */
export interface Obligation {
  readonly kind: ObligationKind;
  readonly subjectId: string;
  readonly refId?: string;
  readonly due: string;
  readonly overdue: boolean;
  readonly workingDaysLeft?: number;
  readonly stage?: DisputeStage;
  readonly basis: string;
}

/** An open dispute as `GET /disputes` answers it (never its issue text). */
export interface Dispute extends Obligation {
  readonly raisedOn?: string;
  readonly workingDaysOpen?: number;
  readonly escalatesOn?: string;
}

/** Each kind in words (the filters list them in the order of OBLIGATION_KINDS). */
export const KIND_WORDS: Readonly<Record<ObligationKind, string>> = {
  'lac-review': 'Looked-after child review',
  icpc: 'Initial child protection conference',
  'icpc-booking-decision': 'Decision on booking the initial child protection conference',
  'cp-review': 'Child protection review conference',
  'cp-plan-duration-check': '15-month check of the child protection plan',
  'conference-report': 'Report for the child protection conference',
  'secure-review': 'Secure accommodation review',
  'foster-carer-review': 'Foster carer review',
  'short-breaks-review': 'Review of the short breaks',
  'dispute-stage': 'Stage of the IRO dispute resolution process',
  'review-decisions': 'Decisions of the looked-after review',
  'review-record': 'Written record of the looked-after review',
  'conference-minutes': 'Minutes of the child protection conference',
};

const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** Who must respond at a stage: "Head of service"; at stage 5, the IRO considering Cafcass. */
export const respondentWords = (stage: DisputeStage) => capitalise(DISPUTE_STAGE_NAMES[stage]);

/** What is due, as a reminder email's "What is due" line says it. */
export function whatIsDue(kind: ObligationKind, stage?: DisputeStage): string {
  if (kind === 'dispute-stage' && stage !== undefined) {
    return `Stage ${stage} of the IRO dispute resolution process (${DISPUTE_STAGE_NAMES[stage]})`;
  }
  return KIND_WORDS[kind] ?? kind;
}

/**
 * A date as people in England write it: "3 July 2017"; a due instant (a conference
 * report's) as its London date and time: "23 March 2017 at 10:00". Anything else is
 * shown as it came.
 */
export const dateWords = (value: string): string =>
  isInstant(value) ? londonDateTime(value) : longDate(value);

/**
 * A rule's text with its dates and instants in words: "on 2017-01-27" reads "on 27
 * January 2017", "2017-07-10T10:00:00+01:00" reads "10 July 2017 at 10:00".
 */
export const ruleWords = (basis: string): string =>
  basis.replace(
    /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?/g,
    (found) => dateWords(found),
  );

/** "12 working days left", "Due today", "3 working days overdue". */
export function workingDaysWords(left: number | undefined, overdue: boolean): string {
  if (left === undefined) return overdue ? 'Overdue' : '';
  const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
  if (left < 0) return `${days(-left)} overdue`;
  if (overdue) return 'Overdue';
  return left === 0 ? 'Due today' : `${days(left)} left`;
}

/** `date` plus `n` calendar days (YYYY-MM-DD), by the calendar alone. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + n));
  return day.toISOString().slice(0, 10);
}
