/**
 * Fault injection over the whole local system (the state machines on the local runner,
 * the real handlers and adapters, dynalite on disk, the SES engine): an authority's
 * events recorded on the days they happened while the virtual clock moves, once with
 * no faults and once with them, and what the second run lost, sent twice, sent late or
 * left different on the board, against the first. Used by the small test
 * (fault-injection.test.ts) and the large bench (bench/faults.bench.ts).
 *
 * The faults:
 * - kills: the process dies at a DynamoDB request picked at random (from then on no
 *   request reaches an engine, as after a `kill -9`), then the system is started again
 *   on the same data, at the instant the virtual clock stood at, its clocks re-armed,
 *   and the interrupted work (recording an event, moving the clock) is done again;
 * - DynamoDB throttling: each request refused with ProvisionedThroughputExceeded at a rate;
 * - SES transient errors: each SendEmail refused with 429 at a rate (a proxy);
 * - a Lambda timing out mid-send: at a rate, a send outlasts the act step's time, and
 *   the invocation ends there as Lambda ends it, its claim left `sending`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEASE_SECONDS } from '../../../functions/shared/dependencies.js';
import { recordEvent } from '../../../functions/shared/record.js';
import { rearmClocks } from '../../../infra/local/keep.js';
import {
  type LocalRuntime,
  startLocalRuntime,
  timeOutThisInvocation,
} from '../../../infra/local/runtime.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { ADMIN, startUnit } from './support.js';
import { throttlingProxy } from './throttling-proxy.js';

export interface Faults {
  /** How many times the process is killed. */
  readonly kills: number;
  /** Chance that a DynamoDB request is throttled. */
  readonly dynamoThrottleRate: number;
  /** Chance that an SES SendEmail is refused with a transient error. */
  readonly sesErrorRate: number;
  /** Chance that a send hangs until the act step's Lambda times out. */
  readonly sendTimeoutRate: number;
  readonly seed: number;
}

/** One authority: its subjects, their events by date, and how far the clock goes. */
export interface Authority {
  readonly subjects: readonly string[];
  readonly events: readonly CaseEvent[];
  readonly startAt: string;
  readonly until: string;
  /** The clock moves on in steps of this many days between events (kills land on the way). */
  readonly stepDays: number;
}

export interface RunResult {
  /** Every email the SES engine accepted: recipient, subject, text and virtual instant. */
  readonly mail: readonly { to: string; subject: string; text: string; sentAt: string }[];
  /** The board at the end, each entry as JSON without when it was planned. */
  readonly board: readonly string[];
  readonly failures: number;
  readonly dynamoRequests: number;
  readonly injected: {
    kills: number;
    /**
     * Sends under way when a kill struck (begun, not failed, and marked sent neither by
     * their sender nor by SES's Send event). Before the Send event marked claims, such
     * an email went twice when SES had taken it; now the event, delivered again at the
     * restart, marks it.
     */
    sendsCutByKills: number;
    throttled: number;
    sesRefused: number;
    timeouts: number;
  };
}

/** A small deterministic generator (mulberry32), so a run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
const dayOf = (instant: string) => instant.slice(0, 10);
const at9 = (day: string) => `${day}T09:00:00.000Z`;
const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * An authority of `children` children: each comes into care on one of the first 60
 * days, and every third has its review brought forward ten days later (a wake of a
 * waiting workflow); every second has a conference booked five days in, three weeks
 * ahead, whose report's reminders and alert go at once from its workflow (the act
 * step). The reviews' lines go in the morning lists.
 */
