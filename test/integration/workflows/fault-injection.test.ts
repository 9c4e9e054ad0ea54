/**
 * Faults over the whole local system, at a small size (the bench runs a large one):
 * kills at random points while the clock moves, then a restart on the same data;
 * DynamoDB throttling and SES transient errors at a rate; act steps timing out in the
 * middle of a send. Against the same run with no faults: no email lost, none sent
 * twice (a send a kill or a timeout cut after SES took it is marked by SES's Send
 * event), none that the clean run never sent (a "workflow stopped" alert), none late by
 * more than the retry policy's worst case, and the same board.
 */
import { describe, expect, it } from 'vitest';
import { authority, differences, differingMail, runAuthority } from './fault-run.js';

describe('the local system under faults', () => {
  it('loses, repeats and delays nothing, and keeps the same board', async () => {
    // Prepare: 6 children over four months; the clean run first
    const unit = authority(6, 120);
    const clean = await runAuthority(unit);

    // Act
    const faulty = await runAuthority(unit, {
      kills: 4,
      dynamoThrottleRate: 0.02,
      sesErrorRate: 0.1,
      sendTimeoutRate: 0.3,
      seed: 16,
      requests: clean.dynamoRequests,
    });

    // Assess: the faults happened, and none of them shows
    expect(clean.mail.length).toBeGreaterThan(10);
    expect(faulty.injected.kills).toBe(4);
    expect(faulty.injected.throttled).toBeGreaterThan(0);
    expect(faulty.injected.sesRefused).toBeGreaterThan(0);
    expect(faulty.injected.timeouts).toBeGreaterThan(0);
    expect(differences(clean, faulty), differingMail(clean, faulty).join('\n\n')).toEqual({
      lost: 0,
      sentTwice: 0,
      unexpected: 0,
      late: 0,
      boardDifferences: 0,
    });
    expect(faulty.failures).toBe(0);
  }, 300_000);
});
