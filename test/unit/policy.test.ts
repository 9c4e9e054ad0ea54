import { describe, expect, it } from 'vitest';
import type { Obligation } from '../../workflows/obligations.js';
import { OBLIGATION_KINDS } from '../../workflows/obligations.js';
import { plan } from '../../workflows/plan.js';
import {
  councilSettings,
  DEFAULT_POLICY,
  DEFAULT_SETTINGS,
  nextStep,
  stepsFor,
} from '../../workflows/policy.js';

const lacReview: Obligation = {
  kind: 'lac-review',
  subjectId: 'C1',
  due: '2017-04-27',
  overdue: false,
  basis: '',
  startedOn: '2017-01-27',
};

const summary = (obligation: Obligation, settings = DEFAULT_SETTINGS) =>
  stepsFor(obligation, settings).map((s) => `${s.at} ${s.action} ${s.name} -> ${s.to.join(',')}`);

describe('stepsFor (timescales.md section 4)', () => {
  it('has a policy for every obligation kind', () => {
    expect(Object.keys(DEFAULT_POLICY).sort()).toEqual([...OBLIGATION_KINDS].sort());
  });

  it('reminds the IRO and social worker 15 and 5 working days before a looked-after review, then escalates', () => {
    // 2017-04-27 (Thu): 15 working days back skips Easter Monday 17 and Good Friday 14 April.
    expect(summary(lacReview)).toEqual([
      '2017-04-04T08:00:00+01:00 reminder reminder-15 -> iro,social-worker',
      '2017-04-20T08:00:00+01:00 reminder reminder-5 -> iro,social-worker',
      '2017-04-28T08:00:00+01:00 escalation overdue-team-manager -> team-manager',
      '2017-05-05T08:00:00+01:00 escalation overdue-head-of-service -> head-of-service',
    ]);
  });

  it('times conference report steps to the report deadline itself, across the clock change', () => {
    // Prepare: a Monday 10:00 BST conference; the report is due Thursday 10:00 GMT.
    const [report] = plan(
      [
        {
          type: 'ConferenceBooked',
          childId: 'C2',
          conferenceId: 'K1',
          kind: 'initial',
          date: '2017-03-13',
          at: '2017-03-27T10:00:00+01:00',
        },
      ],
      '2017-03-20',
    );

    // Act / Assess
    expect(report && summary(report)).toEqual([
      '2017-03-20T10:00:00+00:00 reminder reminder-3 -> social-worker',
      '2017-03-22T10:00:00+00:00 reminder reminder-1 -> social-worker',
      '2017-03-23T10:00:00+00:00 escalation overdue -> chair,team-manager',
    ]);
  });

  it('tells the team manager the day after the strategy discussion, and the chair once booked', () => {
    // Prepare
    const events = [
      { type: 'StrategyDiscussionHeld', childId: 'C2', date: '2017-04-10', section47: true },
      {
        type: 'ConferenceBooked',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-04-12',
        at: '2017-05-02T10:00:00+01:00',
      },
    ] as const;

    // Act
    const notBooked = plan([events[0]], '2017-04-11').find((o) => o.kind === 'icpc');
    const booked = plan([...events], '2017-04-12').find((o) => o.kind === 'icpc');

    // Assess
    expect(notBooked && summary(notBooked)).toEqual([
      '2017-04-11T08:00:00+01:00 reminder strategy-discussion -> team-manager',
      '2017-05-05T08:00:00+01:00 escalation overdue -> head-of-service',
    ]);
    expect(booked && summary(booked)).toContain(
      '2017-04-12T08:00:00+01:00 reminder booked -> chair',
    );
  });

  it.each([
    [1, 'team-manager', 'team-manager'],
    [2, 'service-manager,iro', 'service-manager'],
    [3, 'head-of-service,iro', 'head-of-service'],
    [4, 'director,head-of-service,iro', 'director,head-of-service'],
    [5, 'iro,head-of-service', 'iro,head-of-service'],
  ])(
    'sends dispute stage %i to its manager, copying the head of service from stage 3 and the IRO when it escalates',
    (stage, atStart, dueSoon) => {
      // Prepare
      const obligation: Obligation = {
        kind: 'dispute-stage',
        subjectId: 'C3',
        refId: 'D1',
        stage: stage as 1 | 2 | 3 | 4 | 5,
        due: '2018-01-05',
        overdue: false,
        basis: '',
        startedOn: '2017-12-29',
      };

      // Act / Assess
      expect(summary(obligation)).toEqual([
        `2017-12-29T08:00:00+00:00 reminder stage-start -> ${atStart}`,
        `2018-01-04T08:00:00+00:00 reminder stage-due-soon -> ${dueSoon}`,
      ]);
    },
  );
});

