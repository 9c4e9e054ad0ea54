/**
 * `cli report` (functions/cli/report.ts): the figures of a file of events as JSON,
 * markdown, CSV and HTML, and bad input refused as every command refuses it: exit 2,
 * each problem as `FILE:LINE: field: reason`, nothing on stdout. Expected figures are
 * the hand-worked ones of figures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../functions/cli/cli.js';
import { report } from '../../../functions/cli/report.js';
import { jsonl, runCli } from '../scenarios/support.js';
import { fx, lookedAfterYear, wholeYear } from './fixtures.js';

const FILE = 'events.jsonl';
const FY = ['--from', '2016-04-01', '--to', '2017-03-31'];
const worked = jsonl(
  fx.became('A', '2016-01-04'),
  fx.review('A', '2016-01-29'),
  fx.review('A', '2016-04-20'),
  fx.review('A', '2016-10-25'),
  fx.became('B', '2017-03-20'),
);

const cli = (args: string[], files: Record<string, string> = { [FILE]: worked }) =>
  runCli(['report', '--events', FILE, ...args], files);

describe('cli report --format json', () => {
  it('prints figures.md section 8 with the shortfalls, months and earlier years beside it', async () => {
    // Act
    const { code, stdout, stderr } = await cli([...FY, '--years', '2']);

    // Assess: figures.md section 7 (L4 2 held, 1 late; L5 0 of 1).
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(stdout);
    expect(Object.keys(printed)).toEqual(['period', 'figures', 'shortfalls', 'months', 'earlier']);
    expect(printed.period).toEqual({ from: '2016-04-01', to: '2017-03-31' });
    expect(printed.figures.L4).toEqual({ held: 2, onTime: 1, late: 1 });
    expect(printed.figures.L5).toEqual({ numerator: 0, denominator: 1 });
    expect(printed.figures.D5).toBeNull();
    expect(printed.figures).not.toHaveProperty('L3');
    expect(printed.months).toHaveLength(12);
    // 2015/16: A's first review (2016-01-29, due 2016-02-01) on time.
    expect(printed.earlier).toHaveLength(1);
    expect(printed.earlier[0].figures.L4).toEqual({ held: 1, onTime: 1, late: 0 });
  });

  it.each([
    // The latest event, B's, is on 20 March 2017: 2016/17 is not over in the file.
    ['20 March 2017', worked, '2015'],
    // A review on 31 March 2017 completes 2016/17.
    ['31 March 2017', `${worked}${jsonl(fx.review('A', '2017-03-31'))}`, '2016'],
  ])(
    "defaults to the last financial year its events complete (latest %s), whatever the machine's date, three side by side",
    async (_, text, year) => {
      // Prepare
      let stdout = '';
      const io: CliIo = {
        stdout: (out) => {
          stdout += out;
        },
        stderr: () => undefined,
        readText: async () => text,
      };

      // Act: the machine's date is years later.
      const code = await report(['--events', FILE], io, '2026-12-07');

      // Assess
      const printed = JSON.parse(stdout);
      const y = Number(year);
      expect(code).toBe(0);
      expect(printed.period).toEqual({ from: `${y}-04-01`, to: `${y + 1}-03-31` });
      expect(printed.earlier.map((e: { period: unknown }) => e.period)).toEqual([
        { from: `${y - 1}-04-01`, to: `${y}-03-31` },
        { from: `${y - 2}-04-01`, to: `${y - 1}-03-31` },
      ]);
    },
  );

  it('refuses an empty file with exit 2, saying so, and prints nothing', async () => {
    const { code, stdout, stderr } = await cli(FY, { [FILE]: '\n' });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(`${FILE}: is empty: no events to report on`);
  });

  it('gives the rates per 10,000 with the population configured', async () => {
    // Act: 2 looked after on 2017-03-31 (A and B); 2 x 10,000 / 8,000 = 2.5 -> 3.
    const { code, stdout } = await cli([...FY, '--config', 'c.json'], {
      [FILE]: worked,
      'c.json': '{"childPopulation": 8000}',
    });

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout).figures.L3).toEqual({ rate: 3 });
  });
});

describe('cli report --format markdown', () => {
  it('prints the tables with the years side by side, oldest first, percentages rounded half up', async () => {
    // Act
    const { code, stdout } = await cli([...FY, '--format', 'markdown'], {
      [FILE]: jsonl(...lookedAfterYear),
    });

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('| Figure | 2014/15 | 2015/16 | 2016/17 |');
    // 2016/17: L5 2 of 4; L8 record 5 of 8 = 62.5% -> 63%; L4 7 of 9 = 77.8% -> 78%.
    // 2015/16 (to 2016-03-31): A reviewed 2016-01-29 on time, next due 04-29; H reviewed
    // 2015-10-20 on time, next due 2016-01-20 and overdue on 03-31: L5 1 of 2. Neither
    // review's record was ever shared: 0 of 2. 2014/15: nothing to count.
    expect(stdout).toContain(
      '| Children reviewed within timescales (L5) | n/a | 50% (1 of 2) | 50% (2 of 4) |',
    );
    expect(stdout).toContain(
      '| Records shared on time (L8.record) | n/a | 0% (0 of 2) | 63% (5 of 8) |',
    );
    expect(stdout).toContain(
      '| Reviews held on time (L4.onTime) | n/a | 100% (2 of 2) | 78% (7 of 9) |',
    );
    expect(stdout).toContain('- A 2016-10-25, due 2016-10-20: late');
  });
});

describe('cli report: each row says what figures.md counts', () => {
  it('L8 and C11 rows say "on time", since the council sets the working days (timescales.md 3.5)', async () => {
    // Prepare: a council giving review decisions 10 working days. A, looked after from
    // 2016-04-01, reviewed Wed 2016-04-20; decisions shared Fri 2016-04-29.
    // Due 2016-04-20 + 10 working days: Apr 21, 22, 25, 26, 27, 28, 29, May 3 (2 May a
    // bank holiday), 4, 5 -> 2016-05-05. Shared 04-29 <= 05-05: on time, 100% (1 of 1).
    // (At the default 5 working days it would have been due 04-27, and late.)
    const files = {
      [FILE]: jsonl(
        fx.became('A', '2016-04-01'),
        fx.review('A', '2016-04-20'),
        fx.shared('A', '2016-04-20', 'decisions', '2016-04-29'),
      ),
      c: '{"recordWorkingDays": {"review-decisions": 10}}',
    };

    // Act
    const { code, stdout } = await cli(
      [...FY, '--years', '1', '--format', 'markdown', '--config', 'c'],
      files,
    );

    // Assess: the label must not claim a number of days the council did not set.
    expect(code).toBe(0);
    expect(stdout).toContain('| Decisions shared on time (L8.decisions) | 100% (1 of 1) |');
    expect(stdout).toContain('| Records shared on time (L8.record) |');
    expect(stdout).toContain('| Minutes shared on time (C11) |');
    expect(stdout).not.toMatch(/shared within \d+ working days/);
  });

  it('L6 counts reviews, not children: one child reviewed twice, both PN1, is 2 of 2', async () => {
    // Prepare: A looked after from 2016-04-01, reviewed 2016-04-20 and 2016-07-15, both PN1.
    // L6 = PN1 to PN6 / coded other than PN0 = 2 reviews / 2 reviews = 100% (2 of 2),
    // over one child: the row is a count of reviews.
    const files = {
      [FILE]: jsonl(
        fx.became('A', '2016-04-01'),
        fx.review('A', '2016-04-20', 'PN1'),
        fx.review('A', '2016-07-15', 'PN1'),
      ),
    };

    // Act
    const { code, stdout } = await cli([...FY, '--years', '1', '--format', 'markdown'], files);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      '| Reviews in which the child participated (PN1 to PN6, of reviews coded other than PN0) (L6) | 100% (2 of 2) |',
    );
  });
});

describe('cli report --format csv', () => {
  it('prints one row per figure per period, quoted where a field needs it', async () => {
    // Act
    const { code, stdout } = await cli(
      [...FY, '--years', '1', '--format', 'csv', '--config', 'c'],
      {
        [FILE]: jsonl(...lookedAfterYear),
        c: '{"childPopulation": 4000}',
      },
    );

    // Assess
    const lines = stdout.split('\r\n');
    expect(code).toBe(0);
    expect(lines[0]).toBe('scope,from,to,figure,label,count,numerator,denominator,percent');
    expect(lines).toContain(
      'period,2016-04-01,2017-03-31,L5,Children reviewed within timescales,,2,4,50',
    );
    expect(lines).toContain(
      'period,2016-04-01,2017-03-31,L3,"Looked after per 10,000 children",13,,,',
    );
    // An empty denominator leaves the percentage blank, never 0.
    expect(lines).toContain(
      'period,2016-04-01,2017-03-31,D3,Resolved within 20 working days,,0,0,',
    );
    expect(lines).toContain(
      'month,2016-06-01,2016-06-30,L5,Children reviewed within timescales,,2,3,67',
    );
  });
});

describe('cli report --format html', () => {
  it('reads like the annual report: accessible tables, charts with text alternatives, shortfalls in details', async () => {
    // Act
    const { code, stdout } = await cli([...FY, '--format', 'html'], {
      [FILE]: jsonl(...wholeYear),
    });

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(stdout).not.toContain('<script');
    // Dates in words, as the annual report writes them.
    expect(stdout).toContain('From 1 April 2016 to 31 March 2017, both days included');
    expect(stdout).not.toMatch(/<td[^>]*>\d{4}-\d{2}-\d{2}/);
    expect(stdout).toContain(
      '<caption class="govuk-visually-hidden">Looked-after children</caption>',
    );
    expect(stdout).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">2016/17</th>',
    );
    expect(stdout).toContain(
      '<td class="govuk-table__cell govuk-table__cell--numeric">50% (2 of 4)</td>',
    );
    // Each section's title shows once: as its heading, the table's caption hidden.
    const headings = [...stdout.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
    const shownCaptions = [
      ...stdout.matchAll(/<caption class="govuk-table__caption[^>]*>([^<]*)</g),
    ];
    expect(headings).toContain('Looked-after children');
    expect(shownCaptions.map((m) => m[1])).toEqual([]);
    // Participation, plans by category, disputes, and the two month-by-month charts.
    expect(stdout.match(/<svg [^>]*role="img"/g)).toHaveLength(5);
    expect(stdout).toContain('<title id="chart-months-title">');
    expect(stdout).toContain('<desc id="chart-participation-desc">PN0: 1; PN1: 1;');
    expect(stdout).toMatch(
      /<details class="govuk-details">\n<summary class="govuk-details__summary"><span class="govuk-details__summary-text">Children reviewed within timescales \(L5\), 2016\/17: 2 listed<\/span>/,
    );
  });

  it('refuses an id holding markup, naming the line and field, and prints nothing', async () => {
    // Act: a child whose reference holds markup (render.test.ts pins the escaping behind it).
    const { code, stdout, stderr } = await cli([...FY, '--format', 'html'], {
      [FILE]: jsonl(fx.became('<b>x</b>', '2016-06-01')),
    });

    // Assess
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain('events.jsonl:1: childId: may hold only letters, digits');
    expect(stderr).not.toContain('<b>x</b>');
  });
});

describe('cli report: bad input exits 2 with nothing on stdout', () => {
  it.each([
    ['malformed JSON', '{"type":', 'events.jsonl:1: is not valid JSON'],
    [
      'a contradiction',
      jsonl(fx.review('C2', '2017-01-03')),
      'events.jsonl:1: childId: LacReviewHeld: the child is not looked after on 2017-01-03',
    ],
  ])('%s', async (_, text, message) => {
    const { code, stdout, stderr } = await cli(FY, { [FILE]: text });

    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });

  it.each([
    [['--from', '2016-04-01'], '--to must be a real date'],
    [['--to', '2017-03-31'], '--from must be a real date'],
    [['--from', '2016-02-30', '--to', '2017-03-31'], '--from must be a real date'],
    [['--from', '2017-04-01', '--to', '2017-03-31'], '--to must not be before --from'],
    [[...FY, '--years', '0'], '--years must be a whole number from 1 to 10'],
    [[...FY, '--years', '2.5'], '--years must be a whole number from 1 to 10'],
    [[...FY, '--format', 'xml'], '--format must be json, markdown, html, csv'],
    [[...FY, '--colour'], '--colour is not a flag of this command'],
    [['--from'], '--from needs a value'],
    [[...FY, '--config', 'bad'], 'bad: childPopulation: must be at least 1'],
    [[...FY, '--config', 'missing'], 'missing: cannot read the configuration file (ENOENT)'],
  ])('rejects %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args, {
      [FILE]: worked,
      bad: '{"childPopulation": 0}',
    });

    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain(message);
  });

  it('requires --events', async () => {
    const { code, stdout, stderr } = await runCli(['report', ...FY], {});

    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain('--events FILE is required');
  });
});
