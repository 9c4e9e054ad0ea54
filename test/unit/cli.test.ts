import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCli } from '../../infra/build-cli.js';
import { OBLIGATION_KINDS } from '../../workflows/obligations.js';
import { runCli } from './scenarios/support.js';

const cli = (argv: string[], files: Record<string, string> = {}) => runCli(argv, files);

const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

const sectionFive = lines(
  { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
  { type: 'DisputeRaised', disputeId: 'D1', childId: 'C3', date: '2017-12-19', issue: 'x' },
  {
    type: 'ConferenceBooked',
    childId: 'C2',
    conferenceId: 'K1',
    kind: 'initial',
    date: '2017-03-13',
    at: '2017-03-27T10:00:00+01:00',
  },
);

describe('cli obligations', () => {
  it('prints the open obligations as JSON with exactly the published fields', async () => {
    // Act
    const { code, stdout, stderr } = await cli(
      ['obligations', '--events', 'e.jsonl', '--as-of', '2017-03-20'],
      { 'e.jsonl': sectionFive },
    );

    // Assess
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual([
      {
        kind: 'lac-review',
        subjectId: 'C1',
        due: '2017-01-30',
        overdue: true,
        basis: expect.stringContaining('20 working days'),
      },
      {
        kind: 'conference-report',
        subjectId: 'C2',
        refId: 'K1',
        due: '2017-03-23T10:00:00+00:00',
        overdue: false,
        basis: expect.stringContaining('2 working days before'),
      },
    ]);
  });

  it('gives disputes their stage, and a table for people', async () => {
    // Act
    const json = await cli(['obligations', '--events', 'e', '--as-of', '2018-01-03'], {
      e: sectionFive,
    });
    const table = await cli(
      ['obligations', '--events', 'e', '--as-of', '2018-01-03', '--format', 'table'],
      { e: sectionFive },
    );

    // Assess
    expect(JSON.parse(json.stdout)).toContainEqual(
      expect.objectContaining({ kind: 'dispute-stage', refId: 'D1', stage: 2, due: '2018-01-05' }),
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^due\s+kind\s+subject\s+ref\s+stage\s+basis$/m);
    expect(table.stdout).toMatch(
      /^2018-01-05\s+dispute-stage\s+C3\s+D1\s+2\s+stage 2 \(service manager\)/m,
    );
    expect(table.stdout).toMatch(/^2017-01-30\s+OVERDUE\s+lac-review/m);
    expect(table.stdout).toContain('3 open, 2 overdue.');
  });

  it('runs the bundled sample authority that npm start shows', async () => {
    // Prepare
    const path = 'infra/local/sample/events.jsonl';
    const sample = await readFile(path, 'utf8');

    // Act
    const { code, stdout } = await cli(['obligations', '--events', path, '--as-of', '2017-07-03'], {
      [path]: sample,
    });

    // Assess: every kind of obligation is shown, some of them overdue.
    const kinds = new Set(JSON.parse(stdout).map((o: { kind: string }) => o.kind));
    expect(code).toBe(0);
    expect([...kinds].sort()).toEqual([...OBLIGATION_KINDS].sort());
  });
});

describe('cli: bad input exits 2, names the line and field, and prints nothing on stdout', () => {
  it.each([
    ['malformed JSON', '{"type":"BecameLookedAfter",', 'e:1: is not valid JSON'],
    [
      'an unknown type',
      '{"type":"ChildMoved","childId":"C1","date":"2017-01-02"}',
      'e:1: type: is not a known event type',
    ],
    [
      'an impossible date',
      '{"type":"BecameLookedAfter","childId":"C1","date":"2017-02-29"}',
      'e:1: date: must be a real date',
    ],
    [
      'a missing field',
      '{"type":"BecameLookedAfter","date":"2017-01-02"}',
      'e:1: childId: is required',
    ],
    [
      'a contradiction',
      `${lines({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' })}\n\n${lines({ type: 'LacReviewHeld', childId: 'C2', date: '2017-01-03' })}`,
      'e:3: childId: LacReviewHeld: the child is not looked after on 2017-01-03',
    ],
  ])('%s', async (_, text, message) => {
    // Act
    const obligations = await cli(['obligations', '--events', 'e', '--as-of', '2017-03-01'], {
      e: text,
    });
    const validate = await cli(['validate', '--events', 'e'], { e: text });

    // Assess
    for (const run of [obligations, validate]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
    }
  });

  it('reports every problem in the file, in line order', async () => {
    // Prepare
    const text = [
      '{"type":"LacReviewHeld","childId":"C9","date":"2017-01-01"}',
      'nonsense',
      '{"type":"BecameLookedAfter","childId":"C1","date":"2017-01-32"}',
    ].join('\n');

    // Act
    const { code, stderr } = await cli(['validate', '--events', 'e'], { e: text });

    // Assess
    expect(code).toBe(2);
    expect(
      stderr
        .trim()
        .split('\n')
        .map((l) => l.split(':')[1]),
    ).toEqual(['1', '2', '3']);
  });

  it.each([
    [['obligations', '--events', 'e'], '--as-of YYYY-MM-DD is required'],
    [['obligations', '--events', 'e', '--as-of'], '--as-of needs a value'],
    [['obligations', '--events', 'e', '--as-of', '2017-02-29'], '--as-of must be a real date'],
    [
      ['obligations', '--events', 'e', '--as-of', '2017-03-01', '--format', 'xml'],
      '--format must be json or table',
    ],
    [['obligations', '--as-of', '2017-03-01'], '--events FILE is required'],
    [['plan', '--events', 'e'], 'unknown command plan'],
    [['validate', '--events', 'e', '--colour'], '--colour is not a flag of this command'],
    [
      ['validate', '--events', 'missing.jsonl'],
      'missing.jsonl: cannot read the events file (ENOENT)',
    ],
    [['validate', '--events', 'e', '--config', 'c'], 'c: closureDays.0: must be a real date'],
  ])('rejects the command line %j', async (argv, message) => {
    // Act
    const { code, stdout, stderr } = await cli(argv, {
      e: '{"type":"BecameLookedAfter","childId":"C1","date":"2017-01-02"}',
      c: '{"closureDays":["2017-02-29"]}',
    });

    // Assess
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });

  it('validate says how many events were checked', async () => {
    const { code, stdout, stderr } = await cli(['validate', '--events', 'e'], { e: sectionFive });
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: 'e: 3 events, no problems\n',
      stderr: '',
    });
  });
});

