/**
 * `cli report`: the unit's figures (shared/design/figures.md) for a file of case
 * events, as JSON, markdown, HTML or CSV. Thin: read, check, call workflows/figures,
 * print. Bad input as every command: exit 2, each problem on stderr as
 * `FILE:LINE: field: reason`, nothing on stdout.
 */
import { parseArgs } from 'node:util';
import { addDays, type LocalDate, londonDate } from '../../workflows/calendar/index.js';
import { type CaseEvent, eventDate, parseEventLines } from '../../workflows/events.js';
import { choosePeriod } from '../../workflows/figures/period.js';
import { figuresCsv } from '../../workflows/figures/render-csv.js';
import { figuresHtml } from '../../workflows/figures/render-html.js';
import { figuresMarkdown } from '../../workflows/figures/render-markdown.js';
import { councilFigures } from '../../workflows/figures/report.js';
import type { FiguresReport } from '../../workflows/figures/shape.js';
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

export const REPORT_USAGE = `usage:
  cli report --events FILE [--from YYYY-MM-DD --to YYYY-MM-DD] [--years N] [--config FILE]
             [--format json|markdown|html|csv]
  The period defaults to the last complete financial year (1 April to 31 March) of
  the file's events: the one ended by the day of its latest event;
  --years N sets that many periods side by side, this one included (default 3).`;

const FORMATS = ['json', 'markdown', 'html', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** The events, every malformed line and every contradiction named by line, as `obligations` does. */
async function loadEvents(io: CliIo, path: string, settings: CouncilSettings) {
  const { events, problems } = parseEventLines(await readInput(io.readText, path, 'events'));
  const review = reviewHistory(
    events.map((e) => e.event),
    undefined,
    settings.rules,
  );
  for (const problem of review.problems) {
    problems.push({
      line: events[problem.index]?.line ?? 0,
      field: problem.field,
      reason: `${problem.type}: ${problem.reason}`,
    });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems.map((problem) => located(path, problem)));
  }
  return events.map((e) => e.event);
}

function options(argv: readonly string[], today: LocalDate) {
  let values: ReturnType<typeof parse>['values'];
  try {
    const parsed = parse(argv);
    values = parsed.values;
    if (parsed.positionals.length > 0) {
      throw new Error(`unexpected argument ${parsed.positionals.join(' ')}`);
    }
  } catch (error) {
    throw new InputError([argumentProblem(error as Error), REPORT_USAGE]);
  }
  const wrong = (message: string) => new InputError([message, REPORT_USAGE]);
  if (!values.events) throw wrong('--events FILE is required');
  const chosen = choosePeriod(values, today, (field) => `--${field}`);
  if (!chosen.ok) {
    throw new InputError([
      ...chosen.problems.map(({ field, reason }) => `--${field} ${reason}`),
      REPORT_USAGE,
    ]);
  }
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) throw wrong(`--format must be ${FORMATS.join(', ')}`);
  const given = values.from !== undefined || values.to !== undefined;
  return { events: values.events, config: values.config, ...chosen, format, given };
}

/** The day of the file's latest event. */
const latestDay = (events: readonly CaseEvent[]): LocalDate =>
  [...events.map(eventDate)].sort().at(-1) ?? '';

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      events: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      years: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string' },
    },
  });

const RENDER: Record<Format, (report: FiguresReport) => string> = {
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  markdown: figuresMarkdown,
  html: figuresHtml,
  csv: figuresCsv,
};

/**
 * Runs `cli report` (its arguments after the command name); returns the exit code
 * (0 done, 2 bad input). `today` picks the default period; the clock by default.
 */
export async function report(
  argv: readonly string[],
  io: CliIo,
  today: LocalDate = londonDate(new Date().toISOString()),
): Promise<number> {
  try {
    const asked = options(argv, today);
    const settings = await loadSettings(io.readText, asked.config);
    const events = await loadEvents(io, asked.events, settings);
    if (events.length === 0) {
      throw new InputError([`${asked.events}: is empty: no events to report on`]);
    }
    // Without --from and --to, the period is the file's: the last financial year that
    // its latest event's day completes, not the machine's (a sample of 2017 would be
    // all zeros in 2026).
    const chosen = asked.given ? asked : options(argv, addDays(latestDay(events), 1));
    const figures = councilFigures(events, chosen, settings);
    io.stdout(RENDER[chosen.format](figures));
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
}
