/**
 * What GET /reports/figures and GET /reports/caseloads cost when they read each log's
 * kept summary and each subject's caseload item, never an event. An authority of N
 * children over five years (default 1,000) is stored in dynalite (each event appended
 * to its log as the record handler would, the looked-after children allocated to one
 * IRO per 50), each log's summary kept as its last plan step keeps it; then:
 *
 * - each answer timed, as a ratio to its floor measured in the same run: one read of
 *   the summaries (or of the caseload items), the least any answer from them costs;
 * - the answer's size, against a budget of 1 MB (Lambda's limit is 6 MB);
 * - the figures and caseloads checked against the full replay of every stored event
 *   for the whole authority (the answer before summaries, timed too);
 * - the cost of keeping the summaries: DynamoDB requests and write units per event
 *   recorded, each event planned by the real plan step, without and with the summary;
 * - the backfill a deploy onto an older store runs once (functions/shared/backfill.ts):
 *   every log's summary kept from its history and every allocation's IRO, timed, with
 *   its DynamoDB requests, against the slice of one Lambda invocation.
 *
 *   npx tsx bench/figures-api.bench.ts            1,000 children
 *   npx tsx bench/figures-api.bench.ts 10000      10,000 children (minutes to store)
 *
 * dynalite answers on this machine, not across a network, and a Lambda of 1,024 MB has
 * about half a vCPU: read the ratios as orders of magnitude, not promises.
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoClockHeads } from '../functions/adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from '../functions/adapters/dynamodb/event-store.js';
import {
  dynamoFiguresStore,
  FIGURES_GROUPS,
  groupKey,
} from '../functions/adapters/dynamodb/figures-store.js';
import { dynamoNotificationLog } from '../functions/adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from '../functions/adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from '../functions/adapters/dynamodb/staff-directory.js';
import type { FiguresStore } from '../functions/adapters/ports.js';
import { SLICE_MS } from '../functions/backfill.js';
import { answerReport, everyEvent, unitReport } from '../functions/reports.js';
import { backfillFigures } from '../functions/shared/backfill.js';
import { planStep } from '../functions/shared/clock-steps.js';
import { Logger, Metrics } from '../functions/shared/observability.js';
import { startDynalite } from '../infra/local/engines/dynalite.js';
import { meterDynamo, Usage } from '../infra/local/usage.js';
import { clocksOf } from '../workflows/clocks.js';
import type { CaseEvent } from '../workflows/events.js';
import { caseloadsOf, lookedAfterOn } from '../workflows/figures/caseloads.js';
import { councilFigures } from '../workflows/figures/report.js';
import { DEFAULT_SETTINGS } from '../workflows/policy.js';
import { authorityHistory } from './support/authority.js';

const CHILDREN = Number(process.argv[2] ?? '1000');
if (!Number.isInteger(CHILDREN) || CHILDREN < 1) throw new Error('children: a whole number');
const AT_ONCE = 32;
const CHILDREN_PER_IRO = 50;
const ROUNDS = 3;
const TODAY = '2017-04-10';
const CHOSEN = { period: { from: '2016-04-01', to: '2017-03-31' }, years: 3 } as const;
const ANSWER_BUDGET_BYTES = 1_000_000;
/** The targets on this machine (dynalite), at 10,000 children. */
const FIGURES_TARGET_MS = 1000;
const CASELOADS_TARGET_MS = 300;
/** The authority planned event by event for the cost of keeping summaries. */
const COST_CHILDREN = 30;

const quiet = () => ({
  logger: new Logger({ service: 'bench', level: 'ERROR' }),
  metrics: new Metrics({ namespace: 'Bench', service: 'bench', write: () => {} }),
});

/** `work` over every item, at most `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Each log's events in arrival order. */
function byLogOf(events: readonly CaseEvent[]): Map<string, CaseEvent[]> {
  const byLog = new Map<string, CaseEvent[]>();
  for (const event of events) {
    const log = clocksOf(event)[0].log;
    const list = byLog.get(log);
    if (list) list.push(event);
    else byLog.set(log, [event]);
  }
  return byLog;
}