describe('councilSettings', () => {
  it('applies closure days, stage response times, the reminder time and policy overrides', () => {
    // Prepare
    const result = councilSettings({
      closureDays: ['2017-04-26'],
      disputeStageWorkingDays: { 1: 10 },
      reminderTime: '09:30',
      policy: {
        'lac-review': {
          steps: [
            { name: 'early', action: 'reminder', when: { from: 'due', days: -30 }, to: ['iro'] },
          ],
        },
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { settings } = result;

    // Act
    const [lac] = plan(
      [{ type: 'BecameLookedAfter', childId: 'C1', date: '2017-03-29' }],
      '2017-03-30',
      settings.rules,
    );
    const [dispute] = plan(
      [{ type: 'DisputeRaised', disputeId: 'D1', childId: 'C1', date: '2017-12-19', issue: 'x' }],
      '2017-12-20',
      settings.rules,
    );

    // Assess: 20 working days from 2017-03-29 is 2017-04-28 with Easter; the closure day pushes it to 05-02 (1 May is a bank holiday).
    expect(lac?.due).toBe('2017-05-02');
    expect(dispute?.due).toBe('2018-01-05');
    expect(lac && summary(lac, settings)).toEqual([
      '2017-04-02T09:30:00+01:00 reminder early -> iro',
    ]);
  });

  it.each([
    [{ closureDays: ['2017-02-30'] }, 'closureDays.0'],
    [{ disputeStageWorkingDays: { 2: 0 } }, 'disputeStageWorkingDays.2'],
    [{ reminderTime: '8am' }, 'reminderTime'],
    [{ policy: { 'lac-reveiw': { steps: [] } } }, 'policy'],
    [
      {
        policy: {
          icpc: {
            steps: [
              {
                name: 'x',
                action: 'reminder',
                when: { from: 'due', days: 1, workingDays: 1 },
                to: ['iro'],
              },
            ],
          },
        },
      },
      'policy.icpc.steps.0.when',
    ],
    [
      {
        policy: {
          icpc: {
            steps: [{ name: 'x', action: 'reminder', when: { from: 'due' }, to: ['mayor'] }],
          },
        },
      },
      'policy.icpc.steps.0.to.0',
    ],
    [
      {
        policy: {
          'dispute-stage': { steps: [], copy: [{ role: 'iro', fromStage: 2, steps: [] }] },
        },
      },
      'policy.dispute-stage.copy.0.steps',
    ],
    [{ colour: 'blue' }, '(file)'],
  ])('rejects %j, naming %s', (config, field) => {
    // Act
    const result = councilSettings(config);

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toContain(field);
    if (!result.ok) expect(result.problems.every((p) => p.reason.length > 0)).toBe(true);
  });

  it('says in English what a field without a message of its own got wrong', () => {
    // Act: at most 60 working days a stage, a bound with no message of its own.
    const result = councilSettings({ disputeStageWorkingDays: { 3: 61 } });

    // Assess: zod's English wording, as the full zod gave it (zod/mini has no locale unless set).
    expect(result.ok ? [] : result.problems).toEqual([
      { field: 'disputeStageWorkingDays.3', reason: 'Too big: expected number to be <=60' },
    ]);
  });
});

describe('nextStep', () => {
  it('finds the earliest step after the instant, across obligations', () => {
    // Prepare
    const icpc: Obligation = {
      kind: 'icpc',
      subjectId: 'C2',
      due: '2017-05-04',
      overdue: false,
      basis: '',
      startedOn: '2017-04-10',
    };

    // Act
    const first = nextStep([lacReview, icpc], '2017-04-04T08:00:00+01:00');
    const none = nextStep([lacReview], '2017-05-05T08:00:00+01:00');

    // Assess: the 15-day reminder at that very instant is past; the ICPC's team manager notice is next.
    expect(first?.obligation.kind).toBe('icpc');
    expect(first?.step).toMatchObject({
      name: 'strategy-discussion',
      at: '2017-04-11T08:00:00+01:00',
    });
    expect(none).toBeUndefined();
  });

  it('keys steps by the due date, so a new due date gets its own reminders', () => {
    const after = stepsFor({ ...lacReview, due: '2017-10-20', startedOn: '2017-04-20' })[0];
    expect(after?.obligationKey).not.toBe(stepsFor(lacReview)[0]?.obligationKey);
  });
});
