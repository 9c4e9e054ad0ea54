/**
 * The history a report reads, as the system keeps it: each event in the log its first
 * clock names, the events the planner rejects left out exactly as the planner leaves
 * them out, and, for any event, the plan that stood just before it. "On time" is then
 * measured against the planner's own rules and due dates, so a figure cannot disagree
 * with a reminder (test/unit/figures/properties.test.ts holds the replay to reviewHistory).
 */
import { CalendarRangeError, type LocalDate } from '../calendar/index.js';
import { clocksOf } from '../clocks.js';
import { type CaseEvent, eventDate } from '../events.js';
import { Contradiction, type Obligation, type RulesContext } from '../obligations.js';
import { PROCESSES, reviewHistory } from '../plan.js';
import type { Process } from '../process.js';

/** One clock's state in a replay: the process, its key, and its state so far. */
interface ClockState {
  readonly process: Process<unknown>;
  readonly key: string;
  readonly state: unknown;
}

/**
 * The planner's fold, one event further: each process that keys the event applies it
 * to its clock, all of them or (when any rejects it) none. The states are immutable,
 * so every step can be kept.
 */
function applied(
  clocks: readonly ClockState[],
  event: CaseEvent,
  date: LocalDate,
  context: RulesContext,
): readonly ClockState[] | undefined {
  let next = clocks;
  for (const process of PROCESSES) {
    const key = process.keyOf(event);
    if (key === undefined) continue;
    const at = next.findIndex((c) => c.process === process && c.key === key);
    const before = at < 0 ? process.initial : (next[at] as ClockState).state;
    let state: unknown;
    try {
      state = process.apply(before, event, date, context);
    } catch (error) {
      // As the planner does: a rejected event leaves every clock as it was.
      if (error instanceof Contradiction || error instanceof CalendarRangeError) return undefined;
      throw error;
    }
    next = at < 0 ? [...next, { process, key, state }] : next.with(at, { process, key, state });
  }
  return next;
}

/** The obligations the clocks hold open on `asOf`, as the planner reads them. */
function openOn(
  clocks: readonly ClockState[],
  asOf: LocalDate,
  context: RulesContext,
): Obligation[] {
  const found: Obligation[] = [];
  for (const { process, key, state } of clocks) {
    try {
      found.push(...process.open(state, key, asOf, context));
    } catch (error) {
      // The planner names such a history as a problem; its dates cannot be computed.
      if (!(error instanceof CalendarRangeError)) throw error;
    }
  }
  return found;
}

/**
 * One event log's accepted events in history order (date order, ties in arrival
 * order), replayed once with the planner's own rules, so the plan that stood before
 * any event, or on any date, is at hand without planning the history again.
 */
export class LogHistory {
  readonly dates: readonly LocalDate[];
  /** `steps[i]`: the clocks just before the i-th event; the last: after them all. */
  readonly #steps: (readonly ClockState[])[] = [];
  #rejectsAny = false;

  constructor(
    /** The log's name, as clocksOf(event)[0].log gives it: `reviews/C1`, `protection/C2`, ... */
    readonly log: string,
    readonly events: readonly CaseEvent[],
    private readonly context: RulesContext,
  ) {
    this.dates = events.map(eventDate);
    let clocks: readonly ClockState[] = [];
    events.forEach((event, index) => {
      this.#steps.push(clocks);
      const next = applied(clocks, event, this.dates[index] as LocalDate, context);
      if (next === undefined) this.#rejectsAny = true;
      else clocks = next;
    });
    this.#steps.push(clocks);
  }

  /** Whether the rules rejected any of the events (they are then left out of every clock). */
  get rejectsAny(): boolean {
    return this.#rejectsAny;
  }

  /**
   * The obligations open just before the `index`-th event, as of its date: the plan of
   * the history before it (what `reviewHistory(events.slice(0, index), date)` gives),
   * which is what the event is measured against.
   */
  before(index: number): readonly Obligation[] {
    return openOn(this.#steps[index] ?? [], this.dates[index] as LocalDate, this.context);
  }

  /** The obligations open just after the `index`-th event, as of its date: what it started. */
  after(index: number): readonly Obligation[] {
    return openOn(this.#steps[index + 1] ?? [], this.dates[index] as LocalDate, this.context);
  }

  /** The obligations open on `date`, from the events dated on or before it. */
  on(date: LocalDate): readonly Obligation[] {
    let count = this.dates.length;
    while (count > 0 && (this.dates[count - 1] as LocalDate) > date) count--;
    return openOn(this.#steps[count] ?? [], date, this.context);
  }
}

/** The history up to a date, by log, and what was left out of it. */
export interface ReportHistory {
  readonly logs: readonly LogHistory[];
  /** Events the planner rejects (contradictions, reused eventIds): left out, as the planner leaves them out. */
  readonly rejected: number;
}

/** Strips the eventId once its work (repeats, retractions) is done: the planner then re-checks nothing. */
const withoutEventId = (event: CaseEvent): CaseEvent => {
  if (event.eventId === undefined) return event;
  const { eventId: _used, ...rest } = event;
  return rest as CaseEvent;
};

/**
 * The events dated on or before `to`, grouped by the log each is stored in. A retracted
 * event no longer counts, whenever it was retracted: it was recorded in error, and a
 * report made after the correction reports what happened.
 */
export function historyUpTo(
  events: readonly CaseEvent[],
  to: LocalDate,
  context: RulesContext,
): ReportHistory {
  const retracted = new Set<string>();
  for (const event of events) if (event.type === 'EventRetracted') retracted.add(event.eventId);
  const byLog = new Map<string, CaseEvent[]>();
  for (const event of events) {
    if (event.type === 'EventRetracted') continue;
    if (event.eventId !== undefined && retracted.has(event.eventId)) continue;
    if (eventDate(event) > to) continue;
    const log = clocksOf(event)[0].log;
    const list = byLog.get(log);
    if (list) list.push(event);
    else byLog.set(log, [event]);
  }
  const logs: LogHistory[] = [];
  let rejected = 0;
  for (const [log, arrived] of byLog) {
    const inOrder = (list: readonly CaseEvent[]) =>
      // Array.prototype.sort is stable: events on the same date keep their arrival order.
      list
        .map((event) => ({ event: withoutEventId(event), date: eventDate(event) }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map((a) => a.event);
    const ids = arrived.flatMap((e) => (e.eventId === undefined ? [] : [e.eventId]));
    // Most logs hold no repeat and nothing the rules reject: one replay is then the plan.
    if (new Set(ids).size === ids.length) {
      const replayed = new LogHistory(log, inOrder(arrived), context);
      if (!replayed.rejectsAny) {
        logs.push(replayed);
        continue;
      }
    }
    // Otherwise the planner says which events it leaves out, and they are left out here.
    const { problems } = reviewHistory(arrived, to, context);
    const faulty = new Set(problems.map((p) => p.index));
    const seen = new Set<string>();
    const accepted = arrived.filter((event, index) => {
      // A later event under a used eventId is a repeat (dropped) or a problem (named): never counted.
      const repeat = event.eventId !== undefined && seen.has(event.eventId);
      if (event.eventId !== undefined) seen.add(event.eventId);
      if (faulty.has(index)) rejected++;
      return !repeat && !faulty.has(index);
    });
    logs.push(new LogHistory(log, inOrder(accepted), context));
  }
  return { logs, rejected };
}