const stored = (event: CaseEvent, position: number) => ({
  eventId: event.eventId ?? `bench-${position}`,
  position,
  recordedAt: '2017-04-01T09:00:00.000Z',
  recordedBy: 'bench',
  source: 'system' as const,
  event,
});

/**
 * DynamoDB requests and write units per event recorded, each event appended and then
 * planned by the real plan step for every clock it wakes, as the state machines do:
 * `keep` false is the plan step before summaries (nothing kept), true as it is now.
 */
async function costOfPlanning(keep: boolean) {
  const dynamo = await startDynalite();
  try {
    const usage = new Usage();
    meterDynamo(dynamo.client, usage);
    const { client, tableName } = dynamo;
    const figures = dynamoFiguresStore(client, tableName);
    const deps = {
      events: dynamoEventStore(client, tableName),
      heads: dynamoClockHeads(client, tableName),
      board: dynamoObligationBoard(client, tableName),
      notifications: dynamoNotificationLog(client, tableName),
      figures: keep ? figures : ({ ...figures, keep: async () => 'kept' } as FiguresStore),
      now: () => `${TODAY}T09:00:00.000Z`,
      settings: DEFAULT_SETTINGS,
      ...quiet(),
    };
    const events = authorityHistory({
      children: COST_CHILDREN,
      from: '2012-04-01',
      years: 5,
      seed: 9,
    });
    const positions = new Map<string, number>();
    let planRequests = 0;
    let planUnits = 0;
    const start = performance.now();
    for (const event of events) {
      const clocks = clocksOf(event);
      const log = clocks[0].log;
      const position = (positions.get(log) ?? 0) + 1;
      positions.set(log, position);
      // The append itself is the same either way: counted apart from the plan.
      await deps.events.appendAt(log, stored(event, position));
      const requests = usage.dynamoRequests;
      const units = usage.dynamoWriteUnits;
      for (const clock of clocks) {
        const input = { clockId: clock.id, execution: 'bench', startedAt: deps.now(), loops: 0 };
        await planStep(input, deps);
      }
      planRequests += usage.dynamoRequests - requests;
      planUnits += usage.dynamoWriteUnits - units;
    }
    return {
      events: events.length,
      planRequests: planRequests / events.length,
      planWriteUnits: planUnits / events.length,
      msPerEvent: (performance.now() - start) / events.length,
    };
  } finally {
    await dynamo.stop();
  }
}
const median = (times: number[]) =>
  [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
const round = (n: number) => Number(n.toPrecision(3));
const thousands = (n: number) => n.toLocaleString('en-GB');

const costBefore = await costOfPlanning(false);
const costAfter = await costOfPlanning(true);

const dynamo = await startDynalite();
try {
  const { client, tableName } = dynamo;
  const events = authorityHistory({ children: CHILDREN, from: '2012-04-01', years: 5 });
  const store = dynamoEventStore(client, tableName);
  const staff = dynamoStaffDirectory(client, tableName);
  const figures = dynamoFiguresStore(client, tableName);
  const byLog = byLogOf(events);
  const logs = [...byLog];

  let storeMs = performance.now();
  await bounded(logs, AT_ONCE, async ([log, logEvents]) => {
    for (const [index, event] of logEvents.entries()) {
      await store.appendAt(log, stored(event, index + 1));
    }
  });
  const children = [
    ...new Set(events.flatMap((e) => (e.type === 'BecameLookedAfter' ? [e.childId] : []))),
  ];
  const iros = Math.max(1, Math.round(children.length / CHILDREN_PER_IRO));
  await bounded([...children.entries()], AT_ONCE, async ([i, subjectId]) => {
    await staff.allocate({ subjectId, roles: { iro: `iro-${i % iros}` } });
  });
  storeMs = performance.now() - storeMs;

  // The store as the version before summaries left it (the allocations' caseload items
  // aside: the backfill's conditional write of each is refused, one request either
  // way), then the backfill that a deploy runs once, as the schedule's slices would.
  const settings = { settings: DEFAULT_SETTINGS, figures, ...quiet() };
  const deps = { events: store, staff, now: () => `${TODAY}T09:00:00.000Z`, ...settings };
  const request = (routeKey: string, query?: Record<string, string>) =>
    ({
      version: '2.0',
      routeKey,
      rawPath: routeKey.slice(4),
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      queryStringParameters: query,
      requestContext: {
        routeKey,
        authorizer: { jwt: { claims: { sub: 'bench', roles: 'manager' }, scopes: [] } },
      },
    }) as unknown as APIGatewayProxyEventV2;
  const figuresRequest = request('GET /reports/figures', {
    from: CHOSEN.period.from,
    to: CHOSEN.period.to,
    years: String(CHOSEN.years),
  });
  const caseloadsRequest = request('GET /reports/caseloads');
  for (const early of [figuresRequest, caseloadsRequest]) {
    const answer = (await answerReport(early, deps)) as APIGatewayProxyStructuredResultV2;
    if (answer.statusCode !== 503) throw new Error(`before the backfill: ${answer.statusCode}`);
  }
  const usage = new Usage();
  meterDynamo(client, usage);
  let keepMs = performance.now();
  let slices = 0;
  let backfilledSubjects = 0;
  for (let complete = false; !complete; slices++) {
    const until = performance.now() + SLICE_MS;
    const slice = await backfillFigures(deps, { more: () => performance.now() < until });
    backfilledSubjects += slice.subjects;
    complete = slice.complete;
  }
  keepMs = performance.now() - keepMs;
  const backfillRequests = usage.dynamoRequests;

  const floors: number[] = [];
  const caseloadFloors: number[] = [];
  const answers: number[] = [];
  const caseloadAnswers: number[] = [];
  let bytes = 0;
  let summaryBytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    let start = performance.now();
    const summaries = await figures.all();
    floors.push(performance.now() - start);
    summaryBytes = JSON.stringify(summaries).length;
    start = performance.now();
    await figures.caseloadSubjects();
    caseloadFloors.push(performance.now() - start);
    start = performance.now();
    const answer = (await answerReport(figuresRequest, deps)) as APIGatewayProxyStructuredResultV2;
    answers.push(performance.now() - start);
    if (answer.statusCode !== 200) throw new Error(`figures answered ${answer.statusCode}`);
    bytes = Buffer.byteLength(answer.body ?? '');
    start = performance.now();
    const alone = (await answerReport(caseloadsRequest, deps)) as APIGatewayProxyStructuredResultV2;
    caseloadAnswers.push(performance.now() - start);
    if (alone.statusCode !== 200) throw new Error(`caseloads answered ${alone.statusCode}`);
    if (
      JSON.stringify(JSON.parse(alone.body ?? '{}').caseloads) !==
      JSON.stringify(JSON.parse(answer.body ?? '{}').caseloads)
    ) {
      throw new Error('GET /reports/caseloads differs from the figures');
    }
  }

  // What keeping a log's summary costs once the groups hold the whole authority: a plan
  // step's keep of a newer version (the same summary), for every 50th log.
  const sample = (await figures.all()).filter((_, i) => i % 50 === 0);
  // (The client is metered once, since the backfill: counted as differences.)
  const [requests0, writes0, reads0] = [
    usage.dynamoRequests,
    usage.dynamoWriteUnits,
    usage.dynamoReadUnits,
  ];
  for (const summary of sample) await figures.keep(summary, 1_000_000);
  const perKeep = {
    requests: (usage.dynamoRequests - requests0) / sample.length,
    writeUnits: (usage.dynamoWriteUnits - writes0) / sample.length,
    readUnits: (usage.dynamoReadUnits - reads0) / sample.length,
  };
  const groups = new Set([...byLog.keys()].map((log) => groupKey(log).sk)).size;

  // The whole authority, both ways: every figure, shortfall, month and earlier period.
  const { caseloads, ...kept } = await unitReport(CHOSEN, TODAY, deps);
  let replayMs = performance.now();
  const every = await everyEvent(store);
  const readMs = performance.now() - replayMs;
  const replayed = councilFigures(every, CHOSEN, DEFAULT_SETTINGS);
  replayMs = performance.now() - replayMs;
  const { S1: _staffRecords, ...keptFigures } = kept.figures;
  if (JSON.stringify({ ...kept, figures: keptFigures }) !== JSON.stringify(replayed)) {
    throw new Error('the figures from the summaries differ from the full replay');
  }
  const allocated = new Map<string, string[]>();
  for (const iro of await staff.holders('iro')) {
    const subjects = await staff.subjectsAllocatedTo(iro, 'iro');
    if (subjects.length > 0) allocated.set(iro, subjects);
  }
  const counted = caseloadsOf(
    TODAY,
    allocated,
    lookedAfterOn(every, TODAY, DEFAULT_SETTINGS.rules),
  );
  const keptCaseloads = { ...caseloads, byIro: caseloads.byIro.map(({ name: _n, ...c }) => c) };
  if (JSON.stringify(keptCaseloads) !== JSON.stringify(counted)) {
    throw new Error('the caseloads from the caseload items differ from the logs');
  }

  const answerMs = median(answers);
  const floorMs = median(floors);
  const caseloadMs = median(caseloadAnswers);
  const caseloadFloorMs = median(caseloadFloors);
  const shortfalls = Object.values(replayed.shortfalls).reduce((n, list) => n + list.length, 0);
  const title = `${thousands(CHILDREN)} children over 5 years in dynalite`;

  console.log(`## Figures API from kept summaries: ${title}

${thousands(byLog.size)} logs, ${thousands(events.length)} events, ${thousands(children.length)} looked-after children allocated to ${iros} IROs; 2016/17 with 3 years side by side. Median of ${ROUNDS}.

| measured | ms | ratio to its floor |
|---|---:|---:|
| floor: one read of the ${thousands(byLog.size)} summaries (in ${thousands(groups)} group items of ${FIGURES_GROUPS}, 32 partitions in parallel; ${round(summaryBytes / 1e6)} MB as JSON) | ${round(floorMs)} | 1 |
| GET /reports/figures (answer ${round(bytes / 1e6)} MB; target at most ${FIGURES_TARGET_MS} ms) | ${round(answerMs)} | ${round(answerMs / floorMs)} |
| floor: one read of the ${thousands(children.length)} caseload items | ${round(caseloadFloorMs)} | 1 |
| GET /reports/caseloads (target at most ${CASELOADS_TARGET_MS} ms) | ${round(caseloadMs)} | ${round(caseloadMs / caseloadFloorMs)} |
| before summaries, measured apart: reading every log through the registry and replaying it | ${round(replayMs)} | ${round(replayMs / floorMs)} |
| of which reading every event | ${round(readMs)} | ${round(readMs / floorMs)} |
| storing the authority first (appends and allocations; not part of any answer) | ${round(storeMs)} | |
| the backfill after a deploy onto an older store: every log's summary kept from its history, every allocation's IRO (${thousands(backfillRequests)} DynamoDB requests; ${slices} slice${slices === 1 ? '' : 's'} of at most ${SLICE_MS / 60_000} minutes) | ${round(keepMs)} | |

- the backfill: ${thousands(byLog.size)} logs and ${thousands(backfilledSubjects)} allocated subjects, ${round(backfillRequests / byLog.size)} requests a log; until it finished, both answers were 503 "being prepared"
- the answer: ${round(bytes / 1e6)} MB, ${round(bytes / ANSWER_BUDGET_BYTES)} of the 1 MB budget (the first 100 references of each shortfall list of ${thousands(shortfalls)} in all; the rest by \`?list=&page=\`)
- the figures from the summaries equal the full replay of all ${thousands(every.length)} stored events for the whole authority (every figure, shortfall list, month and earlier period), and the caseloads equal those counted from the allocations and the looked-after logs: checked
- keeping summaries, each of ${costAfter.events} events (${COST_CHILDREN} children) appended and planned by the plan step for every clock it wakes: DynamoDB requests per event planned ${round(costBefore.planRequests)} before, ${round(costAfter.planRequests)} after; write units ${round(costBefore.planWriteUnits)} before, ${round(costAfter.planWriteUnits)} after; wall time per event (append and plan) ${round(costBefore.msPerEvent)} ms before, ${round(costAfter.msPerEvent)} ms after
- a plan step's keep of one log's summary into the groups as this authority fills them (${sample.length} logs, each a newer version): ${round(perKeep.requests)} DynamoDB requests, ${round(perKeep.writeUnits)} write units, ${round(perKeep.readUnits)} read units`);
} finally {
  await dynamo.stop();
}
