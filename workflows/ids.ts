/**
 * The one rule for every id the system is given: a child's, a carer's, a conference's, a
 * dispute's, an event's, a staff member's, an allocation's subject, in a body, a path or
 * an import row. One id must be one thing, as a person reads it on the board: so only a
 * documented safe set of characters, in one script, in Unicode's composed form (NFC),
 * nothing invisible, nothing that turns text around, no lone surrogate (which no key,
 * URL or JSON can carry), and a bounded length. No imports: the schemas, the handlers
 * and the work tray all read it.
 */

/**
 * A child's or carer's id may not be `unit`: it is the subject of the unit-wide
 * allocations (service manager, head of service, director).
 */
export const RESERVED_SUBJECT_ID = 'unit';

/** The longest id: a council's reference, never a document. */
export const MAX_ID_LENGTH = 128;

/** The punctuation an id may hold, besides letters and digits. */
export const ID_PUNCTUATION = '-_/.:@';

/**
 * The scripts an id's letters may come from, one per id: a reference in Cyrillic is
 * fine, `LAC-1001` with a Cyrillic `А` is not. Japanese and Korean mix their own scripts
 * with Han, so each is one entry.
 */
const SCRIPTS: readonly RegExp[] = [
  /^\p{Script=Latin}$/u,
  /^\p{Script=Greek}$/u,
  /^\p{Script=Cyrillic}$/u,
  /^\p{Script=Armenian}$/u,
  /^\p{Script=Georgian}$/u,
  /^\p{Script=Hebrew}$/u,
  /^\p{Script=Arabic}$/u,
  /^\p{Script=Devanagari}$/u,
  /^\p{Script=Bengali}$/u,
  /^\p{Script=Gurmukhi}$/u,
  /^\p{Script=Gujarati}$/u,
  /^\p{Script=Tamil}$/u,
  /^\p{Script=Telugu}$/u,
  /^\p{Script=Thai}$/u,
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]$/u,
  /^[\p{Script=Hangul}\p{Script=Han}]$/u,
];

/**
 * Every code point of the safe set: a letter, a combining mark following one, an ASCII
 * digit, or the punctuation {@link ID_PUNCTUATION}. Anything else (controls, spaces,
 * zero-width and other default-ignorable code points, bidirectional marks and
 * overrides, symbols, lone surrogates) is outside it.
 */
const SAFE = /^(?:\p{L}\p{M}*|[0-9]|[-_/.:@])+$/u;

/**
 * Why `value` is not an id, in words that never repeat it; undefined when it is one.
 * The reasons name the rule only: an id may be anything a person typed, a name included.
 */
export function idProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (!SAFE.test(value)) {
    return `may hold only letters, digits and ${ID_PUNCTUATION.split('').join(' ')} (no spaces, controls, invisible or bidirectional characters)`;
  }
  if (value.normalize('NFC') !== value) return 'must be in Unicode composed form (NFC)';
  if (value === '.' || value === '..') return "must not be '.' or '..'";
  const letters = [...value].filter((c) => /\p{L}/u.test(c));
  if (letters.length > 0 && !SCRIPTS.some((script) => letters.every((c) => script.test(c)))) {
    return 'must write its letters in one script (no lookalikes from another alphabet)';
  }
  return undefined;
}

/** Whether `value` is an id by {@link idProblem}'s rule. */
export const isId = (value: unknown): value is string =>
  typeof value === 'string' && idProblem(value) === undefined;
