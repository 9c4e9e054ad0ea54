/** The child page's resolved disputes, read from the child's one audit trail. */
import { describe, expect, it } from 'vitest';
import { closedDisputes, inDateOrder } from '../../../web/src/trail.js';

const entry = (event: Record<string, unknown> & { type: string }, retracted?: unknown) =>
  retracted === undefined ? { event } : { event, retracted };

describe('closedDisputes', () => {
  it('lists each resolved dispute with the day it was raised, newest resolution first', () => {
    const trail = [
      entry({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' }),
      entry({ type: 'DisputeRaised', disputeId: 'D1', childId: 'C1', date: '2017-03-01' }),
      entry({ type: 'DisputeEscalated', disputeId: 'D1', date: '2017-03-06', toStage: 3 }),
      entry({ type: 'DisputeRaised', disputeId: 'D2', childId: 'C1', date: '2017-03-01' }),
      entry({ type: 'DisputeResolved', disputeId: 'D2', date: '2017-03-10' }),
      entry({ type: 'DisputeResolved', disputeId: 'D1', date: '2017-04-03' }),
    ];
    expect(closedDisputes(trail)).toEqual([
      { disputeId: 'D1', raisedOn: '2017-03-01', resolvedOn: '2017-04-03' },
      { disputeId: 'D2', raisedOn: '2017-03-01', resolvedOn: '2017-03-10' },
    ]);
  });

  it('leaves out a resolution taken back, and an open dispute', () => {
    const trail = [
      entry({ type: 'DisputeRaised', disputeId: 'D3', childId: 'C1', date: '2017-03-01' }),
      entry(
        { type: 'DisputeResolved', disputeId: 'D3', date: '2017-03-02' },
        { by: 'iro-a', at: '2017-03-02T10:00:00Z', reason: 'recorded in error' },
      ),
      entry({ type: 'DisputeRaised', disputeId: 'D4', childId: 'C1', date: '2017-03-05' }),
    ];
    expect(closedDisputes(trail)).toEqual([]);
  });
});

describe('inDateOrder', () => {
  it('puts a dispute’s steps among the child’s own events by the day each happened', () => {
    const at = (event: Record<string, unknown> & { type: string }, recordedAt: string) => ({
      event,
      recordedAt,
    });
    const trail = [
      at({ type: 'BecameLookedAfter', date: '2017-01-02' }, '2017-01-02T09:00:00Z'),
      at({ type: 'PlacedForAdoption', date: '2017-06-01' }, '2017-06-01T09:00:00Z'),
      at({ type: 'ReportShared', at: '2017-04-05T10:00:00+01:00' }, '2017-04-05T09:00:00Z'),
      at({ type: 'DisputeRaised', date: '2017-04-03' }, '2017-04-03T10:00:00Z'),
      at({ type: 'DisputeResolved', date: '2017-04-03' }, '2017-04-03T09:30:00Z'),
    ];
    expect(inDateOrder(trail).map((e) => e.event.type)).toEqual([
      'BecameLookedAfter',
      'DisputeResolved',
      'DisputeRaised',
      'ReportShared',
      'PlacedForAdoption',
    ]);
  });
});
