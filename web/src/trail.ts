/**
 * What a child's audit trail tells beyond its open obligations: the disputes raised
 * about the child that have since been resolved (an open one is on the board; a
 * resolved one is only in the trail, which holds the disputes' logs too).
 */

/** The fields of a trail entry this reads. */
export interface TrailEvent {
  readonly retracted?: unknown;
  readonly event: { readonly type: string } & Readonly<Record<string, unknown>>;
}

export interface ClosedDispute {
  readonly disputeId: string;
  /** The day it was raised, when the trail holds its raising. */
  readonly raisedOn?: string;
  readonly resolvedOn: string;
}

/** Resolved disputes about the child, newest first; a retracted step counts for nothing. */
export function closedDisputes(entries: readonly TrailEvent[]): ClosedDispute[] {
  const raised = new Map<string, string>();
  const resolved = new Map<string, string>();
  for (const { event, retracted } of entries) {
    if (retracted || typeof event.disputeId !== 'string' || typeof event.date !== 'string')
      continue;
    if (event.type === 'DisputeRaised') raised.set(event.disputeId, event.date);
    if (event.type === 'DisputeResolved') resolved.set(event.disputeId, event.date);
  }
  return [...resolved]
    .map(([disputeId, resolvedOn]) => {
      const raisedOn = raised.get(disputeId);
      return raisedOn === undefined
        ? { disputeId, resolvedOn }
        : { disputeId, raisedOn, resolvedOn };
    })
    .sort((a, b) => (a.resolvedOn < b.resolvedOn ? 1 : a.resolvedOn > b.resolvedOn ? -1 : 0));
}

/** The fields ordering reads. */
export interface DatedTrailEvent extends TrailEvent {
  readonly recordedAt: string;
}

/** The day an event happened: its date, or the London date its instant names. */
const dayOf = (event: TrailEvent['event']): string =>
  typeof event.date === 'string'
    ? event.date
    : typeof event.at === 'string'
      ? event.at.slice(0, 10)
      : '';

/**
 * The child's trail in the order things happened (the trail comes log by log: the
 * child's own, then each dispute's), recording order breaking ties.
 */
export function inDateOrder<T extends DatedTrailEvent>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => {
    const [x, y] = [dayOf(a.event), dayOf(b.event)];
    if (x !== y) return x < y ? -1 : 1;
    return a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0;
  });
}
