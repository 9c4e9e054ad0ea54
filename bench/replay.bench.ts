/**
 * Replaying a council's history through the whole local system (state machines on the
 * local runner, the deployed handlers and adapters, dynalite, aws-ses-v2-local), and
 * what the same work would cost in AWS. Prints one markdown section: how fast and how
 * big the replay was, what the runner and adapters counted, and those counts priced
 * with bench/prices.json, per child-year and for a council of 1,000 children.
 *
 *   npx tsx bench/replay.bench.ts                      1,000 subjects over 5 years
 *   npx tsx bench/replay.bench.ts --subjects 100 --years 5 --seed 1
 *   npx tsx bench/replay.bench.ts --subjects 100 --journal mail.jsonl
 *
 * `--journal FILE` writes every email sent (virtual instant, recipients, subject, text,
 * claim tag; not the engine's message id or real time), oldest first, one JSON a line:
 * two runs of one history compare byte for byte when they sent the same mail.
 * `--state FILE` writes what the replay left in the read models, one JSON a line, sorted:
 * every board entry and mark (but the mark's bookkeeping of plans writing, which counts
 * requests and real time), every log's summary as the figures read it, and every
 * caseload item; two runs that left the same compare byte for byte.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { progressLine, replay } from '../infra/local/replay.js';
import { startLocalRuntime } from '../infra/local/runtime.js';
import type { UsageCounts } from '../infra/local/usage.js';
import { londonDate, londonInstant } from '../workflows/calendar/index.js';
import { addDays, addMonths } from '../workflows/calendar/local-date.js';
import { authorityHistory, subjectYears } from './authority.js';
import { requestCpu } from './support/request-cpu.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '1000' },
    years: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '2019-01-01' },
    journal: { type: 'string' },
    state: { type: 'string' },
  },
});
const subjects = Number(values.subjects);
const years = Number(values.years);
const from = values.from;
const until = addDays(addMonths(from, 12 * years), -1);

interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
  readonly confirmedForRegion: boolean;
}
const { region, prices } = JSON.parse(
  await readFile(new URL('./prices.json', import.meta.url), 'utf8'),
) as { region: string; prices: Record<string, Price> };
const price = (name: string): Price => {
  const found = prices[name];
  if (!found) throw new Error(`bench/prices.json has no price ${name}`);
  return found;
};

const events = authorityHistory({ subjects, from, years, seed: Number(values.seed) });
const first = events.map((e) => ('date' in e ? e.date : e.at.slice(0, 10))).sort()[0] ?? from;

const started = performance.now();
// The mail journal (virtual date and recipient of each email), for the emails per person-day.
const runtime = await startLocalRuntime({
  startAt: londonInstant(first, '09:00:00'),
  journalMail: true,
});
const startupMs = performance.now() - started;
const cpuAtStart = process.cpuUsage();
let lastShown = 0;
const outcome = await replay(
  runtime,
  events,
  { id: 'bench', roles: ['admin'] },
  {
    until,
    onProgress(p) {
      if (p.elapsedMs - lastShown < 10_000 && p.recorded < p.total) return;
      lastShown = p.elapsedMs;
      process.stderr.write(`${progressLine(p)}\n`);
    },
  },
);
const replayMs = performance.now() - started - startupMs;
const cpu = process.cpuUsage(cpuAtStart);
const replayCpuMs = (cpu.user + cpu.system) / 1000;
const usage = runtime.usage.counts();
const failures = runtime.stepFunctions.failures.length;
// After the counts are taken: these requests are the bench's, not the replay's.
const cpuPerRequest = await requestCpu(runtime.dynamo.client, runtime.dynamo.tableName);
const mainPeakMb = process.resourceUsage().maxRSS / 1024;
const mail = runtime.mail.entries();
if (values.journal !== undefined) {
  const stable = mail.map(({ sentAt, to, subject, text, claim }) =>
    JSON.stringify({ sentAt, to, subject, text, claim }),
  );
  await writeFile(values.journal, stable.map((line) => `${line}\n`).join(''));
}
if (values.state !== undefined) {
  const lines: string[] = [];
  // A bench's own check, after the counts: every item of the board, read by Scan.
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await runtime.dynamo.client.send(
      new ScanCommand({ TableName: runtime.dynamo.tableName, ExclusiveStartKey }),
    );
    for (const item of page.Items ?? []) {
      if (!String(item.pk).startsWith('BOARD#')) continue;
      const { seq: _seq, writing: _writing, busyUntil: _until, ...kept } = item;
      lines.push(JSON.stringify(Object.fromEntries(Object.entries(kept).sort())));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
  for (const summary of await runtime.deps.figures.all()) lines.push(JSON.stringify(summary));
  for (const subject of await runtime.deps.figures.caseloadSubjects()) {
    lines.push(JSON.stringify(subject));
  }
  await writeFile(
    values.state,
    lines
      .sort()
      .map((line) => `${line}\n`)
      .join(''),
  );
}
const sesPeakMb = await peakMb(runtime.ses.pid);
await runtime.stop();

const childYears = subjectYears(events, until);
const lines = costLines(usage);
const total = lines.reduce((sum, line) => sum + line.usd, 0);

const out: string[] = [];
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
out.push(
  `## Replaying a council: ${fmt(subjects)} subjects over ${years} years, and what it costs`,
);
out.push('');
out.push(
  `A generated history (bench/authority.ts, seed ${values.seed}): ${fmt(events.length)} events from ${first} to ${until}, replayed through the whole local system (\`replay()\` in infra/local/replay.ts, the loop \`npm start\` runs). ${fmt(childYears, 1)} child-years of watch (a child or carer from its first event to the end of its watch).`,
);
out.push('');
out.push('| measure | value |');
out.push('| --- | --- |');
out.push(`| events recorded | ${fmt(outcome.recorded)} (refused: ${outcome.refused.length}) |`);
out.push(`| wall time, replay | ${fmt(replayMs / 1000, 1)} s |`);
out.push(`| wall time, start-up (synth, engines) | ${fmt(startupMs / 1000, 1)} s |`);
out.push(`| events/s | ${fmt(outcome.recorded / (replayMs / 1000), 1)} |`);
out.push(
  `| CPU time, replay (this process, every thread; the steadier figure on a shared machine) | ${fmt(replayCpuMs / 1000, 1)} s |`,
);
out.push(`| peak RSS, this process | ${fmt(mainPeakMb)} MB |`);
out.push(
  `| peak RSS, aws-ses-v2-local | ${sesPeakMb === undefined ? 'n/a' : `${fmt(sesPeakMb)} MB`} |`,
);
out.push(`| workflows failed | ${failures} |`);
out.push('');
out.push(
  `What the local runner and adapters counted, and its price in ${region} (bench/prices.json):`,
);
out.push('');
out.push('| what | counted | per child-year | price | $ total | $ per child-year |');
out.push('| --- | ---: | ---: | --- | ---: | ---: |');
for (const line of lines) {
  out.push(
    `| ${line.what} | ${fmt(line.count, line.digits)} | ${fmt(line.count / childYears, 2)} | ${priceText(line.price)}${line.price.confirmedForRegion ? '' : ' (US East figure)'} | ${fmt(line.usd, 4)} | ${fmt(line.usd / childYears, 6)} |`,
  );
}
out.push(`| **total** | | | | **${fmt(total, 4)}** | **${fmt(total / childYears, 6)}** |`);
out.push('');
out.push(
  `So one child-year costs about **$${fmt(total / childYears, 4)}**, and a council watching 1,000 children all year about **$${fmt((1000 * total) / childYears, 2)} a year** (no free tier counted).`,
);
out.push('');
// Who hears what, and when: emails per person per (London) day, and the routine ones.
const perPersonDay = new Map<string, { all: number; lists: number }>();
for (const m of mail) {
  const key = `${m.to.join(',')} ${londonDate(m.sentAt)}`;
  const day = perPersonDay.get(key) ?? { all: 0, lists: 0 };
  day.all++;
  if (m.subject.startsWith('Morning list for ')) day.lists++;
  perPersonDay.set(key, day);
}
const dayCounts = [...perPersonDay.values()].map((d) => d.all).sort((a, b) => a - b);
const median =
  dayCounts.length === 0 ? 0 : (dayCounts[Math.floor((dayCounts.length - 1) / 2)] ?? 0);
const lists = mail.filter((m) => m.subject.startsWith('Morning list for ')).length;
out.push('Who hears what, and when (the mail journal, by recipient and London date):');
out.push('');
out.push('| measure | value |');
out.push('| --- | --- |');
out.push(
  `| emails | ${fmt(mail.length)} (${fmt(lists)} morning lists, ${fmt(mail.length - lists)} others) |`,
);
out.push(`| emails per child-year | ${fmt(mail.length / childYears, 2)} |`);
out.push(`| person-days with an email | ${fmt(dayCounts.length)} |`);
out.push(
  `| emails per person-day: highest, median | ${fmt(dayCounts.at(-1) ?? 0)}, ${fmt(median)} |`,
);
out.push(
  `| morning lists per person-day, highest | ${fmt(Math.max(0, ...[...perPersonDay.values()].map((d) => d.lists)))} |`,
);
out.push('');
out.push(
  `Counted: state transitions ${fmt(usage.stateTransitions)} over ${fmt(usage.executions)} executions; invocations by function ${Object.entries(
    usage.functions,
  )
    .map(
      ([name, f]) =>
        `${name} ${fmt(f.invocations)} (${f.memoryMb} MB, ${fmt(f.billedMs / f.invocations, 1)} ms each, ${fmt(f.cpuMs / 1000, 1)} s of CPU while they ran)`,
    )
    .join(
      ', ',
    )}; DynamoDB requests ${fmt(usage.dynamoRequests)}, ${fmt(usage.dynamoRequests / outcome.recorded, 1)} an event recorded (${Object.entries(
    usage.dynamoOperations,
  )
    .map(([op, n]) => `${op} ${fmt(n)}`)
    .join(', ')}; by function: ${Object.entries(usage.dynamoRequestsBy)
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${name} ${fmt(n)} (${fmt(n / outcome.recorded, 1)} an event)`)
    .join(', ')}).`,
);
const requestsCpuMs = Object.entries(usage.dynamoOperations).reduce(
  (sum, [op, count]) => sum + count * (cpuPerRequest[op] ?? 0),
  0,
);
out.push('');
out.push(
  `The floor under this replay: its DynamoDB requests alone. Each operation asked the way the adapters ask it, through the same client and in-process dynalite after the replay (CPU per request, the median of 5 rounds of 400): ${Object.entries(
    cpuPerRequest,
  )
    .map(([op, ms]) => `${op} ${fmt(ms, 3)} ms`)
    .join(', ')}. Times the replay's counts, that is **${fmt(requestsCpuMs / 1000, 1)} s** of CPU:`,
);
out.push('');
out.push(
  `- the requests alone / the replay's CPU: ${fmt(requestsCpuMs / replayCpuMs, 2)} (the rest: the handlers and planner, the state machine runner, the Lambda and SES plumbing)`,
);
out.push(
  `- the requests alone / the issue's 2 minutes: ${fmt(requestsCpuMs / 120_000, 2)}; the whole replay / 2 minutes: ${fmt(replayMs / 120_000, 2)}`,
);
out.push(
  '\nLambda duration is the handlers’ wall time on this machine with its local engines (no network), shared with the engines and the runner, so GB-seconds are an estimate of the order of magnitude; every other line is a count.',
);
process.stdout.write(`${out.join('\n')}\n`);

interface CostLine {
  readonly what: string;
  readonly count: number;
  readonly digits: number;
  readonly price: Price;
  readonly usd: number;
}

/** Each billed quantity with its price. */
function costLines(u: UsageCounts): CostLine[] {
  const line = (what: string, count: number, name: string, digits = 0): CostLine => {
    const p = price(name);
    return { what, count, digits, price: p, usd: count * p.usd };
  };
  return [
    line('Step Functions state transitions', u.stateTransitions, 'stepFunctionsStateTransition'),
    line('Lambda invocations', u.lambdaInvocations, 'lambdaRequest'),
    line('Lambda GB-seconds (Arm)', u.lambdaGbSeconds, 'lambdaArmGbSecond', 1),
    line('DynamoDB read request units', u.dynamoReadUnits, 'dynamoDbReadRequestUnit', 1),
    line('DynamoDB write request units', u.dynamoWriteUnits, 'dynamoDbWriteRequestUnit', 1),
    line('SES messages', u.sesMessages, 'sesOutboundMessage'),
    line('HTTP API requests', u.apiRequests, 'httpApiRequest'),
  ];
}

/** A price as the pricing pages write it: per 1,000 or per million when tiny. */
function priceText(p: Price): string {
  const scaled = (factor: number, unit: string) =>
    `$${Number((p.usd * factor).toPrecision(6))} per ${unit}: ${p.per}`;
  if (p.usd >= 0.001 || p.per.startsWith('GB-second')) return `$${p.usd} per ${p.per}`;
  return p.usd * 1000 >= 0.01 ? scaled(1000, '1,000') : scaled(1_000_000, 'million');
}

/** A process's peak resident memory (VmHWM), in MB, where /proc tells it. */
async function peakMb(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
