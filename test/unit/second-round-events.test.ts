/**
 * The fields and events the second round of figures counts (timescales.md section 2):
 * each optional field is accepted and checked by name, older events stay valid, the new
 * events are kept in the child's reviews log, and only those who answer for them may
 * record them.
 */
import { describe, expect, it } from 'vitest';
import { mayRecord } from '../../functions/shared/access.js';
import { clocksOf } from '../../workflows/clocks.js';
import { type CaseEvent, parseEvent } from '../../workflows/events.js';
import { plan } from '../../workflows/plan.js';

const conference = {
  type: 'ConferenceHeld',
  childId: 'C1',
  conferenceId: 'K1',
  kind: 'initial',
  date: '2017-03-27',
  planMade: true,
};
const allocated = { type: 'IroAllocated', childId: 'C1', iro: 'akhan', date: '2017-03-01' };
const audited = {
  type: 'CaseAuditCompleted',
  auditId: 'AU1',
  childId: 'C1',
  iro: 'akhan',
  date: '2017-03-01',
  grade: 'requires-improvement',
};

describe('the new fields and events', () => {
  it.each([
    { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-02', permanencePlan: 'agreed' },
    { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-02', permanencePlan: 'not-agreed' },
    { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-02' },
    {
      type: 'IroContactWithChild',
      childId: 'C1',
      date: '2017-01-02',
      method: 'visit',
      outOfArea: true,
    },
    { type: 'IroContactWithChild', childId: 'C1', date: '2017-01-02', method: 'phone' },
    {
      ...conference,
      childParticipation: 'views-conveyed',
      advocacy: 'offered-declined',
      category: 'emotional',
      disability: false,
      reportQuality: 'requires-improvement',
    },
    {
      ...conference,
      kind: 'review',
      planMade: undefined,
      planContinues: true,
      category: 'multiple',
    },
    conference,
    allocated,
    audited,
  ])('accepts a well-formed $type', (input) => {
    const event = JSON.parse(JSON.stringify(input));
    expect(parseEvent(event)).toEqual({ ok: true, event });
  });

  it.each([
    [
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-02', permanencePlan: 'yes' },
      'permanencePlan',
      "'agreed' or 'not-agreed'",
    ],
    [
      {
        type: 'IroContactWithChild',
        childId: 'C1',
        date: '2017-01-02',
        method: 'visit',
        outOfArea: 'no',
      },
      'outOfArea',
      'true or false',
    ],
    [
      { ...conference, childParticipation: 'spoke' },
      'childParticipation',
      "'attended', 'views-conveyed', 'not-involved' or 'too-young'",
    ],
    [
      { ...conference, advocacy: 'yes' },
      'advocacy',
      "'involved', 'offered-declined' or 'not-offered'",
    ],
    [
      { ...conference, category: 'financial' },
      'category',
      "'neglect', 'emotional', 'physical', 'sexual' or 'multiple'",
    ],
    [{ ...conference, disability: 'yes' }, 'disability', 'true or false'],
    [
      { ...conference, reportQuality: 'fine' },
      'reportQuality',
      "'outstanding', 'good', 'requires-improvement' or 'inadequate'",
    ],
    [
      { ...audited, grade: 'Jane Smith' },
      'grade',
      "'outstanding', 'good', 'requires-improvement' or 'inadequate'",
    ],
    [{ ...audited, iro: '' }, 'iro', 'must not be empty'],
    [{ ...audited, auditId: undefined }, 'auditId', 'is required'],
    [{ ...allocated, iro: undefined }, 'iro', 'is required'],
    [{ ...allocated, childId: 'unit' }, 'childId', "must not be 'unit'"],
  ])('names the field at fault, never its value: %j', (input, field, reason) => {
    const result = parseEvent(JSON.parse(JSON.stringify(input)));
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([{ field, reason: expect.stringContaining(reason) }]);
    expect(JSON.stringify(problems)).not.toContain('Jane Smith');
  });

  it("keeps an IRO's allocation and an audit in the child's reviews log", () => {
    expect(clocksOf(allocated as CaseEvent).map((c) => c.log)).toEqual(['reviews/C1']);
    expect(clocksOf(audited as CaseEvent).map((c) => c.log)).toEqual(['reviews/C1']);
  });

  it('accepts them whatever the history, and they plan nothing', () => {
    // A child never looked after, on no plan: an audit and an allocation are still true.
    expect(plan([allocated as CaseEvent, audited as CaseEvent], '2017-03-31')).toEqual([]);
  });
});

describe('who may record them', () => {
  const staff = { allocation: async () => undefined };
  const as = (...roles: string[]) => ({ id: 'x', roles }) as Parameters<typeof mayRecord>[0];

  it.each([
    ['manager', true],
    ['admin', false],
    ['iro', false],
    ['social-worker', false],
    ['system', false],
  ])('CaseAuditCompleted: %s may record it: %s', async (role, may) => {
    expect(await mayRecord(as(role), audited as CaseEvent, { staff })).toBe(may);
  });

  it.each([
    ['admin', true],
    ['system', true],
    ['manager', false],
    ['iro', false],
    ['social-worker', false],
  ])('IroAllocated: %s may record it: %s', async (role, may) => {
    expect(await mayRecord(as(role), allocated as CaseEvent, { staff })).toBe(may);
  });

  it("the new fields on an older event change nobody's rights", async () => {
    const review = {
      type: 'LacReviewHeld',
      childId: 'C1',
      date: '2017-01-02',
      permanencePlan: 'agreed',
    };
    // The social worker x, allocated to C1: as for any review of their own child.
    const allocatedToX = {
      allocation: async (subjectId: string) =>
        subjectId === 'C1' ? { subjectId, roles: { 'social-worker': 'x' } } : undefined,
    } as unknown as typeof staff;
    expect(await mayRecord(as('social-worker'), review as CaseEvent, { staff: allocatedToX })).toBe(
      true,
    );
  });
});
