/** The one id rule (workflows/ids.ts): what a council's references may be, and what not. */
import { describe, expect, it } from 'vitest';
import { idProblem, MAX_ID_LENGTH } from '../../workflows/ids.js';

describe('idProblem', () => {
  it.each([
    ['a plain reference', 'LAC-1001'],
    ['slashes, dots, colons, underscores and an at sign', 'DRP/17/09.a:b_c@x'],
    ['letters of one other script', 'Иван-7'],
    ['Japanese, kana beside Han', '児童カード1'],
    ['an accented letter, composed', 'René-1'],
    ['the longest', 'C'.repeat(MAX_ID_LENGTH)],
  ])('takes %s', (_, id) => {
    expect(idProblem(id)).toBeUndefined();
  });

  it.each([
    ['empty', '', 'must not be empty'],
    ['one over the longest', 'C'.repeat(MAX_ID_LENGTH + 1), 'at most 128'],
    ['a zero-width space', 'LAC-1001\u200b', 'may hold only'],
    ['a soft hyphen', 'LAC\u00ad1001', 'may hold only'],
    ['a bidi mark', 'LAC\u061c1001', 'may hold only'],
    ['a right-to-left override', 'LAC\u202e1001', 'may hold only'],
    ['a lone surrogate', 'X\ud800', 'may hold only'],
    ['a control character', 'a\u0001b', 'may hold only'],
    ['a space', 'LAC 1001', 'may hold only'],
    ['markup', '<b>x</b>', 'may hold only'],
    ['a decomposed accent', 'Rene\u0301', 'NFC'],
    ['Latin with a Cyrillic lookalike', 'L\u0410C-1001', 'one script'],
    ['Latin with a Greek lookalike', 'LAC-\u03bf1', 'one script'],
    ['a lone dot', '.', "'.' or '..'"],
    ['two dots', '..', "'.' or '..'"],
  ])('refuses %s, saying why and not what', (_, id, reason) => {
    const problem = idProblem(id);
    expect(problem).toContain(reason);
    if (id.length > 2) expect(problem).not.toContain(id);
  });
});
