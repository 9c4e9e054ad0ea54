/**
 * The answers the second round of figures counts (figures.md section 9;
 * timescales.md section 2), each with its words. A module of its own, with no imports,
 * so the work tray's forms and Figures page can name them without bundling the schemas.
 */

/** Whether the permanence plan was agreed at a looked-after review (L9). */
export const PERMANENCE_PLAN = ['agreed', 'not-agreed'] as const;
export type PermanencePlan = (typeof PERMANENCE_PLAN)[number];

/** The young person's part in a child protection conference (C13). */
export const CHILD_PARTICIPATION = [
  'attended',
  'views-conveyed',
  'not-involved',
  'too-young',
] as const;
export type ChildParticipation = (typeof CHILD_PARTICIPATION)[number];

/** Whether an advocate was involved at a conference (C12). */
export const ADVOCACY = ['involved', 'offered-declined', 'not-offered'] as const;
export type Advocacy = (typeof ADVOCACY)[number];

/** The category of a child protection plan (C14). */
export const PLAN_CATEGORIES = ['neglect', 'emotional', 'physical', 'sexual', 'multiple'] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

/** The four grades: a chair's judgement of a report (C16), and a manager's audit (A1). */
export const GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

/** How an IRO is employed (S1): on the council's staff, or through an agency. */
export const STAFF_BASIS = ['permanent', 'agency'] as const;
export type StaffBasis = (typeof STAFF_BASIS)[number];

/** How an IRO was in touch with the child (L10). */
export const CONTACT_METHODS = ['visit', 'video', 'phone', 'message'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** Each answer in words, for the people who choose one and the reports that count them. */
export const ANSWER_WORDS: Readonly<Record<string, string>> = {
  agreed: 'Permanence plan agreed',
  'not-agreed': 'Permanence plan not agreed',
  attended: 'The young person attended',
  'views-conveyed': 'The young person’s views were conveyed',
  'not-involved': 'The young person was not involved',
  'too-young': 'Too young to take part',
  involved: 'An advocate was involved',
  'offered-declined': 'An advocate was offered and declined',
  'not-offered': 'An advocate was not offered',
  neglect: 'Neglect',
  emotional: 'Emotional abuse',
  physical: 'Physical abuse',
  sexual: 'Sexual abuse',
  multiple: 'Multiple categories',
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
  permanent: 'Permanent',
  agency: 'Agency',
  visit: 'Visit',
  video: 'Video call',
  phone: 'Phone call',
  message: 'Message',
};
