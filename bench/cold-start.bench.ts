/**
 * Cold start of each Lambda handler: how long importing its bundle takes in a fresh
 * Node process, as a ratio to importing its floor, a bundle of only the AWS SDK
 * exports it uses, built the same way (bench/bundles.ts). Also what parsing the source
 * map at every start (`NODE_OPTIONS=--enable-source-maps`) would add, and what an
 * error costs with the map read at that first error instead (functions/shared/source-maps.ts).
 *
 *   npm run bench
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allHandlerBundles } from './bundles.js';
import { inTurns, node, ratio, round } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const KB = 1024;

/**
 * CPU milliseconds (user and system, every thread) to import `file` in a fresh process,
 * measured inside it: CPU time, not wall time, so other work on a shared machine
 * counts for less.
 */
const importTime =
  (file: string, flags: readonly string[] = []) =>
  () =>
    Number(
      node([
        ...flags,
        '--input-type=module',
        '-e',
        `const t = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)}); const u = process.cpuUsage(t); console.log((u.user + u.system) / 1000);`,
      ]),
    );

/** The environment a handler composes its dependencies from (no call leaves the machine). */
const HANDLER_ENV = {
  ...process.env,
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench',
  STATE_MACHINE_ARN_PREFIX: 'arn:aws:states:eu-west-2:000000000000:stateMachine:iro-',
  FROM_ADDRESS: 'unit@example.org',
  ALERT_ADDRESS: 'duty@example.org',
  UNIT_NAME: 'Bench Unit',
  CASE_RECORD_URL_TEMPLATE: 'https://records.example.org/children/{subjectId}',
};

/**
 * Milliseconds from calling plan-step with an input it refuses (its schema throws inside
 * the bundle) to holding the error's stack as it is reported, in a fresh process.
 */
const errorTime =
  (file: string, flags: readonly string[] = []) =>
  () =>
    Number(
      node(
        [
          ...flags,
          '--input-type=module',
          '-e',
          `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
         const t = process.cpuUsage();
         let stack = '';
         try { await handler({}, { functionName: 'bench', awsRequestId: 'bench' }); }
         catch (error) { stack = String(error.stack); }
         const u = process.cpuUsage(t);
         const ms = (u.user + u.system) / 1000;
         if (!stack.includes('clockId')) throw new Error('plan-step did not refuse its input: ' + stack);
         console.log(ms);`,
        ],
        HANDLER_ENV,
      ),
    );

const out = await mkdtemp(join(tmpdir(), 'iro-bench-'));
try {
  const bundles = await allHandlerBundles(out);
  console.log('## Cold start: importing each handler, against the SDK alone\n');
  console.log(
    `Each handler's bundle as deployed (minified ESM, target node24), imported in a fresh Node process; its floor is a bundle of only the AWS SDK exports the handler imports, built the same way. Medians of ${ROUNDS} runs in turns.\n`,
  );
  console.log(
    '| handler | bundle | floor | import time / floor | with `--enable-source-maps` / floor |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const { handler, bundle, floor } of bundles) {
    const times = inTurns(
      {
        floor: importTime(floor.file),
        handler: importTime(bundle.file),
        mapped: importTime(bundle.file, ['--enable-source-maps']),
      },
      ROUNDS,
    );
    const floorMs = times.floor ?? Number.NaN;
    console.log(
      `| ${handler} | ${round(bundle.bytes / KB)} KB | ${round(floor.bytes / KB)} KB | ${ratio(times.handler ?? Number.NaN, floorMs)} | ${ratio(times.mapped ?? Number.NaN, floorMs)} |`,
    );
  }

  // The first error of a container: its stack with the map parsed at start (the flag),
  // read at the error (as deployed), or not mapped at all (the floor).
  const planStep = bundles.find((b) => b.handler === 'plan-step');
  if (planStep) {
    const unmapped = join(out, 'plan-step.unmapped.mjs');
    await copyFile(planStep.bundle.file, unmapped);
    const times = inTurns(
      {
        floor: errorTime(unmapped),
        flag: errorTime(planStep.bundle.file, ['--enable-source-maps']),
        deployed: errorTime(planStep.bundle.file),
      },
      ROUNDS,
    );
    const floorMs = times.floor ?? Number.NaN;
    console.log(
      `\nThe first error of a container (plan-step refusing its input), its stack as reported, against the same error unmapped (${round(floorMs)} ms of CPU here): with the map read at the error, as deployed, ${ratio(times.deployed ?? Number.NaN, floorMs)}; with \`--enable-source-maps\`, ${ratio(times.flag ?? Number.NaN, floorMs)} (that flag also costs at every start, above).`,
    );
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
