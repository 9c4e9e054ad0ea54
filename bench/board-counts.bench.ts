/**
 * What the unit board's "By IRO" counts cost, before and after they became one ask: a
 * unit of 20 IROs in dynalite (1,000 looked-after children, 200 of them also on child
 * protection with another IRO as chair: 1,400 open obligations, written straight onto
 * the board as the workflows would have planned them), then the counts asked as the page
 * used to (`GET /obligations?iro=` for each IRO, all at once, as the browser asked them)
 * and as it does now (`GET /obligations/counts?by=iro`), against the floor of one read of
 * the board (`GET /obligations`, the list the page shows beside them). Each DynamoDB
 * request the handler sends is counted by command, with the read capacity DynamoDB says
 * it consumed; the counts of the two ways must agree or the bench stops.
 *
 *   npx tsx bench/board-counts.bench.ts
 *
 * dynalite answers in this process, not across a network, and the 20 asks ran here on
 * one thread where Lambda would run them side by side on 20 instances: read the times as
 * an order of magnitude; the requests and the read capacity are what AWS would bill.
 */
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoEventStore } from '../functions/adapters/dynamodb/event-store.js';
import { dynamoObligationBoard } from '../functions/adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from '../functions/adapters/dynamodb/staff-directory.js';
import { answerQuery } from '../functions/queries.js';
import { Logger, Metrics } from '../functions/shared/observability.js';
import { startDynalite } from '../infra/local/engines/dynalite.js';
import { addDays } from '../workflows/calendar/index.js';
import type { Obligation } from '../workflows/obligations.js';
import { DEFAULT_SETTINGS } from '../workflows/policy.js';
import { median, random, ratio, round } from './measure.js';

const IROS = 20;
const CHILDREN = 1000;
/** Every fifth child is on child protection too, chaired by another IRO than their own. */
const CP_EVERY = 5;
const ROUNDS = 9;
const WRITES_AT_ONCE = 32;

