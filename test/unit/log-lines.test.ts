/**
 * Log lines name a clock by a reference, never by its id, which holds the child's,
 * carer's, conference's or dispute's id: the reference is the clock's kind and a hash,
 * the same on every line about that clock. The unit's alert email, which may name the
 * child by reference, gives both, so the duty inbox can find the lines.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UnitAlerts } from '../../functions/adapters/ports.js';
import { alertWorkflowFailed } from '../../functions/shared/clock-steps.js';
import { Logger, Metrics } from '../../functions/shared/observability.js';
import { clockReference } from '../../workflows/clocks.js';

/** The handlers' logger, keeping each line it writes. */
function recordingLogger() {
  const lines: string[] = [];
  return { lines, logger: new Logger({ write: (line) => lines.push(line) }) };
}

/** The reference worked out here: the kind, and the first 12 hex digits of the id's SHA-256. */
const REFERENCE = `reviews-${createHash('sha256').update('reviews/LAC-1001').digest('hex').slice(0, 12)}`;

describe('clockReference', () => {
  it('is the kind and 12 hex digits of a hash, without the ids the clock id holds', () => {
    expect(clockReference('reviews/LAC-1001')).toBe(REFERENCE);
    expect(REFERENCE).not.toContain('LAC-1001');
  });

  it('is the same for the same clock and differs between clocks', () => {
    expect(clockReference('disputes/DRP%2F17%2F09')).toBe(clockReference('disputes/DRP%2F17%2F09'));
    expect(clockReference('reviews/LAC-1001')).not.toBe(clockReference('reviews/LAC-1002'));
  });
});

describe('a stopped workflow', () => {
  it("logs the clock's reference, not the child's id, and the alert email gives both", async () => {
    // Prepare
    const { lines, logger } = recordingLogger();
    const sent: string[] = [];
    const alerts = { send: async (text: string) => void sent.push(text) } as unknown as UnitAlerts;
    const metrics = new Metrics({ write: () => {} });
    const input = {
      clockId: 'reviews/LAC-1001',
      execution: 'reviews-0123456789abcdef',
      error: 'RunawayExecution',
    };

    // Act
    await alertWorkflowFailed(input, { logger, metrics, alerts });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('LAC-1001');
    expect(lines[0]).toContain(REFERENCE);
    expect(lines[0]).toContain('reviews-0123456789abcdef');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('reviews/LAC-1001');
    expect(sent[0]).toContain(REFERENCE);
  });
});
