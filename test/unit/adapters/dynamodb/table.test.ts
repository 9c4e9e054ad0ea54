import { describe, expect, it } from 'vitest';
import { canonicalJson, utcInstant } from '../../../../functions/adapters/dynamodb/support.js';
import { createTableInput, TABLE_DESIGN } from '../../../../functions/adapters/dynamodb/table.js';

describe('createTableInput', () => {
  it('declares every key of the design as a string, on demand, indexes projecting everything', () => {
    // Act
    const input = createTableInput('iro');

    // Assess
    expect(input.TableName).toBe('iro');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.AttributeDefinitions).toHaveLength(2 + 2 * TABLE_DESIGN.indexes.length);
    expect(input.AttributeDefinitions?.every((a) => a.AttributeType === 'S')).toBe(true);
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection])).toEqual(
      TABLE_DESIGN.indexes.map((i) => [i.name, { ProjectionType: 'ALL' }]),
    );
  });
});

describe('utcInstant', () => {
  it.each([
    ['2017-03-27T10:00:00+01:00', '2017-03-27T09:00:00.000Z'],
    ['2017-03-23T10:00:00+00:00', '2017-03-23T10:00:00.000Z'],
    ['2017-03-23T10:00:00Z', '2017-03-23T10:00:00.000Z'],
  ])('writes %s as %s', (instant, utc) => {
    // Act / Assess
    expect(utcInstant(instant)).toBe(utc);
  });

  it('rejects what is not an instant', () => {
    // Act / Assess
    expect(() => utcInstant('next Tuesday')).toThrow(RangeError);
  });
});

describe('canonicalJson', () => {
  it('is the same for the same body whatever the order of its keys, at any depth', () => {
    // Act / Assess
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: true } })).toBe(
      canonicalJson({ a: { c: true, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
  });

  it('tells different bodies apart, and ignores undefined members', () => {
    // Act / Assess
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