export function authority(children: number, untilDays = 120): Authority {
  const startDay = '2017-01-02';
  const subjects = Array.from({ length: children }, (_, i) => `F${i + 1}`);
  const events: CaseEvent[] = [];
  subjects.forEach((childId, i) => {
    const date = addDays(startDay, i % 60);
    events.push({ eventId: `${childId}-in`, type: 'BecameLookedAfter', childId, date });
    if (i % 2 === 0) {
      events.push({
        eventId: `${childId}-conference`,
        type: 'ConferenceBooked',
        childId,
        conferenceId: `K${i}`,
        kind: 'initial',
        date: addDays(date, 5),
        at: `${addDays(date, 26)}T10:00:00Z`,
      } as CaseEvent);
    }
    if (i % 3 === 0) {
      events.push({
        eventId: `${childId}-forward`,
        type: 'ReviewBroughtForward',
        childId,
        date: addDays(date, 10),
        reviewBy: addDays(date, 30),
      } as CaseEvent);
    }
  });
  events.sort((a, b) => ('date' in a && 'date' in b ? a.date.localeCompare(b.date) : 0));
  return {
    subjects,
    events,
    startAt: at9(startDay),
    until: at9(addDays(startDay, untilDays)),
    stepDays: 7,
  };
}

/** What the run does, in order: record an event, or move the clock to an instant. */
type Step = { record: CaseEvent } | { advanceTo: string };

function stepsOf(a: Authority): Step[] {
  const steps: Step[] = [];
  let clock = dayOf(a.startAt);
  const moveTo = (day: string) => {
    while (clock < day) {
      const next = addDays(clock, a.stepDays) < day ? addDays(clock, a.stepDays) : day;
      steps.push({ advanceTo: at9(next) });
      clock = next;
    }
  };
  for (const event of a.events) {
    moveTo((event as { date: string }).date);
    steps.push({ record: event });
  }
  moveTo(dayOf(a.until));
  return steps;
}

/**
 * Runs the authority once; with `faults`, injects them, the kills at requests picked
 * from the first `requests` (the clean run's count).
 */
