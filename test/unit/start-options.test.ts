/**
 * `npm start`'s flags: each rule refused in one line naming the flag, before anything
 * starts; the defaults and modes read as the README says.
 */
import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../infra/local/start-options.js';

describe('npm start flags: a mistake is one line naming the flag and the rule', () => {
  it.each([
    ['an unknown flag', ['--colour'], '--colour is not a flag of npm start'],
    ['a stray argument', ['sample.jsonl'], 'npm start takes flags only'],
    ['a flag without its value', ['--until'], '--until needs a value'],
    ['a value given to a switch', ['--serve=yes'], '--serve takes no value'],
    ['a date that is not a date', ['--until', '2017-13-01'], '--until must be a real date'],
    ['a date not written YYYY-MM-DD', ['--until', '3/7/2017'], '--until must be a real date'],
    ['a port that is not a number', ['--serve', '--port', 'http'], '--port must be a whole number'],
    ['a port out of range', ['--serve', '--port', '65536'], '--port must be a whole number'],
    ['a negative port', ['--serve', '--port=-1'], '--port must be a whole number'],
    ['a bad mail port', ['--serve', '--mail-port', '3.5'], '--mail-port must be a whole number'],
    [
      'the same port twice',
      ['--serve', '--port', '4000', '--mail-port', '4000'],
      '--mail-port must differ from --port',
    ],
    [
      '--fresh with --sample',
      ['--serve', '--fresh', '--sample'],
      '--fresh and --sample cannot go together',
    ],
    [
      '--fresh with --events',
      ['--serve', '--fresh', '--events', 'e.jsonl'],
      '--events cannot go with --fresh',
    ],
    ['--port without --serve', ['--port', '4000'], '--port needs --serve'],
    ['--fresh without --serve', ['--fresh'], '--fresh needs --serve'],
    ['--sample without --serve', ['--sample'], '--sample needs --serve'],
    ['--data without --serve', ['--data', 'here'], '--data needs --serve'],
  ])('%s', (_, args, message) => {
    // Act
    const parsed = parseStartArgs(args);

    // Assess: refused, in one line that starts with the rule.
    expect(parsed.kind).toBe('refused');
    const text = parsed.kind === 'refused' ? parsed.message : '';
    expect(text.startsWith(message)).toBe(true);
    expect(text).not.toContain('\n');
  });

  it('never echoes a value it refuses', () => {
    // Prepare: a value that could be a child's name.
    const value = 'Jane-Smith';

    // Act
    const parsed = [
      parseStartArgs(['--until', value]),
      parseStartArgs(['--serve', '--port', value]),
      parseStartArgs([value]),
    ];

    // Assess
    for (const p of parsed) expect(JSON.stringify(p)).not.toContain(value);
  });

  it('asks for the usage text with --help or -h, whatever else is given', () => {
    expect(parseStartArgs(['--help']).kind).toBe('help');
    expect(parseStartArgs(['-h', '--serve']).kind).toBe('help');
  });

  it('defaults: the sample up to 3 July 2017; --serve on ports 3000 and 3001, kept in .local', () => {
    // Act
    const plain = parseStartArgs([]);
    const served = parseStartArgs(['--serve']);

    // Assess
    expect(plain).toEqual({
      kind: 'run',
      options: {
        events: 'infra/local/sample/events.jsonl',
        until: '2017-07-03',
        eventsGiven: false,
        untilGiven: false,
        serve: false,
        port: 3000,
        mailPort: 3001,
        data: '.local',
        mode: 'resume-or-sample',
      },
    });
    expect(served).toMatchObject({
      kind: 'run',
      options: { serve: true, mode: 'resume-or-sample' },
    });
  });

  it.each([
    [['--serve', '--fresh'], 'fresh'],
    [['--serve', '--sample'], 'sample'],
    [['--serve'], 'resume-or-sample'],
  ])('%j starts in mode %s', (args, mode) => {
    expect(parseStartArgs(args)).toMatchObject({ kind: 'run', options: { mode } });
  });

  it('takes port 0 (any free port) for both, which are then not "the same port"', () => {
    expect(parseStartArgs(['--serve', '--port', '0', '--mail-port', '0'])).toMatchObject({
      kind: 'run',
      options: { port: 0, mailPort: 0 },
    });
  });
});
