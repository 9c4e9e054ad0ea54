/**
 * Why an imported event was refused, in words, the same for every event refused alike
 * (the import's counts are keyed by it): never an HTTP code, never the day or value met.
 */
import { describe, expect, it } from 'vitest';
import { refusalWords } from '../../../functions/import-chunk.js';

describe('refusalWords', () => {
  it.each([
    [
      'an event dated after the service’s today',
      { status: 400, problems: [{ field: 'date', reason: 'must not be after today, 2017-05-02' }] },
      'dated after today',
    ],
    [
      'a field rule, without the day it met',
      {
        status: 400,
        problems: [{ field: 'date', reason: 'must be a real date written YYYY-MM-DD' }],
      },
      'date must be a real date written YYYY-MM-DD',
    ],
    [
      'a contradiction of the history',
      {
        status: 409,
        problems: [{ field: 'childId', reason: 'the child is not looked after on 2017-03-01' }],
      },
      'contradicts the history recorded',
    ],
    ['a role that may not', { status: 403 }, "the uploader's roles may not record it"],
  ])('%s', (_, outcome, words) => {
    expect(refusalWords(outcome)).toBe(words);
  });
});
