/**
 * The shape every statutory process's rules take, so the planner can fold any of
 * them over a subject's history the same way.
 */
import type { LocalDate } from './calendar/index.js';
import type { CaseEvent } from './events.js';
import type { Obligation, RulesContext } from './obligations.js';

export interface Process<State> {
  readonly name: string;
  /** The key of the clock this event moves (child, carer or dispute id), or undefined if it is not this process's. */
  keyOf(event: CaseEvent): string | undefined;
  readonly initial: State;
  /**
   * The state after the event (dated `date`). Throws a Contradiction, leaving the
   * state as it was, when the event cannot follow the history.
   */
  apply(state: State, event: CaseEvent, date: LocalDate, context: RulesContext): State;
  /** The obligations open on `asOf` for the clock `key`, given the state built from events dated on or before it. */
  open(state: State, key: string, asOf: LocalDate, context: RulesContext): Obligation[];
}
