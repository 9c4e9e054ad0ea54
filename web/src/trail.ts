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
