import { describe, expect, it } from 'vitest';
import { DISPUTE_STAGE_NAMES } from '../../../workflows/disputes/rules.js';
import type { DisputeStage } from '../../../workflows/events.js';
import {
  caseRecordUrl,
  formatDue,
  type ReminderContent,
  renderReminder,
} from '../../../workflows/notifications/templates.js';
import { OBLIGATION_KINDS, type ObligationKind } from '../../../workflows/obligations.js';
import type { Role } from '../../../workflows/policy.js';

const UNIT = { unitName: "Children's Safeguarding Unit" };
const LINK = 'https://cms.example.gov.uk/children/C1';

type Action = ReminderContent['action'];

interface Case {
  readonly obligation: ReminderContent['obligation'];
  readonly role: Role;
  /** The role in words, as the email should say it. */
  readonly roleWords: string;
  /** The obligation in plain words. */
  readonly what: string;
  readonly dueWords: string;
  /** The reference as the email writes it, where it is not the refId itself (a review's date). */
  readonly refWords?: string;
}

/** One obligation of every kind, with what its email must say. */
const CASES: Readonly<Record<ObligationKind, Case>> = {
  'lac-review': {
    obligation: { kind: 'lac-review', subjectId: 'C1', due: '2017-01-30', overdue: false },
    role: 'iro',
    roleWords: 'Independent Reviewing Officer',
    what: 'looked-after child review',
    dueWords: 'Monday 30 January 2017',
  },
  icpc: {
    obligation: { kind: 'icpc', subjectId: 'C2', due: '2017-05-02', overdue: true },
    role: 'head-of-service',
    roleWords: 'head of service',
    what: 'initial child protection conference',
    dueWords: 'Tuesday 2 May 2017',
  },
  'icpc-booking-decision': {
    obligation: {
      kind: 'icpc-booking-decision',
      subjectId: 'C2',
      due: '2017-04-13',
      overdue: false,
    },
    role: 'team-manager',
    roleWords: 'team manager',
    what: 'decision on booking the initial child protection conference',
    dueWords: 'Thursday 13 April 2017',
  },
  'cp-review': {
    obligation: { kind: 'cp-review', subjectId: 'C4', due: '2017-08-31', overdue: false },
    role: 'chair',
    roleWords: 'conference chair',
    what: 'child protection review conference',
    dueWords: 'Thursday 31 August 2017',
  },
  'cp-plan-duration-check': {
    obligation: {
      kind: 'cp-plan-duration-check',
      subjectId: 'C4',
      due: '2018-08-31',
      overdue: false,
    },
    role: 'chair',
    roleWords: 'conference chair',
    what: '15-month check of the child protection plan',
    dueWords: 'Friday 31 August 2018',
  },
  'conference-report': {
    obligation: {
      kind: 'conference-report',
      subjectId: 'C2',
      refId: 'K1',
      due: '2017-03-23T10:00:00+00:00',
      overdue: false,
    },
    role: 'social-worker',
    roleWords: 'social worker',
    what: 'report for the child protection conference',
    dueWords: 'Thursday 23 March 2017 at 10:00',
  },
  'secure-review': {
    obligation: { kind: 'secure-review', subjectId: 'C7', due: '2017-06-12', overdue: true },
    role: 'reviewing-officer',
    roleWords: 'reviewing officer',
    what: 'secure accommodation review',
    dueWords: 'Monday 12 June 2017',
  },
  'short-breaks-review': {
    obligation: { kind: 'short-breaks-review', subjectId: 'C8', due: '2017-06-12', overdue: false },
    role: 'reviewing-officer',
    roleWords: 'reviewing officer',
    what: 'review of the short breaks',
    dueWords: 'Monday 12 June 2017',
  },
  'foster-carer-review': {
    obligation: { kind: 'foster-carer-review', subjectId: 'F1', due: '2017-12-01', overdue: false },
    role: 'reviewing-officer',
    roleWords: 'reviewing officer',
    what: 'foster carer review',
    dueWords: 'Friday 1 December 2017',
  },
  'dispute-stage': {
    obligation: {
      kind: 'dispute-stage',
      subjectId: 'C3',
      refId: 'D1',
      due: '2018-01-05',
      overdue: false,
      stage: 2,
    },
    role: 'service-manager',
    roleWords: 'service manager',
    what: 'stage 2 of the IRO dispute resolution process (service manager)',
    dueWords: 'Friday 5 January 2018',
  },
  'review-decisions': {
    obligation: {
      kind: 'review-decisions',
      subjectId: 'C1',
      refId: '2017-01-27',
      due: '2017-02-03',
      overdue: false,
    },
    role: 'iro',
    roleWords: 'Independent Reviewing Officer',
    what: 'decisions of the looked-after review',
    dueWords: 'Friday 3 February 2017',
    refWords: 'Friday 27 January 2017',
  },
  'review-record': {
    obligation: {
      kind: 'review-record',
      subjectId: 'C1',
      refId: '2017-01-27',
      due: '2017-02-24',
      overdue: true,
    },
    role: 'service-manager',
    roleWords: 'service manager',
    what: 'written record of the looked-after review',
    dueWords: 'Friday 24 February 2017',
    refWords: 'Friday 27 January 2017',
  },
  'conference-minutes': {
    obligation: {
      kind: 'conference-minutes',
      subjectId: 'C2',
      refId: 'K1',
      due: '2017-04-28',
      overdue: false,
    },
    role: 'chair',
    roleWords: 'conference chair',
    what: 'minutes of the child protection conference',
    dueWords: 'Friday 28 April 2017',
  },
};

