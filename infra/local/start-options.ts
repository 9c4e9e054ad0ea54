/**
 * `npm start`'s flags and their rules, checked before anything starts: a mistake is one
 * line naming the flag and the rule (exit 2), never a stack trace after a replay.
 * Pure but for {@link checkOnDisk}, which looks at the files the flags name.
 */
import { readdir, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isLocalDate } from '../../workflows/calendar/index.js';

export const DEFAULT_EVENTS = 'infra/local/sample/events.jsonl';
export const DEFAULT_UNTIL = '2017-07-03';
export const DEFAULT_PORT = 3000;
export const DEFAULT_MAIL_PORT = 3001;
export const DEFAULT_DATA = '.local';

export const USAGE = `npm start -- [flags]: the whole system on this machine, on a virtual clock.

  (no flags)           replay the sample authority up to ${DEFAULT_UNTIL}, print what it did, stop
  --events FILE        replay these events (JSON lines) instead of the sample
  --until YYYY-MM-DD   stop the replay on this day (default ${DEFAULT_UNTIL})
  --serve              then keep serving: the API and web app on --port, the mail page on
                       --mail-port; the data is kept in --data between runs
  --port N             the API's port with --serve (default ${DEFAULT_PORT}; 0 for any free port)
  --mail-port N        the mail page's port with --serve (default ${DEFAULT_MAIL_PORT}; 0 for any free port)
  --data DIR           where --serve keeps its data (default ${DEFAULT_DATA}/)
  --fresh              with --serve: wipe DIR and start empty, the clock at 09:00 on --until
  --sample             with --serve: wipe DIR and replay the events again
  --help               this text

With --serve and neither --fresh nor --sample, DIR is resumed if it holds a unit, and
the events are replayed into it if it does not.
`;

/** Which start `--serve` makes with its data directory. */
export type DataMode = 'resume-or-sample' | 'fresh' | 'sample';

export interface StartOptions {
  readonly events: string;
  readonly until: string;
  /** Whether --events or --until was given (resuming refuses them). */
  readonly eventsGiven: boolean;
  readonly untilGiven: boolean;
  readonly serve: boolean;
  readonly port: number;
  readonly mailPort: number;
  readonly data: string;
  readonly mode: DataMode;
}

export type Parsed =
  | { readonly kind: 'run'; readonly options: StartOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'refused'; readonly message: string };

const refused = (message: string): Parsed => ({ kind: 'refused', message });

/** A port as a flag gives it: a whole number from 0 (any free port) to 65535. */
function portOf(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65_535 ? port : undefined;
}

/** The flags as given (`process.argv.slice(2)`), or the one line saying what is wrong. */
export function parseStartArgs(args: readonly string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        events: { type: 'string' },
        until: { type: 'string' },
        serve: { type: 'boolean' },
        port: { type: 'string' },
        'mail-port': { type: 'string' },
        data: { type: 'string' },
        fresh: { type: 'boolean' },
        sample: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return refused(argumentProblem(error as Error & { code?: string }));
  }
  if (values.help) return { kind: 'help' };
  const text = (name: string) => values[name] as string | undefined;
  const until = text('until') ?? DEFAULT_UNTIL;
  if (!isLocalDate(until)) return refused('--until must be a real date written YYYY-MM-DD');
  const port = portOf(text('port'), DEFAULT_PORT);
  if (port === undefined) return refused('--port must be a whole number from 0 to 65535');
  const mailPort = portOf(text('mail-port'), DEFAULT_MAIL_PORT);
  if (mailPort === undefined) return refused('--mail-port must be a whole number from 0 to 65535');
  const serve = values.serve === true;
  for (const flag of ['port', 'mail-port', 'data', 'fresh', 'sample']) {
    if (values[flag] !== undefined && !serve) {
      return refused(`--${flag} needs --serve: without it nothing is served or kept`);
    }
  }
  if (values.fresh && values.sample) {
    return refused(
      '--fresh and --sample cannot go together: --fresh starts empty, --sample replays the events',
    );
  }
  if (values.fresh && text('events') !== undefined) {
    return refused('--events cannot go with --fresh, which starts empty');
  }
  if (port !== 0 && port === mailPort) return refused('--mail-port must differ from --port');
  const data = text('data') ?? DEFAULT_DATA;
  if (data === '') return refused('--data must name a directory');
  return {
    kind: 'run',
    options: {
      events: text('events') ?? DEFAULT_EVENTS,
      until,
      eventsGiven: text('events') !== undefined,
      untilGiven: text('until') !== undefined,
      serve,
      port,
      mailPort,
      data,
      mode: values.fresh ? 'fresh' : values.sample ? 'sample' : 'resume-or-sample',
    },
  };
}

/** node:util's parse errors, in one line naming the flag, without echoing a value. */
function argumentProblem(error: Error & { code?: string }): string {
  const flag = /'(-{1,2}[\w-]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${flag ?? 'a flag'} is not a flag of npm start: see npm start -- --help`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'npm start takes flags only (--name value): see npm start -- --help';
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message)
        ? `${flag ?? 'a flag'} needs a value: see npm start -- --help`
        : `${flag ?? 'a flag'} takes no value: see npm start -- --help`;
    default:
      return 'the flags could not be read: see npm start -- --help';
  }
}

/** Whether the data directory holds a unit a run left there. */
export type DataState = 'absent' | 'empty' | 'held';

/** The marker a served run writes into its data directory (with the clock's instant). */
export const STATE_FILE = 'state.json';

/**
 * The checks that look at the disk: the events file is there (unless nothing will be
 * replayed), the data directory is one, and resuming is not asked to replay.
 */
export async function checkOnDisk(
  options: StartOptions,
): Promise<{ problem: string } | { data: DataState }> {
  let data: DataState = 'absent';
  if (options.serve) {
    const found = await stat(options.data).catch(() => undefined);
    if (found && !found.isDirectory()) return { problem: '--data must name a directory' };
    if (found) {
      const entries = await readdir(options.data);
      data = entries.includes(STATE_FILE) ? 'held' : 'empty';
    }
    if (data === 'held' && options.mode === 'resume-or-sample') {
      for (const flag of ['events', 'until'] as const) {
        const given = flag === 'events' ? options.eventsGiven : options.untilGiven;
        if (given) {
          return {
            problem: `--${flag} cannot go with resuming ${options.data}/: add --sample to replay into it afresh, or --fresh to start empty`,
          };
        }
      }
    }
  }
  const replays =
    !options.serve ||
    options.mode === 'sample' ||
    (options.mode === 'resume-or-sample' && data !== 'held');
  if (replays) {
    const file = await stat(options.events).catch(() => undefined);
    if (!file?.isFile()) return { problem: '--events must name a file that exists' };
  }
  return { data };
}
