/**
 * Whose work an open obligation is, IRO by IRO. An IRO answers for every obligation of
 * the children (and carers) allocated to them as IRO, and for the child protection work
 * of the children they are allocated to as conference chair. `GET /obligations?iro=`
 * lists one IRO's work by this rule and `GET /obligations/counts?by=iro` counts every
 * IRO's by it, so the unit board's "By IRO" table and each IRO's own list cannot
 * disagree. Pure.
 */
import { clockOf } from './clocks.js';

/** The subjects one staff member holds as IRO and as chair, from the allocations. */
export interface IroHolding {
  readonly asIro: ReadonlySet<string>;
  readonly asChair: ReadonlySet<string>;
}

/** An open obligation on the board, as far as whose it is and whether it is overdue go. */
export interface BoardWork {
  readonly subjectId: string;
  readonly clockId: string;
  /** As of today. */
  readonly overdue: boolean;
}

/** Open and overdue obligations of one row of the counts. */
export interface OpenOverdue {
  readonly open: number;
  readonly overdue: number;
}

/** Obligations kept by the child protection workflows: those a conference chair answers for. */
export function isChildProtectionWork(clockId: string): boolean {
  const { workflow } = clockOf(clockId);
  return workflow === 'child-protection' || workflow === 'conference-report';
}

/** Whether the obligation is the work of the staff member holding `held`. */
export const isIroWork = (
  work: Pick<BoardWork, 'subjectId' | 'clockId'>,
  held: IroHolding,
): boolean =>
  held.asIro.has(work.subjectId) ||
  (held.asChair.has(work.subjectId) && isChildProtectionWork(work.clockId));

/**
 * Each IRO's open and overdue obligations among `work`, by staff id, and those that are
 * no listed IRO's work. An obligation may count for two IROs (a child's IRO and the
 * chair of their conferences), so the rows need not add up to the board.
 */
export function countsByIro(
  work: readonly BoardWork[],
  iros: ReadonlyMap<string, IroHolding>,
): { byIro: ({ iro: string } & OpenOverdue)[]; withoutIro: OpenOverdue } {
  const count = (of: readonly BoardWork[]): OpenOverdue => ({
    open: of.length,
    overdue: of.filter((w) => w.overdue).length,
  });
  const byIro = [...iros]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([iro, held]) => ({ iro, ...count(work.filter((w) => isIroWork(w, held))) }));
  const holdings = [...iros.values()];
  const withoutIro = count(work.filter((w) => !holdings.some((held) => isIroWork(w, held))));
  return { byIro, withoutIro };
}
