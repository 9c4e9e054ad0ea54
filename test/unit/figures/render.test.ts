/** How numbers and text are written in the report's formats (figures.md section 1). */
import { describe, expect, it } from 'vitest';
import { periodLabel, ratioText } from '../../../workflows/figures/measures.js';
import { csvField } from '../../../workflows/figures/render-csv.js';
import { htmlText } from '../../../workflows/figures/render-html.js';
import { markdownText } from '../../../workflows/figures/render-markdown.js';

describe('ratioText: a percentage rounded half up, with both counts', () => {
  it.each([
    [44, 50, '88% (44 of 50)'],
    // 1/8 = 12.5% -> 13; 5/8 = 62.5% -> 63; 1/3 = 33.3% -> 33; 2/3 = 66.7% -> 67.
    [1, 8, '13% (1 of 8)'],
    [5, 8, '63% (5 of 8)'],
    [1, 3, '33% (1 of 3)'],
    [2, 3, '67% (2 of 3)'],
    // 199/200 = 99.5% -> 100: rounding may reach 100 only from 99.5 up.
    [199, 200, '100% (199 of 200)'],
    [0, 7, '0% (0 of 7)'],
    [0, 0, 'n/a'],
  ])('%i of %i is %s', (numerator, denominator, text) => {
    expect(ratioText({ numerator, denominator })).toBe(text);
  });
});

describe('periodLabel', () => {
  it.each([
    [{ from: '2016-04-01', to: '2017-03-31' }, '2016/17'],
    [{ from: '1999-04-01', to: '2000-03-31' }, '1999/00'],
    [{ from: '2016-04-01', to: '2016-09-30' }, '2016-04-01 to 2016-09-30'],
  ])('%j is %s', (period, label) => {
    expect(periodLabel(period)).toBe(label);
  });
});

describe('text from case records is written safely', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "no"', '"say ""no"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['-1+1', "'-1+1"],
    ['@x,y', `"'@x,y"`],
  ])('csv %j is %s', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('html escapes markup and quotes', () => {
    expect(htmlText(`<a href="x">O'Neil & co</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;',
    );
  });

  it.each([
    ['C1 2016-10-25: late', 'C1 2016-10-25: late'],
    ['a|b *c* [d]', 'a\\|b \\*c\\* \\[d\\]'],
    ['# heading', '\\# heading'],
    ['1. list', '1\\. list'],
  ])('markdown %j is %s', (value, written) => {
    expect(markdownText(value)).toBe(written);
  });
});
