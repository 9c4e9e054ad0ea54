/**
 * The steps of every clock's state machine, over injected ports: plan, park, act,
 * close, alert. What is due and when comes from workflows/schedule.ts; these only
 * read and write.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Clock, clockOf, clockReference, executionName } from '../../workflows/clocks.js';
import { logFigures, SUMMARY_VERSION } from '../../workflows/figures/summary.js';
import { clockSchedule, secondsUntil } from '../../workflows/schedule.js';
import * as z from '../../workflows/zod.js';
import type { StoredEvent } from '../adapters/ports.js';
import type { Needs } from './dependencies.js';
import { plannerEvents } from './history.js';
import { sendOnce } from './send-once.js';
import { childPageLink, disputePageLink } from './tray-links.js';

/** Thrown for a condition worth retrying (the state machine retries `TransientError` with backoff). */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

const clockIdField = z.string().check(z.minLength(1));

/** What a plan left, as its result carries it to the execution's next plan (digests only). */
const PlanLeft = z.object({
  board: z.optional(z.string()),
  figures: z.optional(z.string()),
});

export const PlanInput = z.object({
  clockId: clockIdField,
  execution: z.string().check(z.minLength(1)),
  startedAt: z.string().check(z.minLength(1)),
  loops: z.number().check(z.int(), z.minimum(0)),
  /**
   * The execution's last plan result (`{ loops: 0 }` before the first): what it left
   * saves a plan the writes, and the reads, that would find it unchanged. Only a hint:
   * the board's is checked against the board's mark, and the figures' names the log's
   * version and summary it kept.
   */
  previous: z.optional(z.object({ left: z.optional(PlanLeft) })),
});

/** The ports planning uses. */
export type PlanNeeds = Needs<
  'events' | 'heads' | 'board' | 'notifications' | 'figures' | 'now' | 'settings'
>;
/** The ports acting uses. */
export type ActNeeds = Needs<
  | 'events'
  | 'staff'
  | 'notifications'
  | 'mailer'
  | 'alerts'
  | 'now'
  | 'sendLease'
  | 'settings'
  | 'caseRecordUrl'
  | 'workTrayUrl'
>;

/** What the state machine routes on after planning. */
export interface PlanResult {
  /** The clock's version this plan saw: the wait parks only if nothing came in since. */
  readonly version: number;
  /** Nothing is open: release the clock. */
  readonly closed: boolean;
  readonly handOver: boolean;
  /** A reminder or escalation is due now and not yet sent. */
  readonly dueNow: boolean;
  readonly waitSeconds: number;
  /** For disputes: the stage it stands at, so the console shows it. */
  readonly stage?: number;
  readonly loops: number;
  readonly open: number;
  /** What this plan left on the board and in the figures, for the next plan (digests). */
  readonly left: z.infer<typeof PlanLeft>;
}

async function scheduleOf(
  clock: Clock,
  deps: Needs<'events' | 'now' | 'settings'>,
  run: { startedAt: string; loops: number },
) {
  const history = await deps.events.history(clock.log);
  const now = deps.now();
  const schedule = clockSchedule(clock, plannerEvents(history), now, deps.settings, run);
  for (const problem of schedule.problems) {
    // References and reasons only: no event content, nor a child's id, reaches the logs.
    deps.logger.warn('event left out of the plan', {
      clock: clockReference(clock.id),
      eventIndex: problem.index,
      eventType: problem.type,
      field: problem.field,
    });
  }
  return { now, schedule, history };
}

/** Plans the clock, refreshes the board the API reads, and says what to do next. */
export async function planStep(
  input: z.infer<typeof PlanInput>,
  deps: PlanNeeds,
): Promise<PlanResult> {
  const clock = clockOf(input.clockId);
  const { version } = await deps.heads.read(clock.id);
  const { now, schedule, history } = await scheduleOf(clock, deps, input);
  const before = input.previous?.left;
  const board = await deps.board.replace(clock.id, schedule.open, now, version, before?.board);
  // Every event of a log wakes the log's own clock (the first of `clocksOf`, named as its
  // log), whose plans keep the log's figures; a clock planned from another's log (a
  // conference's report, from the child's protection log) would keep the same again.
  const figures =
    clock.id === clock.log
      ? await keepFigures(clock.log, history, deps, before?.figures)
      : undefined;
  const pending = await deps.notifications.pending(schedule.due.map((d) => d.key));
  const stage = schedule.open.find((o) => o.stage !== undefined)?.stage;
  deps.logger.debug('planned', {
    clock: clockReference(clock.id),
    open: schedule.open.length,
    dueNow: pending.length,
    waitSeconds: secondsUntil(now, schedule.wakeAt),
  });
  return {
    version,
    closed: schedule.open.length === 0,
    handOver: schedule.handOver,
    dueNow: pending.length > 0,
    waitSeconds: secondsUntil(now, schedule.wakeAt),
    ...(stage === undefined ? {} : { stage }),
    loops: input.loops + 1,
    open: schedule.open.length,
    left: figures === undefined ? { board } : { board, figures },
  };
}

