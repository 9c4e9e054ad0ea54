import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanResult } from '../../functions/shared/clock-steps.js';
import {
  type AslDefinition,
  type AslState,
  definitionsOfTemplate,
  type SynthesizedDefinition,
  synthesizedDefinitions,
} from '../../infra/definitions.js';
import { WAIT_SECONDS_PATH } from '../../workflows/clock-loop.js';
import { WORKFLOWS } from '../../workflows/clocks.js';
import { type SynthesizedApp, synthesizeApp } from './support.js';

let synth: SynthesizedApp;
let definitions: Record<string, SynthesizedDefinition>;
beforeAll(() => {
  synth = synthesizeApp();
  definitions = synthesizedDefinitions();
});
afterAll(() => synth.cleanUp());

/** The plan step's result carries the wait: a rename there must fail here. */
const WAIT_FIELD: keyof PlanResult = 'waitSeconds';

interface Edge {
  readonly from: string;
  readonly via: 'Next' | 'Choice' | 'Catch';
}

/** Every transition into each state. */
function incoming(definition: AslDefinition): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  const add = (to: string | undefined, edge: Edge) => {
    if (to === undefined) return;
    edges.set(to, [...(edges.get(to) ?? []), edge]);
  };
  for (const [name, state] of Object.entries(definition.States)) {
    add(state.Next, { from: name, via: 'Next' });
    for (const choice of state.Choices ?? []) add(choice.Next, { from: name, via: 'Choice' });
    add(state.Default, { from: name, via: 'Choice' });
    for (const handler of state.Catch ?? []) add(handler.Next, { from: name, via: 'Catch' });
  }
  return edges;
}

/**
 * The states whose output is a state's input: Choice states pass their input on
 * unchanged (when they have no paths of their own), so look through them.
 */
function inputSources(definition: AslDefinition, name: string, problems: string[]): Edge[] {
  const edges = incoming(definition);
  const sources: Edge[] = [];
  const seen = new Set<string>();
  const visit = (target: string) => {
    for (const edge of edges.get(target) ?? []) {
      const state = definition.States[edge.from] as AslState;
      if (state.Type !== 'Choice') {
        sources.push(edge);
        continue;
      }
      if ((state.InputPath ?? '$') !== '$' || (state.OutputPath ?? '$') !== '$') {
        problems.push(`${edge.from}: a Choice on the way to ${name} changes its input`);
      }
      if (!seen.has(edge.from)) {
        seen.add(edge.from);
        visit(edge.from);
      }
    }
  };
  visit(name);
  return sources;
}

const waitingStates = (definition: AslDefinition) =>
  Object.entries(definition.States).filter(([, state]) => state.TimeoutSecondsPath !== undefined);

/**
 * Why a waiting state's TimeoutSecondsPath might not find its value in the state input,
 * as AWS reads it: none, when the path is the plan step's waitSeconds, the payload
 * carries the same path, and every way into the state (through Choices) starts from the
 * plan Task's normal output, stored at `$.plan`.
 */
function timeoutProblems({ definition, handlers }: SynthesizedDefinition): string[] {
  const problems: string[] = [];
  const waits = waitingStates(definition);
  if (waits.length === 0) problems.push('no state waits');
  for (const [name, wait] of waits) {
    if (wait.TimeoutSecondsPath !== WAIT_SECONDS_PATH) {
      problems.push(`${name}: TimeoutSecondsPath is ${wait.TimeoutSecondsPath}`);
    }
    const payload = (wait.Parameters?.Payload ?? {}) as Record<string, unknown>;
    if (payload[`${WAIT_FIELD}.$`] !== wait.TimeoutSecondsPath) {
      problems.push(`${name}: the payload's ${WAIT_FIELD}.$ is not the TimeoutSecondsPath`);
    }
    if ((wait.InputPath ?? '$') !== '$') problems.push(`${name}: has an InputPath`);
    const sources = inputSources(definition, name, problems);
    if (sources.length === 0) problems.push(`${name}: nothing leads to it`);
    for (const source of sources) {
      const plan = definition.States[source.from] as AslState;
      const from = `${name} <- ${source.from}`;
      if (source.via !== 'Next') problems.push(`${from}: entered by ${source.via}`);
      if (plan.Type !== 'Task' || handlers[plan.Resource as string] !== 'plan-step') {
        problems.push(`${from}: not the plan step`);
      }
      if (plan.ResultPath !== '$.plan') problems.push(`${from}: ResultPath ${plan.ResultPath}`);
      if (plan.ResultSelector !== undefined) problems.push(`${from}: has a ResultSelector`);
      if ((plan.OutputPath ?? '$') !== '$') problems.push(`${from}: has an OutputPath`);
      if (!wait.TimeoutSecondsPath?.startsWith(`${plan.ResultPath}.`)) {
        problems.push(`${from}: the path is not inside the plan's result`);
      }
    }
  }
  return problems;
}

