/**
 * Fault injection at a large size (the test suite runs a small one): an authority's
 * children recorded and their clocks kept for four months on the whole local system,
 * once clean and once with the process killed at random points while the clock moves
 * (then restarted on the same data), DynamoDB throttling, SES transient errors and act
 * steps timing out mid-send. Prints what the faulty run lost, sent twice, sent that the
 * clean run never sent, sent late (past the retry policy's worst case) and left
 * different on the board: each should be 0.
 *
 *   npx tsx bench/faults.bench.ts                          1,000 children, 20 kills
 *   npx tsx bench/faults.bench.ts --children 200 --kills 5
 */
import { parseArgs } from 'node:util';
import {
  authority,
  differences,
  runAuthority,
  WORST_CASE_DELAY_SECONDS,
} from '../test/integration/workflows/fault-run.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '16' },
  },
});
const children = Number(values.children);
const kills = Number(values.kills);
const faults = {
  kills,
  dynamoThrottleRate: 0.01,
  sesErrorRate: 0.05,
  sendTimeoutRate: 0.002,
  seed: Number(values.seed),
};

const unit = authority(children, 120);
let started = performance.now();
const clean = await runAuthority(unit);
const cleanMs = performance.now() - started;
started = performance.now();
const faulty = await runAuthority(unit, { ...faults, requests: clean.dynamoRequests });
const faultyMs = performance.now() - started;
const found = differences(clean, faulty);
const { injected } = faulty;

console.log(`## Faults: ${children.toLocaleString('en-GB')} children, ${kills} kills, against a clean run

${children.toLocaleString('en-GB')} children coming into care over 60 days (a third with a review brought forward), their clocks kept for 120 days on the whole local system (dynalite on disk, the SES engine, the state machines on the local runner); the same run twice, clean and with faults. Claims' leases shortened to 5 s and act-step's Lambda timeout to 4 s, so the waits they cause stay short in real time.

| run | time (s) | emails | DynamoDB requests | workflows failed |
|---|---:|---:|---:|---:|
| clean | ${(cleanMs / 1000).toFixed(0)} | ${clean.mail.length} | ${clean.dynamoRequests} | ${clean.failures} |
| with faults | ${(faultyMs / 1000).toFixed(0)} | ${faulty.mail.length} | ${faulty.dynamoRequests} | ${faulty.failures} |

Injected: ${injected.kills} kills (which cut ${injected.sendsCutByKills} sends under way: begun, and marked sent neither by their sender nor by SES's Send event), ${injected.throttled} DynamoDB requests throttled (rate ${faults.dynamoThrottleRate}), ${injected.sesRefused} sends refused by SES (rate ${faults.sesErrorRate}), ${injected.timeouts} act steps timed out mid-send (rate ${faults.sendTimeoutRate}).

| against the clean run | count |
|---|---:|
| emails lost | ${found.lost} |
| emails sent twice | ${found.sentTwice} |
| emails the clean run never sent (alerts) | ${found.unexpected} |
| emails late (more than ${WORST_CASE_DELAY_SECONDS} s after due) | ${found.late} |
| board differences | ${found.boardDifferences} |`);
// Work that a kill left hanging (a send that never got its answer) holds no engine, but
// its timers would keep the process alive: the bench is done.
process.exit(0);