/**
 * Keeps the log's contribution to the unit's figures (workflows/figures/summary.ts)
 * from the history just planned, guarded by the log's version (its last event's
 * position), so an older plan never overwrites a newer. A log with no event left (an
 * erased child's, read after the erasure) keeps nothing: no key names the child again.
 *
 * Answers a digest of what is kept (the summary's shape, the log, its version and its
 * summary), or undefined when a newer version was found kept. Given the digest an
 * earlier plan answered (`kept`), and it is this one's, the summary is kept already:
 * nothing erases a log's summary while its history stands, and nothing older replaces it.
 */
export async function keepFigures(
  log: string,
  history: readonly StoredEvent[],
  deps: Needs<'figures' | 'settings'>,
  kept?: string,
): Promise<string | undefined> {
  const last = history.at(-1);
  if (last === undefined) return undefined;
  const summary = logFigures(log, plannerEvents(history), deps.settings.rules);
  const digest = createHash('sha256')
    .update(`${SUMMARY_VERSION}\u0000${log}\u0000${last.position}\u0000${JSON.stringify(summary)}`)
    .digest('base64url');
  if (digest === kept) return digest;
  const outcome = await deps.figures.keep(summary, last.position);
  return outcome === 'kept' ? digest : undefined;
}

export const ParkInput = z.object({
  token: z.string().check(z.minLength(1)),
  clockId: clockIdField,
  planVersion: z.number().check(z.int(), z.minimum(0)),
});

/**
 * Leaves the task token where a new event will find it. If an event came in since the
 * plan, the token is not parked: the workflow is woken at once to plan again.
 */
export async function park(
  input: z.infer<typeof ParkInput>,
  deps: Needs<'heads' | 'signals'>,
): Promise<void> {
  const parked = await deps.heads.park(input.clockId, input.token, input.planVersion);
  if (!parked) await deps.signals.wake(input.token);
}

export const ActInput = z.object({
  clockId: clockIdField,
  planVersion: z.number().check(z.int(), z.minimum(0)),
});

export interface ActResult {
  readonly sent: number;
  readonly unfilled: number;
  readonly failed: number;
  /** Emails whose claim another attempt holds (one that crashed mid-send, most likely). */
  readonly busy: number;
  /**
   * When some are busy: how long the workflow waits before acting again, by which
   * time every lease seen here has run out by the real clock (the state machine's
   * "wait out an interrupted send" state reads it). 0 when none is busy.
   */
  readonly retryInSeconds: number;
}

/**
 * Sends every reminder and escalation whose time has come, each at most once per
 * (obligation, step, recipient): a retried or repeated invocation skips what went out.
 */
