/**
 * What `npm start` prints after replaying an authority: the mail sent (by the post of
 * the person it went to), the board as the API shows it, and the unit's headline
 * figures, as GET /reports/figures answers them.
 */

import { obligationsTable } from '../../functions/cli/cli.js';
import { unitReport } from '../../functions/reports.js';
import type { Caller } from '../../functions/shared/access.js';
import type { LocalDate } from '../../workflows/calendar/local-date.js';
import type { LineEvent } from '../../workflows/events.js';
import { periodLabel, TABLES, valueText } from '../../workflows/figures/measures.js';
import { lastFinancialYear } from '../../workflows/figures/period.js';
import { DISPUTE_STAGE_ROLES, type Role } from '../../workflows/policy.js';
import {
  arrivalsOf,
  progressLine,
  type ReplayProgress,
  replay,
  type SampleMember,
} from './replay.js';
import type { LocalRuntime } from './runtime.js';

/** A post in the words of the summary: singular and plural. */
const POST_WORDS: Partial<Record<Role, [string, string]>> = {
  iro: ['IRO', 'IROs'],
  'social-worker': ['social worker', 'social workers'],
  'team-manager': ['team manager', 'team managers'],
  'service-manager': ['service manager', 'service managers'],
  'head-of-service': ['head of service', 'heads of service'],
  director: ['director', 'directors'],
  chair: ['conference chair', 'conference chairs'],
  'reviewing-officer': ['reviewing officer', 'reviewing officers'],
};

/**
 * "52 to the 3 IROs, 9 to the service manager": each message counted under the first
 * post of the person it went to, with how many people of that post had any. An address
 * of nobody in the unit (the duty inbox) is named by its local part.
 */
/** Who records the sample's history: its administrator (infra/local/sample/staff.json). */
export const SAMPLE_IMPORTER = 'lpatel';

export function mailByPost(recipients: readonly string[], staff: readonly SampleMember[]): string {
  const postOf = new Map(staff.map((m) => [m.email, m.posts[0]]));
  const counts = new Map<string, { messages: number; people: Set<string> }>();
  for (const to of recipients) {
    const post = postOf.get(to) ?? to.split('@')[0] ?? '?';
    const entry = counts.get(post) ?? { messages: 0, people: new Set<string>() };
    entry.messages++;
    entry.people.add(to);
    counts.set(post, entry);
  }
  return [...counts]
    .sort(([, a], [, b]) => b.messages - a.messages)
    .map(([post, { messages, people }]) => {
      const words = POST_WORDS[post as Role];
      if (!words) return `${messages} to the ${post}`;
      return people.size === 1
        ? `${messages} to the ${words[0]}`
        : `${messages} to the ${people.size} ${words[1]}`;
    })
    .join(', ');
}

export async function report(
  runtime: LocalRuntime,
  lines: readonly LineEvent[],
  staff: readonly SampleMember[],
  until: LocalDate,
): Promise<void> {
  const { deps, stepFunctions, ses } = runtime;
  const arrivals = arrivalsOf(lines.map(({ event }) => event));
  const first = [arrivals[0]?.date ?? until, until].sort()[0] ?? until;
  // The sample unit's administrator brings the history in: the audit trail names her,
  // where an id of no one in the directory would show as a code.
  const caller: Caller = { id: SAMPLE_IMPORTER, roles: ['admin'] };
  const progress = progressReporter(process.stderr);
  const outcome = await replay(
    runtime,
    arrivals.map(({ event }) => event),
    caller,
    { until, staff, onProgress: progress.tell },
  );
  progress.done();
  for (const { type, date, status } of outcome.refused)
    console.error(`${type} on ${date} was not recorded: ${status}`);
  const { recorded, subjects } = outcome;

  const mail = await ses.sent();
  console.log(
    `Recorded ${recorded} events from ${first} to ${until} on a virtual clock${outcome.afterUntil > 0 ? ` (${outcome.afterUntil} dated after ${until} left out)` : ''}.`,
  );
  console.log(
    mail.length === 0
      ? 'The workflows sent no reminders or escalations.'
      : `The workflows sent ${mail.length} reminders and escalations: ${mailByPost(
          mail.map((m) => m.to[0] ?? '?'),
          staff,
        )}.`,
  );
  console.log('\nThe last five, as sent (subjects only):');
  for (const message of mail.slice(-5))
    console.log(`  to ${message.to.join(', ')}: ${message.subject}`);

  const open = (await Promise.all(subjects.map((s) => deps.board.forSubject(s)))).flat();
  const shown = open
    .map((o) => ({ ...o, overdue: until > o.due.slice(0, 10) }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  console.log(`\nOpen on ${until}, as the API's board shows it:\n`);
  process.stdout.write(obligationsTable(shown));
  console.log(
    `\n${stepFunctions.running().length} workflows are waiting for their next step; dispute stages answer to ${Object.values(DISPUTE_STAGE_ROLES).join(' -> ')}.`,
  );
  await headlineFigures(runtime, until);
}

/**
 * The unit's headline figures for the last complete financial year as of `until`, as
 * GET /reports/figures answers them (the same call, over the same tables), in the words
 * of `cli report`'s tables.
 */
async function headlineFigures(runtime: LocalRuntime, until: LocalDate): Promise<void> {
  const period = lastFinancialYear(until);
  const { figures, caseloads } = await unitReport({ period, years: 1 }, until, runtime.deps);
  const headline = ['L1', 'L5', 'L8.decisions', 'C4.onTime', 'C6.onTime', 'D3'];
  const measures = TABLES.flatMap((table) => table.measures);
  console.log(
    `\nThe unit's figures for ${periodLabel(period)}, as GET /reports/figures answers:\n`,
  );
  for (const id of headline) {
    const measure = measures.find((m) => m.id === id);
    if (measure) console.log(`  ${measure.label} (${id}): ${valueText(measure.value(figures))}`);
  }
  const { on, iros, mean, lowest, highest, over70 } = caseloads;
  console.log(
    `  IRO caseloads on ${on}: ${iros} IRO${iros === 1 ? '' : 's'}, looked-after children each: mean ${mean ?? 'n/a'}, lowest ${lowest ?? 'n/a'}, highest ${highest ?? 'n/a'}; ${over70} over 70`,
  );
}

/**
 * A progress line for a long replay, at most every two seconds: rewritten in place on a
 * terminal, one line each time otherwise (a log keeps them all).
 */
function progressReporter(stream: NodeJS.WriteStream) {
  let last = performance.now();
  let shown = false;
  const show = (p: ReplayProgress) => {
    const line = progressLine(p);
    if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
    else stream.write(`${line}\n`);
    shown = true;
  };
  return {
    tell(p: ReplayProgress) {
      const now = performance.now();
      if (now - last < 2_000 && p.recorded < p.total) return;
      last = now;
      show(p);
    },
    done() {
      if (shown && stream.isTTY) stream.write('\n');
    },
  };
}