const dynamo = await startDynalite();
try {
  const board = dynamoObligationBoard(dynamo.client, dynamo.tableName);
  const staff = dynamoStaffDirectory(dynamo.client, dynamo.tableName);
  const iroOf = (i: number) => `iro-${String(i % IROS).padStart(2, '0')}`;

  // The unit: each child's review due over the year around today (some overdue); the
  // child protection children's initial conference too.
  const below = random(11);
  const child = (i: number) => `C${String(i).padStart(4, '0')}`;
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITES_AT_ONCE }, async () => {
      while (next < CHILDREN) {
        const i = next++;
        const subjectId = child(i);
        const onCp = i % CP_EVERY === 0;
        await staff.allocate({
          subjectId,
          roles: { iro: iroOf(i), ...(onCp ? { chair: iroOf(i + 7) } : {}) },
        });
        const review: Obligation = {
          kind: 'lac-review',
          subjectId,
          due: addDays('2017-01-01', below(365)),
          overdue: false,
          basis: 'the rule, in words, as the planner writes it (bench)',
          startedOn: '2017-01-01',
        };
        await board.replace(`reviews/${subjectId}`, [review], '2017-06-01T09:00:00Z', 1);
        if (!onCp) continue;
        const conference = (kind: Obligation['kind'], days: number): Obligation => ({
          kind,
          subjectId,
          due: addDays('2017-05-20', days),
          overdue: false,
          basis: 'the rule, in words, as the planner writes it (bench)',
          startedOn: '2017-05-20',
        });
        await board.replace(
          `protection/${subjectId}`,
          [conference('icpc-booking-decision', 3), conference('icpc', 21)],
          '2017-06-01T09:00:00Z',
          1,
        );
      }
    }),
  );

  // Every request the handlers send, by command, and the read capacity each consumed.
  const sent = new Map<string, number>();
  let capacity = 0;
  dynamo.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const command = context.commandName ?? 'unnamed';
      sent.set(command, (sent.get(command) ?? 0) + 1);
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const c of [consumed].flat()) {
        capacity += (c as { CapacityUnits?: number } | undefined)?.CapacityUnits ?? 0;
      }
      return result;
    },
    { step: 'initialize', name: 'benchCount' },
  );

  const deps = {
    board,
    staff,
    events: dynamoEventStore(dynamo.client, dynamo.tableName),
    now: () => '2017-06-01T09:00:00.000Z',
    settings: DEFAULT_SETTINGS,
    logger: new Logger({ service: 'bench', level: 'ERROR' }),
    metrics: new Metrics({ namespace: 'Bench', service: 'bench', write: () => {} }),
  };
  const ask = async (path: string, query: Record<string, string>) => {
    const event = {
      version: '2.0',
      routeKey: `GET ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      queryStringParameters: query,
      requestContext: {
        routeKey: `GET ${path}`,
        authorizer: { jwt: { claims: { sub: 'bench', roles: 'manager' }, scopes: [] } },
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = (await answerQuery(event, deps)) as APIGatewayProxyStructuredResultV2;
    if (result.statusCode !== 200) throw new Error(`${path} answered ${result.statusCode}`);
    return JSON.parse(result.body ?? '{}');
  };
  const iros = Array.from({ length: IROS }, (_, i) => iroOf(i));

  type Counts = { iro: string; open: number; overdue: number }[];
  const ways = {
    /** One read of the board: the list beside the counts. */
    floor: async () => {
      await ask('/obligations', {});
      return undefined;
    },
    before: async (): Promise<Counts> => {
      const answers = await Promise.all(iros.map((iro) => ask('/obligations', { iro })));
      return iros.map((iro, i) => {
        const obligations = answers[i].obligations as { overdue: boolean }[];
        return {
          iro,
          open: obligations.length,
          overdue: obligations.filter((o) => o.overdue).length,
        };
      });
    },
    after: async (): Promise<Counts> => (await ask('/obligations/counts', { by: 'iro' })).byIro,
  };

  const samples: Record<keyof typeof ways, number[]> = { floor: [], before: [], after: [] };
  const requests: Record<string, { sent: Map<string, number>; capacity: number }> = {};
  const answered: Record<string, Counts | undefined> = {};
  for (let r = -1; r < ROUNDS; r++) {
    for (const [name, way] of Object.entries(ways) as [
      keyof typeof ways,
      () => Promise<Counts | undefined>,
    ][]) {
      sent.clear();
      capacity = 0;
      const start = performance.now();
      answered[name] = await way();
      const ms = performance.now() - start;
      if (r < 0) continue; // the first turn warms the engine and the code
      samples[name].push(ms);
      requests[name] = { sent: new Map(sent), capacity };
    }
  }
  if (JSON.stringify(answered.before) !== JSON.stringify(answered.after)) {
    throw new Error('the counts in one ask differ from the counts asked IRO by IRO');
  }
  const open = (answered.after ?? []).reduce((sum, c) => sum + c.open, 0);

  const total = (name: keyof typeof ways) =>
    [...(requests[name]?.sent.values() ?? [])].reduce((a, b) => a + b, 0);
  const line = (label: string, name: keyof typeof ways) => {
    const { sent: by, capacity: rcu } = requests[name] ?? { sent: new Map(), capacity: 0 };
    const commands = [...by]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([command, n]) => `${n} ${command.replace('Command', '')}`)
      .join(', ');
    const ms = median(samples[name]);
    return `| ${label} | ${total(name)} (${commands}) | ${round(rcu)} | ${round(ms)} | ${ratio(ms, median(samples.floor))} |`;
  };

  console.log(`## Unit board: the counts by IRO in one ask

${IROS} IROs, ${CHILDREN.toLocaleString('en-GB')} children (every ${CP_EVERY}th also on child protection, chaired by another IRO), ${(CHILDREN + (2 * CHILDREN) / CP_EVERY).toLocaleString('en-GB')} open obligations in dynalite; ${open.toLocaleString('en-GB')} counted over the IROs' rows (a chaired child's conference work counts for two). DynamoDB requests the handler sent and the read capacity dynalite reported for them, and the median of ${ROUNDS} runs in turns; floor: one read of the board.

| ask | DynamoDB requests | read capacity units (as dynalite reckons them) | time (ms, this machine) | time / floor |
|---|---|---:|---:|---:|
${line('one read of the board (GET /obligations, floor)', 'floor')}
${line(`before: GET /obligations?iro= for each of ${IROS} IROs`, 'before')}
${line('after: GET /obligations/counts?by=iro', 'after')}

- Before / after: ${ratio(total('before'), total('after'))} the requests, ${ratio(requests.before?.capacity ?? 0, requests.after?.capacity ?? 1)} the read capacity, ${ratio(median(samples.before), median(samples.after))} the time.
- The same counts both ways, IRO by IRO (checked).`);
} finally {
  await dynamo.stop();
}
