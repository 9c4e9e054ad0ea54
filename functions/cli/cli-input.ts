/**
 * What every command shares when it reads its files: bad input is an {@link InputError}
 * (every line printed on stderr, exit 2), problems are named `FILE:LINE: field: reason`,
 * and the council's configuration is read one way. Never the value read.
 */
import type { InputProblem } from '../../workflows/events.js';
import type { CouncilSettings } from '../../workflows/policy.js';
import { readCouncilConfig } from '../shared/council-config.js';

/** Bad input: reported, exit 2. */
export class InputError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/**
 * node:util's parse errors in one line of the CLI's own, naming the flag and never the
 * value: an unknown flag, a flag with no value, an argument where none is taken.
 */
export function argumentProblem(error: Error & { code?: string }): string {
  const flag = /'(-{1,2}[\w-]+)/.exec(error.message)?.[1] ?? 'a flag';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${flag} is not a flag of this command`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message)
        ? `${flag} needs a value`
        : `${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument: every value follows its flag';
    default:
      return error.message;
  }
}

/** A problem as `FILE:LINE: field: reason`. */
export const located = (file: string, problem: InputProblem) =>
  `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.field ? `${problem.field}: ` : ''}${problem.reason}`;

/** A file's text, or an InputError naming the file and the system's error code. */
export async function readInput(
  readText: (path: string) => Promise<string>,
  path: string,
  what: string,
): Promise<string> {
  try {
    return await readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError([`${path}: cannot read the ${what} file (${code})`]);
  }
}

/** The council's configuration (the defaults without a path), or an InputError. */
export async function loadSettings(
  readText: (path: string) => Promise<string>,
  path: string | undefined,
): Promise<CouncilSettings> {
  const config = await readCouncilConfig(readText, path);
  if (!config.ok) throw new InputError(config.problems);
  return config.settings;
}

/**
 * What a command reads and writes through: the process's streams and files in `iro`,
 * strings in the tests. Here, where both `cli.ts` and `report.ts` read it, so neither
 * imports the other for it.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readText: (path: string) => Promise<string>;
  /** Streams a file (imports); without it the file is read whole. */
  readonly openText?: (path: string) => AsyncIterable<string | Uint8Array>;
  /** Writes a whole file (import --out). */
  readonly writeText?: (path: string, text: string) => Promise<void>;
  /** Today's date in London (import-903 refuses later dates); the clock's by default. */
  readonly today?: () => string;
}
