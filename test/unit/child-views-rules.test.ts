/**
 * The young person's link (workflows/voice/links.ts) and the review form's suggestion
 * (web/src/forms/events.ts), as pure rules; dates worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { suggestedParticipation } from '../../web/src/forms/events.js';
import { type CaseEvent, parseEvent } from '../../workflows/events.js';
import {
  type ViewsLinkRecord,
  viewsLinkLastDay,
  viewsLinkState,
} from '../../workflows/voice/links.js';

const link: ViewsLinkRecord = {
  linkId: 'l-1',
  childId: 'C1',
  reviewDue: '2017-03-20',
  madeOn: '2017-03-02',
  madeBy: 'iro',
  submissions: 0,
};
const held = (date: string, childId = 'C1'): CaseEvent => ({
  type: 'LacReviewHeld',
  childId,
  date,
});

describe("the young person's link", () => {
  it('works until 28 days after the review was due, and not a day longer', () => {
    // 20 March 2017 + 28 days = 17 April 2017.
    expect(viewsLinkLastDay('2017-03-20')).toBe('2017-04-17');
    expect(viewsLinkState(link, [], '2017-04-17')).toBe('open');
    expect(viewsLinkState(link, [], '2017-04-18')).toBe('expired');
  });

  it('stops when a review of the child is held on or after the day it was made', () => {
    expect(viewsLinkState(link, [held('2017-03-01')], '2017-03-10')).toBe('open');
    expect(viewsLinkState(link, [held('2017-03-02', 'C2')], '2017-03-10')).toBe('open');
    expect(viewsLinkState(link, [held('2017-03-02')], '2017-03-10')).toBe('review-held');
  });

  it('takes three sendings, and none once withdrawn', () => {
    expect(viewsLinkState({ ...link, submissions: 2 }, [], '2017-03-10')).toBe('open');
    expect(viewsLinkState({ ...link, submissions: 3 }, [], '2017-03-10')).toBe('used-up');
    expect(
      viewsLinkState({ ...link, withdrawn: { by: 'iro', on: '2017-03-03' } }, [], '2017-03-10'),
    ).toBe('withdrawn');
  });
});

describe('the review form’s suggestion', () => {
  it('is PN5 when they asked for an advocate, PN6 when they sent views otherwise, none without views', () => {
    expect(suggestedParticipation(undefined)).toBeUndefined();
    expect(suggestedParticipation({ advocate: 'yes' })).toBe('PN5');
    expect(suggestedParticipation({ advocate: 'not-sure' })).toBe('PN6');
    expect(suggestedParticipation({})).toBe('PN6');
  });
});

describe('ChildViewsShared in the contract', () => {
  const views = {
    type: 'ChildViewsShared',
    childId: 'C1',
    date: '2017-03-02',
    reviewDue: '2017-03-20',
    attend: 'not-sure',
    feelsSafe: 'not-said',
  };

  it('takes the answers, every free text optional', () => {
    expect(parseEvent({ ...views, advocate: 'yes', goingWell: 'School', words: 'Hi' }).ok).toBe(
      true,
    );
    expect(parseEvent(views).ok).toBe(true);
  });

  it('names a wrong answer without repeating it, and bounds the words together at 5,000', () => {
    const wrong = parseEvent({ ...views, feelsSafe: 'Secret-answer' });
    expect(wrong).toEqual({
      ok: false,
      problems: [{ field: 'feelsSafe', reason: "must be 'yes', 'no' or 'not-said'" }],
    });
    const long = parseEvent({ ...views, goingWell: 'a'.repeat(2_500), words: 'b'.repeat(2_501) });
    expect(long).toEqual({
      ok: false,
      problems: [
        { field: 'words', reason: 'the answers together must be at most 5000 characters' },
      ],
    });
  });
});
