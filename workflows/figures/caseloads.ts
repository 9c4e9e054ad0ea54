/**
 * IRO caseloads (figures.md section 6): the looked-after children allocated to each
 * IRO on the day the report is made. Not from the event log but from the allocations;
 * the log only says which children are looked after that day. Pure.
 */
import type { StaffBasis } from '../answers.js';
import type { LocalDate } from '../calendar/index.js';
import { clocksOf } from '../clocks.js';
import type { CaseEvent } from '../events.js';
import type { RulesContext } from '../obligations.js';
import { factsOf } from './facts.js';
import { historyUpTo } from './history.js';
// The answer's shape lives with the figures' (shape.ts), which the work tray reads
// without bundling the code that computes it.
import { CASELOAD_CEILING, type Caseloads, type Figures, type IroCaseload } from './shape.js';
import { type EpisodeSpan, lookedAfterOnDay } from './summary.js';

export {
  CASELOAD_CEILING,
  type Caseloads,
  type IroCaseload,
  type NamedCaseloads,
} from './shape.js';

/**
 * The children with a looked-after episode open on `date` (the L1 set), from the
 * events dated on or before it, read exactly as the figures read them (retractions
 * and what the planner rejects left out). Only the looked-after logs are replayed.
 */
export function lookedAfterOn(
  events: readonly CaseEvent[],
  date: LocalDate,
  context: RulesContext,
): Set<string> {
  const retractions = events.filter((e) => e.type === 'EventRetracted');
  const reviews = events.filter(
    (e) => e.type !== 'EventRetracted' && clocksOf(e)[0].log.startsWith('reviews/'),
  );
  const facts = factsOf(historyUpTo([...reviews, ...retractions], date, context), date);
  return new Set(
    facts.episodes
      .filter((e) => e.start <= date && (e.end === undefined || e.end > date))
      .map((e) => e.childId),
  );
}

/**
 * The caseloads on `on` from each subject's caseload item (their IRO, kept when an
 * allocation changes; their looked-after episodes, kept when their log is planned):
 * what {@link caseloadsOf} gives from the allocations and {@link lookedAfterOn}.
 */
export function caseloadsOfSubjects(
  on: LocalDate,
  subjects: readonly {
    readonly subjectId: string;
    readonly iro?: string;
    readonly episodes: readonly EpisodeSpan[];
  }[],
): Caseloads {
  const allocated = new Map<string, string[]>();
  const lookedAfter = new Set<string>();
  for (const { subjectId, iro, episodes } of subjects) {
    if (lookedAfterOnDay(episodes, on)) lookedAfter.add(subjectId);
    if (iro !== undefined) allocated.set(iro, [...(allocated.get(iro) ?? []), subjectId]);
  }
  return caseloadsOf(on, allocated, lookedAfter);
}

/**
 * Each IRO's looked-after children on `on`, from the subjects allocated to them (any
 * subject: children not looked after, and carers, are not counted).
 */
export function caseloadsOf(
  on: LocalDate,
  allocated: ReadonlyMap<string, readonly string[]>,
  lookedAfter: ReadonlySet<string>,
): Caseloads {
  const covered = new Set<string>();
  const byIro = [...allocated]
    .map(([iro, subjects]) => {
      const children = new Set(subjects.filter((s) => lookedAfter.has(s)));
      for (const child of children) covered.add(child);
      return { iro, children: children.size, over70: children.size > CASELOAD_CEILING };
    })
    .sort((a, b) => (a.iro < b.iro ? -1 : a.iro > b.iro ? 1 : 0));
  const counts = byIro.map((c) => c.children);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const n = counts.length;
  return {
    on,
    lookedAfter: lookedAfter.size,
    withoutIro: lookedAfter.size - covered.size,
    iros: n,
    // Tenths rounded half up in whole numbers, free of floating-point ties.
    mean: n === 0 ? null : Math.floor((20 * total + n) / (2 * n)) / 10,
    lowest: n === 0 ? null : Math.min(...counts),
    highest: n === 0 ? null : Math.max(...counts),
    over70: counts.filter((c) => c > CASELOAD_CEILING).length,
    byIro,
  };
}

/**
 * S1 (figures.md section 9): the IROs holding an allocation on the day, by the basis
 * their staff record gives (`notRecorded` where it gives none), with the looked-after
 * children allocated to each group. Groups with no IRO are left out.
 */
export function staffBasisOf(
  byIro: readonly Pick<IroCaseload, 'iro' | 'children'>[],
  basisOf: ReadonlyMap<string, StaffBasis | undefined>,
): NonNullable<Figures['S1']> {
  const byBasis: Partial<Record<StaffBasis | 'notRecorded', { iros: number; children: number }>> =
    {};
  for (const group of ['permanent', 'agency', 'notRecorded'] as const) {
    const theirs = byIro.filter((c) => (basisOf.get(c.iro) ?? 'notRecorded') === group);
    if (theirs.length === 0) continue;
    byBasis[group] = {
      iros: theirs.length,
      children: theirs.reduce((sum, c) => sum + c.children, 0),
    };
  }
  return { byBasis };
}
