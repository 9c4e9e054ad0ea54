/**
 * What every command shares when it reads its files: bad input is an {@link InputError}
 * (every line printed on stderr, exit 2), problems are named `FILE:LINE: field: reason`,
 * and the council's configuration is read one way. Never the value read.
 */
import type { InputProblem } from '../workflows/events.js';
import type { CouncilSettings } from '../workflows/policy.js';
import { readCouncilConfig } from './council-config.js';

/** Bad input: reported, exit 2. */
export class InputError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
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
