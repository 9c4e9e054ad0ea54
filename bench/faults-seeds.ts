/**
 * The fault suite's run (test/integration/workflows/fault-injection.test.ts: 6 children
 * over four months, 4 kills, the same rates) once clean, then with faults under one
 * seed after another: each line says what that run lost, sent twice, sent unexpected,
 * sent late and left different on the board, and the emails behind any difference.
 * Under load the faults land at other requests than alone (they draw from one seeded
 * generator in the order concurrent work asks), so each loaded run is in effect another
 * interleaving; a range of seeds samples more of them alone. Not a `.bench.ts`: `npm
 * run bench` leaves it out.
 *
 *   npx tsx bench/faults-seeds.ts                      20 runs from seed 16
 *   npx tsx bench/faults-seeds.ts --runs 40 --seed 300 --timeouts 0.5
 */
import { parseArgs } from 'node:util';
import {
  authority,
  differences,
  differingMail,
  runAuthority,
} from '../test/integration/workflows/fault-run.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string', default: '16' },
    timeouts: { type: 'string', default: '0.3' },
  },
});

const unit = authority(6, 120);
let started = performance.now();
const clean = await runAuthority(unit);
console.log(
  `clean: ${((performance.now() - started) / 1000).toFixed(0)} s, ${clean.mail.length} emails, ${clean.dynamoRequests} DynamoDB requests`,
);
let differing = 0;
for (let run = 0; run < Number(values.runs); run++) {
  const seed = Number(values.seed) + run;
  started = performance.now();
  const faulty = await runAuthority(unit, {
    kills: 4,
    dynamoThrottleRate: 0.02,
    sesErrorRate: 0.1,
    sendTimeoutRate: Number(values.timeouts),
    seed,
    requests: clean.dynamoRequests,
  });
  const found = differences(clean, faulty);
  const differs = Object.values(found).some((n) => n !== 0) || faulty.failures > 0;
  if (differs) differing++;
  console.log(
    `seed ${seed}: ${((performance.now() - started) / 1000).toFixed(0)} s, ${JSON.stringify(found)}, ${faulty.failures} failed, injected ${JSON.stringify(faulty.injected)}`,
  );
  if (differs) console.log(differingMail(clean, faulty).join('\n\n'));
}
console.log(`${differing} of ${values.runs} runs differed from the clean one`);
// Work that a kill left hanging (a send that never got its answer) holds no engine, but
// its timers would keep the process alive, as in bench/faults.bench.ts: done.
process.exit(differing === 0 ? 0 : 1);
