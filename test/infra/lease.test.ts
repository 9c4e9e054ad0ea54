/**
 * A send's claim is leased for longer than the act step may run, so a claim is only
 * ever taken over from an attempt that has ended: Step Functions may retry an act step
 * it lost sight of (a Lambda client error) while that invocation still runs, and two
 * live attempts holding one claim could both send; and longer again by the time SES's
 * Send event may take to mark the claim of an email SES took at the attempt's last moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportSummaryHeld } from '../../functions/import/summary.js';
import { LEASE_SECONDS, SEND_EVENT_SECONDS } from '../../functions/shared/dependencies.js';
import { HANDLER_METADATA_KEY } from '../../infra/constructs/iro-function.js';
import { synthesizedDefinitions } from '../../infra/definitions.js';
import { SUMMARY_HELD_ERROR } from '../../workflows/import/state-machine.js';
import { type Resource, resourcesOfType, type SynthesizedApp, synthesizeApp } from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

describe("a send's lease", () => {
  it("outlasts the act step's Lambda timeout", () => {
    // Prepare
    const acts = resourcesOfType(synth.templates, 'AWS::Lambda::Function').filter(
      ([, f]) => (f as Resource).Metadata?.[HANDLER_METADATA_KEY] === 'act-step',
    );

    // Assess
    expect(acts.length).toBeGreaterThan(0);
    for (const [, fn] of acts) {
      const timeout = Number((fn as Resource).Properties?.Timeout);
      expect(timeout).toBeGreaterThan(0);
      expect(LEASE_SECONDS).toBeGreaterThan(timeout);
      expect(LEASE_SECONDS).toBeGreaterThanOrEqual(timeout + SEND_EVENT_SECONDS);
    }
  });

  it('can be waited out within a morning-list run, with a minute left for the lists', () => {
    // Prepare
    const lists = resourcesOfType(synth.templates, 'AWS::Lambda::Function').filter(
      ([, f]) => (f as Resource).Metadata?.[HANDLER_METADATA_KEY] === 'morning-list',
    );

    // Assess: a run that meets a list a dead run holds waits the lease out, then sends
    expect(lists.length).toBeGreaterThan(0);
    for (const [, fn] of lists)
      expect(Number((fn as Resource).Properties?.Timeout)).toBeGreaterThanOrEqual(
        LEASE_SECONDS + 1 + 60,
      );
  });

  it("is waited out before an import's finishing step takes over a summary another attempt holds", () => {
    // Prepare
    const { definition } = synthesizedDefinitions().import;
    const states = definition.States as unknown as Record<
      string,
      { Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number }[] }
    >;

    // Assess: the first retrier of each finishing step, before the generic ones.
    expect(SUMMARY_HELD_ERROR).toBe(new ImportSummaryHeld().name);
    for (const name of ['Mark the import done', 'Mark the import failed']) {
      const [first] = states[name]?.Retry ?? [];
      expect(first?.ErrorEquals).toEqual([SUMMARY_HELD_ERROR]);
      expect(first?.IntervalSeconds ?? 0).toBeGreaterThan(LEASE_SECONDS);
      expect(first?.MaxAttempts).toBeGreaterThan(0);
    }
  });
});
