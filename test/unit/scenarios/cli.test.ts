/**
 * The command line (timescales.md 2 and 3 through functions/cli/cli.ts): what it prints
 * for good input, and that every kind of bad input gives exit 2, nothing on stdout and
 * each problem on stderr as `FILE:LINE: field: reason`. In-process, except one spawned run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonl, runCli } from './support.js';

const FILE = 'events.jsonl';
const obligations = (asOf: string) => ['obligations', '--events', FILE, '--as-of', asOf];

const became = { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' };
const review1 = { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27' };
const strategy = {
  type: 'StrategyDiscussionHeld',
  childId: 'C2',
  date: '2017-03-08',
  section47: true,
};
const booked = {
  type: 'ConferenceBooked',
  childId: 'C2',
  conferenceId: 'K1',
  kind: 'initial',
  date: '2017-03-13',
  at: '2017-03-27T10:00:00+01:00',
};
const raised = {
  type: 'DisputeRaised',
  disputeId: 'D1',
  childId: 'C3',
  date: '2017-12-19',
  issue: 'contact arrangements',
};

describe('cli obligations: good input', () => {
  it('timescales.md 3: prints the open obligations as JSON with the published fields', async () => {
    const files = { [FILE]: jsonl(became, review1, raised) };

    const { code, stdout, stderr } = await runCli(obligations('2018-01-03'), files);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(stdout) as Record<string, unknown>[];
    // lac-review: one review held 2017-01-27 -> 2017-04-27, overdue by 2018-01-03.
    // dispute raised 2017-12-19: stage 1 due 2017-12-28, stage 2 due 2018-01-05.
    const byKind = Object.fromEntries(printed.map((o) => [o.kind, o]));
    expect(byKind['lac-review']).toEqual({
      kind: 'lac-review',
      subjectId: 'C1',
      due: '2017-04-27',
      overdue: true,
      basis: expect.any(String),
    });
    expect(byKind['dispute-stage']).toEqual({
      kind: 'dispute-stage',
      subjectId: 'C3',
      refId: 'D1',
      due: '2018-01-05',
      overdue: false,
      stage: 2,
      basis: expect.any(String),
    });
    // its decisions: Fri 27 Jan 2017 + 5 working days = Fri 3 Feb, never shared
    expect(byKind['review-decisions']).toEqual({
      kind: 'review-decisions',
      subjectId: 'C1',
      refId: '2017-01-27',
      due: '2017-02-03',
      overdue: true,
      basis: expect.any(String),
    });
    expect(printed.map((o) => o.kind).sort()).toEqual([
      'dispute-stage',
      'lac-review',
      'review-decisions',
      'review-record',
    ]);
    for (const o of printed) expect((o.basis as string).length).toBeGreaterThan(10);
  });

  it('timescales.md 3.2: a conference report is due at a London date-time, never written with Z', async () => {
    const files = { [FILE]: jsonl(strategy, booked) };

    const { code, stdout } = await runCli(obligations('2017-03-20'), files);

    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { kind: string; due: string; refId?: string }[];
    const report = printed.find((o) => o.kind === 'conference-report');
    expect(report).toMatchObject({ refId: 'K1', due: '2017-03-23T10:00:00+00:00' });
  });

  it('timescales.md 2: the same events in another order print the same thing', async () => {
    const inOrder = jsonl(strategy, booked, became, review1, raised);
    const scrambled = jsonl(raised, review1, booked, became, strategy);

    const a = await runCli(obligations('2017-03-20'), { [FILE]: inOrder });
    const b = await runCli(obligations('2017-03-20'), { [FILE]: scrambled });

    expect(a.code).toBe(0);
    expect(b).toEqual(a);
  });

  it('timescales.md 2: lines repeated under one eventId print the same thing as once', async () => {
    const once = [became, review1].map((e, i) => ({ ...e, eventId: `E${i}` }));

    const a = await runCli(obligations('2017-02-01'), { [FILE]: jsonl(...once) });
    const b = await runCli(obligations('2017-02-01'), { [FILE]: jsonl(...once, ...once) });

    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject([
      { kind: 'review-decisions', due: '2017-02-03' },
      { kind: 'review-record', due: '2017-02-24' },
      { kind: 'lac-review', due: '2017-04-27' },
    ]);
    expect(b).toEqual(a);
  });

  it('timescales.md 2: events dated after --as-of are not considered', async () => {
    const files = { [FILE]: jsonl(became, review1) };

    const { code, stdout } = await runCli(obligations('2017-01-26'), files);

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([
      { kind: 'lac-review', subjectId: 'C1', due: '2017-01-30', overdue: false },
    ]);
  });

  it('cli: --format table shows each obligation, overdue ones marked, for people', async () => {
    const files = { [FILE]: jsonl(became, review1, raised) };

    const { code, stdout } = await runCli(
      [...obligations('2018-01-03'), '--format', 'table'],
      files,
    );

    expect(code).toBe(0);
    expect(stdout).toMatch(/2017-04-27.*OVERDUE.*lac-review.*C1/);
    expect(stdout).toMatch(/2018-01-05.*dispute-stage.*C3.*D1.*2/);
    expect(stdout).not.toMatch(/2018-01-05.*OVERDUE/);
  });

  it('cli: validate accepts a good file (29 February 2016 is a real date)', async () => {
    const files = { [FILE]: jsonl({ ...became, date: '2016-02-29' }, raised) };

    const { code, stderr } = await runCli(['validate', '--events', FILE], files);

    expect(code).toBe(0);
    expect(stderr).not.toMatch(/^events\.jsonl:\d+: /m);
  });
});

describe('cli: the council’s configuration (timescales.md 1 closure days, 3.4 stage times)', () => {
  it.each([
    {
      // Tue 19 Dec 2017: 20-22(3) [25, 26 Dec bank holidays; 27-29 closed] [1 Jan] 2, 3 Jan(5)
      name: 'closure days between Christmas and New Year are not working days',
      config: { closureDays: ['2017-12-27', '2017-12-28', '2017-12-29'] },
      due: '2018-01-03',
    },
    {
      // Tue 19 Dec 2017: 20-22(3) [25, 26] 27-29(6) [1 Jan] 2-5 Jan(10)
      name: 'stage 1 given 10 working days',
      config: { disputeStageWorkingDays: { 1: 10 } },
      due: '2018-01-05',
    },
  ])('timescales.md: $name', async ({ config, due }) => {
    const files = { [FILE]: jsonl(raised), 'council.json': JSON.stringify(config) };

    const { code, stdout } = await runCli(
      [...obligations('2017-12-19'), '--config', 'council.json'],
      files,
    );

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject([
      { kind: 'dispute-stage', stage: 1, due, overdue: false },
    ]);
  });
});

/** Asserts the bad-input contract: exit 2, nothing on stdout, every stderr line located. */
function expectRejected(
  result: { code: number; stdout: string; stderr: string },
  line: number,
  field?: string,
) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const named = result.stderr.split('\n').filter((l) => l.startsWith(`${FILE}:${line}: `));
  expect(named.length).toBeGreaterThan(0);
  if (field !== undefined) {
    expect(named.some((l) => l.startsWith(`${FILE}:${line}: ${field}: `))).toBe(true);
  }
  // every problem line names the file and a line: FILE:LINE: ...
  for (const l of result.stderr.trimEnd().split('\n')) expect(l).toMatch(/^events\.jsonl:\d+: \S/);
}