export async function actStep(input: z.infer<typeof ActInput>, deps: ActNeeds): Promise<ActResult> {
  const clock = clockOf(input.clockId);
  const { now, schedule } = await scheduleOf(clock, deps, { startedAt: deps.now(), loops: 0 });
  const result = { sent: 0, unfilled: 0, failed: 0, busy: 0 };
  /** This attempt, as the owner of the claims it takes. */
  const attempt = randomUUID();
  // One batched read leaves out what went out before (most of what is due, on a
  // replan); the claim below still decides for whatever is left.
  const unsent = new Set(await deps.notifications.pending(schedule.due.map((d) => d.key)));
  for (const { obligation, step, role, key } of schedule.due) {
    if (!unsent.has(key)) continue;
    let unfilled = false;
    const sent = await sendOnce(
      key,
      async () => {
        const { found } = await deps.staff.recipients(obligation.subjectId, [role]);
        const member = found[0]?.member;
        if (!member) {
          // Nobody to send to: the key is marked so, and the unit told, once.
          unfilled = true;
          await alertUnit(
            deps,
            step.timing === 'not-safe'
              ? `No ${role} can be reached for ${obligation.subjectId}, who has said they do not feel safe where they live. Please act today.`
              : `No ${role} can be reached for ${obligation.subjectId}: a ${obligation.kind} ${step.action} was not sent.`,
          );
          return { messageId: 'unfilled' };
        }
        return await deps.mailer.send({
          to: member.email,
          recipientRole: role,
          obligation,
          action: step.action,
          timing: step.timing,
          caseRecordUrl: deps.caseRecordUrl(obligation),
          claimKey: key,
          // An answered dispute is read on its page in the tray, never in the email.
          ...(step.timing === 'answered' && deps.workTrayUrl
            ? { trayLink: disputePageLink(deps.workTrayUrl, obligation.refId ?? '') }
            : // A young person's "I don't feel safe" links to their page in the tray.
              step.timing === 'not-safe' && deps.workTrayUrl
              ? { trayLink: childPageLink(deps.workTrayUrl, obligation.subjectId) }
              : {}),
        });
      },
      deps,
      {
        attempt,
        at: now,
        undeliverable: `A ${obligation.kind} ${step.action} to the ${role} for ${obligation.subjectId} could not be delivered.`,
      },
    );
    if (sent.status === 'transient') throw new TransientError(`sending failed: ${sent.error.name}`);
    if (sent.status === 'busy') result.busy++;
    else if (sent.status === 'failed') result.failed++;
    else if (sent.status === 'sent') {
      if (unfilled) result.unfilled++;
      else result.sent++;
    }
  }
  deps.metrics.addMetric('RemindersSent', 'Count', result.sent);
  deps.metrics.addMetric('RemindersUnfilled', 'Count', result.unfilled);
  deps.metrics.addMetric('RemindersUndeliverable', 'Count', result.failed);
  // A claim held by an attempt that died: the workflow waits until its lease has run
  // out by the real clock (it was taken at most a lease ago) and acts again, when it
  // takes the claim over. Never a failure: a failure would stop the clock.
  const retryInSeconds = result.busy > 0 ? deps.sendLease.seconds + 1 : 0;
  if (result.busy > 0) {
    deps.logger.warn('notifications held by another attempt', {
      clock: clockReference(clock.id),
      busy: result.busy,
      retryInSeconds,
    });
  }
  deps.logger.info('acted', { clock: clockReference(clock.id), ...result });
  return { ...result, retryInSeconds };
}

export const CloseInput = z.object({
  clockId: clockIdField,
  execution: z.string().check(z.minLength(1)),
  planVersion: z.number().check(z.int(), z.minimum(0)),
  mode: z.enum(['release', 'hand-over']),
  /** The last plan's result: what it left goes to the successor's first plan. */
  previous: z.optional(z.object({ left: z.optional(PlanLeft) })),
});

/**
 * Ends the execution's watch: releases the clock when nothing is open (unless an event
 * came in since the plan), or hands it to a fresh execution.
 */
export async function closeClock(
  input: z.infer<typeof CloseInput>,
  deps: Needs<'heads' | 'signals'>,
): Promise<{ done: boolean }> {
  const clock = clockOf(input.clockId);
  if (input.mode === 'release') {
    if (await deps.heads.release(clock.id, input.execution, input.planVersion))
      return { done: true };
    // Not released: an event came in since the plan (plan again), or another execution
    // watches the clock now, and this one has nothing left to do.
    const head = await deps.heads.read(clock.id);
    return { done: head.execution !== input.execution };
  }
  const successor = executionName(clock, `after:${input.execution}`);
  if (!(await deps.heads.handOver(clock.id, input.execution, successor))) return { done: false };
  await deps.signals.start(
    clock.workflow,
    successor,
    workflowInput(clock, null, input.previous?.left),
  );
  return { done: true };
}

/**
 * The input every clock execution starts with. `correlationId` is the request that
 * starts it (a handler's signals put theirs in); null when none does (a restart).
 * `left`: what the predecessor's last plan left, when it hands the clock over.
 */
export const workflowInput = (
  clock: Clock,
  correlationId: string | null = null,
  left?: z.infer<typeof PlanLeft>,
) => ({
  clockId: clock.id,
  plan: left === undefined ? { loops: 0 } : { loops: 0, left },
  correlationId,
});

export const AlertInput = z.object({
  clockId: clockIdField,
  execution: z.string().check(z.minLength(1)),
  error: z.optional(z.string()),
});

/** Tells the unit a workflow stopped; the clock resumes with its next event. */
export async function alertWorkflowFailed(
  input: z.infer<typeof AlertInput>,
  deps: Needs<'alerts'>,
): Promise<void> {
  const clock = clockReference(input.clockId);
  deps.logger.error('workflow stopped', {
    clock,
    execution: input.execution,
    ...(input.error === undefined ? {} : { error: input.error }),
  });
  deps.metrics.addMetric('WorkflowsStopped', 'Count', 1);
  await alertUnit(
    deps,
    `The workflow keeping clock ${input.clockId} stopped (${input.error ?? 'unknown error'}). It resumes with the next event recorded; check the execution ${input.execution} (in the logs, clock ${clock}).`,
  );
}

async function alertUnit(deps: Needs<'alerts'>, message: string): Promise<void> {
  await deps.alerts.send(message);
}
