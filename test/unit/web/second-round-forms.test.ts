/**
 * The Record forms ask what the second round of figures counts (figures.md section 9):
 * the permanence plan at a review, whether the child lives out of the area, the young
 * person's part, advocacy, the report's quality, and the plan's category and the
 * child's disability only when a plan is made or continues; and a case audit, for
 * managers. Each answer is optional: "Not recorded" leaves it out.
 */
import { describe, expect, it } from 'vitest';
import {
  askedFields,
  assemble,
  EVENT_KINDS,
  type EventKind,
  kindsFor,
  NOT_RECORDED,
} from '../../../web/src/forms/events.js';

const kind = (id: string): EventKind => {
  const found = EVENT_KINDS.find((k) => k.id === id);
  if (!found) throw new Error(`no kind ${id}`);
  return found;
};
const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}.day`]: day,
  [`${name}.month`]: month,
  [`${name}.year`]: year,
});
const conference = {
  childId: 'C2',
  conferenceId: 'K1',
  kind: 'initial',
  ...date('date', '27', '3', '2017'),
};

describe('the second round of questions', () => {
  it.each([
    [
      'review-held',
      { childId: 'C1', ...date('date', '27', '7', '2017'), permanencePlan: 'agreed' },
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-07-27', permanencePlan: 'agreed' },
    ],
    [
      'review-held',
      { childId: 'C1', ...date('date', '27', '7', '2017'), permanencePlan: NOT_RECORDED },
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-07-27' },
    ],
    [
      'iro-contact',
      { childId: 'C1', ...date('date', '3', '2', '2017'), method: 'visit', outOfArea: 'true' },
      {
        type: 'IroContactWithChild',
        childId: 'C1',
        date: '2017-02-03',
        method: 'visit',
        outOfArea: true,
      },
    ],
    [
      'conference-held',
      {
        ...conference,
        planMade: 'true',
        childParticipation: 'views-conveyed',
        advocacy: 'offered-declined',
        category: 'physical',
        disability: 'false',
        reportQuality: 'requires-improvement',
      },
      {
        type: 'ConferenceHeld',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-27',
        planMade: true,
        childParticipation: 'views-conveyed',
        advocacy: 'offered-declined',
        category: 'physical',
        disability: false,
        reportQuality: 'requires-improvement',
      },
    ],
    [
      // No plan made: no category or disability is asked, so none is sent.
      'conference-held',
      { ...conference, planMade: 'false', category: 'neglect', disability: 'true' },
      {
        type: 'ConferenceHeld',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-27',
        planMade: false,
      },
    ],
    [
      'case-audit',
      {
        auditId: 'QA/17/3',
        childId: 'C1',
        iro: 'akhan',
        ...date('date', '3', '4', '2017'),
        grade: 'good',
      },
      {
        type: 'CaseAuditCompleted',
        auditId: 'QA/17/3',
        childId: 'C1',
        iro: 'akhan',
        date: '2017-04-03',
        grade: 'good',
      },
    ],
  ])('%s: %j', (id, answers, event) => {
    expect(assemble(kind(id), answers)).toEqual({ ok: true, event });
  });

  it.each([
    ['initial', { planMade: 'true' }, true],
    ['initial', { planMade: 'false' }, false],
    ['review', { planContinues: 'true' }, true],
    ['review', { planContinues: 'false' }, false],
  ])('a %s conference with %j asks the category and disability: %s', (which, plan, asked) => {
    const names = askedFields(kind('conference-held'), { kind: which, ...plan }).map((f) => f.name);
    expect(names.includes('category')).toBe(asked);
    expect(names.includes('disability')).toBe(asked);
    expect(names).toContain('reportQuality');
  });

  it('asks a case audit grade, and refuses an unanswered one', () => {
    const answers = {
      auditId: 'A1',
      childId: 'C1',
      iro: 'akhan',
      ...date('date', '3', '4', '2017'),
    };
    expect(assemble(kind('case-audit'), answers)).toEqual({
      ok: false,
      problems: [{ field: 'grade', reason: 'must be chosen' }],
    });
  });

  it('offers a case audit to managers only', () => {
    expect(kindsFor(['manager']).map((k) => k.id)).toContain('case-audit');
    for (const role of ['iro', 'admin', 'social-worker'] as const) {
      expect(kindsFor([role]).map((k) => k.id)).not.toContain('case-audit');
    }
  });
});
