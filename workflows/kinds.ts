/**
 * The kinds of obligation the planner keeps (timescales.md section 3) and the stages of
 * a dispute (section 3.4), with who answers at each. A module of its own, with no
 * imports, so the work tray's pages can list them without bundling the schemas or the
 * calendar.
 */
export const OBLIGATION_KINDS = [
  'lac-review',
  'icpc',
  'icpc-booking-decision',
  'cp-review',
  'cp-plan-duration-check',
  'conference-report',
  'secure-review',
  'foster-carer-review',
  'short-breaks-review',
  'dispute-stage',
  'review-decisions',
  'review-record',
  'conference-minutes',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

export const DISPUTE_STAGES = [1, 2, 3, 4, 5] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

/** Who answers at each dispute stage, in the unit's words. */
export const DISPUTE_STAGE_NAMES: Readonly<Record<DisputeStage, string>> = {
  1: 'team manager',
  2: 'service manager',
  3: 'head of service',
  4: "director of children's services",
  5: 'IRO to consider referral to Cafcass',
};
