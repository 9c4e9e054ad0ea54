/**
 * The IRO's formal dispute resolution process (IRO Handbook 2010, chapter 6;
 * timescales.md 3.4): five stages, each with its own response time, escalating by
 * itself when a stage's time runs out.
 */
import { addDays, type LocalDate } from '../calendar/index.js';
import type { DisputeStage } from '../events.js';
import { DISPUTE_STAGE_NAMES } from '../kinds.js';
import { contradiction, type Obligation, type RulesContext } from '../obligations.js';
import type { Process } from '../process.js';

export { DISPUTE_STAGE_NAMES } from '../kinds.js';

/** Where a dispute stands: its stage, how it got there, and when that stage must answer. */
export interface DisputeStanding {
  readonly stage: DisputeStage;
  readonly startedOn: LocalDate;
  readonly due: LocalDate;
  readonly cause: 'raised' | 'escalated' | 'automatic';
}

export interface DisputeState {
  readonly childId?: string;
  readonly raisedOn?: LocalDate;
  readonly standing?: DisputeStanding;
  readonly resolvedOn?: LocalDate;
}

const HANDBOOK = 'IRO Handbook 2010 ch. 6';

/**
 * The day a dispute standing at `stage`, due `due`, moves to the next stage by itself
 * if it is still unresolved: the day after the stage falls due ({@link disputeStandingOn}).
 * None at stage 5, the last.
 */
export const automaticEscalationOn = (
  stage: DisputeStage,
  due: LocalDate,
): LocalDate | undefined => (stage < 5 ? addDays(due, 1) : undefined);

/**
 * The standing on `date`, escalating automatically past each stage whose due date has
 * passed; stage 5 is the last and stays, overdue, until resolved.
 */
export function disputeStandingOn(
  standing: DisputeStanding,
  date: LocalDate,
  context: RulesContext,
): DisputeStanding {
  let current = standing;
  while (current.stage < 5 && date > current.due) {
    const stage = (current.stage + 1) as DisputeStage;
    current = {
      stage,
      startedOn: addDays(current.due, 1),
      due: context.calendar.addWorkingDays(current.due, context.disputeStageWorkingDays[stage]),
      cause: 'automatic',
    };
  }
  return current;
}

function basisOf(standing: DisputeStanding, raisedOn: LocalDate, context: RulesContext): string {
  const { stage, startedOn, cause } = standing;
  const days = context.disputeStageWorkingDays[stage];
  const who = `stage ${stage} (${DISPUTE_STAGE_NAMES[stage]})`;
  switch (cause) {
    case 'raised':
      return `${who} to respond within ${days} working days of the dispute being raised on ${raisedOn} (${HANDBOOK})`;
    case 'escalated':
      return `${who} to respond within ${days} working days of escalation by the IRO on ${startedOn} (${HANDBOOK})`;
    case 'automatic':
      return `${who} to respond within ${days} working days of stage ${stage - 1} falling due unresolved on ${addDays(startedOn, -1)}; escalated automatically (${HANDBOOK})`;
  }
}

export const disputes: Process<DisputeState> = {
  name: 'dispute resolution',
  initial: {},
  keyOf: (event) =>
    event.type === 'DisputeRaised' ||
    event.type === 'DisputeEscalated' ||
    event.type === 'DisputeResolved' ||
    event.type === 'DisputeAnswered'
      ? event.disputeId
      : undefined,
  apply(state, event, date, context) {
    if (event.type === 'DisputeRaised') {
      if (state.raisedOn) {
        contradiction('disputeId', `the dispute was already raised on ${state.raisedOn}`);
      }
      return {
        childId: event.childId,
        raisedOn: date,
        standing: {
          stage: 1,
          startedOn: date,
          due: context.calendar.addWorkingDays(date, context.disputeStageWorkingDays[1]),
          cause: 'raised',
        },
      };
    }
    if (
      event.type !== 'DisputeEscalated' &&
      event.type !== 'DisputeResolved' &&
      event.type !== 'DisputeAnswered'
    ) {
      return state;
    }
    const { standing, resolvedOn } = state;
    if (!standing) contradiction('disputeId', `the dispute has not been raised by ${date}`);
    if (resolvedOn) contradiction('disputeId', `the dispute was already resolved on ${resolvedOn}`);
    // A manager's answer moves no date and resolves nothing: the IRO, independent of the
    // managers, decides whether it settles the dispute (IRO Handbook 2010, ch. 6).
    if (event.type === 'DisputeAnswered') return state;
    if (event.type === 'DisputeResolved') return { ...state, resolvedOn: date };
    const current = disputeStandingOn(standing, date, context);
    const toStage = event.toStage as DisputeStage;
    if (toStage < current.stage) {
      contradiction(
        'toStage',
        `the dispute already stands at stage ${current.stage} on ${date}; it cannot be escalated to stage ${toStage}`,
      );
    }
    return {
      ...state,
      standing: {
        stage: toStage,
        startedOn: date,
        due: context.calendar.addWorkingDays(date, context.disputeStageWorkingDays[toStage]),
        cause: 'escalated',
      },
    };
  },
  open(state, disputeId, asOf, context): Obligation[] {
    const { standing, childId, raisedOn, resolvedOn } = state;
    if (!standing || !childId || !raisedOn || resolvedOn) return [];
    const current = disputeStandingOn(standing, asOf, context);
    return [
      {
        kind: 'dispute-stage',
        subjectId: childId,
        refId: disputeId,
        due: current.due,
        overdue: asOf > current.due,
        stage: current.stage,
        basis: basisOf(current, raisedOn, context),
        startedOn: current.startedOn,
      },
    ];
  },
};
