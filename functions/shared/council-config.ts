/**
 * The council's configuration file, read for any command that plans (`obligations`,
 * `validate`, `import-903`), so every command counts the same working days and keeps
 * the same records. Problems name the file and the field, never the value.
 */
import { type CouncilSettings, councilSettings, DEFAULT_SETTINGS } from '../../workflows/policy.js';

/** The file's settings, or the lines saying why it cannot be used. */
export type ConfigRead =
  | { readonly ok: true; readonly settings: CouncilSettings }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Reads and validates `path`; no path: the default settings. */
export async function readCouncilConfig(
  readText: (path: string) => Promise<string>,
  path: string | undefined,
): Promise<ConfigRead> {
  if (path === undefined) return { ok: true, settings: DEFAULT_SETTINGS };
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, problems: [`${path}: cannot read the configuration file (${code})`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${path}: is not valid JSON`] };
  }
  const result = councilSettings(value);
  if (!result.ok) {
    return {
      ok: false,
      problems: result.problems.map(
        (problem) => `${path}: ${problem.field ? `${problem.field}: ` : ''}${problem.reason}`,
      ),
    };
  }
  return { ok: true, settings: result.settings };
}