describe('synthesizedDefinitions', () => {
  it('gives every workflow, and the import, a runnable definition with no CloudFormation left in it', () => {
    expect(Object.keys(definitions).sort()).toEqual([...WORKFLOWS, 'import'].sort());
    for (const workflow of [...WORKFLOWS, 'import'] as const) {
      const text = JSON.stringify(definitions[workflow]?.definition);
      expect(text, workflow).not.toMatch(/Fn::|"Ref"|\$\{Token/);
      expect(text, workflow).toContain('arn:aws:lambda:eu-west-2:000000000000:function:');
    }
  });

  it('maps every function a definition calls to its handler module', () => {
    for (const workflow of WORKFLOWS) {
      const { definition, handlers } = definitions[workflow] as SynthesizedDefinition;
      expect(Object.values(handlers).sort(), workflow).toEqual(
        ['act-step', 'alert', 'close-clock', 'park', 'plan-step'].sort(),
      );
      for (const [name, state] of Object.entries(definition.States)) {
        if (state.Type !== 'Task') continue;
        const functionArn =
          state.Resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken'
            ? (state.Parameters?.FunctionName as string)
            : (state.Resource as string);
        expect(handlers[functionArn], `${workflow}: ${name}`).toBeDefined();
      }
    }
  });

  it('runs the import with the import-chunk function alone, each of its tasks inside the Map bound to it', () => {
    const { definition, handlers } = definitions.import as SynthesizedDefinition;
    expect(Object.values(handlers)).toEqual(['import-chunk']);
    const map = definition.States['Record every chunk of events'] as {
      Type: string;
      ItemsPath: string;
      MaxConcurrency: number;
      ItemProcessor: { States: Record<string, { Type: string; Resource?: string }> };
    };
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.chunks', MaxConcurrency: 4 });
    const inner = map.ItemProcessor.States['Record a chunk of events'];
    expect(handlers[inner?.Resource as string]).toBe('import-chunk');
  });

  it('is what the pipeline deploys', () => {
    const deployed = definitionsOfTemplate(synth.templates.workflows.toJSON());
    expect(deployed).toEqual(definitions);
  });

  it('returns a copy the caller may change', () => {
    const first = synthesizedDefinitions();
    (first['review-cycle'].definition as { StartAt: string }).StartAt = 'changed';
    expect(synthesizedDefinitions()['review-cycle'].definition.StartAt).not.toBe('changed');
  });
});

describe('every TimeoutSecondsPath', () => {
  it('is the plan step’s waitSeconds', () => {
    expect(WAIT_SECONDS_PATH).toBe(`$.plan.${WAIT_FIELD}`);
  });

  it.each(WORKFLOWS)('in %s points at a value present in the state input', (workflow) => {
    expect(timeoutProblems(definitions[workflow] as SynthesizedDefinition)).toEqual([]);
  });

  describe('the check', () => {
    // Prepare: one workflow's definition, changed the way a later edit might break it.
    const broken = (change: (states: Record<string, Record<string, unknown>>) => void) => {
      const copy = structuredClone(definitions['review-cycle']) as SynthesizedDefinition;
      change(copy.definition.States as unknown as Record<string, Record<string, unknown>>);
      return timeoutProblems(copy);
    };
    const plan = 'Work out the next review';
    const wait = 'Wait for the review or the next reminder';

    it.each([
      [
        'the plan result stored elsewhere',
        (s: Record<string, Record<string, unknown>>) => {
          (s[plan] as Record<string, unknown>).ResultPath = '$.planned';
        },
      ],
      [
        'the wait reached from the act step',
        (s: Record<string, Record<string, unknown>>) => {
          (s['Send review reminders and escalations'] as Record<string, unknown>).Next = wait;
        },
      ],
      [
        'a Catch leading to the wait',
        (s: Record<string, Record<string, unknown>>) => {
          (s[plan] as { Catch: { Next: string }[] }).Catch[0] = {
            ...(s[plan] as { Catch: { Next: string }[] }).Catch[0],
            Next: 'Is a review still due?',
          } as { Next: string };
        },
      ],
      [
        'a different timeout path',
        (s: Record<string, Record<string, unknown>>) => {
          (s[wait] as Record<string, unknown>).TimeoutSecondsPath = '$.waitSeconds';
        },
      ],
    ])('finds %s', (_what, change) => {
      expect(broken(change)).not.toEqual([]);
    });
  });
});