const ACTIONS: readonly Action[] = ['reminder', 'escalation'];
const EVERY_KIND_AND_ACTION = OBLIGATION_KINDS.flatMap((kind) =>
  ACTIONS.map((action) => ({ kind, action, ...CASES[kind] })),
);

const contentOf = (row: { obligation: Case['obligation']; role: Role; action: Action }) => ({
  recipientRole: row.role,
  obligation: row.obligation,
  action: row.action,
  caseRecordUrl: LINK,
});

/** The case's obligation lacking one optional field, as stale or broken data might. */
function without(row: Case, key: 'refId' | 'stage'): ReminderContent['obligation'] {
  const obligation = { ...row.obligation };
  delete obligation[key];
  return obligation;
}

describe('renderReminder', () => {
  it('has a case for every obligation kind', () => {
    expect(Object.keys(CASES).sort()).toEqual([...OBLIGATION_KINDS].sort());
  });

  it.each(EVERY_KIND_AND_ACTION)(
    '$kind $action: names the reference, the obligation, the due date and the role, and links to the record',
    (row) => {
      // Prepare
      const { subjectId, refId } = row.obligation;

      // Act
      const email = renderReminder(contentOf(row), UNIT);

      // Assess
      expect(email.subject).toContain(subjectId);
      expect(email.subject).toContain(row.dueWords);
      expect(email.subject.toLowerCase()).toContain(row.what.toLowerCase());
      for (const body of [email.text, email.html]) {
        expect(body).toContain(subjectId);
        expect(body).toContain(row.dueWords);
        expect(body).toContain(row.what);
        expect(body).toContain(`the ${row.roleWords}`);
        expect(body).toContain(LINK);
      }
      if (refId !== undefined) {
        expect(email.subject).toContain(row.refWords ?? refId);
        expect(email.text).toContain(row.refWords ?? refId);
      }
      expect(email.html).toContain(`<a href="${LINK}">`);
      expect(email.text).toContain(`Overdue: ${row.obligation.overdue ? 'yes' : 'no'}`);
      expect(email.text).toContain(UNIT.unitName);
    },
  );

  it.each(EVERY_KIND_AND_ACTION)(
    '$kind $action: says nothing about the child beyond the reference, whatever the object carries',
    (row) => {
      // Prepare: personal data smuggled in at runtime, around and inside the obligation.
      const smuggled = {
        childName: 'Amelia Smuggledname',
        dateOfBirth: '2009-05-01',
        address: '1 Smuggled Street, Anytown',
        issue: 'Smuggled dispute text about the placement',
      };
      const content = {
        ...contentOf(row),
        ...smuggled,
        obligation: {
          ...row.obligation,
          ...smuggled,
          basis: 'first review within 20 working days of becoming looked after on 2016-12-05',
          startedOn: '2016-12-05',
        },
      } as unknown as ReminderContent;

      // Act
      const email = renderReminder(content, UNIT);

      // Assess
      const everything = `${email.subject}\n${email.text}\n${email.html}`;
      for (const forbidden of [
        'Amelia',
        'Smuggled',
        '2009-05-01',
        'May 2009',
        '2016-12-05',
        'December 2016',
        'working days of becoming',
      ]) {
        expect(everything).not.toContain(forbidden);
      }
    },
  );

  it.each(ACTIONS)('%s: marks an overdue obligation as overdue', (action) => {
    // Prepare
    const row = { ...CASES['lac-review'], action };
    const overdue = { ...row, obligation: { ...row.obligation, overdue: true } };

    // Act
    const onTime = renderReminder(contentOf(row), UNIT);
    const late = renderReminder(contentOf(overdue), UNIT);

    // Assess
    expect(onTime.text).toContain('Overdue: no');
    expect(late.text).toContain('Overdue: yes');
    expect(late.subject).toContain('was due Monday 30 January 2017');
    expect(onTime.subject).not.toContain('was due');
  });

  it.each([
    ['reminder', 'Reminder:'],
    ['escalation', 'Escalation:'],
  ] as const)('%s: the subject says what kind of email it is', (action, prefix) => {
    // Act
    const email = renderReminder(contentOf({ ...CASES['cp-review'], action }), UNIT);

    // Assess
    expect(email.subject.startsWith(prefix)).toBe(true);
  });

  it.each(
    ([1, 2, 3, 4, 5] as const).flatMap((stage) =>
      ACTIONS.map((action) => ({ stage: stage as DisputeStage, action })),
    ),
  )('dispute stage $stage $action: names the stage and who answers it', ({ stage, action }) => {
    // Prepare
    const base = CASES['dispute-stage'];
    const row = { ...base, action, obligation: { ...base.obligation, stage } };

    // Act
    const email = renderReminder(contentOf(row), UNIT);

    // Assess
    expect(email.subject).toContain(`Stage ${stage} `);
    expect(email.text).toContain(`stage ${stage} of the IRO dispute resolution process`);
    expect(email.text).toContain(DISPUTE_STAGE_NAMES[stage]);
    expect(email.text).toContain('Dispute reference: D1');
    if (stage === 5) expect(email.text).toContain('consider referral to Cafcass');
    else expect(email.text).toContain(`the ${DISPUTE_STAGE_NAMES[stage]} is to respond`);
    if (action === 'escalation') expect(email.text).toContain(`escalated to stage ${stage}`);
  });

  describe('the dispute emails read as what they are', () => {
    const stage2 = { ...CASES['dispute-stage'].obligation, startedOn: '2017-12-29' };
    const render = (timing: 'start' | 'before-due', role: Role = 'service-manager') =>
      renderReminder(
        {
          recipientRole: role,
          obligation: stage2,
          action: 'reminder',
          timing,
          caseRecordUrl: LINK,
        },
        UNIT,
      );

    it('the stage-start email says the stage started, and on which day', () => {
      // Act
      const email = render('start');

      // Assess
      expect(email.subject).toMatch(/^Stage started: Stage 2 of/);
      expect(email.text).toContain('started on Friday 29 December 2017');
      expect(email.text).toContain('Stage started: Friday 29 December 2017');
      expect(email.text).toContain('The dispute moved to stage 2 on Friday 29 December 2017');
      expect(email.html).toContain('started on Friday 29 December 2017');
    });

    it('the due-soon email says the response is due, and what follows if it is not given', () => {
      // Act
      const email = render('before-due');

      // Assess
      expect(email.subject).toMatch(/^Reminder: Stage 2 of/);
      expect(email.text).toContain('is due by Friday 5 January 2018');
      expect(email.text).toContain('it moves to stage 3 (head of service) by itself');
      expect(email.text).not.toContain('started');
    });

    it('the two emails differ in subject, heading and request', () => {
      // Act
      const [start, soon] = [render('start'), render('before-due')];

      // Assess
      expect(start.subject).not.toBe(soon.subject);
      const heading = (text: string) => text.split('\n')[0];
      const request = (text: string) => {
        const lines = text.split('\n');
        return lines[lines.findIndex((l) => l.startsWith('Case record:')) - 2];
      };
      expect(heading(start.text)).not.toBe(heading(soon.text));
      expect(request(start.text)).toMatch(/^The dispute moved to stage 2/);
      expect(request(soon.text)).toMatch(/^The dispute is not yet resolved/);
    });

    it('stage 1 starts when the IRO raises the dispute', () => {
      // Act
      const email = renderReminder(
        {
          recipientRole: 'team-manager',
          obligation: { ...stage2, stage: 1, startedOn: '2017-12-19', due: '2017-12-28' },
          action: 'reminder',
          timing: 'start',
          caseRecordUrl: LINK,
        },
        UNIT,
      );

      // Assess
      expect(email.text).toContain(
        'The IRO raised the dispute on Tuesday 19 December 2017, which starts stage 1',
      );
    });

    it("the IRO copied on an escalation is told it is a copy; the stage's manager is not", () => {
      // Act
      const toIro = render('start', 'iro');
      const toManager = render('start');

      // Assess
      expect(toIro.text).toContain(
        'You receive this as: the Independent Reviewing Officer, copied',
      );
      expect(toManager.text).toContain('You receive this as: the service manager\n');
    });
  });

  describe('tense: what has passed is written in the past', () => {
    it('an escalation at a deadline with a time says it was due, and is past', () => {
      // Prepare: the conference report's escalation goes at the due time itself
      const content: ReminderContent = {
        ...contentOf({ ...CASES['conference-report'], action: 'escalation' }),
        timing: 'at-due',
      };

      // Act
      const email = renderReminder(content, UNIT);

      // Assess
      expect(email.subject).toContain('was due Thursday 23 March 2017 at 10:00');
      expect(email.text).toContain('Was due by: Thursday 23 March 2017 at 10:00');
      expect(email.text).toContain('Overdue: yes, the due time has passed');
      expect(email.text).toContain('is past its due time');
    });

    it('an escalation the day after the due date says was due, even before the plan marks it overdue', () => {
      // Prepare
      const content: ReminderContent = {
        ...contentOf({
          ...CASES['review-decisions'],
          role: 'service-manager',
          action: 'escalation',
        }),
        timing: 'after-due',
      };

      // Act
      const email = renderReminder(content, UNIT);

      // Assess
      expect(email.subject).toContain('was due Friday 3 February 2017');
      expect(email.text).toContain('Was due: Friday 3 February 2017');
      expect(email.subject).not.toMatch(/ - due /);
    });

    it('a reminder before the due date says due', () => {
      // Act
      const email = renderReminder(
        {
          ...contentOf({ ...CASES['review-decisions'], action: 'reminder' }),
          timing: 'before-due',
        },
        UNIT,
      );

      // Assess
      expect(email.subject).toContain(' - due Friday 3 February 2017');
      expect(email.text).toContain('Due: Friday 3 February 2017');
    });
  });

  describe('the record-keeping emails', () => {
    it("name the review by the date it was held, and say the decisions 'are' due", () => {
      // Act
      const email = renderReminder(
        {
          ...contentOf({ ...CASES['review-decisions'], action: 'reminder' }),
          timing: 'before-due',
        },
        UNIT,
      );

      // Assess
      expect(email.subject).toBe(
        'Reminder: Decisions of the looked-after review held on Friday 27 January 2017 - child C1 - due Friday 3 February 2017',
      );
      expect(email.text).toContain('Review held on: Friday 27 January 2017');
      expect(email.text).toContain('are coming due.');
    });

    it('say the minutes of a conference are overdue, naming the conference', () => {
      // Act
      const email = renderReminder(
        {
          ...contentOf({
            ...CASES['conference-minutes'],
            obligation: { ...CASES['conference-minutes'].obligation, overdue: true },
            role: 'service-manager',
            action: 'escalation',
          }),
          timing: 'after-due',
        },
        UNIT,
      );

      // Assess
      expect(email.text).toContain(
        'the minutes of the child protection conference for conference K1, child C2 are overdue.',
      );
      expect(email.text).toContain('have not been recorded as shared by their due date');
    });

    it('refuse a review reminder without the date of the review', () => {
      // Act / Assess
      expect(() =>
        renderReminder(
          contentOf({
            ...CASES['review-record'],
            obligation: { ...CASES['review-record'].obligation, refId: 'R1' },
            action: 'reminder',
          }),
          UNIT,
        ),
      ).toThrow(/date the review was held/);
    });
  });

  it('calls a foster carer a foster carer, not a child', () => {
    // Act
    const email = renderReminder(
      contentOf({ ...CASES['foster-carer-review'], action: 'reminder' }),
      UNIT,
    );

    // Assess
    expect(email.text).toContain('Foster carer reference: F1');
    expect(email.text).not.toContain('Child reference');
  });

  it('escapes every value it puts into the HTML', () => {
    // Prepare
    const row = { ...CASES['conference-report'], action: 'reminder' as const };
    const content = {
      ...contentOf(row),
      obligation: { ...row.obligation, subjectId: 'C<b>1&"\'', refId: 'K<i>1' },
      caseRecordUrl: 'https://cms.example.gov.uk/c?id=1&ref="x"',
    };

    // Act
    const email = renderReminder(content, { unitName: 'Unit <script>alert(1)</script>' });

    // Assess
    expect(email.html).toContain('C&lt;b&gt;1&amp;&quot;&#39;');
    expect(email.html).toContain('K&lt;i&gt;1');
    expect(email.html).toContain('Unit &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toMatch(/<b>|<i>|<script>/);
    expect(email.html).toContain('href="https://cms.example.gov.uk/c?id=1&amp;ref=%22x%22"');
    expect(email.text).toContain('C<b>1&"\'');
  });

  it.each<[string, (content: ReminderContent) => unknown]>([
    ['an unknown kind', (c) => ({ ...c, obligation: { ...c.obligation, kind: 'lunch' } })],
    ['an unknown role', (c) => ({ ...c, recipientRole: 'caretaker' })],
    ['an unknown action', (c) => ({ ...c, action: 'gossip' })],
    [
      'a subject reference on two lines',
      (c) => ({ ...c, obligation: { ...c.obligation, subjectId: 'C1\nBcc: x' } }),
    ],
    [
      'an empty subject reference',
      (c) => ({ ...c, obligation: { ...c.obligation, subjectId: ' ' } }),
    ],
    [
      'a due date that is not a date',
      (c) => ({ ...c, obligation: { ...c.obligation, due: '30/01/2017' } }),
    ],
    [
      'an impossible due date',
      (c) => ({ ...c, obligation: { ...c.obligation, due: '2017-02-30' } }),
    ],
    [
      'a plain http link',
      (c) => ({ ...c, caseRecordUrl: 'http://cms.example.gov.uk/children/C1' }),
    ],
    ['a javascript link', (c) => ({ ...c, caseRecordUrl: 'javascript:alert(1)' })],
    [
      'a link with credentials',
      (c) => ({ ...c, caseRecordUrl: 'https://u:p@cms.example.gov.uk/' }),
    ],
    ['a relative link', (c) => ({ ...c, caseRecordUrl: '/children/C1' })],
  ])('refuses %s', (_what, spoil) => {
    // Prepare
    const content = spoil(contentOf({ ...CASES['lac-review'], action: 'reminder' }));

    // Act / Assess
    expect(() => renderReminder(content as ReminderContent, UNIT)).toThrow(RangeError);
  });

  it.each<[string, ReminderContent['obligation']]>([
    ['a conference report without its conference', without(CASES['conference-report'], 'refId')],
    ['a dispute without its dispute', without(CASES['dispute-stage'], 'refId')],
    ['a dispute without its stage', without(CASES['dispute-stage'], 'stage')],
    ['a dispute at stage 6', { ...CASES['dispute-stage'].obligation, stage: 6 as DisputeStage }],
  ])('refuses %s', (_what, obligation) => {
    // Prepare
    const content = { ...contentOf({ ...CASES['lac-review'], action: 'reminder' }), obligation };

    // Act / Assess
    expect(() => renderReminder(content, UNIT)).toThrow(RangeError);
  });

  it('accepts an http link to this machine, for local runs', () => {
    // Act
    const email = renderReminder(
      {
        ...contentOf({ ...CASES['lac-review'], action: 'reminder' }),
        caseRecordUrl: 'http://localhost:3000/children/C1',
      },
      UNIT,
    );

    // Assess
    expect(email.text).toContain('Case record: http://localhost:3000/children/C1');
  });
});

describe('formatDue', () => {
  it.each([
    ['2017-03-23', 'Thursday 23 March 2017'],
    ['2017-01-02', 'Monday 2 January 2017'],
    ['2020-02-29', 'Saturday 29 February 2020'],
    ['2017-12-31', 'Sunday 31 December 2017'],
    ['2017-03-23T10:00:00+00:00', 'Thursday 23 March 2017 at 10:00'],
    ['2017-03-27T09:00:00Z', 'Monday 27 March 2017 at 10:00'],
    ['2017-03-27T10:00:00+01:00', 'Monday 27 March 2017 at 10:00'],
    ['2017-10-29T00:30:00Z', 'Sunday 29 October 2017 at 01:30'],
    ['2017-06-30T23:30:00Z', 'Saturday 1 July 2017 at 00:30'],
  ])('%s reads "%s" (London time for instants)', (due, words) => {
    // Act / Assess
    expect(formatDue(due)).toBe(words);
  });

  it.each(['', '23/03/2017', '2017-02-29', '2017-03-23T10:00'])('refuses %j', (due) => {
    // Act / Assess
    expect(() => formatDue(due)).toThrow(RangeError);
  });
});

describe('caseRecordUrl', () => {
  it.each([
    [
      'https://cms.example.gov.uk/children/{subjectId}',
      { subjectId: 'C1' },
      'https://cms.example.gov.uk/children/C1',
    ],
    [
      'https://cms.example.gov.uk/children/{subjectId}/disputes/{refId}',
      { subjectId: 'C3', refId: 'D1' },
      'https://cms.example.gov.uk/children/C3/disputes/D1',
    ],
    [
      'https://cms.example.gov.uk/record?child={subjectId}&ref={refId}',
      { subjectId: 'C 1/2', refId: 'a&b=c#d' },
      'https://cms.example.gov.uk/record?child=C%201%2F2&ref=a%26b%3Dc%23d',
    ],
    [
      'http://localhost:3000/children/{subjectId}',
      { subjectId: 'C1' },
      'http://localhost:3000/children/C1',
    ],
    ['http://127.0.0.1:8080/{subjectId}', { subjectId: 'C1' }, 'http://127.0.0.1:8080/C1'],
    [
      'https://cms.example.gov.uk/children',
      { subjectId: 'C1' },
      'https://cms.example.gov.uk/children',
    ],
  ])('fills %s', (template, ids, expected) => {
    // Act / Assess
    expect(caseRecordUrl(template, ids)).toBe(expected);
  });

  it.each<[string, string, { subjectId: string; refId?: string }]>([
    [
      'plain http to another host',
      'http://cms.example.gov.uk/children/{subjectId}',
      { subjectId: 'C1' },
    ],
    ['another scheme', 'ftp://cms.example.gov.uk/{subjectId}', { subjectId: 'C1' }],
    ['javascript', 'javascript:alert({subjectId})', { subjectId: 'C1' }],
    ['a relative template', '/children/{subjectId}', { subjectId: 'C1' }],
    [
      'credentials in the link',
      'https://user:pw@cms.example.gov.uk/{subjectId}',
      { subjectId: 'C1' },
    ],
    ['an id choosing the host', 'https://{subjectId}.example.gov.uk/', { subjectId: 'C1' }],
    ['an id as the whole address', '{subjectId}', { subjectId: 'https://evil.example' }],
    ['an unknown placeholder', 'https://cms.example.gov.uk/{childName}', { subjectId: 'C1' }],
    [
      'a refId the obligation lacks',
      'https://cms.example.gov.uk/{subjectId}/{refId}',
      { subjectId: 'C1' },
    ],
    ['an empty id', 'https://cms.example.gov.uk/children/{subjectId}', { subjectId: '' }],
    ['a dot-dot id', 'https://cms.example.gov.uk/children/{subjectId}/x', { subjectId: '..' }],
    ['not a URL at all', 'cms.example.gov.uk/{subjectId}', { subjectId: 'C1' }],
  ])('refuses %s', (_what, template, ids) => {
    // Act / Assess
    expect(() => caseRecordUrl(template, ids)).toThrow(RangeError);
  });
});
