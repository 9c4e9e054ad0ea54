/**
 * What the list pages decide about their rows, apart from how they show them: My
 * work's two sections, the board's query from the address and its filters' choices of
 * staff, and the disputes in the head of service's order. Pure.
 */
import { addDays, type Dispute, type Obligation } from './words.js';

/** Days ahead My work's second section looks. */
export const AHEAD_DAYS = 28;

/**
 * My work's sections as of the system's `today`: everything overdue, then what falls
 * due in the next 28 days (up to and including today + 28), and how many more lie beyond.
 */
export function myWorkSections<T extends Obligation>(obligations: readonly T[], today: string) {
  const until = addDays(today, AHEAD_DAYS);
  const overdue = obligations.filter((o) => o.overdue);
  const soon = obligations.filter((o) => !o.overdue && o.due.slice(0, 10) <= until);
  return { until, overdue, soon, later: obligations.length - overdue.length - soon.length };
}

/** The IRO filter's choice of the obligations no IRO holds, as the address keeps it. */
export const NO_IRO = 'none';

/**
 * The API's query for the board's filters in the address (only `overdue=true` means
 * anything; `iro=none` asks for what no IRO holds).
 */
export const boardQuery = (
  query: URLSearchParams,
): Readonly<Record<'kind' | 'iro' | 'team' | 'overdue' | 'withoutIro', string | undefined>> => {
  const iro = query.get('iro') || undefined;
  return {
    kind: query.get('kind') || undefined,
    iro: iro === NO_IRO ? undefined : iro,
    team: query.get('team') || undefined,
    overdue: query.get('overdue') === 'true' ? 'true' : undefined,
    withoutIro: iro === NO_IRO ? 'true' : undefined,
  };
};

/** Rows shown on one page of a long list (GOV.UK pagination below it). */
export const PAGE_SIZE = 50;

/**
 * The page the address asks for, kept within the pages there are (a filter may leave
 * fewer), and the rows it shows: `start` up to but not including `end`.
 */
export function pageOf(rows: number, asked: string | null, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(rows / size));
  const wanted = Number(asked);
  const page = Number.isInteger(wanted) && wanted >= 1 ? Math.min(wanted, pages) : 1;
  return { page, pages, start: (page - 1) * size, end: Math.min(page * size, rows) };
}

/**
 * The page numbers GOV.UK pagination shows: the first, the last, and the current with
 * its neighbours; `undefined` where an ellipsis stands for those left out.
 */
export function pageNumbers(page: number, pages: number): (number | undefined)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - (shown[i - 1] ?? n) > 1 ? [undefined, n] : [n]));
}

/** Who holds a post, as `GET /staff?post=` answers: by name, the unnamed last. */
export interface PostHolder {
  readonly staffId: string;
  readonly name?: string;
}
export type Option = { readonly value: string; readonly text: string };

/**
 * A post's holders as a select's options, "Any" first. A name two people share gets
 * their staff ids beside it; a staff id in the address that no longer holds the post
 * (or whose list has not come) is kept as an option, so the filter shown is the one
 * applied.
 */
export function holderOptions(
  holders: readonly PostHolder[],
  chosen: string | undefined,
): Option[] {
  const named = new Map<string, number>();
  for (const h of holders) if (h.name) named.set(h.name, (named.get(h.name) ?? 0) + 1);
  const options = holders.map((h) => ({
    value: h.staffId,
    text: h.name ? ((named.get(h.name) ?? 0) > 1 ? `${h.name} (${h.staffId})` : h.name) : h.staffId,
  }));
  const kept =
    chosen && !holders.some((h) => h.staffId === chosen) ? [{ value: chosen, text: chosen }] : [];
  return [{ value: '', text: 'Any' }, ...options, ...kept];
}

/** The stage from which the head of service answers or is copied (workflows/policy.ts). */
export const HEAD_OF_SERVICE_FROM_STAGE = 3;

/**
 * The head of service's order: stage 3 and above first, each part as the API answers
 * (earliest due first). Everyone else: as the API answers.
 */
export function disputesInOrder<T extends Dispute>(
  disputes: readonly T[],
  headOfService: boolean,
): T[] {
  if (!headOfService) return [...disputes];
  const high = (d: T) => (d.stage ?? 0) >= HEAD_OF_SERVICE_FROM_STAGE;
  return [...disputes.filter(high), ...disputes.filter((d) => !high(d))];
}
