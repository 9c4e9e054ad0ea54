/**
 * What GET /reports/figures costs: an authority of 1,000 children over five years
 * stored in dynalite (each event appended to its log as the record handler would, the
 * looked-after children allocated to 20 IROs), then the handler's whole answer timed
 * (every log read through the registry, the figures with three years side by side,
 * the caseloads), against API Gateway's 29-second integration limit; then GET
 * /reports/caseloads, the same caseloads from the looked-after logs alone, as the unit
 * board asks for them.
 *
 *   npx tsx bench/figures-api.bench.ts
 *
 * dynalite answers on this machine, not across a network, and a Lambda of 1,024 MB has
 * about half a vCPU: read the ratio as an order of magnitude, not a promise.
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { dynamoStaffDirectory } from '../functions/adapters/dynamodb/staff-directory.js';
import { answerReport, everyEvent } from '../functions/reports.js';
import { Logger, Metrics } from '../functions/shared/observability.js';
import { startDynalite } from '../infra/local/engines/dynalite.js';
import { clocksOf } from '../workflows/clocks.js';
import type { CaseEvent } from '../workflows/events.js';
import { councilFigures } from '../workflows/figures/report.js';
import { DEFAULT_SETTINGS } from '../workflows/policy.js';
import { authorityHistory } from './support/authority.js';

const API_LIMIT_MS = 29_000;
const WRITES_AT_ONCE = 32;
const IROS = 20;
const ROUNDS = 3;

const dynamo = await startDynalite();
try {
  const events = authorityHistory({ children: 1000, from: '2012-04-01', years: 5 });
  const store = dynamoEventStore(dynamo.client, dynamo.tableName);
  const staff = dynamoStaffDirectory(dynamo.client, dynamo.tableName);

  // Each log's events in arrival order, appended one after another; logs side by side.
  const byLog = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const log = clocksOf(event)[0].log;
    byLog.set(log, [...(byLog.get(log) ?? []), event]);
  }
  const logs = [...byLog];
  let storeMs = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITES_AT_ONCE }, async () => {
      while (next < logs.length) {
        const [log, logEvents] = logs[next++] as [string, CaseEvent[]];
        for (const [index, event] of logEvents.entries()) {
          await store.appendAt(log, {
            eventId: event.eventId ?? `bench-${index}`,
            position: index + 1,
            recordedAt: '2017-04-01T09:00:00.000Z',
            recordedBy: 'bench',
            source: 'system',
            event,
          });
        }
      }
    }),
  );
  const children = [
    ...new Set(events.flatMap((e) => (e.type === 'BecameLookedAfter' ? [e.childId] : []))),
  ];
  for (const [i, subjectId] of children.entries()) {
    await staff.allocate({ subjectId, roles: { iro: `iro-${i % IROS}` } });
  }
  storeMs = performance.now() - storeMs;

  const deps = {
    events: store,
    staff,
    now: () => '2017-04-10T09:00:00.000Z',
    settings: DEFAULT_SETTINGS,
    logger: new Logger({ service: 'bench', level: 'ERROR' }),
    metrics: new Metrics({ namespace: 'Bench', service: 'bench', write: () => {} }),
  };
  const request = {
    version: '2.0',
    routeKey: 'GET /reports/figures',
    rawPath: '/reports/figures',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    queryStringParameters: { from: '2016-04-01', to: '2017-03-31', years: '3' },
    requestContext: {
      routeKey: 'GET /reports/figures',
      authorizer: { jwt: { claims: { sub: 'bench', roles: 'manager' }, scopes: [] } },
    },
  } as unknown as APIGatewayProxyEventV2;

  const caseloadsRequest = {
    ...request,
    routeKey: 'GET /reports/caseloads',
    rawPath: '/reports/caseloads',
    queryStringParameters: undefined,
    requestContext: { ...request.requestContext, routeKey: 'GET /reports/caseloads' },
  } as unknown as APIGatewayProxyEventV2;

  const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const answers: number[] = [];
  const reads: number[] = [];
  const computes: number[] = [];
  const caseloadAnswers: number[] = [];
  let bytes = 0;
  let sameCaseloads = true;
  let status: number | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    const result = (await answerReport(request, deps)) as APIGatewayProxyStructuredResultV2;
    answers.push(performance.now() - start);
    status = result.statusCode;
    bytes = result.body?.length ?? 0;
    // The two halves of the answer apart: reading every log, and the figures over them.
    start = performance.now();
    const stored = await everyEvent(store);
    reads.push(performance.now() - start);
    start = performance.now();
    councilFigures(
      stored,
      { period: { from: '2016-04-01', to: '2017-03-31' }, years: 3 },
      DEFAULT_SETTINGS,
    );
    computes.push(performance.now() - start);
    // The board's caseloads alone: they must be the figures' own.
    start = performance.now();
    const alone = (await answerReport(caseloadsRequest, deps)) as APIGatewayProxyStructuredResultV2;
    caseloadAnswers.push(performance.now() - start);
    sameCaseloads &&=
      alone.statusCode === 200 &&
      JSON.stringify(JSON.parse(alone.body ?? '{}').caseloads) ===
        JSON.stringify(JSON.parse(result.body ?? '{}').caseloads);
  }
  if (!sameCaseloads) throw new Error('GET /reports/caseloads differs from the figures');
  if (status !== 200) throw new Error(`the handler answered ${status}`);
  const answerMs = median(answers) ?? Number.NaN;
  const lookedAfterLogs = [...byLog.keys()].filter((log) => log.startsWith('reviews/')).length;
  const round = (n: number) => Number(n.toPrecision(3));

  console.log(`## Figures API: 1,000 children over 5 years in dynalite

| measured (median of ${ROUNDS}) | ms |
|---|---:|
| GET /reports/figures, 2016/17 with 3 years side by side and the caseloads of ${IROS} IROs (${byLog.size} logs, ${events.length} events; answer ${round(bytes / 1e6)} MB) | ${round(answerMs)} |
| of which (measured apart): reading every log through the registry | ${round(median(reads) ?? Number.NaN)} |
| of which (measured apart): the figures over the events read | ${round(median(computes) ?? Number.NaN)} |
| GET /reports/caseloads, the same caseloads from the ${lookedAfterLogs} looked-after logs alone (the unit board's) | ${round(median(caseloadAnswers) ?? Number.NaN)} |
| storing the authority first (appends and allocations, ${WRITES_AT_ONCE} logs at once; not part of the answer) | ${round(storeMs)} |

- answer / API Gateway's 29 s limit: ${round(answerMs / API_LIMIT_MS)}
`);
} finally {
  await dynamo.stop();
}