describe('cli: bad input gives exit 2, the line named, nothing on stdout', () => {
  it.each([
    {
      name: 'malformed JSON',
      lines: [became, '{"type":"LacReviewHeld","childId":"C1",'],
      line: 2,
    },
    {
      name: 'an unknown event type',
      lines: [became, review1, { type: 'LacReviewDone', childId: 'C1', date: '2017-02-01' }],
      line: 3,
      field: 'type',
    },
    {
      name: 'an impossible date, 2017-02-29',
      lines: [{ ...became, date: '2017-02-29' }],
      line: 1,
      field: 'date',
    },
    {
      name: 'an impossible date, 2100-02-29 (not a leap year)',
      lines: [became, { ...review1, date: '2100-02-29' }],
      line: 2,
      field: 'date',
    },
    {
      name: 'a date not written YYYY-MM-DD',
      lines: [became, { ...review1, date: '2017-1-27' }],
      line: 2,
      field: 'date',
    },
    {
      name: 'a missing childId',
      lines: [became, { type: 'LacReviewHeld', date: '2017-01-27' }],
      line: 2,
      field: 'childId',
    },
    {
      name: 'a missing date',
      lines: [{ type: 'BecameLookedAfter', childId: 'C1' }],
      line: 1,
      field: 'date',
    },
    {
      name: 'a ReportShared without its at',
      lines: [strategy, booked, { type: 'ReportShared', childId: 'C2', conferenceId: 'K1' }],
      line: 3,
      field: 'at',
    },
    {
      name: 'a conference time without an offset',
      lines: [strategy, { ...booked, at: '2017-03-27T10:00:00' }],
      line: 2,
      field: 'at',
    },
    {
      name: 'section47 that is not a boolean',
      lines: [{ ...strategy, section47: 'yes' }],
      line: 1,
      field: 'section47',
    },
    {
      name: 'escalation to a stage that does not exist (6)',
      lines: [
        raised,
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-20', toStage: 6 },
      ],
      line: 2,
      field: 'toStage',
    },
    {
      name: 'a contradiction: a review for a child who is not looked after',
      lines: [became, { ...review1, childId: 'C9' }],
      line: 2,
      field: 'childId',
    },
    {
      name: 'a contradiction: a review after the episode ended',
      lines: [became, { type: 'CeasedLookedAfter', childId: 'C1', date: '2017-01-20' }, review1],
      line: 3,
      field: 'childId',
    },
    {
      name: 'a contradiction: a report for a conference never booked',
      lines: [
        strategy,
        booked,
        { type: 'ReportShared', childId: 'C2', conferenceId: 'K7', at: '2017-03-22T12:00:00Z' },
      ],
      line: 3,
      field: 'conferenceId',
    },
    {
      // raised 2017-12-19: automatically at stage 3 from 2018-01-06
      name: 'a contradiction: escalation below the current (automatic) stage',
      lines: [
        raised,
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2018-01-08', toStage: 2 },
      ],
      line: 2,
      field: 'toStage',
    },
    {
      name: 'a contradiction: escalation below a manual escalation',
      lines: [
        raised,
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-20', toStage: 4 },
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-21', toStage: 3 },
      ],
      line: 3,
      field: 'toStage',
    },
    {
      // the bank-holiday table starts in 2010: 20 working days from 2005 cannot be counted
      name: 'a working-day question outside the bank-holiday table (2005)',
      lines: [raised, { ...became, date: '2005-03-01' }],
      line: 2,
    },
  ])('timescales.md 2: $name -> exit 2, line $line named', async ({ lines, line, field }) => {
    const files = { [FILE]: jsonl(...lines) };

    const result = await runCli(obligations('2018-03-01'), files);

    expectRejected(result, line, field);
  });

  it('timescales.md 2: a contradiction is named by its line even when it arrives before the events it contradicts', async () => {
    // line 1: a report on 22 March for K7; the only booking (line 3) is K1
    const files = {
      [FILE]: jsonl(
        { type: 'ReportShared', childId: 'C2', conferenceId: 'K7', at: '2017-03-22T12:00:00Z' },
        strategy,
        booked,
      ),
    };

    const result = await runCli(obligations('2017-04-01'), files);

    expectRejected(result, 1, 'conferenceId');
  });

  it('timescales.md 2: every problem is reported, each with its own line', async () => {
    const files = {
      [FILE]: jsonl(became, { ...review1, date: '2017-02-30' }, review1, 'not json', {
        type: 'Nonsense',
        childId: 'C1',
        date: '2017-02-01',
      }),
    };

    const result = await runCli(['validate', '--events', FILE], files);

    expectRejected(result, 2, 'date');
    expectRejected(result, 4);
    expectRejected(result, 5, 'type');
  });

  it('cli: validate rejects a contradiction with exit 2 and the line named', async () => {
    const files = { [FILE]: jsonl(raised, { ...review1, childId: 'C9' }) };

    const result = await runCli(['validate', '--events', FILE], files);

    expectRejected(result, 2);
  });

  it.each([['2017-02-29'], ['2017-13-01'], ['yesterday']])(
    'cli: --as-of %s is not a real date: exit 2, nothing on stdout',
    async (asOf) => {
      const files = { [FILE]: jsonl(became) };

      const { code, stdout, stderr } = await runCli(obligations(asOf), files);

      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toMatch(/as-of/);
    },
  );
});

describe('cli: as a process', () => {
  it('timescales.md 2: a bad line gives exit status 2, an empty stdout and the line on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-cli-'));
    try {
      const file = join(dir, 'events.jsonl');
      writeFileSync(file, jsonl(became, { ...review1, date: '2017-02-29' }));

      const root = fileURLToPath(new URL('../../../', import.meta.url));

      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'functions/cli/iro-run.ts'),
          'obligations',
          '--events',
          file,
          '--as-of',
          '2017-03-01',
        ],
        { cwd: root, encoding: 'utf8', timeout: 60_000 },
      );

      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${file}:2: date: `);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
