/**
 * The SSDA903 participation codes (DfE, children looked after return; figures.md
 * section 2) and what each means in words. A module of its own, with no imports, so
 * the work tray's pages can name the codes without bundling the event schemas.
 */
export const PARTICIPATION_CODES = [
  'PN0',
  'PN1',
  'PN2',
  'PN3',
  'PN4',
  'PN5',
  'PN6',
  'PN7',
] as const;
export type ParticipationCode = (typeof PARTICIPATION_CODES)[number];

/** Each code as figures.md words it, for the people who choose one. */
export const PARTICIPATION_WORDS: Readonly<Record<ParticipationCode, string>> = {
  PN0: 'The child was under 4 at the time of the review',
  PN1: 'The child attended and spoke for themselves',
  PN2: 'The child attended, and an advocate spoke for them',
  PN3: 'The child attended and conveyed their views symbolically (non-verbally)',
  PN4: 'The child attended but did not speak or convey their views',
  PN5: 'The child did not attend but briefed an advocate to speak for them',
  PN6: 'The child did not attend but conveyed their views by another method (for example in writing)',
  PN7: 'The child did not attend and their views were not conveyed',
};
