/**
 * One request traceable end to end: the API's request id is the correlation id of every
 * log line the request writes, the requestId its events are stored with, and the
 * correlation id of every line the workflow executions it starts or wakes write until
 * they wait again. Lines written because time moved belong to no request. No line
 * names a child.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEventHandler } from '../../../functions/record-event.js';
import { Logger } from '../../../functions/shared/observability.js';
import { apiEvent } from '../api/support.js';
import { startUnit, type Unit } from './support.js';

const CONTEXT = {
  functionName: 'iro-record-event',
  awsRequestId: 'lambda-request',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:iro-record-event',
  memoryLimitInMB: '512',
} as never;

let unit: Unit;
const lines: Record<string, unknown>[] = [];
/** The lines written since the last call. */
const written = () => lines.splice(0);

beforeAll(async () => {
  // The virtual clock stands after the first reminder of a conference report (the
  // conference on Thu 26 January 10:00, the report due Tue 24 January 10:00, the social
  // worker reminded at once 3 working days before, Thu 19 January 10:00), so recording
  // the booking starts a workflow that sends it.
  unit = await startUnit({
    startAt: '2017-01-20T09:00:00Z',
    subjects: ['C1', 'C2'],
    adjust: (deps) => ({
      ...deps,
      logger: new Logger({ level: 'DEBUG', write: (line) => lines.push(JSON.parse(line)) }),
    }),
  });
  written();
});
afterAll(async () => {
  await unit.stop();
});

/** Records one event through the deployed handler (middy and all), as API Gateway calls it. */
async function post(requestId: string, event: object) {
  const request = apiEvent('POST /events', { roles: ['admin'], sub: 'admin-1' }, { body: event });
  const handler = recordEventHandler(unit.runtime.deps);
  const result = await handler(
    { ...request, requestContext: { ...request.requestContext, requestId } },
    CONTEXT,
  );
  await unit.runtime.stepFunctions.settled();
  return result as { statusCode: number };
}

describe('a request traced end to end', () => {
  it('carries the request id on every line of the request and of the workflow it wakes, and on its stored event', async () => {
    // Act
    const outcome = await post('api-request-A', {
      eventId: 'e1',
      type: 'ConferenceBooked',
      childId: 'C1',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-01-13',
      at: '2017-01-26T10:00:00Z',
    });
    const traced = written();

    // Assess: the request's own lines, then the workflow's plan, act and plan again
    expect(outcome.statusCode).toBe(201);
    const messages = traced.map((l) => l.message);
    expect(messages).toContain('invoked');
    expect(messages).toContain('planned');
    expect(traced.find((l) => l.message === 'acted')).toMatchObject({ sent: 1 });
    for (const line of traced) expect(line.correlation_id).toBe('api-request-A');
    expect(JSON.stringify(traced)).not.toMatch(/C1|C2/);
    const [stored] = await unit.runtime.deps.events.history('protection/C1');
    expect(stored?.requestId).toBe('api-request-A');
  });

  it("keeps requests apart: a second request's lines carry its id, never the first's", async () => {
    // Act
    await post('api-request-B', {
      eventId: 'e2',
      type: 'BecameLookedAfter',
      childId: 'C2',
      date: '2017-01-03',
    });
    const traced = written();

    // Assess
    expect(traced.length).toBeGreaterThan(0);
    for (const line of traced) expect(line.correlation_id).toBe('api-request-B');
    expect(JSON.stringify(traced)).not.toMatch(/C1|C2/);
  });

  it('hands a waiting workflow the id of the request that wakes it', async () => {
    // Act: a new event on the first child's report clock wakes its waiting execution
    const outcome = await post('api-request-C', {
      eventId: 'e3',
      type: 'ReportShared',
      childId: 'C1',
      conferenceId: 'K1',
      at: '2017-01-20T09:00:00Z',
    });
    const traced = written();

    // Assess
    expect(outcome.statusCode).toBe(201);
    // Two clocks read the child's protection log (the conference cycle and the report
    // deadline): each plans once.
    expect(traced.filter((l) => l.message === 'planned')).toHaveLength(2);
    for (const line of traced) expect(line.correlation_id).toBe('api-request-C');
  });

  it('writes the lines of steps that time woke under no request id', async () => {
    // Act: the second child's first review comes into the morning list of Mon 23 January
    // by the clock alone
    await unit.advanceTo('2017-03-01T09:00:00Z');
    const timed = written();

    // Assess
    expect(timed.find((l) => l.message === 'morning lists')).toMatchObject({ sent: 2 });
    for (const line of timed) expect(line.correlation_id).toBeUndefined();
    expect(JSON.stringify(timed)).not.toMatch(/C1|C2/);
  });
});
