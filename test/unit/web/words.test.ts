/**
 * The lists' words: dates as people in England write them, working days left or
 * overdue, and what is due in the very words of the reminder emails (the app keeps its
 * own copy, since importing the templates would bring zod and the bank-holiday table
 * into the bundle; this test keeps the two in step).
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DISPUTE_STAGE_NAMES,
  type DisputeStage,
  dateWords,
  OBLIGATION_KINDS,
  type ObligationKind,
  respondentWords,
  ruleWords,
  whatIsDue,
  workingDaysWords,
} from '../../../web/src/words.js';
import { DISPUTE_STAGE_NAMES as RULES_STAGE_NAMES } from '../../../workflows/disputes/rules.js';
import { DISPUTE_STAGES } from '../../../workflows/events.js';
import { renderReminder } from '../../../workflows/notifications/templates.js';
import { OBLIGATION_KINDS as RULES_KINDS } from '../../../workflows/obligations.js';

describe('ruleWords', () => {
  it('writes the dates and instants of a rule in words, and leaves the rest', () => {
    expect(
      ruleWords(
        'report due 3 working days before the conference at 2017-07-10T10:00:00+01:00 (booked on 2017-06-20; Working Together 2015)',
      ),
    ).toBe(
      'report due 3 working days before the conference at 10 July 2017 at 10:00 (booked on 20 June 2017; Working Together 2015)',
    );
    expect(ruleWords('within 20 working days of 2017-01-02T00:00:00Z')).toBe(
      'within 20 working days of 2 January 2017 at 00:00',
    );
  });
});

describe('dateWords', () => {
  it.each([
    ['2017-07-03', '3 July 2017'],
    ['2017-12-25', '25 December 2017'],
    ['2020-02-29', '29 February 2020'],
    ['2017-03-23T10:00:00+00:00', '23 March 2017 at 10:00'],
    ['2017-06-20T09:30:00+01:00', '20 June 2017 at 09:30'],
    ['soon', 'soon'],
    ['2017-13-01', '2017-13-01'],
  ])('%s reads "%s"', (value, words) => {
    expect(dateWords(value)).toBe(words);
  });
});

describe('workingDaysWords', () => {
  it.each([
    [12, false, '12 working days left'],
    [1, false, '1 working day left'],
    [0, false, 'Due today'],
    [-1, true, '1 working day overdue'],
    [-3, true, '3 working days overdue'],
    [undefined, true, 'Overdue'],
    [undefined, false, ''],
  ] as const)('%s (overdue %s) reads "%s"', (left, overdue, words) => {
    expect(workingDaysWords(left, overdue)).toBe(words);
  });
});

describe('addDays', () => {
  it.each([
    ['2017-03-06', 28, '2017-04-03'],
    ['2016-02-15', 14, '2016-02-29'],
    ['2017-12-20', 28, '2018-01-17'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });
});

/** A reminder's "What is due" line, as the email renders it. */
function emailWhat(kind: ObligationKind, stage?: DisputeStage): string {
  const refs: Partial<Record<ObligationKind, string>> = {
    'conference-report': 'K1',
    'conference-minutes': 'K1',
    'dispute-stage': 'D1',
    'review-decisions': '2017-03-01',
    'review-record': '2017-03-01',
  };
  const ref = refs[kind];
  const { text } = renderReminder(
    {
      recipientRole: 'iro',
      action: 'reminder',
      caseRecordUrl: 'https://cms.example.gov.uk/x',
      obligation: {
        kind,
        subjectId: 'C1',
        due: kind === 'conference-report' ? '2017-03-10T10:00:00+00:00' : '2017-03-10',
        overdue: false,
        ...(ref === undefined ? {} : { refId: ref }),
        ...(stage === undefined ? {} : { stage }),
      },
    },
    { unitName: 'Unit' },
  );
  return /^What is due: (.*)$/m.exec(text)?.[1] ?? '';
}

describe('whatIsDue', () => {
  it('names every kind the workflows know', () => {
    expect([...OBLIGATION_KINDS].sort()).toEqual([...RULES_KINDS].sort());
  });

  it.each(RULES_KINDS.filter((k) => k !== 'dispute-stage'))(
    'says %s in the words of its reminder email',
    (kind) => {
      expect(whatIsDue(kind)).toBe(emailWhat(kind));
    },
  );

  it.each(DISPUTE_STAGES)('says dispute stage %i in the words of its reminder email', (stage) => {
    expect(whatIsDue('dispute-stage', stage)).toBe(emailWhat('dispute-stage', stage));
  });

  it('names who answers each dispute stage as the dispute rules do', () => {
    expect(DISPUTE_STAGE_NAMES).toEqual(RULES_STAGE_NAMES);
    expect(DISPUTE_STAGES.map((s) => respondentWords(s))).toEqual([
      'Team manager',
      'Service manager',
      'Head of service',
      "Director of children's services",
      'IRO to consider referral to Cafcass',
    ]);
  });
});
