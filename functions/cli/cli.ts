/**
 * The engine on the command line: what is open as of a date, for a file of case
 * events (JSON Lines). Thin: parse, call workflows/, print. Exit 2 on bad input,
 * with every problem on stderr named by line and field; nothing on stdout then.
 */
import { parseArgs } from 'node:util';
import { isLocalDate } from '../../workflows/calendar/index.js';
import { type LineEvent, parseEventLines } from '../../workflows/events.js';
import type { Obligation } from '../../workflows/obligations.js';
import { reviewHistory } from '../../workflows/plan.js';
import type { CouncilSettings } from '../../workflows/policy.js';
import {
  argumentProblem,
  type CliIo,
  InputError,
  loadSettings,
  located,
  readInput,
} from './cli-input.js';

export type { CliIo };

import { IMPORT_903_USAGE } from '../import/usage.js';

const USAGE = `usage:
  iro obligations --events FILE --as-of YYYY-MM-DD [--format json|table] [--config FILE]
  iro validate --events FILE [--config FILE]
  iro report --events FILE [--from YYYY-MM-DD --to YYYY-MM-DD] [--years N] [--config FILE] [--format json|markdown|html|csv]
${IMPORT_903_USAGE.replace('cli import-903', 'iro import-903')}
  iro --help`;

const HELP = `iro: the statutory clocks of a Children's Safeguarding Unit, for a file of case events.

${USAGE}

  obligations   what is open on the --as-of date: JSON, or a table for people
  validate      checks the file without planning
  report        the unit's figures for a period
  import-903    SSDA903 tables in, case events out
  --events FILE case events as JSON Lines, one event a line, in any order
                (UTF-8, with or without a byte order mark; LF or CRLF line endings)
  --as-of DATE  only events dated on or before it count towards what is open; the
                whole file is still checked, and a contradiction after it fails too
  --config FILE the council's configuration (closure days, dispute stages, reminders)

Exit status: 0 done; 2 bad input, every problem on stderr as FILE:LINE: field: reason.
`;

/** The fields the spec names, in its order; internal fields stay inside. */
function published(obligation: Obligation) {
  const { kind, subjectId, refId, due, overdue, stage, basis } = obligation;
  return {
    kind,
    subjectId,
    ...(refId === undefined ? {} : { refId }),
    due,
    overdue,
    ...(stage === undefined ? {} : { stage }),
    basis,
  };
}

/** A plain-text table for people: one row an obligation, overdue ones marked. */
export function obligationsTable(obligations: readonly Obligation[]): string {
  if (obligations.length === 0) return 'Nothing is open.\n';
  const header = ['due', '', 'kind', 'subject', 'ref', 'stage', 'basis'];
  const rows = obligations.map((o) => [
    o.due,
    o.overdue ? 'OVERDUE' : '',
    o.kind,
    o.subjectId,
    o.refId ?? '',
    o.stage === undefined ? '' : String(o.stage),
    o.basis,
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const format = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const overdue = obligations.filter((o) => o.overdue).length;
  return `${[format(header), ...rows.map(format)].join('\n')}\n\n${obligations.length} open, ${overdue} overdue.\n`;
}

/** Reads and checks the events: every malformed line and every contradiction, by line. */
async function loadEvents(io: CliIo, path: string, settings: CouncilSettings, asOf?: string) {
  const text = await readInput(io.readText, path, 'events');
  // Refused as `report` refuses it (issue 18): a person who exported a file and got
  // nothing must not read "no problems" or "[]" as an answer about their unit.
  if (text.trim() === '') throw new InputError([`${path}: is empty: no events to read`]);
  const { events, problems } = parseEventLines(text);
  const review = reviewHistory(
    events.map((e: LineEvent) => e.event),
    asOf,
    settings.rules,
  );
  for (const problem of review.problems) {
    problems.push({
      line: (events[problem.index] as LineEvent).line,
      field: problem.field,
      reason: `${problem.type}: ${problem.reason}`,
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems.map((problem) => located(path, problem)));
  }
  return { count: events.length, obligations: review.obligations };
}

async function run(argv: readonly string[], io: CliIo): Promise<void> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    throw new InputError([argumentProblem(error as Error), USAGE]);
  }
  const { command, values } = parsed;
  if (command === 'help') {
    io.stdout(HELP);
    return;
  }
  if (!values.events) throw new InputError(['--events FILE is required', USAGE]);
  const settings = await loadSettings(io.readText, values.config);
  if (command === 'validate') {
    const { count } = await loadEvents(io, values.events, settings);
    io.stdout(`${values.events}: ${count} events, no problems\n`);
    return;
  }
  const asOf = values['as-of'];
  if (asOf === undefined) throw new InputError(['--as-of YYYY-MM-DD is required', USAGE]);
  if (!isLocalDate(asOf)) {
    throw new InputError(['--as-of must be a real date written YYYY-MM-DD', USAGE]);
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'table') {
    throw new InputError([`--format must be json or table, not ${format}`, USAGE]);
  }
  const { obligations } = await loadEvents(io, values.events, settings, asOf);
  io.stdout(
    format === 'table'
      ? obligationsTable(obligations)
      : `${JSON.stringify(obligations.map(published), null, 2)}\n`,
  );
}

function parseCommandLine(argv: readonly string[]) {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      events: { type: 'string' },
      'as-of': { type: 'string' },
      format: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { command: 'help' as const, values };
  const [command, ...extra] = positionals;
  if (command === 'help') return { command, values };
  if (command !== 'obligations' && command !== 'validate') {
    throw new Error(command ? `unknown command ${command}` : 'a command is required');
  }
  if (extra.length > 0) throw new Error(`unexpected argument ${extra.join(' ')}`);
  return { command, values };
}

/** Runs the CLI; returns the exit code (0 done, 2 bad input; import-903: 3 some rows refused). */
export async function main(argv: readonly string[], cliIo: CliIo): Promise<number> {
  const io = withoutByteOrderMarks(cliIo);
  // Loaded by the command that needs them: the CSV reader and the figures are half of
  // the CLI, and every other command would parse them at start.
  if (argv[0] === 'import-903') {
    const { import903 } = await import('../import/import-903.js');
    return import903(argv.slice(1), io);
  }
  if (argv[0] === 'report') return (await import('./report.js')).report(argv.slice(1), io);
  try {
    await run(argv, io);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
}

/** Files read whole lose the byte order mark a Windows export may begin with. */
function withoutByteOrderMarks(io: CliIo): CliIo {
  return {
    ...io,
    readText: async (path) => {
      const text = await io.readText(path);
      return text.startsWith('\uFEFF') ? text.slice(1) : text;
    },
  };
}