export async function runAuthority(
  a: Authority,
  faults?: Faults & { readonly requests: number },
): Promise<RunResult> {
  const random = seeded(faults?.seed ?? 1);
  const dir = await mkdtemp(join(tmpdir(), 'iro-faults-'));
  const injected = { kills: 0, sendsCutByKills: 0, throttled: 0, sesRefused: 0, timeouts: 0 };
  let requests = 0;
  // Kill points: requests picked at random over the run.
  const killAt = new Set<number>();
  while (faults && killAt.size < faults.kills) {
    killAt.add(1 + Math.floor(random() * faults.requests));
  }
  let dead: (() => void) | undefined;
  const proxies: { refused(): number; close(): Promise<void> }[] = [];

  const start = async (startAt: string, first: boolean): Promise<LocalRuntime> => {
    // This process's life: once killed, none of its requests reaches an engine again,
    // not even those of work still running in it after the restart.
    const life = { killed: false, sendsBegun: 0, sendsFailed: 0, marked: 0 };
    /** The SES message ids marked sent in this life: each email counted once. */
    const marked = new Set<string>();
    const options = {
      startAt,
      dataDir: dir,
      // Shortened, so the waits they cause stay short in real time; the lease still
      // outlasts act-step's timeout, as in AWS.
      sendLeaseSeconds: 5,
      ...(faults
        ? {
            lambdaTimeoutMs: { 'act-step': 4_000 },
            sesEndpoint: async (ses: string) => {
              const proxy = await throttlingProxy(ses, { rate: faults.sesErrorRate, random });
              proxies.push(proxy);
              return proxy.endpoint;
            },
            adjust: (deps: LocalRuntime['deps']) => ({
              ...deps,
              mailer: {
                send: (message: Parameters<typeof deps.mailer.send>[0]) => {
                  // A killed process sends nothing more either.
                  if (life.killed) return new Promise<never>(() => {});
                  if (random() < faults.sendTimeoutRate) {
                    injected.timeouts++;
                    // The send outlasts the step's time: Lambda ends it, claim still held.
                    timeOutThisInvocation();
                  }
                  life.sendsBegun++;
                  return deps.mailer.send(message).catch((error: unknown) => {
                    life.sendsFailed++;
                    throw error;
                  });
                },
              },
              alerts: {
                send: (text: string) =>
                  life.killed ? new Promise<never>(() => {}) : deps.alerts.send(text),
              },
              morningLists: {
                send: (list: Parameters<typeof deps.morningLists.send>[0]) => {
                  if (life.killed) return new Promise<never>(() => {});
                  life.sendsBegun++;
                  return deps.morningLists.send(list).catch((error: unknown) => {
                    life.sendsFailed++;
                    throw error;
                  });
                },
              },
            }),
          }
        : {}),
    };
    const runtime = first
      ? (await startUnit({ ...options, subjects: a.subjects })).runtime
      : await startLocalRuntime(options);
    runtime.dynamo.client.middlewareStack.add(
      (next) => async (args) => {
        if (life.killed) return new Promise<never>(() => {});
        requests++;
        if (isMarkSent(args.input, marked)) life.marked++;
        if (faults && killAt.has(requests)) {
          killAt.delete(requests);
          injected.kills++;
          life.killed = true;
          injected.sendsCutByKills += life.sendsBegun - life.sendsFailed - life.marked;
          dead?.();
          return new Promise<never>(() => {});
        }
        return next(args);
      },
      { step: 'initialize', name: 'killInjection', priority: 'high' },
    );
    // Inside the SDK's retries, as DynamoDB's own throttling comes back to them.
    runtime.dynamo.client.middlewareStack.add(
      (next) => async (args) => {
        if (faults && random() < faults.dynamoThrottleRate) {
          injected.throttled++;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        return next(args);
      },
      { step: 'finalizeRequest', name: 'throttleInjection', priority: 'low' },
    );
    return runtime;
  };

  let runtime = await start(a.startAt, true);
  /** Runs `work` until it ends or the process is killed under it. */
  const unlessKilled = async (work: () => Promise<unknown>): Promise<'done' | 'killed'> => {
    const killed = new Promise<'killed'>((resolve) => {
      dead = () => resolve('killed');
    });
    const running = work().then(() => 'done' as const);
    running.catch(() => {});
    return Promise.race([running, killed]);
  };
  /** After a kill: start again on the same data where the clock stood, and re-arm. */
  const restart = async () => {
    do {
      const stoodAt = runtime.stepFunctions.now();
      await runtime.stop();
      runtime = await start(stoodAt, false);
    } while ((await unlessKilled(() => rearmClocks(runtime))) === 'killed');
  };
  try {
    for (const step of stepsOf(a)) {
      const work =
        'record' in step
          ? async () => {
              await recordEvent(step.record, ADMIN, runtime.deps);
              await runtime.stepFunctions.settled();
            }
          : () => runtime.stepFunctions.advanceTo(step.advanceTo);
      // Killed: the work is done again once restarted (a client retries its request).
      while ((await unlessKilled(work)) === 'killed') await restart();
    }
    const board: string[] = [];
    for (const subjectId of a.subjects) {
      // `overdue` as stored is as of the clock's last plan, which a restart moves (a
      // clock no longer wakes when a due date passes): the board's readers work it out
      // as of their today (functions/queries.ts), so it is left out here.
      for (const { plannedAt: _, overdue: _o, ...entry } of await runtime.deps.board.forSubject(
        subjectId,
      )) {
        board.push(JSON.stringify(entry));
      }
    }
    const mail = runtime.mail.entries().map((m) => ({
      to: m.to.join(','),
      subject: m.subject,
      text: m.text,
      sentAt: m.sentAt,
    }));
    injected.sesRefused = proxies.reduce((sum, proxy) => sum + proxy.refused(), 0);
    return {
      mail,
      board: board.sort(),
      failures: runtime.stepFunctions.failures.length,
      dynamoRequests: requests,
      injected,
    };
  } finally {
    await runtime.stop();
    for (const proxy of proxies) await proxy.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Whether a request marks an email sent: the first mark of each SES message id, by its
 * sender or by SES's Send event. A morning list marks its own key, then each line it
 * carried, all with the list's message id: one email. Marks of what was not sent
 * (`unfilled`, `failed`, ...) are none.
 */
const isMarkSent = (input: unknown, seen: Set<string>) => {
  const { UpdateExpression, ExpressionAttributeValues } = input as {
    UpdateExpression?: unknown;
    ExpressionAttributeValues?: Record<string, unknown>;
  };
  if (!String(UpdateExpression ?? '').includes('messageId = :messageId')) return false;
  const messageId = String(ExpressionAttributeValues?.[':messageId'] ?? '');
  // `complete`: a morning list that went whole; `link-made`: a views reminder a link settled.
  const notSent = ['unfilled', 'failed', 'imported', 'summary', 'complete', 'link-made'];
  if (notSent.includes(messageId) || seen.has(messageId)) return false;
  seen.add(messageId);
  return true;
};

/**
 * The retry policy's worst case between an email falling due and going out, in
 * seconds: the transient retries (2, 4, 8, 16, 32, 64 s), then the retries of a failed
 * step (5, 10, 20 s), then the wait past a crashed sender's lease (LEASE_SECONDS, 150 s,
 * and one more). (These runs shorten the lease to 5 s; the bound is AWS's.)
 */
export const WORST_CASE_DELAY_SECONDS =
  2 + 4 + 8 + 16 + 32 + 64 + (5 + 10 + 20) + (LEASE_SECONDS + 1);

export interface Differences {
  readonly lost: number;
  readonly sentTwice: number;
  /** Emails the clean run never sent (a "workflow stopped" alert, say). */
  readonly unexpected: number;
  readonly late: number;
  readonly boardDifferences: number;
}

/**
 * The emails behind a difference, for a failure's message: each one the clean run sent
 * that the faulty run did not, and the reverse, with when, to whom, and its whole text
 * (references only, as every email), so a difference seen once can be read back.
 */
export function differingMail(clean: RunResult, faulty: RunResult): string[] {
  const identity = (m: RunResult['mail'][number]) => `${m.to}\n${m.subject}\n${m.text}`;
  const count = (mail: RunResult['mail']) => {
    const by = new Map<string, number>();
    for (const m of mail) by.set(identity(m), (by.get(identity(m)) ?? 0) + 1);
    return by;
  };
  const [cleanCount, faultyCount] = [count(clean.mail), count(faulty.mail)];
  const only = (label: string, mail: RunResult['mail'], other: Map<string, number>) =>
    mail
      .filter((m) => (other.get(identity(m)) ?? 0) === 0)
      .map((m) => `${label} ${m.sentAt} to ${m.to}: ${m.subject}\n${m.text}`);
  return [
    ...only('only clean', clean.mail, faultyCount),
    ...only('only faulty', faulty.mail, cleanCount),
  ];
}

/** What the faulty run lost, repeated, delayed and left different, against the clean one. */
export function differences(clean: RunResult, faulty: RunResult): Differences {
  const identity = (m: { to: string; subject: string; text: string }) =>
    `${m.to}\n${m.subject}\n${m.text}`;
  const group = (mail: RunResult['mail']) => {
    const by = new Map<string, string[]>();
    for (const m of mail) by.set(identity(m), [...(by.get(identity(m)) ?? []), m.sentAt]);
    return by;
  };
  const expected = group(clean.mail);
  const got = group(faulty.mail);
  let lost = 0;
  let sentTwice = 0;
  let late = 0;
  let unexpected = 0;
  for (const [key, times] of expected) {
    const sent = got.get(key) ?? [];
    lost += Math.max(0, times.length - sent.length);
    sentTwice += Math.max(0, sent.length - times.length);
    times.forEach((due, i) => {
      const at = sent[i];
      if (at !== undefined && Date.parse(at) - Date.parse(due) > WORST_CASE_DELAY_SECONDS * 1000)
        late++;
    });
  }
  for (const [key, sent] of got) if (!expected.has(key)) unexpected += sent.length;
  const cleanBoard = new Set(clean.board);
  const faultyBoard = new Set(faulty.board);
  const boardDifferences =
    [...cleanBoard].filter((e) => !faultyBoard.has(e)).length +
    [...faultyBoard].filter((e) => !cleanBoard.has(e)).length;
  return { lost, sentTwice, unexpected, late, boardDifferences };
}
