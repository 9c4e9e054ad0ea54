/**
 * The Record form's dates: a GOV.UK date input's three boxes made into the API's
 * YYYY-MM-DD (real dates only), a London time of day made into an instant with that
 * day's offset, and dates written in words. Expected values worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  dateFromParts,
  londonDateTime,
  londonInstant,
  longDate,
  partsOf,
  timeOfDay,
} from '../../../web/src/forms/dates.js';

describe('dateFromParts', () => {
  it.each([
    // day, month, year → date
    ['27', '1', '2017', '2017-01-27'],
    ['1', '12', '2016', '2016-12-01'],
    ['09', '03', '2017', '2017-03-09'],
    [' 5 ', ' 4 ', ' 2017 ', '2017-04-05'],
    // 2016 is a leap year: 29 February exists.
    ['29', '2', '2016', '2016-02-29'],
  ])('%s %s %s is %s', (day, month, year, expected) => {
    expect(dateFromParts({ day, month, year })).toEqual({ ok: true, value: expected });
  });

  it.each([
    // 2017 is not a leap year; April has 30 days; there is no month 13 nor day 0.
    ['29', '2', '2017'],
    ['31', '4', '2017'],
    ['1', '13', '2017'],
    ['0', '1', '2017'],
    ['1', '1', '17'],
    ['one', '1', '2017'],
    ['1.5', '1', '2017'],
  ])('%s %s %s is not a real date', (day, month, year) => {
    expect(dateFromParts({ day, month, year })).toEqual({
      ok: false,
      reason: 'must be a real date, such as 27 3 2017',
    });
  });

  it('says a date left blank is required, and names the boxes left blank', () => {
    expect(dateFromParts({ day: '', month: ' ', year: '' })).toEqual({
      ok: false,
      reason: 'is required',
    });
    expect(dateFromParts({ day: '27', month: '', year: '' })).toEqual({
      ok: false,
      reason: 'must include a month and a year',
    });
  });

  it('gives back the boxes of a date as a person types them', () => {
    expect(partsOf('2017-03-09')).toEqual({ day: '9', month: '3', year: '2017' });
    expect(partsOf('not a date')).toEqual({ day: '', month: '', year: '' });
  });
});

describe('timeOfDay', () => {
  it.each([
    ['10:00', { hour: 10, minute: 0 }],
    ['9:30', { hour: 9, minute: 30 }],
    ['14.30', { hour: 14, minute: 30 }],
    ['23:59', { hour: 23, minute: 59 }],
  ])('%s', (text, expected) => {
    expect(timeOfDay(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['24:00', '10:60', '10', '10am', '1030'])('%s is not a time', (text) => {
    expect(timeOfDay(text).ok).toBe(false);
  });
});

describe('londonInstant', () => {
  it.each([
    // British Summer Time began at 01:00 UTC on Sunday 26 March 2017.
    ['2017-03-27', 10, 0, '2017-03-27T10:00:00+01:00'],
    ['2017-03-23', 10, 0, '2017-03-23T10:00:00+00:00'],
    // It ended at 01:00 UTC on Sunday 29 October 2017: the Monday after is winter time.
    ['2017-10-30', 9, 30, '2017-10-30T09:30:00+00:00'],
    ['2017-10-27', 9, 30, '2017-10-27T09:30:00+01:00'],
  ])('%s at %i:%i is %s', (date, hour, minute, expected) => {
    expect(londonInstant(date, { hour, minute })).toBe(expected);
  });
});

describe('dates in words', () => {
  it('writes a date as people read it', () => {
    expect(longDate('2017-01-27')).toBe('27 January 2017');
    expect(longDate('2016-12-01')).toBe('1 December 2016');
  });

  it('writes an instant as its London date and time', () => {
    // 09:00 UTC on 27 March 2017 is 10:00 in London (summer time).
    expect(londonDateTime('2017-03-27T09:00:00Z')).toBe('27 March 2017 at 10:00');
    expect(londonDateTime('2017-01-05T14:05:00.123Z')).toBe('5 January 2017 at 14:05');
  });
});