describe('cli: what a person meets first', () => {
  it.each([[['--help']], [['-h']], [['help']]])(
    '%j prints the usage on stdout, exit 0',
    async (argv) => {
      // Act
      const { code, stdout, stderr } = await cli(argv);

      // Assess: both commands and the exit status are explained.
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain('iro obligations --events FILE --as-of YYYY-MM-DD');
      expect(stdout).toContain('iro validate --events FILE');
      expect(stdout).toContain('Exit status: 0 done; 2 bad input');
    },
  );

  it('reads a Windows export: a byte order mark and CRLF line endings', async () => {
    // Prepare: looked after on Mon 2017-01-02, first review held 2017-01-20.
    const unix = lines(
      { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-20' },
    );
    const windows = `\uFEFF${unix.replaceAll('\n', '\r\n')}\r\n`;

    // Act
    const { code, stdout, stderr } = await cli(
      ['obligations', '--events', 'e', '--as-of', '2017-03-01'],
      { e: windows },
    );

    // Assess: read as the same file written on Unix; the second review is due 3 months
    // after the first: 2017-01-20 + 3 months = 2017-04-20 (reg 33).
    const asUnix = await cli(['obligations', '--events', 'e', '--as-of', '2017-03-01'], {
      e: unix,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toBe(asUnix.stdout);
    expect(JSON.parse(stdout)).toContainEqual(
      expect.objectContaining({ kind: 'lac-review', subjectId: 'C1', due: '2017-04-20' }),
    );
  });

  it('reads a configuration file with a byte order mark', async () => {
    const { code, stderr } = await cli(['validate', '--events', 'e', '--config', 'c'], {
      e: lines({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' }),
      c: '\uFEFF{"closureDays":["2017-12-27"]}\r\n',
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it.each([
    ['an empty file', ''],
    ['a file of blank lines', '\r\n\n  \n'],
    ['a byte order mark alone', '\uFEFF'],
  ])('%s is refused, exit 2, saying the file is empty', async (_, text) => {
    // Act
    const validate = await cli(['validate', '--events', 'e'], { e: text });
    const obligations = await cli(['obligations', '--events', 'e', '--as-of', '2017-03-01'], {
      e: text,
    });

    // Assess: nothing on stdout, so "no problems" or "[]" is never read as an answer.
    for (const run of [validate, obligations]) {
      expect(run).toEqual({ code: 2, stdout: '', stderr: 'e: is empty: no events to read\n' });
    }
  });

  it('checks the whole file: a contradiction dated after --as-of fails the run too', async () => {
    // Prepare: C1 looked after from 2017-01-02; a review in June for C2, who never was.
    const text = lines(
      { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
      { type: 'LacReviewHeld', childId: 'C2', date: '2017-06-01' },
    );

    // Act: as of March, before the contradiction.
    const { code, stdout, stderr } = await cli(
      ['obligations', '--events', 'e', '--as-of', '2017-03-01'],
      { e: text },
    );

    // Assess
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(
      'e:2: childId: LacReviewHeld: the child is not looked after on 2017-06-01',
    );
  });
});

describe('cli: the iro command, compiled', () => {
  it('runs on plain node: help, an answer, bad input with exit 2, and a command loaded apart', async () => {
    // Prepare: compiled as npm's prepare compiles it, and a file of events.
    const dir = await mkdtemp(join(tmpdir(), 'iro-bin-'));
    try {
      const bin = await buildCli(dir);
      const events = join(dir, 'events.jsonl');
      await writeFile(events, sectionFive);
      const iro = (...args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });

      // Act
      const help = iro('--help');
      const table = iro(
        'obligations',
        '--events',
        events,
        '--as-of',
        '2018-01-03',
        '--format',
        'table',
      );
      const bad = iro('obligations', '--events', events);
      const importing = iro('import-903'); // loads its own chunk, apart from the rest

      // Assess: the same answers as in-process (above).
      expect({ status: help.status, stderr: help.stderr }).toEqual({ status: 0, stderr: '' });
      expect(help.stdout).toContain('iro validate --events FILE');
      expect(table.status).toBe(0);
      expect(table.stdout).toContain('3 open, 2 overdue.');
      expect({ status: bad.status, stdout: bad.stdout }).toEqual({ status: 2, stdout: '' });
      expect(bad.stderr).toContain('--as-of YYYY-MM-DD is required');
      expect({ status: importing.status, stdout: importing.stdout }).toEqual({
        status: 2,
        stdout: '',
      });
      expect(importing.stderr).toContain('import-903 --episodes FILE --reviews FILE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
